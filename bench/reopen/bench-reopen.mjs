// Reopen benchmark (issue 24): a workspace opened from its saved index against a full index of the same tree,
// measured in the same run: time from engine start to the first rows (the explorer's opening window) and to
// "ready", wall clock and process CPU (worker threads included), with nothing changed and with 1% of the files
// changed. The shared tree is never written: the bench works on a mirror of hard links (copies when linking
// fails), and a "changed" file is unlinked and written anew (same records, gzip level 1: other bytes). Memory once
// ready, after GC (RSS and ArrayBuffer bytes): a loaded index that changed must not keep the saved file's buffer
// beside its own arrays.
//   node --expose-gc bench/reopen/bench-reopen.mjs [--records N] [--workers N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { ROOT, generatedTree, gzFiles, option, printLoad } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const WORKERS = Number(option('--workers', '2'));
const gc = globalThis.gc ?? (() => undefined);

// Bundles of this checkout in a scratch folder (the shared .bench holds other checkouts' bundles too).
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reopen-'));
const esbuild = await import('esbuild');
const opts = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'error', mainFields: ['module', 'main'] };
const indexBundle = path.join(scratch, 'index-bundle.cjs');
await esbuild.build({ ...opts, stdin: { contents: `export { WorkspaceIndexService } from './engine/workspace-index'; export { defaultSettings } from './core/settings';`, resolveDir: ROOT, loader: 'ts' }, outfile: indexBundle });
const workerScript = path.join(scratch, 'index-worker.js');
await esbuild.build({ ...opts, entryPoints: [path.join(ROOT, 'engine', 'index-worker.ts')], outfile: workerScript });
const { WorkspaceIndexService, defaultSettings } = createRequire(import.meta.url)(indexBundle);

const tree = generatedTree('tree', RECORDS);
const work = path.join(scratch, 'tree');
const files = gzFiles(tree);
for (const f of files) {
  const to = path.join(work, path.relative(tree, f));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try { fs.linkSync(f, to); } catch { fs.copyFileSync(f, to); }
}
printLoad();
console.log(`tree: ${files.length} files, ${RECORDS} records (mirror in ${work}); ${WORKERS} workers; ${os.availableParallelism()} cores, node ${process.version}\n`);

const cacheDir = path.join(scratch, 'cache');

/** One engine start: ms to the first rows and to ready, CPU ms to ready, and the log. */
async function measure(cached, how = 'open') {
  gc();
  const logs = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let firstRows;
  let service;
  const onStatus = (s) => {
    if (firstRows !== undefined || !service || s.records === 0) return;
    // What the explorer asks first: the newest rows of the table.
    const r = service.query({ query: '', sort: { column: 'time', descending: true }, offset: 0, limit: 50 });
    if (r.ok && r.rows.length > 0) firstRows = performance.now() - t0;
  };
  service = new WorkspaceIndexService({
    roots: [work], settings: { ...defaultSettings(), 'index.workers': WORKERS }, onStatus, log: (m) => logs.push(m), workerScript,
    cacheDir: cached ? cacheDir : undefined, saveDelayMs: 0,
  });
  await (how === 'start' ? service.start() : service.open());
  const ready = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  gc();
  gc();
  const { rss, arrayBuffers } = process.memoryUsage();
  onStatus({ records: 1 });
  const records = service.status().records;
  const t1 = performance.now();
  await service.flushSave();
  const save = performance.now() - t1;
  service.dispose();
  return { firstRows, ready, cpu: (cpu.user + cpu.system) / 1000, records, save, logs, rss, arrayBuffers };
}

const full = await measure(false, 'start');
const saving = await measure(true);
const unchanged = await measure(true);
// 1% of the files: the same records in other bytes.
const changed = files.filter((_, i) => i % 100 === 37);
for (const f of changed) {
  const to = path.join(work, path.relative(tree, f));
  const text = zlib.gunzipSync(fs.readFileSync(f));
  fs.rmSync(to);
  fs.writeFileSync(to, zlib.gzipSync(text, { level: 1 }));
}
const onePercent = await measure(true);
for (const m of [unchanged, onePercent]) {
  const line = m.logs.find((l) => l.startsWith('Index loaded from cache'));
  if (!line) throw new Error(`not loaded from cache:\n${m.logs.join('\n')}`);
  console.log(line);
  const phases = m.logs.find((l) => l.startsWith('Reopen phases'));
  if (phases) console.log(`  ${phases}`);
}
const cacheBytes = fs.readdirSync(cacheDir).reduce((n, f) => n + fs.statSync(path.join(cacheDir, f)).size, 0);

const f0 = (n) => (n === undefined ? '-' : n.toFixed(0));
const ratio = (a, b) => (a === undefined ? '-' : `${(a / b).toFixed(3)}x`);
console.log(`\nsaved index: ${(cacheBytes / 1048576).toFixed(1)} MB (${(cacheBytes / full.records).toFixed(0)} B/record); written in ${f0(saving.save)} ms\n`);
console.log('| run | records | first rows ms | ready ms | ready / full | CPU ms | CPU / full | goal |');
console.log('|---|---|---|---|---|---|---|---|');
const line = (name, m, goal) => console.log(`| ${name} | ${m.records} | ${f0(m.firstRows)} | ${f0(m.ready)} | ${ratio(m.ready, full.ready)} | ${f0(m.cpu)} | ${ratio(m.cpu, full.cpu)} | ${goal} |`);
line('full index (no cache)', full, 'reference');
line('full index + fingerprints (first open, cache empty)', saving, '-');
line('reopen, nothing changed', unchanged, 'first rows ≤ 500 ms, ready ≤ 0.1x');
line(`reopen, ${changed.length} files (1%) changed`, onePercent, 'ready ≤ 0.2x');
const mb = (n) => (n / 1048576).toFixed(0);
console.log('\n| run (after GC, once ready) | RSS MB | ArrayBuffers MB |');
console.log('|---|---|---|');
for (const [name, m] of [['full index (no cache)', full], ['reopen, nothing changed', unchanged], [`reopen, ${changed.length} files (1%) changed`, onePercent]]) console.log(`| ${name} | ${mb(m.rss)} | ${mb(m.arrayBuffers)} |`);
fs.rmSync(scratch, { recursive: true, force: true });
