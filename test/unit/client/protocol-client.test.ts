// The client's typed protocol wrappers: what they send and subscribe at run time, and (checked by
// `tsc --noEmit`, which `npm test` runs) that a wrong method / params / result pairing does not compile.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  IndexStatusNotification, IntegrityProgressNotification, QueryRequest, RecordRequest, type IndexStatus, type QueryResult, type RecordResult,
} from '../../../core/protocol';
import { onNotification, sendRequest } from '../../../client/protocol-client';

function fakeClient(answer: unknown): { client: LanguageClient; sent: unknown[][]; handlers: Map<string, (p: unknown) => void> } {
  const sent: unknown[][] = [];
  const handlers = new Map<string, (p: unknown) => void>();
  const client = {
    sendRequest: async (...args: unknown[]) => {
      sent.push(args);
      return answer;
    },
    onNotification: (method: string, h: (p: unknown) => void) => {
      handlers.set(method, h);
      return { dispose: () => handlers.delete(method) };
    },
  } as unknown as LanguageClient;
  return { client, sent, handlers };
}

const EMPTY: QueryResult = { ok: true, total: 0, s3Total: 0, allTotal: 0, rows: [], tookMs: 0 };

test('sendRequest sends the method and params (and the token when given) and resolves with the answer', async () => {
  const { client, sent } = fakeClient(EMPTY);
  const r = await sendRequest(client, QueryRequest, { query: 'x', offset: 0, limit: 1 });
  assert.deepEqual(r, EMPTY);
  const token = { isCancellationRequested: false };
  await sendRequest(client, RecordRequest, { id: 3 }, token as never);
  assert.deepEqual(sent, [[QueryRequest, { query: 'x', offset: 0, limit: 1 }], [RecordRequest, { id: 3 }, token]]);
});

test('onNotification hands the handler the params of its method', () => {
  const { client, handlers } = fakeClient(undefined);
  const seen: string[] = [];
  const sub = onNotification(client, IndexStatusNotification, (s) => seen.push(s.state));
  handlers.get(IndexStatusNotification)!({ state: 'ready' } satisfies Partial<IndexStatus>);
  assert.deepEqual(seen, ['ready']);
  sub.dispose();
  assert.equal(handlers.size, 0);
});

test('a wrong method, params or result pairing does not compile (type test)', async () => {
  const { client } = fakeClient(EMPTY);
  // @ts-expect-error QueryRequest resolves with a QueryResult, not a RecordResult
  const wrong: Promise<RecordResult> = sendRequest(client, QueryRequest, { query: '', offset: 0, limit: 0 });
  await wrong;
  // @ts-expect-error RecordRequest takes { id }, not a query
  await sendRequest(client, RecordRequest, { query: '' });
  // @ts-expect-error a notification is not a request
  await sendRequest(client, IndexStatusNotification, {});
  // @ts-expect-error IntegrityProgressNotification's params are progress, not an index status
  onNotification(client, IntegrityProgressNotification, (p: IndexStatus) => p.state);
});
