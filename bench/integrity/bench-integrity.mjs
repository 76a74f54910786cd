// Integrity benchmark: `verifyTrail` over the 1M-record tree with signed digests, in this thread and with
// a pool of 2 hash worker threads (engine/hash-pool.ts), against the floor measured in the same run:
// reading, gunzipping and SHA-256 hashing every log file once in one thread (every byte must be hashed).
// Goals: 1 thread <= 1.2x, 2 workers <= 0.7x.
//   node bench/integrity/bench-integrity.mjs [--records N] [--runs R]
// Runs take turns (floor, 1, 2, floor, ...) so a change in the shared machine's load hits them alike;
// the median of R runs each is reported.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { median } from '../percentile.mjs';
import { BUILD_DIR, ROOT, bundle, gzFiles, option, printLoad, signedTree } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const RUNS = Number(option('--runs', '3'));

const { verifyTrail, parsePublicKeys, parseSignatures, HashPool } = (await bundle('integrity',
  `export { verifyTrail, parsePublicKeys, parseSignatures } from './core/integrity'; export { HashPool } from './engine/hash-pool';`)).exports;
// The pool's worker, bundled as scripts/build.mjs ships it (dist/hash-worker.js).
const hashWorker = path.join(BUILD_DIR, 'hash-worker.js');
await (await import('esbuild')).build({
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'error', mainFields: ['module', 'main'],
  entryPoints: [path.join(ROOT, 'engine', 'hash-worker.ts')], outfile: hashWorker,
});

const tree = signedTree(RECORDS);
const logs = gzFiles(tree, (p) => p.includes(`${path.sep}CloudTrail${path.sep}`));
const publicKeys = parsePublicKeys(fs.readFileSync(path.join(tree, 'public-keys.json'), 'utf8'));
const signatures = parseSignatures(fs.readFileSync(path.join(tree, 'digest-signatures.json'), 'utf8'));
printLoad();
console.log(`tree: ${logs.length} log files, ${(logs.reduce((n, f) => n + fs.statSync(f).size, 0) / 1048576).toFixed(1)} MB gzip; ${os.availableParallelism()} cores, node ${process.version}\n`);

// The floor at its best: the output buffer sized from the gzip trailer (as the verifier does), so it is
// one inflate into one buffer per file.
function floor() {
  let bytes = 0;
  for (const f of logs) {
    const gz = fs.readFileSync(f);
    const isize = gz.readUInt32LE(gz.length - 4);
    const data = zlib.gunzipSync(gz, { chunkSize: Math.max(16384, isize + 1) });
    bytes += data.length;
    crypto.createHash('sha256').update(data).digest('hex');
  }
  return bytes;
}

/** workers 0: every file hashed in this thread; else a pool of that many worker threads (as the CLI and the
 *  server run it: started for the verification, its start-up timed too). */
async function verify(workers) {
  const pool = workers > 0 ? new HashPool({ workers, workerScript: hashWorker }) : undefined;
  pool?.start();
  try {
    const r = await verifyTrail([tree], { publicKeys, signatures, concurrency: 1, hasher: pool });
    if (!r.ok) throw new Error(`the untampered tree failed: ${JSON.stringify(r.counts)}`);
    if (r.counts.verifiedLogFiles !== logs.length) throw new Error(`verified ${r.counts.verifiedLogFiles} of ${logs.length} log files`);
    return r;
  } finally {
    await pool?.dispose();
  }
}

// Wall time is the goal; CPU time (every thread of the process) is printed beside it: on a loaded machine
// the wall time of a run depends on the share of the cores it got, its CPU time much less so.
const times = { floor: [], one: [], two: [] };
const cpu = { floor: [], one: [], two: [] };
let inflated = 0;
let report;
const timed = async (name, fn) => {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = await fn();
  times[name].push(performance.now() - t);
  const u = process.cpuUsage(c);
  cpu[name].push((u.user + u.system) / 1000);
  return r;
};
floor(); // warms the page cache for every run alike
for (let i = 0; i < RUNS; i++) {
  inflated = await timed('floor', floor);
  report = await timed('one', () => verify(0));
  await timed('two', () => verify(2));
}
const f = median(times.floor);
const fc = median(cpu.floor);
console.log(`${report.counts.digests} digests (${report.counts.signaturesVerified} signatures verified), ${report.counts.verifiedLogFiles} log files, ${(inflated / 1048576).toFixed(0)} MB uncompressed; median of ${RUNS} runs`);
console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('| run | ms | ratio to floor | goal | CPU ms (all threads) | CPU ratio |\n|---|---|---|---|---|---|');
console.log(`| floor: read + gunzip + SHA-256 of every log file, one thread | ${f.toFixed(0)} | 1.00x | | ${fc.toFixed(0)} | 1.00x |`);
const rows = [['verify, this thread', 'one', 1.2], ['verify, 2 worker threads', 'two', 0.7]];
let failed = 0;
for (const [name, key, goal] of rows) {
  const t = median(times[key]);
  const ratio = t / f;
  if (ratio > goal) failed++;
  console.log(`| ${name} | ${t.toFixed(0)} | ${ratio.toFixed(2)}x | <= ${goal}x ${ratio <= goal ? 'met' : 'MISSED'} | ${median(cpu[key]).toFixed(0)} | ${(median(cpu[key]) / fc).toFixed(2)}x |`);
}
console.log(`\nevery run (ms, in turn): floor ${times.floor.map((t) => t.toFixed(0)).join(' ')}; this thread ${times.one.map((t) => t.toFixed(0)).join(' ')}; 2 workers ${times.two.map((t) => t.toFixed(0)).join(' ')}`);
console.log(failed ? `\n${failed} goal(s) missed` : "\nevery goal met");
