import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  AthenaSqlRequest, CancelIndexRequest, CountRequest, ExportRequest, FacetsRequest, HistogramRequest, IndexStatusNotification, IndexStatusRequest,
  ProblemsRequest, QueryCompletionRequest, QueryRequest, RecordRequest, ReindexRequest, type CountResult, type IndexStatus, type QueryResult,
} from '../../../core/protocol';
import { defaultSettings } from '../../../core/settings';
import { registerIndexHandlers, sendIndexStatus } from '../../../server/index-handlers';
import { WorkspaceIndexService } from '../../../engine/workspace-index';

function pair() {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  return { server, client };
}

function trail(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'handlers-'));
  const rec = (i: number) => ({
    eventVersion: '1.08', eventTime: `2026-01-01T00:00:0${i}Z`, eventSource: 's3.amazonaws.com', eventName: i % 2 ? 'PutObject' : 'GetObject',
    awsRegion: 'eu-west-1', eventID: `e${i}`, requestParameters: { bucketName: 'b', key: `k${i}` }, ...(i === 3 ? { errorCode: 'AccessDenied' } : {}),
  });
  fs.writeFileSync(path.join(root, 'trail.json'), JSON.stringify({ Records: [0, 1, 2, 3].map(rec) }));
  fs.writeFileSync(path.join(root, 'bad.json'), '{"Records":[{"eventVersion":"1.08","eventTime":"2026-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"X","awsRegion":"x"},{oops}]}');
  return root;
}

test('every index request is answered over a real JSON-RPC connection', async () => {
  const { server, client } = pair();
  const root = trail();
  const statuses: IndexStatus[] = [];
  const service = new WorkspaceIndexService({
    roots: [root], settings: defaultSettings(), onStatus: (s) => sendIndexStatus(server, s), log: () => undefined, workerScript: path.join(root, 'none.js'),
  });
  registerIndexHandlers(server, () => service);
  client.onNotification(IndexStatusNotification, (s: IndexStatus) => {
    statuses.push(s);
  });
  server.listen();
  client.listen();
  await service.start();

  const q = await client.sendRequest<QueryResult>(QueryRequest, { query: 'eventName:GetObject', offset: 0, limit: 10, sort: { column: 'key', descending: true } });
  assert.ok(q.ok);
  assert.equal(q.total, 2);
  assert.deepEqual(q.rows.map((r) => r.key), ['k2', 'k0']);
  const bad = await client.sendRequest<QueryResult>(QueryRequest, { query: 'eventName:', offset: 0, limit: 10 });
  assert.equal(bad.ok, false);
  const facets = await client.sendRequest<{ ok: true; facets: Record<string, unknown> }>(FacetsRequest, { query: '', columns: ['eventName'], limit: 5 });
  assert.deepEqual(facets.facets.eventName, [{ value: 'GetObject', count: 2 }, { value: 'PutObject', count: 2 }, { value: 'X', count: 1 }]);
  const h = await client.sendRequest<{ ok: true; counts: number[]; errors: number[]; bucketMs: number }>(HistogramRequest, { query: '', buckets: 10 });
  assert.deepEqual([h.counts, h.errors, h.bucketMs], [[2, 1, 1, 1], [0, 0, 0, 1], 1000]);
  const rec = await client.sendRequest<{ ok: true; json: string }>(RecordRequest, { id: q.rows[0].id });
  assert.equal(JSON.parse(rec.json).key ?? JSON.parse(rec.json).requestParameters.key, 'k2');
  const problems = await client.sendRequest<{ total: number }>(ProblemsRequest, {});
  assert.equal(problems.total, 1);
  const sql = await client.sendRequest<{ ok: true; sql: string }>(AthenaSqlRequest, { query: 'bucket:b', table: 't1' });
  assert.match(sql.sql, /t1/);
  const completion = await client.sendRequest<{ items: { label: string }[] }>(QueryCompletionRequest, { query: 'eventName:', offset: 10 });
  assert.ok(completion.items.some((i) => i.label === 'GetObject'));
  const out = path.join(root, 'export.csv');
  const exported = await client.sendRequest<{ ok: boolean; rows: number }>(ExportRequest, { query: 'error:*', columns: ['eventName', 'error'], format: 'csv', path: out });
  assert.deepEqual(exported, { ok: true, rows: 1 });
  assert.equal(fs.readFileSync(out, 'utf8'), '"eventName","Error"\r\n"PutObject","AccessDenied"\r\n');
  const st = await client.sendRequest<IndexStatus>(IndexStatusRequest, {});
  assert.equal(st.state, 'ready');
  assert.equal(st.records, 5);
  const re = await client.sendRequest<IndexStatus>(ReindexRequest, {});
  assert.equal(re.state, 'indexing');
  const cancelled = await client.sendRequest<IndexStatus>(CancelIndexRequest, {});
  assert.ok(cancelled.state === 'cancelled' || cancelled.state === 'indexing' || cancelled.state === 'ready');
  // status notifications reached the client: indexing first, ready after
  assert.equal(statuses[0].state, 'indexing');
  assert.ok(statuses.some((s) => s.state === 'ready' && s.records === 5));
  service.dispose();
  client.dispose();
  server.dispose();
});

test('before the service exists the requests answer "not ready" values', async () => {
  const { server, client } = pair();
  registerIndexHandlers(server, () => undefined);
  server.listen();
  client.listen();
  const q = await client.sendRequest<QueryResult>(QueryRequest, { query: '', offset: 0, limit: 1 });
  assert.equal(q.ok, false);
  assert.equal((await client.sendRequest<IndexStatus>(IndexStatusRequest, {})).state, 'idle');
  assert.deepEqual(await client.sendRequest(ProblemsRequest, {}), { problems: [], total: 0 });
  assert.deepEqual(await client.sendRequest(QueryCompletionRequest, { query: '', offset: 0 }), { items: [] });
  assert.equal((await client.sendRequest<{ ok: boolean }>(RecordRequest, { id: 0 })).ok, false);
  client.dispose();
  server.dispose();
});

test('a row window sent after a facets request is answered before the facets, and "ready" comes with the time order built', async () => {
  const { server, client } = pair();
  const root = trail();
  const service = new WorkspaceIndexService({
    roots: [root], settings: defaultSettings(), onStatus: (s) => sendIndexStatus(server, s), log: () => undefined, workerScript: path.join(root, 'none.js'),
  });
  registerIndexHandlers(server, () => service);
  let preparedAtReady: boolean | undefined;
  client.onNotification(IndexStatusNotification, (s: IndexStatus) => {
    if (s.state !== 'ready') return;
    // The time orders are built and current when "ready" is announced (orderReady builds nothing).
    preparedAtReady = service.trailIndex.orderReady('time', true) && service.trailIndex.orderReady('time', false);
  });
  server.listen();
  client.listen();
  await service.start();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(preparedAtReady, true);
  const order: string[] = [];
  const facets = client.sendRequest(FacetsRequest, { query: '', columns: ['eventName', 'bucket', 'region', 'error'], limit: 5 }).then((r) => { order.push('facets'); return r; });
  const histogram = client.sendRequest(HistogramRequest, { query: '', buckets: 10 }).then(() => order.push('histogram'));
  const rows = client.sendRequest<QueryResult>(QueryRequest, { query: '', offset: 0, limit: 10, sort: { column: 'time', descending: true } }).then((r) => { order.push('rows'); return r; });
  const [f, q] = await Promise.all([facets, rows, histogram]);
  assert.equal(order[0], 'rows');
  assert.deepEqual(order.slice(1), ['facets', 'histogram']);
  assert.ok(q.ok);
  assert.deepEqual(q.rows.map((r) => r.time), ['2026-01-01T00:00:03Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z']);
  assert.deepEqual(Object.keys((f as { facets: object }).facets), ['eventName', 'bucket', 'region', 'error']);
  service.dispose();
  client.dispose();
  server.dispose();
});

test('the count a window left for later is side work after the rows; a count a newer one replaced before its turn is not made', async () => {
  const { server, client } = pair();
  const root = trail();
  const service = new WorkspaceIndexService({
    roots: [root], settings: defaultSettings(), onStatus: () => undefined, log: () => undefined, workerScript: path.join(root, 'none.js'),
  });
  registerIndexHandlers(server, () => service);
  server.listen();
  client.listen();
  await service.start();
  const order: string[] = [];
  // A facets job holds the side work: both counts wait behind it, and the first is replaced by the second meanwhile.
  const facets = client.sendRequest(FacetsRequest, { query: '', columns: ['eventName', 'bucket'], limit: 5 }).then(() => order.push('facets'));
  const older = client.sendRequest<CountResult>(CountRequest, { query: 'eventName:GetObject' }).then((r) => { order.push('older'); return r; });
  const newer = client.sendRequest<CountResult>(CountRequest, { query: 'eventName:PutObject,X' }).then((r) => { order.push('newer'); return r; });
  const rows = client.sendRequest<QueryResult>(QueryRequest, { query: 'eventName:PutObject,X', offset: 0, limit: 1, countLater: true }).then((r) => { order.push('rows'); return r; });
  const [, o, n, q] = await Promise.all([facets, older, newer, rows]);
  assert.deepEqual(order, ['rows', 'facets', 'older', 'newer']);
  assert.equal(o.ok, false);
  assert.deepEqual(n, { ok: true, total: 3 });
  assert.ok(q.ok && q.rows.length === 1);
  assert.deepEqual(await client.sendRequest<CountResult>(CountRequest, { query: 'eventName:GetObject' }), { ok: true, total: 2 });
  service.dispose();
  client.dispose();
  server.dispose();
});
