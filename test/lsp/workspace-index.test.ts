// server.ts wiring of the workspace index: folders from initialize, status notifications, query requests,
// and workspace/didChangeWatchedFiles forwarded to the index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GroupByRequest, IndexStatusNotification, QueryRequest, SetPinnedRequest, type GroupByResult, type IndexStatus, type QueryResult } from '../../core/protocol';
import { startServer } from './lsp-client';

function record(eventID: string, eventName: string): Record<string, unknown> {
  return {
    eventVersion: '1.08', userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'alice' }, eventTime: '2026-03-01T12:00:00Z',
    eventSource: 's3.amazonaws.com', eventName, awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7', requestParameters: { bucketName: 'prod-logs', key: 'a.csv' },
    responseElements: null, eventID, eventType: 'AwsApiCall', recipientAccountId: '111122223333',
  };
}

test('the server indexes its workspace folder and answers queries; watched-file changes reach the index', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-index-'));
  fs.writeFileSync(path.join(dir, 'trail.json'), JSON.stringify({ Records: [record('1', 'GetObject'), record('2', 'PutObject')] }));
  const server = await startServer({}, dir);
  // The explorer sends its pins as soon as the server starts: before the index exists.
  await server.connection.sendRequest(SetPinnedRequest, { eventIDs: ['2'] });
  try {
    const ready = (): Promise<IndexStatus> => new Promise((resolve) => {
      const d = server.connection.onNotification(IndexStatusNotification, (s: IndexStatus) => {
        if (s.state === 'ready') {
          d.dispose();
          resolve(s);
        }
      });
    });
    const status = await Promise.race([ready(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`index never ready:\n${server.logs.join('\n')}`)), 30000))]);
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
    const again = ready();
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'more.json')).href, type: 1 }] });
    await Promise.race([again, new Promise((r) => setTimeout(r, 10000))]);
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
