// server.ts wiring of the workspace index: folders from initialize, status notifications, query requests,
// and workspace/didChangeWatchedFiles forwarded to the index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexStatusNotification, QueryRequest, SetLogFoldersRequest, type IndexStatus, type QueryResult } from '../../core/protocol';
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

test('log folders outside the workspace are indexed: from initializationOptions and from setLogFolders, not twice', async () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-ws-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-logs-'));
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-logs2-'));
  fs.writeFileSync(path.join(ws, 'trail.json'), JSON.stringify({ Records: [record('1', 'GetObject')] }));
  fs.writeFileSync(path.join(outside, 'trail.json'), JSON.stringify({ Records: [record('2', 'PutObject'), record('3', 'PutObject')] }));
  fs.writeFileSync(path.join(other, 'trail.json'), JSON.stringify({ Records: [record('4', 'DeleteObject')] }));
  const server = await startServer({}, ws, { logFolders: [outside] });
  const readyWith = (s3Records: number): Promise<IndexStatus> => Promise.race([
    new Promise<IndexStatus>((resolve) => {
      const d = server.connection.onNotification(IndexStatusNotification, (s: IndexStatus) => {
        if (s.state === 'ready' && s.s3Records === s3Records) { d.dispose(); resolve(s); }
      });
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ready status with ${s3Records} S3 records:\n${server.logs.join('\n')}`)), 30000)),
  ]);
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
