// One indexing run in a fresh process, as the language server does when it starts: prints
// {"ms", "records", "pageFaults", "cpuMs", "peakRssMb", "mainCpuMs", "mainMajorGcs"} as JSON (CPU time of the whole
// process, workers included; peak RSS of the process: what the language server would hold at most while indexing;
// CPU time and major GCs of the main thread alone, which merges what the workers send: on Linux only). Run by
// bench-index.mjs and ab-index.mjs, once per configuration and run.
//   node bench/index/index-once.mjs BUNDLE WORKER_SCRIPT TREE WORKERS   (WORKERS 0 = this thread)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** CPU ms of this process's main thread (its task's utime + stime, in clock ticks of 10 ms), undefined off Linux. */
function mainThreadCpuMs() {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const [bundle, workerScript, tree, workersArg] = process.argv.slice(2);
const workers = Number(workersArg);
const { WorkspaceIndexService, defaultSettings } = createRequire(import.meta.url)(bundle);
const service = new WorkspaceIndexService({
  roots: [tree],
  settings: { ...defaultSettings(), 'index.workers': Math.max(workers, 1) },
  onStatus: () => undefined,
  log: () => undefined,
  // No worker script: the service reads in its own thread.
  workerScript: workers === 0 ? path.join(os.tmpdir(), 'no-worker.js') : workerScript,
});
let mainMajorGcs = 0;
const gcs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) mainMajorGcs++;
});
gcs.observe({ entryTypes: ['gc'] });
const faults = process.resourceUsage().minorPageFault;
const cpu = process.cpuUsage();
const mainCpu = mainThreadCpuMs();
const t = performance.now();
await service.start();
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
const mainCpuMs = mainCpu === undefined ? undefined : mainThreadCpuMs() - mainCpu;
// GC entries are delivered after the event loop turns.
await new Promise((resolve) => setImmediate(resolve));
gcs.disconnect();
console.log(JSON.stringify({
  ms,
  records: service.status().records,
  pageFaults: process.resourceUsage().minorPageFault - faults,
  cpuMs: (used.user + used.system) / 1000,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  mainCpuMs,
  mainMajorGcs,
}));
service.dispose();
process.exit(0);
