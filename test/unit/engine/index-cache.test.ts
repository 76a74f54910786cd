// The saved index (engine/index-cache.ts): a workspace opened from it answers every query as one indexed from the
// files; files added, changed and deleted since it was saved are read again, and nothing else is; a damaged,
// truncated or other-version file is discarded with one log line and the workspace indexed from its files.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings } from '../../../core/settings';
import { COLUMN_IDS } from '../../../core/protocol';
import { builtinRules, FindingsStore, setFilesFromIndex, type Finding } from '../../../core/detect';
import { WorkspaceIndexService } from '../../../engine/workspace-index';
import { HEADER_BYTES, snapshotPath } from '../../../engine/index-cache';

const REPO = path.resolve(__dirname, '../../..');
const WORKER_TS = path.join(REPO, 'engine/index-worker.ts');
const NOW = Date.UTC(2026, 0, 6);

/** Every kind of term: fields, negations, globs, CIDR, times, access-log terms, story:, finding:, bare words. */
const QUERIES = [
  '', 'source:*', 'eventName:GetObject', 'eventName:Delete*,Put*', '-eventName:GetObject source:*', 'bucket:*', '-bucket:*',
  'error:*', '-error:*', 'error:AccessDenied', 'identity:AssumedRole', 'crossaccount:true', 'anonymous:true', 'ip:10.0.0.0/8',
  'type:data access:write', 'account:*', 'region:us-*', 'since:2026-01-02', 'until:2026-01-03', 'agent:*aws-cli*',
  'kind:access', 'kind:cloudtrail', 'joined:true', 'joined:false kind:access', 'status:4*', 'status:>=500', 'bytes:>1000',
  'operation:REST.GET.OBJECT', 'totaltime:>10', 'finding:*', '-finding:*', 'finding:* source:*', 'principal:*', 'key:*',
  's3', 'amazonaws',
];

let root = '';
let tree = '';
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'index-cache-'));
  tree = path.join(root, 'tree');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', '2500', '--seed', '24', '--access-logs', '--scenarios', '--inject-bad', '7'], { stdio: 'ignore' });
  // A delivered-twice file: its records are duplicates of the first copy.
  const bad = new Set((JSON.parse(fs.readFileSync(path.join(tree, 'bad-files.json'), 'utf8')) as { files: { path: string }[] }).files.map((f) => path.join(tree, f.path)));
  const first = listFiles(tree).find((f) => /_CloudTrail_.*\.json\.gz$/.test(f) && !bad.has(f))!;
  fs.copyFileSync(first, path.join(tree, 'copy-of-first.json.gz'));
});
/** Every service opened: disposed at the end even when a check failed (their workers would keep the process up). */
const services: WorkspaceIndexService[] = [];
after(() => {
  for (const s of services) s.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name)).sort();
}

interface Opened {
  service: WorkspaceIndexService;
  logs: string[];
  findings: Finding[];
}

async function open(cacheDir: string | undefined, roots = [tree], racyMs?: number): Promise<Opened> {
  const logs: string[] = [];
  const findings: Finding[] = [];
  const service = new WorkspaceIndexService({
    roots, settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: (m) => logs.push(m),
    workerScript: WORKER_TS, now: () => NOW, cacheDir, saveDelayMs: 10, findings: () => findings, racyMs,
  });
  services.push(service);
  await service.open();
  await service.flushSave();
  // Findings as the server computes them from the index (server/findings.ts), for finding: terms.
  const store = new FindingsStore(builtinRules());
  await setFilesFromIndex(store, service.detectSource().index, { shapeOf: service.detectSource().shapeOf });
  findings.push(...store.findings());
  service.rowSets.findingsChanged();
  return { service, logs, findings };
}

/** Everything the explorer, the Findings and the story views ask of the index, as one comparable value. */
async function answers(o: Opened): Promise<unknown> {
  const s = o.service;
  const out: Record<string, unknown> = {};
  const status = { ...s.status(), elapsedMs: 0 };
  out.status = status;
  const problems = s.problems();
  // In the order files were read (workers finish in any order): compared as a set.
  out.problems = { total: problems.total, problems: problems.problems.map((p) => JSON.stringify(p)).sort() };
  out.findings = o.findings.map((f) => JSON.stringify(f)).sort();
  const identities = new Set<string>();
  for (const text of QUERIES) {
    // Every matching row, as a set: row ids (and so the order of ties) follow which worker finished first.
    const all = s.query({ query: text, offset: 0, limit: 100000 });
    assert.ok(all.ok, text);
    out[`q ${text}`] = { total: all.total, s3: all.s3Total, all: all.allTotal, rows: all.rows.map(({ id: _id, ...row }) => JSON.stringify(row)).sort() };
    for (const row of all.rows) if (row.principalArn) identities.add(row.principalArn);
    // Sorted windows: the sort keys in order (ties may come in another order).
    for (const sort of [{ column: 'time' as const, descending: true }, { column: 'eventName' as const, descending: false }, { column: 'file' as const, descending: false }]) {
      const r = s.query({ query: text, sort, offset: 0, limit: 60 });
      assert.ok(r.ok, text);
      out[`q ${text} ${JSON.stringify(sort)}`] = { total: r.total, keys: r.rows.map((row) => row[sort.column]) };
    }
    out[`f ${text}`] = s.facets({ query: text, columns: [...COLUMN_IDS], limit: 8 });
    out[`h ${text}`] = s.histogram({ query: text, buckets: 40 });
    out[`g ${text}`] = s.groupBy({ query: text, rows: 'principal', columns: 'eventName', rowLimit: 10, columnLimit: 10 });
  }
  for (const id of [...identities].sort().slice(0, 5)) {
    const r = s.query({ query: `story:"${id}" source:*`, sort: { column: 'time', descending: false }, offset: 0, limit: 100 });
    assert.ok(r.ok);
    out[`story ${id}`] = { total: r.total, rows: r.rows.map(({ id: _id, ...row }) => JSON.stringify(row)).sort() };
  }
  // The detail pane re-reads records from their files by location: the first rows of each file's path order.
  const pick = (query: string, n: number) => {
    const r = s.query({ query, offset: 0, limit: 100000 });
    assert.ok(r.ok);
    return r.rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.eventID < b.eventID ? -1 : a.eventID > b.eventID ? 1 : a.time < b.time ? -1 : 1)).slice(0, n);
  };
  out.records = (await Promise.all([...pick('source:*', 30), ...pick('kind:access', 10)].map(async (row) => {
    const r = await s.record({ id: row.id });
    return JSON.stringify(r.ok ? { json: r.json, kind: r.kind, location: r.location, related: r.related?.length ?? 0 } : r);
  }))).sort();
  out.completion = s.queryCompletion({ query: 'bucket:', offset: 7 });
  return out;
}

test('a workspace opened from its saved index answers every query, facet, story and finding as one indexed from its files', async () => {
  const cache = path.join(root, 'cache-same');
  const first = await open(cache);
  assert.ok(first.logs.some((l) => l.startsWith('No saved index')), first.logs.join('\n'));
  assert.ok(first.logs.some((l) => l.startsWith('Saved the index')), first.logs.join('\n'));
  assert.ok(fs.existsSync(snapshotPath(cache, [tree])));
  assert.deepEqual(fs.readdirSync(cache).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  const loaded = await open(cache);
  assert.ok(loaded.logs.some((l) => /^Index loaded from cache, 0 files re-read/.test(l)), `logs:\n${loaded.logs.join('\n')}`);
  assert.ok(!loaded.logs.some((l) => l.startsWith('Indexing ')), 'no file indexed');
  const fresh = await open(undefined);
  assert.ok(fresh.findings.length > 0, 'the tree has findings');
  assert.ok(fresh.service.status().accessLines! > 0, 'the tree has access-log lines');
  assert.ok(fresh.service.status().duplicates > 0, 'the tree has duplicates');
  assert.ok(fresh.service.status().problems > 0, 'the tree has problems');
  assert.deepEqual(await answers(loaded), await answers(fresh));
  for (const o of [first, loaded, fresh]) o.service.dispose();
});

test('files added, changed and deleted since the save are read again (with the files whose duplicates they held), not the others', async () => {
  const work = path.join(root, 'tree-changes');
  fs.cpSync(tree, work, { recursive: true });
  const cache = path.join(root, 'cache-changes');
  (await open(cache, [work])).service.dispose();
  const trail = listFiles(work).filter((f) => f.endsWith('.json.gz') && !f.includes('copy-of'));
  // changed: another file's bytes under this name; deleted: one file gone; added: a new file; touched: same bytes,
  // new mtime (its hashes match: a reopen may read it again or not, but its rows must be right).
  fs.copyFileSync(trail[3], trail[1]);
  fs.rmSync(trail[2]);
  fs.copyFileSync(trail[4], path.join(work, 'added.json.gz'));
  const copyOfFirst = path.join(work, 'copy-of-first.json.gz');
  fs.rmSync(copyOfFirst); // the shadowed copy goes: nothing to bring back, duplicates count drops
  const loaded = await open(cache, [work]);
  const line = loaded.logs.find((l) => l.startsWith('Index loaded from cache'));
  const m = /^Index loaded from cache, (\d+) files re-read \(1 added, 1 changed, 2 deleted\)/.exec(line ?? '');
  assert.ok(m, loaded.logs.join('\n'));
  // The two files, plus the few that had dropped duplicates of removed records (read again to bring those back, as
  // a live change does): never the whole tree.
  const reread = Number(m[1]);
  assert.ok(reread >= 2 && reread < 30, line);
  const fresh = await open(undefined, [work]);
  assert.deepEqual(await answers(loaded), await answers(fresh));
  // And saved again: the next open reads nothing.
  const again = await open(cache, [work]);
  assert.ok(again.logs.some((l) => /^Index loaded from cache, 0 files re-read/.test(l)), again.logs.join('\n'));
  for (const o of [loaded, fresh, again]) o.service.dispose();
});

test('a file changed at the same size and mtime is still found changed (its bytes at one end differ)', async () => {
  const work = path.join(root, 'tree-same-size');
  fs.mkdirSync(work);
  const a = path.join(work, 'a.json');
  const record = (name: string) => JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: name, eventID: 'e1', requestParameters: { bucketName: 'b' } }] });
  fs.writeFileSync(a, record('GetObject'));
  const { mtime } = fs.statSync(a);
  const cache = path.join(root, 'cache-same-size');
  (await open(cache, [work])).service.dispose();
  fs.writeFileSync(a, record('PutObject'));
  fs.utimesSync(a, mtime, mtime);
  const loaded = await open(cache, [work]);
  assert.ok(loaded.logs.some((l) => /^Index loaded from cache, 1 files re-read \(0 added, 1 changed/.test(l)), loaded.logs.join('\n'));
  const r = loaded.service.query({ query: 'eventName:PutObject', offset: 0, limit: 1 });
  assert.ok(r.ok && r.total === 1);
  loaded.service.dispose();
});

/** How many files a reopen hashed and how many its stat vouched for (the "Reopen phases" log line). */
function checked(o: Opened): { hashed: number; byStat: number } {
  const m = /\((\d+) files hashed, (\d+) unchanged by their stat\)/.exec(o.logs.find((l) => l.startsWith('Reopen phases')) ?? '');
  assert.ok(m, o.logs.join('\n'));
  return { hashed: Number(m[1]), byStat: Number(m[2]) };
}

test('a reopen reads no byte of a settled file whose stat is the saved one; a changed ctime has it hashed, then trusted again', async () => {
  const work = path.join(root, 'tree-stat');
  fs.mkdirSync(work);
  const record = (name: string, id: string) => JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: name, eventID: id, requestParameters: { bucketName: 'b' } }] });
  const files = ['a.json', 'b.json', 'c.json'].map((f) => path.join(work, f));
  files.forEach((f, i) => fs.writeFileSync(f, record('GetObject', `e${i}`)));
  // Margin 0: a file is settled once its times are older than its fingerprint (the default waits RACY_MS).
  await new Promise((r) => setTimeout(r, 20));
  const cache = path.join(root, 'cache-stat');
  (await open(cache, [work], 0)).service.dispose();
  const same = await open(cache, [work], 0);
  assert.deepEqual(checked(same), { hashed: 0, byStat: 3 });
  assert.ok(same.logs.some((l) => /^Index loaded from cache, 0 files re-read/.test(l)), same.logs.join('\n'));
  same.service.dispose();
  // Other bytes at the same size, the mtime set back: the ctime moved, so the file is hashed and found changed.
  const { mtime } = fs.statSync(files[0]);
  fs.writeFileSync(files[0], record('PutObject', 'e0'));
  fs.utimesSync(files[0], mtime, mtime);
  // The same bytes, the ctime moved (a chmod): hashed, found unchanged, its fingerprint saved anew.
  fs.chmodSync(files[1], 0o600);
  await new Promise((r) => setTimeout(r, 20));
  const loaded = await open(cache, [work], 0);
  assert.deepEqual(checked(loaded), { hashed: 2, byStat: 1 });
  assert.ok(loaded.logs.some((l) => /^Index loaded from cache, 1 files re-read \(0 added, 1 changed/.test(l)), loaded.logs.join('\n'));
  const r = loaded.service.query({ query: 'eventName:PutObject', offset: 0, limit: 1 });
  assert.ok(r.ok && r.total === 1);
  loaded.service.dispose();
  const again = await open(cache, [work], 0);
  assert.deepEqual(checked(again), { hashed: 0, byStat: 3 });
  again.service.dispose();
});

test('files written a moment before their fingerprint are hashed at every reopen until their times settle', async () => {
  const work = path.join(root, 'tree-racy');
  fs.mkdirSync(work);
  const a = path.join(work, 'a.json');
  const record = (name: string) => JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: name, eventID: 'e1', requestParameters: { bucketName: 'b' } }] });
  fs.writeFileSync(a, record('GetObject'));
  const cache = path.join(root, 'cache-racy');
  // The default margin: written an instant before the save's fingerprint, the file's stat vouches for nothing.
  (await open(cache, [work])).service.dispose();
  const first = await open(cache, [work]);
  assert.deepEqual(checked(first), { hashed: 1, byStat: 0 });
  first.service.dispose();
  // Rewritten right after the save at the same size, its mtime kept: found by its bytes.
  const { mtime } = fs.statSync(a);
  fs.writeFileSync(a, record('PutObject'));
  fs.utimesSync(a, mtime, mtime);
  const loaded = await open(cache, [work]);
  assert.deepEqual(checked(loaded), { hashed: 1, byStat: 0 });
  assert.ok(loaded.logs.some((l) => /^Index loaded from cache, 1 files re-read \(0 added, 1 changed/.test(l)), loaded.logs.join('\n'));
  loaded.service.dispose();
});

test('a truncated, damaged, other-version or foreign cache file is discarded with one log line and the files are indexed', async () => {
  const cache = path.join(root, 'cache-damage');
  (await open(cache)).service.dispose();
  const file = snapshotPath(cache, [tree]);
  const good = fs.readFileSync(file);
  const fresh = await open(undefined);
  const expected = summary(fresh);
  const damages: [string, (b: Buffer) => Buffer][] = [
    ['empty', () => Buffer.alloc(0)],
    ['header only', (b) => b.subarray(0, HEADER_BYTES)],
    ['truncated in the header', (b) => b.subarray(0, 20)],
    ['truncated at a third', (b) => b.subarray(0, Math.floor(b.length / 3))],
    ['truncated by one byte', (b) => b.subarray(0, b.length - 1)],
    ['one more byte', (b) => Buffer.concat([b, Buffer.from([0])])],
    ['a flipped byte in the body', (b) => flip(b, HEADER_BYTES + Math.floor((b.length - HEADER_BYTES) / 2))],
    ['a flipped byte at the end', (b) => flip(b, b.length - 1)],
    ['a flipped checksum', (b) => flip(b, 24)],
    ['another format version', (b) => { const c = Buffer.from(b); c.writeUInt32LE(c.readUInt32LE(8) + 1, 8); return c; }],
    ['a foreign magic', (b) => { const c = Buffer.from(b); c.write('NOTMINE!', 0, 'latin1'); return c; }],
    ['random bytes', (b) => Buffer.from(Array.from({ length: b.length }, (_, i) => (i * 7919) & 0xff))],
  ];
  for (const [name, damage] of damages) {
    fs.writeFileSync(file, damage(good));
    const o = await open(cache);
    const discarded = o.logs.filter((l) => l.startsWith('Saved index') || l.startsWith('No saved index'));
    assert.equal(discarded.length, 1, `${name}: ${o.logs.join('\n')}`);
    assert.ok(o.logs.some((l) => l.startsWith('Indexing ')), `${name}: indexed from the files`);
    assert.deepEqual(summary(o), expected, name);
    o.service.dispose();
    // It saved a good index again.
    assert.ok(fs.readFileSync(file).equals(good) || fs.statSync(file).size > HEADER_BYTES, name);
  }
  fresh.service.dispose();
});

/** Counts of every query, the status and the problems: enough to tell an index of other rows. */
function summary(o: Opened): unknown {
  const s = o.service;
  return {
    status: { ...s.status(), elapsedMs: 0 }, problems: s.problems().total, findings: o.findings.length,
    counts: QUERIES.map((q) => { const r = s.query({ query: q, offset: 0, limit: 0 }); return r.ok ? r.total : r.error.message; }),
  };
}

function flip(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] ^= 0x5a;
  return c;
}

test('a reopen cancelled while its files are being checked keeps every loaded row (files not yet found are not deleted)', async () => {
  const cache = path.join(root, 'cache-cancel');
  const saved = await open(cache);
  const total = (s: WorkspaceIndexService) => { const r = s.query({ query: '', offset: 0, limit: 0 }); assert.ok(r.ok); return r.total; };
  const expected = total(saved.service);
  saved.service.dispose();
  let cancelled = false;
  const service: WorkspaceIndexService = new WorkspaceIndexService({
    roots: [tree], settings: { ...defaultSettings(), 'index.workers': 2 }, log: () => undefined, workerScript: WORKER_TS, now: () => NOW, cacheDir: cache,
    // The first status with rows is sent once the saved index is loaded, before the files are checked: cancel there.
    onStatus: (st) => { if (!cancelled && st.records > 0) { cancelled = true; queueMicrotask(() => service.cancel()); } },
  });
  services.push(service);
  await service.open();
  assert.ok(cancelled);
  assert.equal(service.status().state, 'cancelled');
  assert.equal(total(service), expected);
});

/** Every typed array reachable from `root` (own properties, arrays, maps and sets, walked once each). */
function typedArrays(root: unknown): ArrayBufferView[] {
  const out: ArrayBufferView[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      out.push(v);
      return;
    }
    if (v instanceof Map) for (const [k, x] of v) { walk(k); walk(x); }
    else if (v instanceof Set) for (const x of v) walk(x);
    else for (const k of Object.getOwnPropertyNames(v)) walk((v as Record<string, unknown>)[k]);
  };
  walk(root);
  return out;
}

test('once a loaded index changes, none of its arrays is a view over the saved file\'s buffer (it can be freed)', async () => {
  const work = path.join(root, 'tree-buffer');
  fs.cpSync(tree, work, { recursive: true });
  const cache = path.join(root, 'cache-buffer');
  (await open(cache, [work])).service.dispose();
  const loaded = await open(cache, [work]);
  const s = loaded.service;
  const fileBytes = fs.statSync(snapshotPath(cache, [work])).size;
  // Loaded and unchanged: the arrays are views over the file's one buffer (no copy at load).
  const buffers = new Set(typedArrays(s.trailIndex).map((a) => a.buffer));
  const fileBuffer = [...buffers].find((b) => b.byteLength === fileBytes);
  assert.ok(fileBuffer, 'the loaded index views the saved file');
  // One file changes: the index is modified.
  const trail = listFiles(work).filter((f) => f.endsWith('.json.gz') && !f.includes('copy-of'));
  fs.copyFileSync(trail[3], trail[1]);
  await s.fileChanged(trail[1], 'changed');
  const still = typedArrays(s.trailIndex).filter((a) => a.buffer === fileBuffer);
  assert.equal(still.length, 0, `${still.length} arrays still view the saved file's ${fileBytes} bytes`);
  // And it answers as an index of the files does (its findings worked out again, as the server does on a change).
  const store = new FindingsStore(builtinRules());
  await setFilesFromIndex(store, s.detectSource().index, { shapeOf: s.detectSource().shapeOf });
  loaded.findings.splice(0, loaded.findings.length, ...store.findings());
  s.rowSets.findingsChanged();
  const fresh = await open(undefined, [work]);
  assert.deepEqual(await answers(loaded), await answers(fresh));
  s.dispose();
  fresh.service.dispose();
});

test('a reopen that read changed files leaves no array viewing the saved file\'s buffer, and answers as an index of the files', async () => {
  const work = path.join(root, 'tree-reopen-buffer');
  fs.cpSync(tree, work, { recursive: true });
  const cache = path.join(root, 'cache-reopen-buffer');
  (await open(cache, [work])).service.dispose();
  const fileBytes = fs.statSync(snapshotPath(cache, [work])).size;
  const trail = listFiles(work).filter((f) => f.endsWith('.json.gz') && !f.includes('copy-of'));
  fs.copyFileSync(trail[5], trail[2]);
  fs.rmSync(trail[7]);
  const loaded = await open(cache, [work]);
  assert.ok(loaded.logs.some((l) => /^Index loaded from cache, \d+ files re-read \(0 added, 1 changed, 1 deleted/.test(l)), loaded.logs.join('\n'));
  const still = typedArrays(loaded.service.trailIndex).filter((a) => a.buffer.byteLength === fileBytes);
  assert.equal(still.length, 0, `${still.length} arrays still view a buffer of the saved file's ${fileBytes} bytes`);
  const fresh = await open(undefined, [work]);
  assert.deepEqual(await answers(loaded), await answers(fresh));
  loaded.service.dispose();
  fresh.service.dispose();
});
