// The access-log merge alone (issue 20), in one thread: every access-log file of the bench tree read into packed
// batches as an index worker makes them (AccessLogReader, ACCESS_FLUSH_ROWS-row batches), then unpacked and added
// to one index, timed with its CPU time; per column, how many distinct values the batches brought and the index kept.
//   node --expose-gc --import tsx bench/access/merge-access.mjs [--records N] [--runs R] [--columns] [--prof: unminified, for --cpu-prof]
import fs from 'node:fs';
import path from 'node:path';
import { bundle, flag, generatedTree, option, printLoad } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const RUNS = Number(option('--runs', '3'));
const { exports: x } = await bundle('access-merge', `
  export { AccessLogReader, addAccessLogFile, packBatch, unpackBatch, TrailIndex, STRING_COLUMN_KEYS } from './core/index';`, { minify: !flag('--prof') });
const accessRoot = path.join(generatedTree('tree-access', RECORDS, ['--access-logs']), 'access-logs');
const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else files.push(p);
  }
})(accessRoot);
printLoad();
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// As the index worker batches them (engine/index-worker.ts: ACCESS_FLUSH_ROWS).
const FLUSH = Number(option('--flush', '2048'));
const buffers = [];
const reader = new x.AccessLogReader();
let c = cpuMs();
let t = performance.now();
const opts = { maxInflatedBytes: 1 << 30, maxFileBytes: 1 << 30, blocking: true, onProblem: () => undefined };
for (const f of files) {
  x.addAccessLogFile(reader, f, opts, (b) => buffers.push(x.packBatch(b)));
  if (reader.rows >= FLUSH) buffers.push(x.packBatch(reader.build()));
}
if (reader.rows > 0) buffers.push(x.packBatch(reader.build()));
console.log(`read ${files.length} files into ${buffers.length} batches: ${(performance.now() - t).toFixed(0)} ms wall, ${(cpuMs() - c).toFixed(0)} ms CPU`);
if (flag('--columns')) {
  const distinct = new Map();
  for (const buf of buffers) {
    const b = x.unpackBatch('', buf.slice(0));
    for (const k of x.STRING_COLUMN_KEYS) distinct.set(k, (distinct.get(k) ?? 0) + b.columns[k].ends.length - 1);
  }
  console.log([...distinct].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', '));
}
for (let run = 0; run < RUNS; run++) {
  const copies = buffers.map((b) => b.slice(0));
  globalThis.gc?.();
  const index = new x.TrailIndex();
  c = cpuMs();
  t = performance.now();
  // As the service does once 2% of the bytes are read (WorkspaceIndexService.expectRest): here by batches.
  let expected = false;
  for (let i = 0; i < copies.length; i++) {
    index.addBatch(x.unpackBatch('', copies[i]));
    if (!expected && (i + 1) >= copies.length * 0.02 && index.store.records >= 4096) {
      expected = true;
      index.store.expect(copies.length / (i + 1));
    }
  }
  const wall = performance.now() - t;
  const cpu = cpuMs() - c;
  c = cpuMs();
  t = performance.now();
  index.store.trim();
  console.log(`merge run ${run + 1}: ${index.store.accessLines} lines, ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU; trim ${(performance.now() - t).toFixed(0)} ms wall, ${(cpuMs() - c).toFixed(0)} ms CPU`);
  if (flag('--columns') && run === 0) {
    const kept = x.STRING_COLUMN_KEYS.map((k) => [k, index.store.columns[k].dict?.size ?? -1]).filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]);
    console.log(`distinct values the index kept: ${kept.map(([k, n]) => `${k} ${n - 1}`).join(', ')}`);
  }
}
