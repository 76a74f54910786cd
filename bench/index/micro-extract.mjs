// Per-record cost of the value paths over in-memory record texts (no I/O): JSON.parse alone, JSON.parse +
// recordValues (the reference), pruneRecord, extractRecord, and BatchBuilder.add.
//   node bench/index/micro-extract.mjs [--files 60]   (run profile-ingest.mjs first: it writes the bundle)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const root = path.resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const nFiles = Number(argv[argv.indexOf('--files') + 1] || 60);
const m = createRequire(import.meta.url)(path.join(root, '.bench', 'profile-bundle.cjs'));
const tree = path.join(root, '.bench/tree-200000');
const files = [];
(function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.json.gz')) files.push(p); } })(tree);
files.sort();
const spans = [];
for (const f of files.slice(0, nFiles)) for await (const b of m.readRecordStream(f, { maxInflatedBytes: 1e9, maxFileBytes: 1e9, onProblem() {} })) spans.push(...b);
console.log(`${spans.length} records, ${(spans.reduce((n, s) => n + s.text.length, 0) / spans.length).toFixed(0)} chars each`);
const cases = {
  'JSON.parse': (s) => JSON.parse(s.text),
  'parse+values': (s) => { const r = JSON.parse(s.text); m.recordValues(r); },
  'prune': (s) => m.extract.pruneRecord(s.text),
  'extract': (s) => m.extract.extractRecord(s.text),
  'reference+batch': (() => { let b = new m.BatchBuilder('f', 512); return (s) => { const r = JSON.parse(s.text); b.add(m.recordValues(r), s); if (b.rows === 512) b.build(); }; })(),
  'extract+batch': (() => { let b = new m.BatchBuilder('f', 512); return (s) => { const x = m.extract.extractRecord(s.text); b.add(x.values, s); if (b.rows === 512) b.build(); }; })(),
};
const best = {};
for (let rep = 0; rep < Number(process.env.REPS ?? 5); rep++) {
  for (const [name, fn] of Object.entries(cases)) {
    const t = process.cpuUsage();
    for (const s of spans) fn(s);
    const u = process.cpuUsage(t);
    best[name] = Math.min(best[name] ?? Infinity, (u.user + u.system) / spans.length);
  }
}
console.log('best of runs, CPU per record: ' + Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(2)}us`).join(' | '));
// eslint-disable-next-line no-control-regex -- counts the records the scan's quick mode does not cover
const withBs = spans.filter((s) => /[\x00-\x1f\\]/.test(s.text)).length;
console.log(`records with a backslash or control character: ${withBs} of ${spans.length}`);
