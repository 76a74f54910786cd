// Where the time of all built-in rules goes on the index of the 1M-record scenario tree (the detect bench's
// tree): the index built as the bench builds it, then setFilesFromIndex under the CPU profiler (an unminified
// bundle, so names stay), with the functions of most self time printed.
//   node --import tsx bench/detect/profile-detect.mjs [--records N] [--top 25]
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { bundle, bundleIndexWorker, generatedTree, ms, option } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const TOP = Number(option('--top', '25'));
const tree = generatedTree('scenarios', RECORDS, ['--scenarios']);
const { WorkspaceIndexService, defaultSettings, FindingsStore, builtinRules, setFilesFromIndex } = (await bundle('detect-profile', `
  export { WorkspaceIndexService } from './engine/workspace-index';
  export { defaultSettings } from './core/settings';
  export { FindingsStore, builtinRules, setFilesFromIndex } from './core/detect';`, { minify: false })).exports;
const service = new WorkspaceIndexService({
  roots: [tree], settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined, workerScript: await bundleIndexWorker(),
});
await service.start();
const { index, shapeOf } = service.detectSource();
const session = new inspector.Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const t = performance.now();
const store = new FindingsStore(builtinRules());
await setFilesFromIndex(store, index, { shapeOf });
store.findings();
const wall = ms(t);
let { profile } = await session.post('Profiler.stop');
const top = (profile, wall, what) => {
const self = new Map();
const dt = profile.timeDeltas;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const key = `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
});
console.log(`${what}: ${wall.toFixed(0)} ms wall`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
};
top(profile, wall, 'setFilesFromIndex + findings');
// One changed file, as the bench changes it (the index re-reads it first, outside the profile).
const fs = await import('node:fs');
const { gzFiles } = await import('../tree.mjs');
const files = gzFiles(path.join(tree, 'AWSLogs')).sort();
const changed = files[Math.floor(files.length / 2)];
fs.utimesSync(changed, new Date(), new Date());
await service.fileChanged(changed, 'changed');
const ds = service.detectSource();
await session.post('Profiler.start');
const t2 = performance.now();
await setFilesFromIndex(store, ds.index, { shapeOf: ds.shapeOf, files: [changed] });
store.findings();
const wall2 = ms(t2);
({ profile } = await session.post('Profiler.stop'));
top(profile, wall2, 'one changed file');
service.dispose();
