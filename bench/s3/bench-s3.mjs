// S3 locations benchmark: a 1M-record trail served by a local S3-compatible server (bench/s3/serve.mjs, its
// own process) with an artificial per-request latency (--latency, default 20 ms: a round trip to a nearby
// S3 region; 0 measures the code alone), opened two ways in the same run:
//   sequential  `aws s3 sync`-style: list, then one GetObject at a time to disk, then a local index
//   location    what the extension does: pruned listing, parallel fetch into the cache, each object indexed
//               as it arrives (engine/s3 loadLocations into the workspace index service)
// Reported: time to first rows (queryable) and to the full index, wall and CPU (this process: the fetch and the
// index workers; the server's CPU apart). Goals: full <= 0.6x of sequential, first rows <= 2 s.
//   node bench/s3/bench-s3.mjs [--records N] [--latency MS] [--concurrency N] [--runs R]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { median } from '../percentile.mjs';
import { BENCH_DIR, bundle, bundleIndexWorker, option, printLoad } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const LATENCY = Number(option('--latency', '20'));
const CONCURRENCY = Number(option('--concurrency', '16'));
const RUNS = Number(option('--runs', '1'));
const BUCKET = 'bench-trail';

// Never generated here: the shared tree is made once by the lead's generator (wait for its .complete).
const tree = path.join(BENCH_DIR, `tree-${RECORDS}`);
if (!fs.existsSync(path.join(tree, '.complete'))) {
  console.log(`s3: ${path.relative(process.cwd(), tree)} is not complete yet (no .complete): nothing measured`);
  process.exit(1);
}

const { exports: m } = await bundle('s3', `
  export { loadLocations, ObjectCache, S3Access } from './engine/s3';
  export { WorkspaceIndexService } from './engine/workspace-index';
  export { defaultSettings } from './core/settings';`);
const workerScript = await bundleIndexWorker();

const server = fork(path.join(import.meta.dirname, 'serve.mjs'), [tree, BUCKET, String(LATENCY)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ready = await new Promise((resolve) => server.once('message', resolve));
const serverStats = () => new Promise((resolve) => { server.once('message', resolve); server.send('stats'); });
process.env.AWS_ACCESS_KEY_ID ??= 'AKIALOCALBENCH000000';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local-bench-secret';
printLoad();
console.log(`tree: ${ready.objects} objects, ${RECORDS} records; latency ${LATENCY} ms per request (artificial, models a network round trip); ${CONCURRENCY} downloads at once; ${os.availableParallelism()} cores, node ${process.version}\n`);

const settings = { ...m.defaultSettings(), 'index.workers': 0 };
const cpuMs = (c0) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };

function service() {
  return new m.WorkspaceIndexService({ roots: [], settings, onStatus: () => undefined, log: () => undefined, workerScript });
}

function records(s) {
  const r = s.query({ query: 'source:*', offset: 0, limit: 0 });
  return r.ok ? r.total : -1;
}

/** `aws s3 sync`-style: list everything, GET one object at a time to disk, then index the folder. */
async function sequential(dir) {
  const access = new m.S3Access({ endpoint: ready.endpoint, env: {} });
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const keys = [];
  for await (const page of access.list(BUCKET, { prefix: '' })) keys.push(...page.objects.map((o) => o.key));
  for (const key of keys) {
    const file = path.join(dir, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const got = await access.get(BUCKET, key);
    await pipeline(got.body, fs.createWriteStream(file));
  }
  const downloaded = performance.now() - t0;
  const s = new m.WorkspaceIndexService({ roots: [dir], settings, onStatus: () => undefined, log: () => undefined, workerScript });
  await s.start();
  const full = performance.now() - t0;
  const out = { downloaded, first: undefined, full, cpu: cpuMs(c0), records: records(s) };
  s.dispose(); access.dispose();
  return out;
}

/** The extension's way: pruned listing, parallel fetch, indexed as objects arrive. */
async function location(cacheDir) {
  const access = new m.S3Access({ endpoint: ready.endpoint, env: {} });
  const cache = new m.ObjectCache(cacheDir, 1 << 40);
  const s = service();
  await s.start();
  const t0 = performance.now(); const c0 = process.cpuUsage();
  let first;
  let firstRows = 0;
  const outcomes = await m.loadLocations(s, access, cache, [{ url: `s3://${BUCKET}/`, selection: {} }], {
    concurrency: CONCURRENCY,
    onFirstRows: () => { first = performance.now() - t0; firstRows = records(s); },
  });
  const full = performance.now() - t0;
  const out = { first, firstRows, full, cpu: cpuMs(c0), records: records(s), failures: outcomes[0].failures.length };
  s.dispose(); access.dispose();
  return out;
}

const fmt = (x) => (x === undefined ? '—' : `${(x / 1000).toFixed(2)} s`);
const rows = [];
for (let run = 0; run < RUNS; run++) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-s3-'));
  try {
    await serverStats();
    const seq = await sequential(path.join(work, 'sync'));
    const seqServer = await serverStats();
    const loc = await location(path.join(work, 'cache'));
    const locServer = await serverStats();
    if (seq.records !== loc.records || loc.failures > 0) console.log(`MISMATCH: sequential ${seq.records} records, location ${loc.records} (${loc.failures} failures)`);
    rows.push({ seq, seqServer, loc, locServer });
    console.log(`run ${run + 1}: sequential full ${fmt(seq.full)} (download ${fmt(seq.downloaded)}), CPU ${fmt(seq.cpu)}, server CPU ${fmt(seqServer.cpuMs)}, ${seqServer.gets} GETs; ` +
      `location first rows ${fmt(loc.first)} (${loc.firstRows} records), full ${fmt(loc.full)}, CPU ${fmt(loc.cpu)}, server CPU ${fmt(locServer.cpuMs)}, ${locServer.gets} GETs, ${locServer.lists} lists; ${loc.records} records`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
server.send('stop');

const seqFull = median(rows.map((r) => r.seq.full));
const locFull = median(rows.map((r) => r.loc.full));
const locFirst = median(rows.map((r) => r.loc.first));
const seqCpu = median(rows.map((r) => r.seq.cpu));
const locCpu = median(rows.map((r) => r.loc.cpu));
console.log(`\n| ${RECORDS.toLocaleString('en')} records, ${LATENCY} ms latency | wall | CPU (this process) | goal | ratio |`);
console.log('|---|---|---|---|---|');
console.log(`| sequential: list, GET one at a time, then index | ${fmt(seqFull)} | ${fmt(seqCpu)} | | 1x |`);
console.log(`| S3 location: full index | ${fmt(locFull)} | ${fmt(locCpu)} | ≤ 0.6x | ${(locFull / seqFull).toFixed(2)}x (CPU ${(locCpu / seqCpu).toFixed(2)}x) |`);
console.log(`| S3 location: first rows | ${fmt(locFirst)} | | ≤ 2 s | ${(locFirst / 2000).toFixed(2)}x of goal |`);
