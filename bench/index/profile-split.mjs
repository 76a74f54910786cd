// Splitter throughput alone: CPU per decompressed byte of RecordSplitter over the first N files of a
// cached bench tree, held in memory (no I/O, no inflate), with a sink that only counts.
//   node bench/index/profile-split.mjs [--files 60]
import fs from 'node:fs'; import path from 'node:path'; import zlib from 'node:zlib'; import { createRequire } from 'node:module';
const esbuild = await import('esbuild');
const root = path.resolve(import.meta.dirname, '../..');
const at = process.argv.indexOf('--files');
const nFiles = at < 0 ? 60 : Number(process.argv[at + 1]);
await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', stdin: { contents: `export { RecordSplitter } from './core/parse/splitter';`, resolveDir: root, loader: 'ts' }, outfile: path.join(root, '.bench/split-bundle.cjs') });
const { RecordSplitter } = createRequire(import.meta.url)(path.join(root, '.bench/split-bundle.cjs'));
const files = []; (function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.json.gz')) files.push(p); } })(path.join(root, '.bench/tree-200000'));
const bufs = files.sort().slice(0, nFiles).map((f) => zlib.gunzipSync(fs.readFileSync(f)));
const bytes = bufs.reduce((n, b) => n + b.length, 0);
for (let r = 0; r < 6; r++) {
  const t = performance.now(); const c = process.cpuUsage(); let n = 0;
  for (const b of bufs) { const s = new RecordSplitter({ kind: 'key', key: 'Records' }, { element() { n++; }, problem() {} }, { maxRecordBytes: 1 << 30 }); s.push(b); s.end(); }
  const cu = process.cpuUsage(c);
  console.log(`${n} records ${(bytes / 1e6).toFixed(0)} MB: ${(performance.now() - t).toFixed(0)} ms wall, ${((cu.user + cu.system) * 1000 / bytes).toFixed(2)} ns/byte cpu`);
}
