// Profiles the incremental path on a cached bench tree: index it (2 workers), show the sorted view, then
// add one 400-record file and query again, with the V8 profiler around that step only.
//   node [--expose-gc] bench/index/profile-incremental.mjs [TREE] [--no-profile] [--gc]; the profile goes to $TMPDIR/incremental.cpuprofile
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, ROOT as root, bundle, bundleIndexWorker } from '../tree.mjs';
const tree = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? path.join(BENCH_DIR, 'tree-200000');
const { WorkspaceIndexService, defaultSettings } = (await bundle('svc',
  `export { WorkspaceIndexService } from './engine/workspace-index'; export { defaultSettings } from './core/settings';`, { minify: false })).exports;
const s = new WorkspaceIndexService({ roots: [tree], settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined,
  workerScript: await bundleIndexWorker() });
const t0 = performance.now();
await s.start();
console.log(`indexed ${s.status().records} records in ${(performance.now() - t0).toFixed(0)} ms`);
const extraDir = path.join(os.tmpdir(), `prof-extra-${process.pid}`);
execFileSync(process.execPath, [path.join(root, 'scripts/gen-cloudtrail.mjs'), '--single', path.join(extraDir, 'extra.json.gz'), '--records', '400', '--seed', '99'], { stdio: 'ignore' });
const extra = path.join(tree, 'AWSLogs', 'extra-prof.json.gz');
fs.copyFileSync(path.join(extraDir, 'extra.json.gz'), extra);
const session = new inspector.Session();
session.connect();
try {
  const view = () => s.query({ query: 'source:*', sort: { column: 'time', descending: true }, offset: 0, limit: 200 });
  view();
  // As in bench-index.mjs, which measures memory after forced collections (run node with --expose-gc).
  if (process.argv.includes('--gc')) {
    globalThis.gc();
    globalThis.gc();
  }
  const profiling = !process.argv.includes('--no-profile');
  if (profiling) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const t1 = performance.now(); await s.fileChanged(extra, 'created'); const tChange = performance.now() - t1;
  const t2 = performance.now(); const after = view(); const tQuery = performance.now() - t2;
  const took = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  if (profiling) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(path.join(os.tmpdir(), 'incremental.cpuprofile'), JSON.stringify(profile));
  }
  console.log(`${s.status().records} records; add + query ${took.toFixed(1)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU (fileChanged ${tChange.toFixed(1)}, query ${tQuery.toFixed(1)}), total ${after.total}`);
} finally {
  fs.rmSync(extra, { force: true });
  fs.rmSync(extraDir, { recursive: true, force: true });
  s.dispose();
}
