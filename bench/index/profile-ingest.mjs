// Where one-thread ingestion time goes, over the first N files of a cached bench tree: split only,
// + JSON.parse, + recordValues, + batch columns, the whole reader (readFileBatches), and the merge of its
// batches into a RecordIndex (what the main thread does for the workers), next to the
// read+gunzip+JSON.parse baseline.
//   node bench/index/profile-ingest.mjs [--tree .bench/tree-200000] [--files 40] [--stages baseline,gunzip,split,parse,values,batch,ingest,facts,merge] [--lane] [--no-minify]
//   (--lane: the split stages read through a fast lane that takes every record the scanner reads, which
//   then skips the later stages: the scan's cost next to the splitter's)
//   (REPS=n repeats; --no-minify keeps names for --cpu-prof)
import fs from 'node:fs';
import path from 'node:path';
import { ROOT as root, bundle, option as opt } from '../tree.mjs';

const tree = path.resolve(root, opt('--tree', '.bench/tree-200000'));
const nFiles = Number(opt('--files', '40'));
// Bundled into this checkout's .cache/bench (tree.mjs), never into the shared .bench.
const { exports: m } = await bundle('profile-ingest', `export { readRecordStream, parseRecord } from './core/parse';
      export { recordValues } from './core/record';
      export { BatchBuilder, readFileBatches, RecordIndex } from './core/index';
      export { builtinRules, FactPlan } from './core/detect';`, { minify: !process.argv.includes('--no-minify') });
const files = [];
(function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.json.gz')) files.push(p); } })(tree);
files.sort();
const sel = files.slice(0, nFiles);
let laneRecords = 0;
const lim = { maxInflatedBytes: 1e9, maxFileBytes: 1e9, onProblem: () => {}, blocking: true };
const splitLim = process.argv.includes('--lane') ? { ...lim, fastLane: () => { laneRecords++; return true; } } : lim;
// Page faults since the last line (each costs ~13 us on this virtual machine: see docs/performance.md).
let faultsAt = process.resourceUsage().minorPageFault;
const line = (name, ms, n, cpu) => {
  const faults = process.resourceUsage().minorPageFault - faultsAt;
  console.log(`${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  ${(n / ms).toFixed(1)}k rec/s` + (cpu ? `  cpu ${((cpu.user + cpu.system) / n).toFixed(2)}us/rec` : '') + `  ${(faults / n).toFixed(3)} faults/rec`);
  faultsAt = process.resourceUsage().minorPageFault;
};
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
const stages = opt('--stages', 'baseline,split,parse,values,batch,ingest,facts,merge').split(',');
const plan = new m.FactPlan(m.builtinRules());
let selRecords;
let batches;
if (stages.includes('merge')) {
  batches = [];
  for (const f of sel) for await (const b of m.readFileBatches(f, { ...lim, facts: plan })) batches.push(b);
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
    const t = performance.now(); const c = process.cpuUsage(); let bytes = 0;
    for (const f of sel) bytes += zlib.gunzipSync(fs.readFileSync(f)).length;
    const took = performance.now() - t, cpu = process.cpuUsage(c);
    // Per record of the same files (counted once, untimed), so the floor reads beside the other rows.
    selRecords ??= sel.reduce((k, f) => k + JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString('utf8')).Records.length, 0);
    line(`read+gunzip (the floor, ${(bytes / selRecords).toFixed(0)} B/rec)`, took, selRecords, cpu);
  }
  if (stages.includes('ingest')) {
    const t = performance.now(); const c = process.cpuUsage(); let n = 0;
    for (const f of sel) for await (const b of m.readFileBatches(f, { ...lim, blocking: true })) n += b.rows;
    line('ingest (readFileBatches)', performance.now() - t, n, process.cpuUsage(c));
  }
  if (stages.includes('facts')) {
    // What the index worker runs: the reader with the built-in pack's findings facts.
    const t = performance.now(); const c = process.cpuUsage(); let n = 0;
    for (const f of sel) for await (const b of m.readFileBatches(f, { ...lim, blocking: true, facts: plan })) n += b.rows;
    line('ingest + facts (as the worker)', performance.now() - t, n, process.cpuUsage(c));
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
