// server.ts wiring of the workspace index: folders from initialize, status notifications, query requests,
// and workspace/didChangeWatchedFiles forwarded to the index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AthenaSqlRequest, FacetsRequest, GroupByRequest, HistogramRequest, IndexStatusNotification, QueryRequest, SetLogFoldersRequest,
  SetPinnedRequest, type AthenaSqlResult, type FacetsResult, type GroupByResult, type HistogramResult, type IndexStatus,
  type QueryResult,
} from '../../core/protocol';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { positionAt, startServer, type ServerUnderTest } from './lsp-client';

function record(eventID: string, eventName: string): Record<string, unknown> {
  return {
    eventVersion: '1.08', userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'alice' }, eventTime: '2026-03-01T12:00:00Z',
    eventSource: 's3.amazonaws.com', eventName, awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7', requestParameters: { bucketName: 'prod-logs', key: 'a.csv' },
    responseElements: null, eventID, eventType: 'AwsApiCall', recipientAccountId: '111122223333',
  };
}


const isReady = (s: IndexStatus): boolean => s.state === 'ready';

/** The next index status that `accept` takes (by default the next "ready"); rejects after `timeoutMs` with the
 *  server's log. Subscribe before the change that leads to it. */
function indexStatus(server: ServerUnderTest, accept = isReady, timeoutMs = 30_000): Promise<IndexStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      d.dispose();
      reject(new Error(`no such index status within ${timeoutMs} ms:\n${server.logs.join('\n')}`));
    }, timeoutMs);
    const d = server.connection.onNotification(IndexStatusNotification, (s: IndexStatus) => {
      if (!accept(s)) return;
      clearTimeout(timer);
      d.dispose();
      resolve(s);
    });
  });
}

test('the server indexes its workspace folder and answers queries; watched-file changes reach the index', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-index-'));
  fs.writeFileSync(path.join(dir, 'trail.json'), JSON.stringify({ Records: [record('1', 'GetObject'), record('2', 'PutObject')] }));
  const server = await startServer({}, dir);
  // The explorer sends its pins as soon as the server starts: before the index exists.
  await server.connection.sendRequest(SetPinnedRequest, { eventIDs: ['2'] });
  try {
    const status = await indexStatus(server);
    assert.equal(status.s3Records, 2);
    const result = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: 'eventName:Put*', offset: 0, limit: 10 });
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.total, 1);
    // The group-by table is counted by the server on its index.
    const table = await server.connection.sendRequest<GroupByResult>(GroupByRequest, { query: '', rows: 'eventName', columns: 'bucket', rowLimit: 5, columnLimit: 5 });
    assert.deepEqual(table, {
      ok: true, total: 2, rows: [{ value: 'GetObject', count: 1 }, { value: 'PutObject', count: 1 }], columns: [{ value: 'prod-logs', count: 2 }], counts: [[1], [1]],
    });
    // The explorer's pins reach the index: pinned:true is the pinned record.
    const pinnedTotal = async (): Promise<string[] | string> => {
      const r = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: 'pinned:true', offset: 0, limit: 10 });
      return r.ok ? r.rows.map((row) => row.eventID) : r.error.message;
    };
    assert.deepEqual(await pinnedTotal(), ['2']);
    await server.connection.sendRequest(SetPinnedRequest, { eventIDs: ['1', '2'] });
    assert.deepEqual([...(await pinnedTotal())].sort(), ['1', '2']);
    await server.connection.sendRequest(SetPinnedRequest, { eventIDs: [] });
    assert.deepEqual(await pinnedTotal(), []);

    fs.writeFileSync(path.join(dir, 'more.json'), JSON.stringify({ Records: [record('3', 'PutObject')] }));
    const again = indexStatus(server, isReady, 10_000).catch(() => undefined);
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'more.json')).href, type: 1 }] });
    await again;
    let total = 0;
    for (let i = 0; i < 50 && total !== 2; i++) {
      const r = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: 'eventName:Put*', offset: 0, limit: 10 });
      total = r.ok ? r.total : -1;
      if (total !== 2) await new Promise((r2) => setTimeout(r2, 200));
    }
    assert.equal(total, 2);
  } finally {
    await server.stop();
  }
});

test('log folders outside the workspace are indexed: from initializationOptions and from setLogFolders, not twice', async () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-ws-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-logs-'));
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-logs2-'));
  fs.writeFileSync(path.join(ws, 'trail.json'), JSON.stringify({ Records: [record('1', 'GetObject')] }));
  fs.writeFileSync(path.join(outside, 'trail.json'), JSON.stringify({ Records: [record('2', 'PutObject'), record('3', 'PutObject')] }));
  fs.writeFileSync(path.join(other, 'trail.json'), JSON.stringify({ Records: [record('4', 'DeleteObject')] }));
  const server = await startServer({}, ws, { logFolders: [outside] });
  const readyWith = (s3Records: number): Promise<IndexStatus> => indexStatus(server, (s) => isReady(s) && s.s3Records === s3Records);
  try {
    const first = await readyWith(3);
    assert.equal(first.filesTotal, 2);
    // replacing the list re-indexes; a folder inside the workspace is not read a second time
    const next = readyWith(2);
    await server.connection.sendRequest(SetLogFoldersRequest, { folders: [other, ws] });
    const second = await next;
    assert.equal(second.filesTotal, 2);
    const r = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: 'eventName:DeleteObject', offset: 0, limit: 10 });
    assert.equal(r.ok && r.total, 1);
  } finally {
    await server.stop();
    for (const d of [ws, outside, other]) fs.rmSync(d, { recursive: true, force: true });
  }
});

test('the explorer\'s queries take path terms: the server re-reads the candidates, then answers rows, facets, histogram and SQL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-paths-'));
  const withBytes = (eventID: string, eventName: string, bytes: number) => ({ ...record(eventID, eventName), additionalEventData: { bytesTransferredOut: bytes } });
  fs.writeFileSync(path.join(dir, 'trail.json'), JSON.stringify({ Records: [withBytes('1', 'GetObject', 10), withBytes('2', 'GetObject', 3_000_000), withBytes('3', 'PutObject', 0)] }));
  fs.writeFileSync(path.join(dir, 'more.json'), JSON.stringify({ Records: [withBytes('4', 'GetObject', 7_000_000), record('5', 'DeleteObject')] }));
  const server = await startServer({}, dir);
  try {
    await indexStatus(server);
    const query = 'additionalEventData.bytesTransferredOut:>1000000';
    // Rows, facets and histogram asked at once, as the explorer does: one re-read serves the three.
    const [rows, facets, histogram] = await Promise.all([
      server.connection.sendRequest<QueryResult>(QueryRequest, { query, offset: 0, limit: 10, sort: { column: 'eventID', descending: false } }),
      server.connection.sendRequest<FacetsResult>(FacetsRequest, { query, columns: ['eventName'], limit: 5 }),
      server.connection.sendRequest<HistogramResult>(HistogramRequest, { query, buckets: 10 }),
    ]);
    assert.ok(rows.ok);
    assert.equal(rows.total, 2);
    assert.deepEqual(rows.rows.map((r) => r.eventID), ['2', '4']);
    assert.ok(facets.ok);
    assert.deepEqual(facets.facets.eventName, [{ value: 'GetObject', count: 2 }]);
    assert.ok(histogram.ok);
    assert.equal(histogram.counts.reduce((a, b) => a + b, 0), 2);
    const negated = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: `-${query} eventName:GetObject,DeleteObject`, offset: 0, limit: 10 });
    assert.ok(negated.ok);
    assert.deepEqual(negated.rows.map((r) => r.eventID).sort(), ['1', '5']);
    const sql = await server.connection.sendRequest<AthenaSqlResult>(AthenaSqlRequest, { query, table: '' });
    assert.ok(sql.ok);
    assert.match(sql.sql, /try_cast\(json_extract_scalar\(additionaleventdata, '\$\["bytesTransferredOut"\]'\) AS DOUBLE\) > 1000000/);
    const bad = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: 'request.bucketName:x', offset: 0, limit: 10 });
    assert.ok(!bad.ok);
    assert.match(bad.error.message, /a path starts with requestParameters\./);
  } finally {
    await server.stop();
  }
});

test('eventName completion ranks by the workspace index\'s counts, and a typo\'s fixes come first without echoing it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-rank-'));
  // The workspace is mostly ListObjectVersions, then HeadBucket; the open file holds a typo.
  const many = (name: string, n: number, from: number) => Array.from({ length: n }, (_, i) => record(`${name}-${from + i}`, name));
  fs.writeFileSync(path.join(dir, 'trail.json'), JSON.stringify({ Records: [...many('ListObjectVersions', 30, 0), ...many('HeadBucket', 12, 0)] }));
  const server = await startServer({}, dir);
  try {
    await indexStatus(server);
    const uri = pathToFileURL(path.join(dir, 'open.json')).href;
    const text = JSON.stringify({ Records: [record('a', ''), record('b', 'PutObjcet')] }, null, 2);
    await server.openValidated(uri, text);
    const byOrder = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
    const empty = await server.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, text.indexOf('""') + 1) });
    assert.deepEqual(byOrder(empty).slice(0, 2), ['ListObjectVersions', 'HeadBucket']);
    const typo = await server.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, text.indexOf('PutObjcet') + 9) });
    const order = byOrder(typo);
    assert.equal(order[0], 'PutObject');
    const fix = typo.find((i) => i.label === 'PutObject')!;
    assert.equal(fix.filterText, '"PutObjcet"');
    assert.equal(fix.preselect, true);
    assert.ok(!order.includes('PutObjcet'));
  } finally {
    await server.stop();
  }
});
