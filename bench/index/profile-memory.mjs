// Where the index's memory goes: builds the index of a generated tree with 2 workers (as the language server
// does) and prints, after forced GC, heap + external per record beside the store's own accounting, column by
// column (row arrays, codes, dictionary parts). Not part of `npm run bench`: a tool for finding what to shrink.
// Then what the first change costs now that a finished load drops the eventID table (the change finds the loaded
// rows' copies through the time order, and keeps a table of its own rows only): a 400-record file added straight to
// the index, then a second one, each timed (wall and CPU), with the table's bytes after each.
//   node --expose-gc bench/index/profile-memory.mjs [--records N] [--workers W]
import { bundle, bundleIndexWorker, generatedTree, option } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const WORKERS = Number(option('--workers', '2'));
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');

const { exports: { WorkspaceIndexService, defaultSettings, BatchBuilder, syntheticValues } } = await bundle('index-memory', `
  export { WorkspaceIndexService } from './engine/workspace-index';
  export { defaultSettings } from './core/settings';
  export { BatchBuilder } from './core/index/batch';
  export { syntheticValues } from './test/unit/core/index/synthetic-records';`, { minify: false });
const script = await bundleIndexWorker();
const tree = generatedTree('tree', RECORDS);

const used = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external, rss: m.rss };
};
const before = used();
const service = new WorkspaceIndexService({ roots: [tree], settings: { ...defaultSettings(), 'index.workers': WORKERS }, onStatus: () => undefined, log: () => undefined, workerScript: script });
const t = performance.now();
const cpu = process.cpuUsage();
await service.start();
const c = process.cpuUsage(cpu);
const after = used();
const n = service.status().records;
const per = (b) => (b / n).toFixed(1);
console.log(`${n} records in ${(performance.now() - t).toFixed(0)} ms (main thread CPU ${((c.user + c.system) / 1000).toFixed(0)} ms)`);
console.log(`retained: heap ${per(after.heap - before.heap)} + external ${per(after.external - before.external)} = ${per(after.heap + after.external - before.heap - before.external)} B/record; RSS ${(after.rss / 1048576).toFixed(0)} MB`);
const store = service.trailIndex.store;
console.log(`store.byteSize(): ${per(store.byteSize())} B/record`);
const rows = [];
for (const [k, col] of Object.entries(store.columns)) {
  const parts = typeof col.byteParts === 'function' ? col.byteParts() : { codes: col.codes?.byteLength ?? 0, dict: col.dict?.byteSize?.() ?? 0 };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  // A column kept in the row (eventID, requestID) has no dictionary of its own: asking for one builds its coded view.
  rows.push([k, total, parts, typeof col.valueAt === 'function' ? undefined : col.dict?.size, col.width]);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [k, total, parts, size, width] of rows) {
  console.log(`${k.padEnd(18)} ${per(total).padStart(6)}  ${Object.entries(parts).map(([p, b]) => `${p} ${per(b)}`).join(', ')}${size !== undefined ? `  (${size} codes, ${width} bits a row)` : ''}`);
}
console.log(`${'time'.padEnd(18)} ${per(store.time.byteSize()).padStart(6)}`);
console.log(`${'fileIds'.padEnd(18)} ${per(store.fileIds.byteSize()).padStart(6)}`);
console.log(`${'offsets'.padEnd(18)} ${per(store.offsets.byteSize()).padStart(6)}`);
for (const k of ['lengths', 'flags']) console.log(`${k.padEnd(18)} ${per(store[k].byteLength).padStart(6)}`);
console.log(`${'eventID table'.padEnd(18)} ${per(store.eventIdTableBytes()).padStart(6)}`);
console.log(`${'facts'.padEnd(18)} ${per(store.facts.byteSize()).padStart(6)}`);
for (const [i, name] of ['first', 'second'].entries()) {
  const b = new BatchBuilder(`/profile-memory/${name}-change.json`);
  syntheticValues(400, 99 + i).forEach((v, k) => b.add(v, { offset: k * 1000, length: 900, ordinal: k }));
  const batch = b.build();
  const w = performance.now();
  const c0 = process.cpuUsage();
  service.trailIndex.addBatch(batch);
  const c1 = process.cpuUsage(c0);
  console.log(`${name} change (a 400-record file added to the index): ${(performance.now() - w).toFixed(0)} ms wall, ${((c1.user + c1.system) / 1000).toFixed(0)} ms CPU; eventID table ${per(store.eventIdTableBytes())} B/record`);
}
service.dispose();
process.exit(0);
