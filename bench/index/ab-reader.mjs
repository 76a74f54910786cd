// Same-process A/B of the two halves of indexing, one thread: the worker's path (read, gunzip, scan, columns, the
// findings' facts: readFileBatches with the built-in plan) and the main thread's merge of those batches
// (RecordIndex.addBatch), for each checkout given, bundled side by side into this process and run in turns, round
// after round. CPU time per record (process.cpuUsage, so GC helper threads count); min and median of the rounds after
// the first (a warm-up). On a shared machine a same-process A/B drifts less than separate processes do.
//   node --expose-gc bench/index/ab-reader.mjs [--tree .bench/tree-1000000] [--files 300] [--rounds 7] CHECKOUT...
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, gzFiles, option } from '../tree.mjs';

const argv = process.argv.slice(2);
const tree = path.resolve(ROOT, option('--tree', '.bench/tree-1000000'));
const nFiles = Number(option('--files', '300'));
const rounds = Number(option('--rounds', '7'));
const checkouts = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
if (checkouts.length === 0) checkouts.push(ROOT);
const esbuild = await import('esbuild');
const subjects = [];
for (const dir of checkouts.map((c) => path.resolve(c))) {
  const out = path.join(ROOT, '.cache', 'bench', `ab-reader-${subjects.length}.cjs`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await esbuild.build({
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'error', mainFields: ['module', 'main'],
    stdin: { contents: `export { readFileBatches, RecordIndex } from './core/index'; export { builtinRules, FactPlan } from './core/detect';`, resolveDir: dir, loader: 'ts' },
    outfile: out,
  });
  const m = createRequire(import.meta.url)(out);
  subjects.push({ name: path.basename(dir), m, plan: new m.FactPlan(m.builtinRules()), read: [], merge: [] });
}
const files = gzFiles(tree).sort().slice(0, nFiles);
const limits = { maxInflatedBytes: 1e9, maxFileBytes: 1e9, onProblem: () => {}, blocking: true };
const cpuSince = (c) => { const u = process.cpuUsage(c); return u.user + u.system; };
for (let r = 0; r < rounds; r++) {
  for (const s of subjects) {
    globalThis.gc?.();
    let c = process.cpuUsage();
    let n = 0;
    const batches = [];
    for (const f of files) for await (const b of s.m.readFileBatches(f, { ...limits, facts: s.plan })) { n += b.rows; batches.push(b); }
    const read = cpuSince(c) / n;
    globalThis.gc?.();
    c = process.cpuUsage();
    const index = new s.m.RecordIndex();
    for (const b of batches) index.addBatch(b);
    index.trim();
    const merge = cpuSince(c) / n;
    if (r > 0) {
      s.read.push(read);
      s.merge.push(merge);
    }
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[(a.length - 1) >> 1];
console.log(`${files.length} files, ${rounds - 1} rounds after a warm-up; CPU µs per record, min / median`);
for (const s of subjects) console.log(`${s.name.padEnd(16)} reader + facts ${Math.min(...s.read).toFixed(2)} / ${med(s.read).toFixed(2)}   merge ${Math.min(...s.merge).toFixed(2)} / ${med(s.merge).toFixed(2)}`);
