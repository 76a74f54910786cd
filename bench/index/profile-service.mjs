// Times (and under --cpu-prof, profiles) WorkspaceIndexService.start over a cached bench tree, next to the
// read+gunzip+JSON.parse baseline measured in the same run (ratio > 1 = faster than the baseline).
//   node bench/index/profile-service.mjs WORKERS[,WORKERS...] [TREE] [--no-baseline]   (WORKERS 0 = this thread)
import fs from 'node:fs'; import path from 'node:path'; import os from 'node:os'; import zlib from 'node:zlib';
import { BENCH_DIR, bundle, bundleIndexWorker, gzFiles } from '../tree.mjs';
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const { WorkspaceIndexService, defaultSettings } = (await bundle('svc',
  `export { WorkspaceIndexService } from './engine/workspace-index'; export { defaultSettings } from './core/settings';`, { minify: false })).exports;
const workerScript = await bundleIndexWorker({ minify: !process.argv.includes('--no-minify') });
const configs = String(args[0] ?? '0').split(',').map(Number);
const tree = args[1] ?? path.join(BENCH_DIR, 'tree-200000');
function baseline() {
  const files = gzFiles(tree);
  const t = performance.now(); const c = process.cpuUsage(); let n = 0;
  for (const f of files) n += JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString('utf8')).Records.length;
  const ms = performance.now() - t; const cpu = process.cpuUsage(c);
  console.log(`baseline gunzip+JSON.parse ${n} records ${ms.toFixed(0)} ms ${(n / ms).toFixed(1)}k/s cpu ${((cpu.user + cpu.system) / n).toFixed(1)}us/rec`);
  return ms;
}
const withBaseline = !process.argv.includes('--no-baseline');
for (let r = 0; r < Number(process.env.REPS ?? 1); r++) {
  const base = withBaseline ? baseline() : undefined;
  for (const workers of configs) {
    const s = new WorkspaceIndexService({ roots: [tree], settings: { ...defaultSettings(), 'index.workers': Math.max(workers, 1) }, onStatus: () => undefined, log: () => undefined,
      workerScript: workers === 0 ? path.join(os.tmpdir(), 'no-worker.js') : workerScript });
    const t = performance.now(); const c = process.cpuUsage();
    await s.start();
    const ms = performance.now() - t; const cpu = process.cpuUsage(c);
    const n = s.status().records;
    console.log(`workers=${workers} ${n} records ${ms.toFixed(0)} ms ${(n / ms).toFixed(1)}k/s process cpu ${((cpu.user + cpu.system) / n).toFixed(1)}us/rec` +
      (base === undefined ? '' : `  ratio ${(base / ms).toFixed(2)}x`));
    s.dispose();
  }
}
