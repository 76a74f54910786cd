import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { matchesValues, parseQuery } from '../../../core/query';
import { recordValues, type RecordValues } from '../../../core/record';
import { defaultSettings, type Settings } from '../../../core/settings';
import type { IndexStatus } from '../../../core/protocol';
import { WorkspaceIndexService } from '../../../engine/workspace-index';
import { CORPUS_DIR, withoutShared } from '../../shared-paths';

const REPO = path.resolve(__dirname, '../../..');
const CORPUS = CORPUS_DIR;
const NOW = Date.UTC(2026, 0, 6);
const WORKER_TS = path.join(REPO, 'engine/index-worker.ts');

/** Queries over the generated tree: every field and operator. */
const TREE_QUERIES = [
  '', 'eventName:GetObject', 'eventName:Put*,Delete*', '-eventName:GetObject,PutObject,HeadObject', 'bucket:*staging*',
  '-bucket:*', 'key:*.parquet', 'user:*analytics*', '-user:*ecs*', 'identity:iamuser,root', 'account:256790097468',
  'recipient:114589750456', 'region:eu-*', 'ip:10.0.0.0/8', '-ip:10.0.0.0/8 -ip:*.amazonaws.com', 'agent:*boto3*',
  'error:*', 'error:AccessDenied,NoSuchKey', 'type:management access:write', 'crossaccount:true', 'anonymous:true',
  'requestid:6*', 'since:2026-01-03 until:2026-01-04', 'source:*', 'source:kms.amazonaws.com,sts.amazonaws.com',
  '-source:s3.amazonaws.com', 'northwind', 'eventid:*a',
];

let tree = '';
const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});
before(() => {
  tree = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-index-'));
  temps.push(tree);
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', '5000', '--seed', '5'], { stdio: 'ignore' });
});

function settings(over: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), ...over };
}

function service(roots: string[], over: Partial<Settings> = {}, workerScript = path.join(os.tmpdir(), 'no-such-worker.js')) {
  const statuses: IndexStatus[] = [];
  const s = new WorkspaceIndexService({ roots, settings: settings(over), onStatus: (st) => statuses.push(st), log: () => undefined, workerScript, now: () => NOW });
  return { s, statuses };
}

/** Independent reading of the tree: gunzip + JSON.parse of every file, no core/parse, no index. */
function referenceValues(root: string): RecordValues[] {
  const out: RecordValues[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz')) for (const r of JSON.parse(zlib.gunzipSync(fs.readFileSync(p)).toString('utf8')).Records) out.push(recordValues(r));
    }
  };
  walk(root);
  return out;
}

function count(s: WorkspaceIndexService, query: string): number {
  const r = s.query({ query, offset: 0, limit: 0 });
  assert.ok(r.ok, `${query}: ${r.ok ? '' : r.error.message}`);
  return r.total;
}

test('in-thread indexing of a generated tree answers every query like the reference evaluator', async () => {
  const { s, statuses } = service([tree], { 'index.workers': 1 });
  await s.start();
  const ref = referenceValues(tree);
  assert.equal(ref.length, 5000);
  const st = s.status();
  assert.equal(st.state, 'ready');
  assert.equal(st.records, 5000);
  assert.equal(st.percent, 100);
  assert.equal(st.duplicates, 0);
  assert.equal(statuses.at(-1)?.state, 'ready');
  assert.equal(statuses[0].state, 'indexing');
  const counts: number[] = [];
  for (const text of TREE_QUERIES) {
    const parsed = parseQuery(text, NOW);
    assert.ok(parsed.ok, text);
    const expected = ref.filter((v) => matchesValues(parsed.query, v)).length;
    const got = count(s, text);
    assert.equal(got, expected, text);
    counts.push(got);
  }
  assert.ok(counts.filter((c) => c > 0).length >= TREE_QUERIES.length - 1, String(counts));
  s.dispose();
});

test('worker threads (from the TypeScript source) give the same index as this thread', async () => {
  const one = service([tree]);
  await one.s.start();
  const two = service([tree], { 'index.workers': 2 }, WORKER_TS);
  await two.s.start();
  assert.equal(two.s.status().state, 'ready');
  for (const q of TREE_QUERIES) assert.equal(count(two.s, q), count(one.s, q), q);
  const a = one.s.query({ query: 'error:*', sort: { column: 'time', descending: true }, offset: 0, limit: 50 });
  const b = two.s.query({ query: 'error:*', sort: { column: 'time', descending: true }, offset: 0, limit: 50 });
  assert.ok(a.ok && b.ok);
  assert.deepEqual(b.rows.map((r) => [r.eventID, r.time]), a.rows.map((r) => [r.eventID, r.time]));
  one.s.dispose();
  two.s.dispose();
});

test('an invalid glob in the index settings is an error problem; the valid patterns still index, with workers', async () => {
  const one = service([tree]);
  await one.s.start();
  const bad = service([tree], {
    'index.workers': 2, 'index.include': [...defaultSettings()['index.include'], '**/[z-a]*.json'], 'index.exclude': ['[9-0]/**'],
  }, WORKER_TS);
  await bad.s.start();
  assert.equal(bad.s.status().state, 'ready');
  assert.equal(bad.s.status().records, one.s.status().records);
  const problems = bad.s.problems().problems.filter((p) => p.code === 'bad-glob');
  assert.deepEqual(problems.map((p) => [p.severity, p.message.slice(0, p.message.indexOf(':', 30))]), [
    ['error', 'the index.include setting: invalid glob pattern "**/[z-a]*.json"'],
    ['error', 'the index.exclude setting: invalid glob pattern "[9-0]/**"'],
  ]);
  one.s.dispose();
  bad.s.dispose();
});

test('when finding the files fails, the early workers are ended: the process exits by itself', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-fails-'));
  temps.push(dir);
  const script = path.join(dir, 'run.ts');
  // a root that is not a path makes discoverFiles throw (a stand-in for any failure there)
  fs.writeFileSync(script, `import { WorkspaceIndexService } from ${JSON.stringify(path.join(REPO, 'engine/workspace-index.ts'))};
import { defaultSettings } from ${JSON.stringify(path.join(REPO, 'core/settings.ts'))};
const s = new WorkspaceIndexService({ roots: [42 as unknown as string], settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined, workerScript: ${JSON.stringify(WORKER_TS)} });
s.start().then(() => console.log('resolved'), (e: Error) => console.log('rejected: ' + e.message));
`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.signal, null, `still running after 60 s: ${r.stdout}${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^rejected: /);
});

test('workers that fail as they start: one failing leaves the other the work, both failing leave it to this thread', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-worker-'));
  temps.push(dir);
  const one = service([tree]);
  await one.s.start();
  // Both fail at load; or the first to take the lock runs the real worker and the other fails.
  const scripts = {
    both: "throw new Error('worker cannot start');\n",
    second: `try { require('node:fs').mkdirSync(${JSON.stringify(path.join(dir, 'lock'))}); } catch { throw new Error('worker cannot start'); }
require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();
require(${JSON.stringify(WORKER_TS)});\n`,
  };
  // Thousands of empty folders to walk keep the files' discovery busy past the workers' start and failure
  // (workers start as discovery does).
  const slow = path.join(dir, 'slow');
  for (let i = 0; i < 3000; i++) fs.mkdirSync(path.join(slow, `d${i}`), { recursive: true });
  for (const [name, text] of Object.entries(scripts)) {
    const script = path.join(dir, `${name}.js`);
    fs.writeFileSync(script, text);
    const logs: string[] = [];
    const s = new WorkspaceIndexService({ roots: [slow, tree], settings: settings({ 'index.workers': 2 }), onStatus: () => undefined, log: (m) => logs.push(m), workerScript: script, now: () => NOW });
    await s.start();
    assert.equal(s.status().state, 'ready', name);
    assert.equal(s.status().records, one.s.status().records, name);
    assert.equal(s.status().problems, 0, name);
    assert.equal(logs.filter((l) => l.includes('Index worker failed') && l.includes('worker cannot start')).length, name === 'both' ? 2 : 1, name);
    for (const q of TREE_QUERIES.slice(0, 8)) assert.equal(count(s, q), count(one.s, q), `${name}: ${q}`);
    s.dispose();
  }
  one.s.dispose();
});

test('record() re-reads the full record from its gzip file at the indexed span', async () => {
  const { s } = service([tree]);
  await s.start();
  const r = s.query({ query: 'eventName:GetObject', sort: { column: 'time', descending: false }, offset: 3, limit: 1 });
  assert.ok(r.ok);
  const row = r.rows[0];
  const rec = await s.record({ id: row.id });
  assert.ok(rec.ok, rec.ok ? '' : rec.message);
  const json = JSON.parse(rec.json);
  assert.equal(json.eventID, row.eventID);
  assert.equal(json.eventName, 'GetObject');
  assert.equal(rec.location.gzip, true);
  assert.equal(fileURLToPath(rec.location.uri), row.file);
  const text = zlib.gunzipSync(fs.readFileSync(row.file));
  const original = JSON.parse(text.subarray(rec.location.offset, rec.location.offset + rec.location.length).toString('utf8'));
  assert.deepEqual(original, json);
  assert.equal(rec.location.line, 0); // generated files are single-line
  assert.equal(rec.location.column, text.subarray(0, rec.location.offset).toString('utf8').length);
  assert.equal((await s.record({ id: 10_000_000 })).ok, false);
  s.dispose();
});

test('facets, histogram, Athena SQL, completion and query errors', async () => {
  const { s } = service([tree]);
  await s.start();
  const f = s.facets({ query: 'error:*', columns: ['error', 'eventName'], limit: 5 });
  assert.ok(f.ok);
  assert.equal(f.facets.error?.length, 5);
  const errors = count(s, 'error:*');
  const first = f.facets.error![0];
  assert.equal(count(s, `error:*${first.value}*`) >= first.count, true);
  const h = s.histogram({ query: '', buckets: 60 });
  assert.ok(h.ok);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), count(s, ''));
  assert.equal(h.errors.reduce((a, b) => a + b, 0), count(s, 'error:*') - 0);
  assert.ok(errors > 0);
  const sql = s.athenaSql({ query: 'eventName:GetObject', table: 'my_trail' });
  assert.ok(sql.ok && sql.sql.includes('my_trail') && sql.sql.includes('GetObject'));
  const bad = s.query({ query: 'bukket:x', offset: 0, limit: 10 });
  assert.ok(!bad.ok);
  assert.equal(bad.error.start, 0);
  const items = s.queryCompletion({ query: 'region:', offset: 7 }).items.map((i) => i.label);
  assert.ok(items.includes('us-east-1'), items.join());
  s.dispose();
});

test('countLater: the explorer\'s rows may come before their count, which count() then gives; other callers get counts', async () => {
  const { s } = service([tree]);
  await s.start();
  const sort = { column: 'time', descending: true } as const;
  const query = 'eventName:GetObject,PutObject,HeadObject';
  const counted = s.query({ query, sort, offset: 0, limit: 50 });
  assert.ok(counted.ok && counted.counting === undefined && counted.total > 50);
  // 5,000 records count in less than a frame: the total comes with the rows even when it may come later.
  s.trailIndex.dropCaches();
  const small = s.query({ query, sort, offset: 0, limit: 50, countLater: true });
  assert.ok(small.ok && small.counting === undefined && small.total === counted.total);
  // Windows of any size may leave their count for later (as on an index of millions of rows).
  s.trailIndex.countLaterFrom = 0;
  s.trailIndex.dropCaches();
  const early = s.query({ query, sort, offset: 0, limit: 50, countLater: true });
  assert.ok(early.ok);
  assert.equal(early.counting, true);
  assert.equal(early.total, 50, 'at least the rows found');
  assert.deepEqual(early.rows, counted.rows);
  assert.deepEqual(s.count({ query }), { ok: true, total: counted.total });
  // Without countLater (the CLI, pins, exports) the total is always the count.
  s.trailIndex.dropCaches();
  const exact = s.query({ query, sort, offset: 50, limit: 50 });
  assert.ok(exact.ok && exact.counting === undefined && exact.total === counted.total);
  assert.ok(!s.count({ query: 'bukket:x' }).ok);
  s.dispose();
});

test('fileChanged: a new file is visible at once, a deleted one disappears, a changed one is re-read', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-change-'));
  temps.push(root);
  fs.cpSync(tree, root, { recursive: true });
  const { s } = service([root]);
  await s.start();
  const before = count(s, 'source:*');
  const extra = path.join(root, 'extra.json');
  const records = [0, 1, 2].map((i) => ({ eventTime: '2026-02-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `extra-${i}`, requestParameters: { bucketName: 'added-bucket' } }));
  fs.writeFileSync(extra, JSON.stringify({ Records: records }));
  await s.fileChanged(extra, 'created');
  assert.equal(count(s, 'bucket:added-bucket'), 3);
  fs.writeFileSync(extra, JSON.stringify({ Records: records.slice(0, 1) }));
  await s.fileChanged(extra, 'changed');
  assert.equal(count(s, 'bucket:added-bucket'), 1);
  fs.rmSync(extra);
  await s.fileChanged(extra, 'deleted');
  assert.equal(count(s, 'source:*'), before);
  // outside the roots or excluded: ignored
  await s.fileChanged(path.join(root, 'node_modules', 'x.json'), 'created');
  assert.equal(count(s, 'source:*'), before);
  s.dispose();
});

test('problems of bad files are kept and everything else loads', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-bad-'));
  temps.push(root);
  const rec = (eventName: string, eventID: string) => ({ eventVersion: '1.09', eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName, awsRegion: 'us-east-1', eventID });
  fs.writeFileSync(path.join(root, 'good.json'), JSON.stringify({ Records: [rec('GetObject', 'g1')] }));
  fs.writeFileSync(path.join(root, 'truncated.json.gz'), zlib.gzipSync(Buffer.from(JSON.stringify({ Records: [rec('PutObject', 'p1'), rec('PutObject', 'p2')] }))).subarray(0, 60));
  fs.writeFileSync(path.join(root, 'broken.json'), `{"Records":[${JSON.stringify(rec('HeadObject', 'h1'))},{"eventName": oops}]}`);
  const { s } = service([root]);
  await s.start();
  assert.equal(count(s, ''), 2);
  const p = s.problems();
  assert.ok(p.total >= 2, JSON.stringify(p));
  assert.ok(p.problems.some((x) => x.file.endsWith('truncated.json.gz')));
  assert.ok(p.problems.some((x) => x.file.endsWith('broken.json') && x.position !== undefined));
  assert.equal(s.status().problems, p.total);
  s.dispose();
});

test('JSON files that are not CloudTrail are counted as skipped, not as problems; look-alikes stay problems', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-skipped-'));
  temps.push(root);
  const rec = { eventVersion: '1.09', eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1', eventID: 'g1' };
  fs.writeFileSync(path.join(root, 'trail.json'), JSON.stringify({ Records: [rec] }));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
  // an S3 Event Notification looks like CloudTrail and is worth a warning: a real problem
  fs.writeFileSync(path.join(root, 'notification.json'), JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' } } }] }));
  fs.writeFileSync(path.join(root, 'broken.json'), `{"Records":[${JSON.stringify({ ...rec, eventID: 'g2' })},{"eventName": oops}]}`);
  const { s } = service([root]);
  await s.start();
  const status = s.status();
  assert.equal(status.skipped, 2, JSON.stringify(s.problems()));
  assert.equal(status.problems, 2, JSON.stringify(s.problems()));
  assert.equal(s.problems().total, 2);
  assert.ok(s.problems().problems.every((p) => !/package\.json|tsconfig\.json/.test(p.file)));
  // a skipped file that becomes CloudTrail is no longer skipped
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ Records: [{ ...rec, eventID: 'g3' }] }));
  await s.fileChanged(path.join(root, 'tsconfig.json'), 'changed');
  assert.equal(s.status().skipped, 1);
  assert.equal(s.status().problems, 2);
  s.dispose();
});

test('export writes the query rows as formula-safe CSV and as JSON', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-export-'));
  temps.push(root);
  fs.writeFileSync(path.join(root, 'hostile.json'), JSON.stringify({ Records: [
    { eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: 'x1', requestParameters: { bucketName: 'b', key: '=HYPERLINK("http://evil")' } },
    { eventTime: '2026-01-01T00:00:01Z', eventSource: 's3.amazonaws.com', eventName: 'PutObject', eventID: 'x2', requestParameters: { bucketName: 'b', key: 'a,b\n"c"' } },
    { eventTime: '2026-01-01T00:00:02Z', eventSource: 's3.amazonaws.com', eventName: 'PutObject', eventID: 'x3', requestParameters: { bucketName: 'b', key: 'a;=1+2' } },
  ] }));
  const { s } = service([root]);
  await s.start();
  const csv = path.join(root, 'out.csv');
  const r = await s.export({ query: '', columns: ['eventName', 'key'], format: 'csv', path: csv, sort: { column: 'time', descending: false } });
  assert.deepEqual(r, { ok: true, rows: 3 });
  // every cell quoted: a bare a;=1+2 is a formula to a spreadsheet whose list separator is ';'
  assert.equal(fs.readFileSync(csv, 'utf8'), `"eventName","Key"\r\n"GetObject","'=HYPERLINK(""http://evil"")"\r\n"PutObject","a,b\n""c"""\r\n"PutObject","a;=1+2"\r\n`);
  const json = path.join(root, 'out.json');
  assert.deepEqual(await s.export({ query: 'eventName:PutObject', columns: ['key'], format: 'json', path: json, sort: { column: 'time', descending: false } }), { ok: true, rows: 2 });
  assert.deepEqual(JSON.parse(fs.readFileSync(json, 'utf8')), [{ key: 'a,b\n"c"' }, { key: 'a;=1+2' }]);
  assert.equal((await s.export({ query: 'nope:1', columns: ['key'], format: 'json', path: json })).ok, false);
  assert.equal((await s.export({ query: '', columns: ['key'], format: 'json', path: path.join(root, 'no/such/dir.json') })).ok, false);
  s.dispose();
});

test('hand-checked counts on the real corpus', { skip: withoutShared(CORPUS) }, async () => {
  const { s } = service([CORPUS]);
  await s.start();
  const flaws = path.join(CORPUS, 'flaws2-jamjahal');
  // counted by hand in the flaws2 files (zcat | jq): 22 anonymous GetObject, 2 of them NoSuchKey
  assert.equal(count(s, 'anonymous:true eventName:GetObject'), 22);
  assert.ok(s.query({ query: 'anonymous:true', offset: 0, limit: 100 }).ok);
  const rows = s.query({ query: 'anonymous:true', offset: 0, limit: 100 });
  assert.ok(rows.ok && rows.rows.every((r) => r.file.startsWith(flaws)));
  assert.equal(count(s, 'anonymous:true eventName:GetObject error:NoSuchKey'), 2);
  // the only ListObjects of flaws2 is by the AssumedRole level1; level3 made the ListBuckets
  assert.equal(count(s, 'eventName:ListObjects user:*level1*'), 1);
  assert.equal(count(s, 'user:*level3*'), 1);
  assert.equal(count(s, 'eventName:ListBuckets user:*level3*'), 1);
  // SOURCES.md: 44 s3.amazonaws.com records + 1 s3express; 8 + the s3express one are in elastic's .log
  // files, which the default index.include leaves out
  assert.equal(count(s, ''), 36);
  s.dispose();
  const all = service([CORPUS], { 'index.include': [...defaultSettings()['index.include'], '**/*.log'] }).s;
  await all.start();
  // elastic's test-copy-object-json-minimal.log is test-copy-object-json.log's record again: an exact
  // duplicate (same eventID, eventTime, eventName), dropped and counted
  assert.equal(all.status().duplicates, 1);
  assert.equal(count(all, ''), 44);
  assert.equal(count(all, 'source:s3express.amazonaws.com'), 1);
  assert.equal(count(all, 'source:s3.amazonaws.com'), 43);
  all.dispose();
});

test('a change reported while indexing waits for it: no file is read twice', async () => {
  const { s } = service([tree]);
  const some = referenceFiles(tree)[0];
  const started = s.start();
  const changed = s.fileChanged(some, 'changed');
  await started;
  await changed;
  assert.equal(count(s, 'source:*'), 5000);
  assert.equal(s.status().records, 5000);
  s.dispose();
});

function referenceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

test('the S3 family and the record kinds AWS documents: in the S3 scope, counted by type and source, with facets', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-family-'));
  temps.push(dir);
  fs.copyFileSync(path.join(REPO, 'test/fixtures/documented/s3-family-2026.json'), path.join(dir, 's3-family-2026.json'));
  const { s } = service([dir]);
  await s.start();
  assert.equal(s.status().records, 21);
  // Without source: every S3-family eventSource. The two Insights records have no eventSource of their own
  // (it is in insightDetails), so only a negated source term reaches them.
  assert.equal(count(s, 'source:*'), 19);
  assert.equal(count(s, ''), 19);
  assert.equal(count(s, 'type:insight -source:ec2.amazonaws.com'), 2);
  assert.equal(count(s, 'source:s3tables.amazonaws.com'), 3);
  assert.equal(count(s, 'source:s3vectors.amazonaws.com'), 2);
  assert.equal(count(s, 'source:s3-object-lambda.amazonaws.com'), 1);
  assert.equal(count(s, 'type:aggregated'), 1);
  assert.equal(count(s, 'type:networkactivity'), 1);
  assert.equal(count(s, 'type:data source:s3tables.amazonaws.com'), 1);
  const f = s.facets({ query: '', columns: ['category', 'eventSource'], limit: 10 });
  assert.ok(f.ok);
  assert.deepEqual(f.facets.category?.find((v) => v.value === 'aggregated'), { value: 'aggregated', count: 1 });
  assert.deepEqual(f.facets.eventSource?.find((v) => v.value === 's3tables.amazonaws.com'), { value: 's3tables.amazonaws.com', count: 3 });
  s.dispose();
});
