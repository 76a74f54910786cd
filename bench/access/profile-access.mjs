// Where the access-log indexing's time goes (issue 20): the access logs of the bench tree indexed by the workspace
// index service with 2 workers (or --workers N), R runs, each printing wall and CPU time of every thread; with
// --prof, the code bundled unminified (names in the profiles): run it under --cpu-prof for one profile per thread.
//   node --expose-gc --import tsx bench/access/profile-access.mjs [--records N] [--runs R] [--workers W]
//   node --cpu-prof --cpu-prof-dir=.cache/prof-access --import tsx bench/access/profile-access.mjs --runs 1 --prof
import path from 'node:path';
import { bundle, bundleIndexWorker, flag, generatedTree, ms, option, printLoad } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const RUNS = Number(option('--runs', '3'));
const WORKERS = Number(option('--workers', '2'));
const prof = flag('--prof');
const { exports: { WorkspaceIndexService, defaultSettings } } = await bundle('access-prof', `
  export { WorkspaceIndexService } from './engine/workspace-index';
  export { defaultSettings } from './core/settings';`, { minify: !prof });
const workerScript = await bundleIndexWorker({ minify: !prof });
const accessRoot = path.join(generatedTree('tree-access', RECORDS, ['--access-logs']), 'access-logs');
printLoad();
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

for (let run = 0; run < RUNS; run++) {
  globalThis.gc?.();
  const settings = { ...defaultSettings(), 'index.workers': WORKERS };
  const s = new WorkspaceIndexService({ roots: [accessRoot], settings, onStatus: () => undefined, log: () => undefined, workerScript });
  const c = cpuMs();
  const t = performance.now();
  await s.start();
  const wall = ms(t);
  const cpu = cpuMs() - c;
  console.log(`run ${run + 1}: ${s.status().accessLines} lines, wall ${wall.toFixed(0)} ms, CPU ${cpu.toFixed(0)} ms (all threads)`);
  s.dispose();
}
process.exit(0);
