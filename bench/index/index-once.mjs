// One indexing run in a fresh process, as the language server does when it starts: prints
// {"ms", "records", "pageFaults", "cpuMs", "peakRssMb"} as JSON (CPU time of the whole process, workers included;
// peak RSS of the process: what the language server would hold at most while indexing). Run by bench-index.mjs, once per configuration and run.
//   node bench/index/index-once.mjs BUNDLE WORKER_SCRIPT TREE WORKERS   (WORKERS 0 = this thread)
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

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
const faults = process.resourceUsage().minorPageFault;
const cpu = process.cpuUsage();
const t = performance.now();
await service.start();
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({
  ms,
  records: service.status().records,
  pageFaults: process.resourceUsage().minorPageFault - faults,
  cpuMs: (used.user + used.system) / 1000,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
}));
service.dispose();
process.exit(0);
