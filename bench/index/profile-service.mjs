// Times (and under --cpu-prof, profiles) WorkspaceIndexService.start over a cached bench tree, next to the
// read+gunzip+JSON.parse baseline measured in the same run (ratio > 1 = faster than the baseline).
//   node bench/index/profile-service.mjs WORKERS[,WORKERS...] [TREE] [--no-baseline]   (WORKERS 0 = this thread)
import fs from 'node:fs'; import path from 'node:path'; import os from 'node:os'; import zlib from 'node:zlib'; import { createRequire } from 'node:module';
const esbuild = await import('esbuild');
const root = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: false, logLevel: 'error', mainFields: ['module', 'main'],
  stdin: { contents: `export { WorkspaceIndexService } from './engine/workspace-index'; export { defaultSettings } from './core/settings';`, resolveDir: root, loader: 'ts' },
  outfile: path.join(root, '.bench/svc-bundle.cjs') });
await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: !process.argv.includes("--no-minify"), logLevel: 'error', mainFields: ['module', 'main'], entryPoints: [path.join(root, 'engine', 'index-worker.ts')], outfile: path.join(root, '.bench/svc-worker.js') });
const { WorkspaceIndexService, defaultSettings } = createRequire(import.meta.url)(path.join(root, '.bench/svc-bundle.cjs'));
const configs = String(args[0] ?? '0').split(',').map(Number);
const tree = args[1] ?? path.join(root, '.bench/tree-200000');
function baseline() {
  const files = [];
  (function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.json.gz')) files.push(p); } })(tree);
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
      workerScript: workers === 0 ? path.join(os.tmpdir(), 'no-worker.js') : path.join(root, '.bench/svc-worker.js') });
    const t = performance.now(); const c = process.cpuUsage();
    await s.start();
    const ms = performance.now() - t; const cpu = process.cpuUsage(c);
    const n = s.status().records;
    console.log(`workers=${workers} ${n} records ${ms.toFixed(0)} ms ${(n / ms).toFixed(1)}k/s process cpu ${((cpu.user + cpu.system) / n).toFixed(1)}us/rec` +
      (base === undefined ? '' : `  ratio ${(base / ms).toFixed(2)}x`));
    s.dispose();
  }
}
