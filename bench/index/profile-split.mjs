// Splitter throughput alone: CPU per decompressed byte of RecordSplitter over the first N files of a
// cached bench tree, held in memory (no I/O, no inflate), with a sink that only counts.
//   node bench/index/profile-split.mjs [--files 60] [--tree .bench/tree-200000]
import fs from 'node:fs'; import path from 'node:path'; import zlib from 'node:zlib';
import { BENCH_DIR, bundle, gzFiles, option } from '../tree.mjs';
const nFiles = Number(option('--files', '60'));
const tree = path.resolve(option('--tree', path.join(BENCH_DIR, 'tree-200000')));
const { RecordSplitter } = (await bundle('split', `export { RecordSplitter } from './core/parse/splitter';`, { minify: false })).exports;
const files = gzFiles(tree);
const bufs = files.sort().slice(0, nFiles).map((f) => zlib.gunzipSync(fs.readFileSync(f)));
const bytes = bufs.reduce((n, b) => n + b.length, 0);
for (let r = 0; r < 6; r++) {
  const t = performance.now(); const c = process.cpuUsage(); let n = 0;
  for (const b of bufs) { const s = new RecordSplitter({ kind: 'key', key: 'Records' }, { element() { n++; }, problem() {} }, { maxRecordBytes: 1 << 30 }); s.push(b); s.end(); }
  const cu = process.cpuUsage(c);
  console.log(`${n} records ${(bytes / 1e6).toFixed(0)} MB: ${(performance.now() - t).toFixed(0)} ms wall, ${((cu.user + cu.system) * 1000 / bytes).toFixed(2)} ns/byte cpu`);
}
