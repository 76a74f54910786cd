// Integrity benchmark: `verifyTrail` over the 1M-record tree with signed digests, in this thread and with
// 2 files in flight, against the floor measured in the same run: reading, gunzipping and SHA-256 hashing
// every log file once in one thread (every byte must be hashed). Goals: 1 thread <= 1.2x, 2 <= 0.7x.
//   node bench/integrity/bench-integrity.mjs [--records N] [--runs R]
// Runs take turns (floor, 1, 2, floor, ...) so a change in the shared machine's load hits them alike;
// the median of R runs each is reported.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { percentile } from '../percentile.mjs';
import { bundle, gzFiles, option, printLoad, signedTree } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const RUNS = Number(option('--runs', '3'));

const { verifyTrail, parsePublicKeys, parseSignatures } = (await bundle('integrity',
  `export { verifyTrail, parsePublicKeys, parseSignatures } from './core/integrity';`)).exports;

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

async function verify(concurrency) {
  const r = await verifyTrail([tree], { publicKeys, signatures, concurrency });
  if (!r.ok) throw new Error(`the untampered tree failed: ${JSON.stringify(r.counts)}`);
  if (r.counts.verifiedLogFiles !== logs.length) throw new Error(`verified ${r.counts.verifiedLogFiles} of ${logs.length} log files`);
  return r;
}

const times = { floor: [], one: [], two: [] };
let inflated = 0;
let report;
floor(); // warms the page cache for every run alike
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  inflated = floor();
  times.floor.push(performance.now() - t);
  t = performance.now();
  report = await verify(1);
  times.one.push(performance.now() - t);
  t = performance.now();
  await verify(2);
  times.two.push(performance.now() - t);
}
const med = (a) => percentile(a, 0.5);
const f = med(times.floor);
console.log(`${report.counts.digests} digests (${report.counts.signaturesVerified} signatures verified), ${report.counts.verifiedLogFiles} log files, ${(inflated / 1048576).toFixed(0)} MB uncompressed; median of ${RUNS} runs\n`);
console.log('| run | ms | ratio to floor | goal |\n|---|---|---|---|');
console.log(`| floor: read + gunzip + SHA-256 of every log file, one thread | ${f.toFixed(0)} | 1.00x | |`);
const rows = [['verify, this thread', med(times.one), 1.2], ['verify, 2 files in flight', med(times.two), 0.7]];
let failed = 0;
for (const [name, t, goal] of rows) {
  const ratio = t / f;
  if (ratio > goal) failed++;
  console.log(`| ${name} | ${t.toFixed(0)} | ${ratio.toFixed(2)}x | <= ${goal}x ${ratio <= goal ? 'met' : 'MISSED'} |`);
}
console.log(failed ? `\n${failed} goal(s) missed` : "\nevery goal met");
