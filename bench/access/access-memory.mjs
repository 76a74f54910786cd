// Index memory per access-log line alone (the figure bench-access.mjs prints, without its timed rounds): an index of
// the tree's access logs only, 2 workers, then the store's accounting column by column of the row arrays.
//   node bench/access/access-memory.mjs [--records N]
import path from 'node:path';
import { bundle, bundleIndexWorker, generatedTree, option } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const { exports: { WorkspaceIndexService, defaultSettings } } = await bundle('access-memory', `
  export { WorkspaceIndexService } from './engine/workspace-index';
  export { defaultSettings } from './core/settings';`, { minify: false });
const workerScript = await bundleIndexWorker();
const accessRoot = path.join(generatedTree('tree-access', RECORDS, ['--access-logs']), 'access-logs');
const s = new WorkspaceIndexService({ roots: [accessRoot], settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined, workerScript });
await s.start();
const store = s.trailIndex.store;
const lines = store.accessLines;
const per = (b) => (b / lines).toFixed(1);
console.log(`${lines} access-log lines: store.byteSize() ${per(store.byteSize())} B/line (goal <= 120)`);
console.log(`time ${per(store.time.byteSize())}, file ids and places ${per(store.fileIds.byteSize())}, offsets ${per(store.offsets.byteSize())}, lengths ${per(store.lengths.byteLength)}, flags ${per(store.flags.byteLength)}, eventID table ${per(store.eventIdTableBytes())}`);
s.dispose();
process.exit(0);
