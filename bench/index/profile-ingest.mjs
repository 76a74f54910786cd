// Where one-thread ingestion time goes, over the first N files of a cached bench tree: split only,
// + JSON.parse, + recordValues, + batch columns, the whole reader (readFileBatches), and the merge of its
// batches into a RecordIndex (what the main thread does for the workers), next to the
// read+gunzip+JSON.parse baseline.
//   node bench/index/profile-ingest.mjs [--tree .bench/tree-200000] [--files 40] [--stages baseline,gunzip,split,parse,values,batch,ingest,merge] [--lane] [--no-minify]
//   (--lane: the split stages read through a fast lane that takes every record the scanner reads, which
//   then skips the later stages: the scan's cost next to the splitter's)
//   (REPS=n repeats; --no-minify keeps names for --cpu-prof)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const opt = (n, d) => { const i = argv.indexOf(n); return i < 0 ? d : argv[i + 1]; };
const tree = path.resolve(root, opt('--tree', '.bench/tree-200000'));
const nFiles = Number(opt('--files', '40'));
const esbuild = await import('esbuild');
const out = path.join(root, '.bench', 'profile-bundle.cjs');
await esbuild.build({
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: process.argv.includes('--no-minify') ? false : true, logLevel: 'error', mainFields: ['module', 'main'],
  stdin: {
    contents: `export { readRecordStream, parseRecord } from './core/parse';
      export { recordValues } from './core/record';
      export { BatchBuilder, readFileBatches, batchTransferables, RecordIndex } from './core/index';`,
    resolveDir: root, loader: 'ts',
  },
  outfile: out,
});
const m = createRequire(import.meta.url)(out);
const files = [];
(function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.json.gz')) files.push(p); } })(tree);
files.sort();
const sel = files.slice(0, nFiles);
let laneRecords = 0;
const lim = { maxInflatedBytes: 1e9, maxFileBytes: 1e9, onProblem: () => {}, blocking: true };
const splitLim = process.argv.includes('--lane') ? { ...lim, fastLane: () => { laneRecords++; return true; } } : lim;
const line = (name, ms, n, cpu) => console.log(`${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  ${(n / ms).toFixed(1)}k rec/s` + (cpu ? `  cpu ${((cpu.user + cpu.system) / n).toFixed(2)}us/rec` : ''));
async function run(name, perSpan, perFileEnd) {
  const t = performance.now();
  let n = 0;
  laneRecords = 0;
  for (const f of sel) {
    const b = new m.BatchBuilder(f, 512);
    for await (const spans of m.readRecordStream(f, splitLim)) {
      for (const s of spans) { perSpan(s, f, b); n++; }
      if (perFileEnd && b.rows > 0) b.build();
    }
  }
  line(name, performance.now() - t, n + laneRecords);
}
const stages = opt('--stages', 'baseline,split,parse,values,batch,ingest,merge').split(',');
let batches;
if (stages.includes('merge')) {
  batches = [];
  for (const f of sel) for await (const b of m.readFileBatches(f, lim)) batches.push(b);
}
for (let rep = 0; rep < Number(process.env.REPS ?? 2); rep++) {
  if (stages.includes('baseline')) {
    const zlib = await import('node:zlib');
    const t = performance.now(); const c = process.cpuUsage(); let n = 0;
    for (const f of sel) n += JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString('utf8')).Records.length;
    line('baseline gunzip+JSON.parse', performance.now() - t, n, process.cpuUsage(c));
  }
  if (stages.includes('gunzip')) {
    const zlib = await import('node:zlib');
    const t = performance.now(); const c = process.cpuUsage(); let n = 0;
    for (const f of sel) n += zlib.gunzipSync(fs.readFileSync(f)).length > 0 ? 1 : 0;
    line('read+gunzip (per file)', performance.now() - t, n, process.cpuUsage(c));
  }
  if (stages.includes('ingest')) {
    const t = performance.now(); const c = process.cpuUsage(); let n = 0;
    for (const f of sel) for await (const b of m.readFileBatches(f, { ...lim, blocking: true })) n += b.rows;
    line('ingest (readFileBatches)', performance.now() - t, n, process.cpuUsage(c));
  }
  if (stages.includes('split')) await run('split', () => {});
  if (stages.includes('parse')) await run('split+parse', (s, f) => m.parseRecord(s, f));
  if (stages.includes('values')) await run('split+parse+values', (s, f) => { const r = m.parseRecord(s, f).record; m.recordValues(r); });
  if (stages.includes('batch')) await run('split+parse+values+batch', (s, f, b) => { const r = m.parseRecord(s, f).record; b.add(m.recordValues(r), s); }, true);
  if (batches) {
    // The same batches merged again into a fresh index (addBatch reads them, never changes them).
    const t = performance.now(); const c = process.cpuUsage(); let n = 0;
    const index = new m.RecordIndex();
    for (const b of batches) n += index.addBatch(b).added;
    index.trim();
    line('merge (RecordIndex.addBatch)', performance.now() - t, n, process.cpuUsage(c));
  }
}
