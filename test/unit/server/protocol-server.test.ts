// The server's typed protocol wrappers: what they register and send at run time, and (checked by
// `tsc --noEmit`, which `npm test` runs) that a wrong method / params / result pairing does not compile.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import {
  FindingsChangedNotification, IndexStatusNotification, QueryRequest, RecordRequest, type IndexStatus, type QueryResult, type RecordResult,
} from '../../../core/protocol';
import { IDLE_STATUS } from '../../../server/index-handlers';
import { onRequest, sendNotification } from '../../../server/protocol-server';

function fakeConnection(): { connection: Connection; handlers: Map<string, (p: unknown, t: CancellationToken) => unknown>; sent: unknown[][] } {
  const handlers = new Map<string, (p: unknown, t: CancellationToken) => unknown>();
  const sent: unknown[][] = [];
  const connection = {
    onRequest: (method: string, h: (p: unknown, t: CancellationToken) => unknown) => {
      handlers.set(method, h);
      return { dispose: () => handlers.delete(method) };
    },
    sendNotification: async (method: string, ...params: unknown[]) => {
      sent.push([method, ...params]);
    },
  } as unknown as Connection;
  return { connection, handlers, sent };
}

const EMPTY: QueryResult = { ok: true, total: 0, s3Total: 0, allTotal: 0, rows: [], tookMs: 0 };

test('onRequest registers the handler under its method and hands it the params and the token', async () => {
  const { connection, handlers } = fakeConnection();
  const seen: unknown[] = [];
  const token = { isCancellationRequested: false } as CancellationToken;
  const sub = onRequest(connection, QueryRequest, (p, t) => {
    seen.push(p.query, p.limit, t);
    return EMPTY;
  });
  const answer = await handlers.get(QueryRequest)!({ query: 'bucket:b', offset: 0, limit: 5 }, token);
  assert.deepEqual(answer, EMPTY);
  assert.deepEqual(seen, ['bucket:b', 5, token]);
  sub.dispose();
  assert.equal(handlers.size, 0);
});

test('sendNotification sends the params of its method, and none for a notification without params', async () => {
  const { connection, sent } = fakeConnection();
  await sendNotification(connection, IndexStatusNotification, IDLE_STATUS);
  await sendNotification(connection, FindingsChangedNotification);
  assert.deepEqual(sent, [[IndexStatusNotification, IDLE_STATUS], [FindingsChangedNotification]]);
});

test('a wrong method, params or result pairing does not compile (type test)', () => {
  const { connection } = fakeConnection();
  const record: RecordResult = { ok: false, message: 'no' };
  // @ts-expect-error QueryRequest answers a QueryResult, not a RecordResult
  onRequest(connection, QueryRequest, (): RecordResult => record);
  // @ts-expect-error RecordRequest's params have an id, not a query
  onRequest(connection, RecordRequest, (p) => ({ ok: false, message: p.query }));
  const status: IndexStatus = IDLE_STATUS;
  // @ts-expect-error a request is not a notification
  void sendNotification(connection, QueryRequest, status);
  // @ts-expect-error IndexStatusNotification carries an IndexStatus
  void sendNotification(connection, IndexStatusNotification, record);
  // @ts-expect-error IndexStatusNotification needs its params
  void sendNotification(connection, IndexStatusNotification);
  // @ts-expect-error not a method of the protocol
  onRequest(connection, 'cloudtrail/nonsense', () => EMPTY);
});
