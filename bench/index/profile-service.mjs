// Times (and under --cpu-prof, profiles) WorkspaceIndexService.start over a cached bench tree.
//   node bench/index/profile-service.mjs WORKERS [TREE]   (WORKERS 0 = this thread)
import path from 'node:path'; import os from 'node:os'; import { createRequire } from 'node:module';
const esbuild = await import('esbuild');
const root = path.resolve(import.meta.dirname, '../..');
await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: false, logLevel: 'error', mainFields: ['module', 'main'],
  stdin: { contents: `export { WorkspaceIndexService } from './server/workspace-index'; export { defaultSettings } from './core/settings';`, resolveDir: root, loader: 'ts' },
  outfile: path.join(root, '.bench/svc-bundle.cjs') });
await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'error', mainFields: ['module', 'main'], entryPoints: [path.join(root, 'server', 'index-worker.ts')], outfile: path.join(root, '.bench/svc-worker.js') });
const { WorkspaceIndexService, defaultSettings } = createRequire(import.meta.url)(path.join(root, '.bench/svc-bundle.cjs'));
const workers = Number(process.argv[2] ?? 0);
const tree = process.argv[3] ?? path.join(root, '.bench/tree-200000');
for (let r = 0; r < Number(process.env.REPS ?? 1); r++) {
  const s = new WorkspaceIndexService({ roots: [tree], settings: { ...defaultSettings(), 'index.workers': Math.max(workers, 1) }, onStatus: () => undefined, log: () => undefined,
    workerScript: workers === 0 ? path.join(os.tmpdir(), 'no-worker.js') : path.join(root, '.bench/svc-worker.js') });
  const t = performance.now(); const c = process.cpuUsage();
  await s.start();
  const ms = performance.now() - t; const cpu = process.cpuUsage(c);
  const n = s.status().records;
  console.log(`workers=${workers} ${n} records ${ms.toFixed(0)} ms ${(n / ms).toFixed(1)}k/s main-thread cpu ${((cpu.user + cpu.system) / n).toFixed(1)}us/rec`);
  s.dispose();
}
