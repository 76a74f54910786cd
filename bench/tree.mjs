// What the index, detect, integrity and identity benches share: their command-line options, the generated
// trees (scripts/gen-cloudtrail.mjs, generated once into .bench/, gitignored), the code under test bundled as
// it ships, and the load line that says how busy the shared machine was.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BENCH_DIR = path.join(ROOT, '.bench');

/** The value of `--name V` or `--name=V` on the command line, else `dflt`. */
export function option(name, dflt) {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return dflt;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}

/** Whether the command line holds the flag `name`. */
export const flag = (name) => process.argv.slice(2).includes(name);

/**
 * A generated tree of `records` records (seed 7) in .bench/<name>-<records>, made once: `gen-cloudtrail.mjs
 * --out` with `genFlags` (e.g. --digest --sign --scenarios). A tree whose generation was cut short has no
 * `.complete` marker and is generated again.
 */
export function generatedTree(name, records, genFlags = []) {
  const tree = path.join(BENCH_DIR, `${name}-${records}`);
  if (!fs.existsSync(path.join(tree, '.complete'))) {
    console.log(`generating ${records} records${genFlags.length ? ` (${genFlags.join(' ')})` : ''} into ${path.relative(ROOT, tree)} (once) ...`);
    fs.rmSync(tree, { recursive: true, force: true });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', String(records), '--seed', '7', ...genFlags],
      { stdio: 'inherit' });
    fs.writeFileSync(path.join(tree, '.complete'), '');
  }
  return tree;
}

/** The 1M-record signed tree the integrity and identity benches share (digests, signatures, scenarios). */
export const signedTree = (records) => generatedTree('tree-signed', records, ['--digest', '--sign', '--scenarios']);

/** Every `.json.gz` file under `dir` whose path passes `keep`, in directory order. */
export function gzFiles(dir, keep = () => true) {
  const files = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz') && keep(p)) files.push(p);
    }
  })(dir);
  return files;
}

// The code under test runs bundled and minified, as it ships (per-file transpiling turns imports into getters,
// which slows the row loops and would understate it).
const BUNDLE_OPTIONS = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'error', mainFields: ['module', 'main'] };

/** Where bundles of the code under test go: beside the checkout (gitignored .cache/), not in .bench, which
 *  several checkouts may share (a symlink to one folder of generated trees) and whose bundles would then be
 *  another checkout's code. */
const BUNDLE_DIR = path.join(ROOT, '.cache', 'bench');

/** Bundles `contents` (a TypeScript module of re-exports, paths from the repository root) into
 *  .cache/bench/<name>-bundle.cjs and loads it. `minify: false` keeps the names (for --cpu-prof). */
export async function bundle(name, contents, { minify = true } = {}) {
  const esbuild = await import('esbuild');
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = path.join(BUNDLE_DIR, `${name}-bundle.cjs`);
  await esbuild.build({ ...BUNDLE_OPTIONS, minify, stdin: { contents, resolveDir: ROOT, loader: 'ts' }, outfile });
  return { outfile, exports: createRequire(import.meta.url)(outfile) };
}

/** Bundles the index worker (the workspace index service's `workerScript`) into .cache/bench/index-worker.js. */
export async function bundleIndexWorker({ minify = true } = {}) {
  const esbuild = await import('esbuild');
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = path.join(BUNDLE_DIR, 'index-worker.js');
  await esbuild.build({ ...BUNDLE_OPTIONS, minify, entryPoints: [path.join(ROOT, 'engine', 'index-worker.ts')], outfile });
  return outfile;
}

/** Prints the load average: on the shared machine wall times scale with it. */
export function printLoad() {
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (shared machine: wall times scale with it)`);
}

/** Milliseconds since `t0` (a performance.now() reading). */
export const ms = (t0) => performance.now() - t0;

/** A connection to an in-memory DuckDB (@duckdb/node-api), the baseline several benches answer the same questions with. */
export async function duckConnection() {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  return db.connect();
}
