// Before/after of the 2-worker index in the same run: the one-thread read+gunzip+JSON.parse baseline, read+gunzip
// alone (the floor), and a full index of the tree by each checkout given (a fresh process each, through this checkout's
// bench/index/index-once.mjs), taking turns run by run, so every ratio compares figures of the same moments.
// Prints wall and CPU (all threads) per record for each, and their ratios to the baseline's; for an index also the main
// thread's own CPU per record and major GCs (Linux).
//   node bench/index/ab-index.mjs [--tree .bench/tree-1000000] [--runs 3] [--workers 2] CHECKOUT...
// A CHECKOUT is a folder with this repository at another commit (a `git worktree add --detach DIR COMMIT`, with a
// node_modules of its own or a symlink to this one's); its code is bundled into its own .cache/bench. Checkouts from
// before engine/ existed (server/workspace-index.ts) are bundled from there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { median } from '../percentile.mjs';
import { ROOT, gzFiles, option } from '../tree.mjs';

const argv = process.argv.slice(2);
const tree = path.resolve(ROOT, option('--tree', '.bench/tree-1000000'));
const RUNS = Number(option('--runs', '3'));
const WORKERS = option('--workers', '2');
const checkouts = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
if (checkouts.length === 0) checkouts.push(ROOT);

const esbuild = await import('esbuild');
const opts = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'error', mainFields: ['module', 'main'] };
const subjects = [];
for (const dir of checkouts.map((c) => path.resolve(c))) {
  const layout = fs.existsSync(path.join(dir, 'engine/workspace-index.ts')) ? 'engine' : 'server';
  const out = path.join(dir, '.cache', 'bench');
  fs.mkdirSync(out, { recursive: true });
  const bundle = path.join(out, 'ab-index-bundle.cjs');
  const worker = path.join(out, 'ab-index-worker.js');
  await esbuild.build({ ...opts, outfile: bundle, stdin: { contents: `export { WorkspaceIndexService } from './${layout}/workspace-index';\nexport { defaultSettings } from './core/settings';`, resolveDir: dir, loader: 'ts' } });
  await esbuild.build({ ...opts, outfile: worker, entryPoints: [path.join(dir, layout, 'index-worker.ts')] });
  const commit = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  subjects.push({ name: `${path.basename(dir)} ${commit}`, bundle, worker, workerBytes: fs.statSync(worker).size, runs: [] });
}

const files = gzFiles(tree);
// Read once before timing: the first pass would otherwise pay the disk.
for (const f of files) fs.readFileSync(f);
const cpuMs = (c) => ((u) => (u.user + u.system) / 1000)(process.cpuUsage(c));
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const baseline = [];
const floor = [];
let records = 0;
for (let r = 0; r < RUNS; r++) {
  let c = process.cpuUsage();
  let t = performance.now();
  let n = 0;
  for (const f of files) n += JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString('utf8')).Records.length;
  baseline.push({ ms: performance.now() - t, cpuMs: cpuMs(c) });
  records = n;
  c = process.cpuUsage();
  t = performance.now();
  for (const f of files) zlib.gunzipSync(fs.readFileSync(f));
  floor.push({ ms: performance.now() - t, cpuMs: cpuMs(c) });
  // Taking turns: the order flips run by run, so neither side always runs right after the baseline.
  for (const s of r % 2 ? [...subjects].reverse() : subjects) {
    // This checkout's index-once for every checkout: the same measuring for each (main thread figures included).
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bench/index/index-once.mjs'), s.bundle, s.worker, tree, WORKERS], { encoding: 'utf8' }).trim().split('\n').pop();
    const run = JSON.parse(out);
    if (run.records !== records) console.log(`${s.name}: ${run.records} records indexed, the baseline parsed ${records}`);
    s.runs.push(run);
  }
  console.log(`run ${r + 1} (load ${load()}): baseline ${baseline[r].ms.toFixed(0)} ms, CPU ${baseline[r].cpuMs.toFixed(0)} ms; ` +
    subjects.map((s) => `${s.name} ${s.runs[r].ms.toFixed(0)} ms, CPU ${s.runs[r].cpuMs.toFixed(0)} ms`).join('; '));
}

const base = { ms: median(baseline.map((b) => b.ms)), cpuMs: median(baseline.map((b) => b.cpuMs)) };
const perRecord = (ms) => ((ms * 1000) / records).toFixed(2);
console.log(`\n${records} records, ${files.length} files; medians of ${RUNS} (the mean of the two middle runs when even)\n`);
console.log('| what | wall ms | speed vs baseline (runs) | CPU µs/record (runs) | CPU vs baseline | main thread CPU µs/record (runs) | main thread major GCs |\n|---|---|---|---|---|---|---|');
const row = (name, runs) => {
  const ms = median(runs.map((x) => x.ms));
  const cpu = median(runs.map((x) => x.cpuMs));
  // The main thread's own figures (index-once.mjs, Linux): only an index run has them.
  const main = runs[0].mainCpuMs === undefined ? '-' : `${perRecord(median(runs.map((x) => x.mainCpuMs)))} (${runs.map((x) => perRecord(x.mainCpuMs)).join(', ')})`;
  const gcs = runs[0].mainMajorGcs === undefined ? '-' : runs.map((x) => x.mainMajorGcs).join(', ');
  console.log(`| ${name} | ${ms.toFixed(0)} | ${(base.ms / ms).toFixed(2)}x (${runs.map((x, i) => (baseline[i].ms / x.ms).toFixed(2)).join(', ')}) | ${perRecord(cpu)} (${runs.map((x) => perRecord(x.cpuMs)).join(', ')}) | ${(cpu / base.cpuMs).toFixed(2)}x | ${main} | ${gcs} |`);
};
row('read+gunzip+JSON.parse, one thread (baseline)', baseline);
row('read+gunzip, one thread (the floor)', floor);
for (const s of subjects) row(`index, ${WORKERS} workers: ${s.name} (worker bundle ${(s.workerBytes / 1024).toFixed(0)} KB)`, s.runs);
