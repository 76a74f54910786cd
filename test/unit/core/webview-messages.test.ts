import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../../core/problem';
import {
  AthenaSqlRequest, CountRequest, ExportRequest, FacetsRequest, GroupByRequest, HistogramRequest, IndexStatusRequest, PIN_NOTE_MAX, PrettyTextRequest,
  ProblemsRequest, QueryCompletionRequest, QueryRequest, RecordRequest, ReindexRequest, WEBVIEW_FORWARDED_METHODS, type PinnedRowText,
  type QueryResult, type RowData,
} from '../../../core/protocol';
import {
  acceptWebviewMessage, FORWARDED_PARAMS, HandedOut, MAX_EVENT_ID_CHARS, MAX_IDENTITY_CHARS, MAX_PIN_FIELD_CHARS, MAX_QUERY_CHARS,
} from '../../../core/webview-messages';

const PROBLEM: Problem = { file: '/ws/AWSLogs/broken.json', code: 'json-syntax', severity: 'error', message: 'Expected a comma', position: { offset: 120, line: 3, column: 7 } };

/** A host that handed out rows 7 and 8 (a query window) and one problem (the problems list). */
function host(): HandedOut {
  const h = new HandedOut();
  const result: QueryResult = { ok: true, total: 2, s3Total: 2, allTotal: 2, rows: [{ id: 7 } as RowData, { id: 8 } as RowData], tookMs: 1 };
  h.noteResult(QueryRequest, result);
  h.noteResult(ProblemsRequest, { problems: [PROBLEM, { file: '/ws/x.json.gz', code: 'truncated-gzip', severity: 'error', message: 'ends early' }], total: 2 });
  return h;
}

test('the messages the explorer sends are accepted, rebuilt from their checked fields only', () => {
  const h = host();
  const ok = (m: unknown) => acceptWebviewMessage(m, h);
  assert.deepEqual(ok({ type: 'ready', extra: 1 }), { type: 'ready' });
  assert.deepEqual(ok({ type: 'request', id: 1, method: QueryRequest, params: { query: 'bucket:b', sort: { column: 'time', descending: true, x: 1 }, offset: 0, limit: 200, evil: true } }),
    { type: 'request', id: 1, method: QueryRequest, params: { query: 'bucket:b', offset: 0, limit: 200, sort: { column: 'time', descending: true } } });
  assert.deepEqual(ok({ type: 'request', id: 2, method: FacetsRequest, params: { query: '', columns: ['eventName', 'bucket'], limit: 8 } }),
    { type: 'request', id: 2, method: FacetsRequest, params: { query: '', columns: ['eventName', 'bucket'], limit: 8 } });
  // The explorer's first screens take their rows before the count, which it asks for after.
  assert.deepEqual(ok({ type: 'request', id: 2, method: QueryRequest, params: { query: 'bucket:b', offset: 0, limit: 60, countLater: true } }),
    { type: 'request', id: 2, method: QueryRequest, params: { query: 'bucket:b', offset: 0, limit: 60, countLater: true } });
  assert.deepEqual(ok({ type: 'request', id: 2, method: CountRequest, params: { query: 'bucket:b', evil: 1 } }),
    { type: 'request', id: 2, method: CountRequest, params: { query: 'bucket:b' } });
  assert.deepEqual(ok({ type: 'request', id: 3, method: HistogramRequest, params: { query: '', buckets: 120 } })?.type, 'request');
  assert.deepEqual(ok({ type: 'request', id: 4, method: RecordRequest, params: { id: 7 } }), { type: 'request', id: 4, method: RecordRequest, params: { id: 7 } });
  assert.deepEqual(ok({ type: 'request', id: 5, method: ProblemsRequest, params: {} })?.type, 'request');
  assert.deepEqual(ok({ type: 'request', id: 6, method: AthenaSqlRequest, params: { query: 'x', table: 'cloudtrail_logs' } })?.type, 'request');
  assert.deepEqual(ok({ type: 'request', id: 7, method: QueryCompletionRequest, params: { query: 'eventName:', offset: 10 } })?.type, 'request');
  assert.deepEqual(ok({ type: 'request', id: 8, method: IndexStatusRequest, params: {} })?.type, 'request');
  assert.deepEqual(ok({ type: 'reveal', id: 8 }), { type: 'reveal', id: 8 });
  assert.deepEqual(ok({ type: 'export', format: 'csv', query: 'error:*', columns: ['time', 'key'], path: '/etc/cron.d/x' }),
    { type: 'export', format: 'csv', query: 'error:*', columns: ['time', 'key'] });
  assert.deepEqual(ok({ type: 'copy', text: '{"a":1}' }), { type: 'copy', text: '{"a":1}' });
  assert.deepEqual(ok({ type: 'saveQuery', query: 'bucket:b' }), { type: 'saveQuery', query: 'bucket:b' });
  assert.deepEqual(ok({ type: 'queryRan', query: '' }), { type: 'queryRan', query: '' });
});

test('openProblem: only a problem the host handed out, and the host acts on its own copy', () => {
  const h = host();
  const accepted = acceptWebviewMessage({ type: 'openProblem', problem: { ...PROBLEM, position: { ...PROBLEM.position } } }, h);
  assert.ok(accepted?.type === 'openProblem');
  assert.equal(accepted.problem, PROBLEM);
  const forged: unknown[] = [
    { ...PROBLEM, file: '/etc/passwd' },
    { ...PROBLEM, file: '/ws/AWSLogs/broken.json/../../../home/user/.ssh/id_rsa' },
    { ...PROBLEM, file: 'file:///etc/shadow' },
    { ...PROBLEM, file: 'command:workbench.action.terminal.new' },
    { ...PROBLEM, position: { offset: 120, line: 4, column: 7 } },
    { ...PROBLEM, position: undefined },
    { ...PROBLEM, severity: 'fatal' },
    { file: PROBLEM.file },
    PROBLEM.file,
    null,
    undefined,
    [PROBLEM],
  ];
  for (const problem of forged) assert.equal(acceptWebviewMessage({ type: 'openProblem', problem }, h), undefined, JSON.stringify(problem));
  // nothing handed out yet: nothing to open
  assert.equal(acceptWebviewMessage({ type: 'openProblem', problem: PROBLEM }, new HandedOut()), undefined);
});

test('reveal and record requests: only row ids the host handed out', () => {
  const h = host();
  for (const id of [0, 9, -7, 7.5, '7', NaN, Infinity, 2 ** 53, null]) {
    assert.equal(acceptWebviewMessage({ type: 'reveal', id }, h), undefined, String(id));
    assert.equal(acceptWebviewMessage({ type: 'request', id: 1, method: RecordRequest, params: { id } }, h), undefined, String(id));
  }
  h.noteResult(QueryRequest, { ok: true, total: 1, s3Total: 1, allTotal: 1, rows: [{ id: 9 }], tookMs: 0 });
  assert.deepEqual(acceptWebviewMessage({ type: 'reveal', id: 9 }, h), { type: 'reveal', id: 9 });
  // a failed query hands out nothing
  h.noteResult(QueryRequest, { ok: false, error: { message: 'x', start: 0, end: 1 }, rows: [{ id: 10 }] });
  assert.equal(acceptWebviewMessage({ type: 'reveal', id: 10 }, h), undefined);
});

test('forged requests: methods the webview may not call, malformed params, messages of no known shape', () => {
  const h = host();
  const no = (m: unknown) => assert.equal(acceptWebviewMessage(m, h), undefined, JSON.stringify(m));
  for (const method of [ExportRequest, PrettyTextRequest, ReindexRequest, 'cloudtrail/nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    no({ type: 'request', id: 1, method, params: { query: '', path: '/tmp/x', uri: 'file:///etc/passwd' } });
  }
  const q = (params: unknown) => ({ type: 'request', id: 1, method: QueryRequest, params });
  no(q({ query: '', offset: 0, limit: 1e9 }));
  no(q({ query: '', offset: -1, limit: 10 }));
  no(q({ query: '', offset: 0.5, limit: 10 }));
  no(q({ query: 1, offset: 0, limit: 10 }));
  no(q({ query: 'x'.repeat(MAX_QUERY_CHARS + 1), offset: 0, limit: 10 }));
  no(q({ query: '', offset: 0, limit: 10, sort: { column: 'password', descending: true } }));
  no(q({ query: '', offset: 0, limit: 10, sort: { column: 'time', descending: 'yes' } }));
  no(q(null));
  no(q([]));
  no({ type: 'request', id: 1, method: FacetsRequest, params: { query: '', columns: ['eventName', 'eventName'], limit: 8 } });
  no({ type: 'request', id: 1, method: FacetsRequest, params: { query: '', columns: ['__proto__'], limit: 8 } });
  no({ type: 'request', id: 1, method: HistogramRequest, params: { query: '', buckets: 0 } });
  no({ type: 'request', id: 1, method: QueryRequest, params: { query: '', offset: 0, limit: 1, countLater: 'yes' } });
  no({ type: 'request', id: 1, method: CountRequest, params: { query: 7 } });
  no({ type: 'request', id: 1, method: QueryCompletionRequest, params: { query: 'ab', offset: 3 } });
  no({ type: 'request', id: '1', method: QueryRequest, params: { query: '', offset: 0, limit: 10 } });
  no({ type: 'export', format: 'xlsx', query: '', columns: ['time'] });
  no({ type: 'export', format: 'csv', query: '', columns: [] });
  no({ type: 'export', format: 'csv', query: '', columns: ['time', 'rm -rf'] });
  no({ type: 'export', format: 'csv', query: '', columns: ['time'], sort: 'time' });
  no({ type: 'copy', text: 42 });
  no({ type: 'saveQuery', query: { toString: 'x' } });
  no({ type: 'queryRan' });
  for (const m of [null, undefined, 'ready', 42, [], ['ready'], { type: 'Ready' }, { type: 'toast', message: 'hi' }, { type: '__proto__' }, {}]) no(m);
});

test('every method the webview may forward has its params check, and no other', () => {
  assert.deepEqual(Object.keys(FORWARDED_PARAMS).sort(), [...WEBVIEW_FORWARDED_METHODS].sort());
});

test('pins, notes, links, the report and group-by tables: accepted in their shapes, forged ones refused', () => {
  const h = host();
  const ok = (m: unknown) => acceptWebviewMessage(m, h);
  const no = (m: unknown) => assert.equal(acceptWebviewMessage(m, h), undefined, JSON.stringify(m));
  const row: PinnedRowText = { time: 't', eventName: 'GetObject', bucket: 'b', key: 'k', principal: 'p', sourceIP: '1.2.3.4', error: '', file: '/ws/a.json' };
  assert.deepEqual(ok({ type: 'pin', eventID: 'e-1', pinned: true, row: { ...row, html: '<b>' }, extra: 1 }), { type: 'pin', eventID: 'e-1', pinned: true, row });
  assert.deepEqual(ok({ type: 'pinNote', eventID: 'e-1', note: 'seen in ticket 42' }), { type: 'pinNote', eventID: 'e-1', note: 'seen in ticket 42' });
  assert.deepEqual(ok({ type: 'copyLink', eventID: 'e-1', uri: 'command:workbench.action.terminal.new' }), { type: 'copyLink', eventID: 'e-1' });
  assert.deepEqual(ok({ type: 'exportReport', query: 'pinned:true', path: '/etc/passwd' }), { type: 'exportReport', query: 'pinned:true' });
  const groupBy = { query: 'error:*', rows: 'principal', columns: 'eventName', rowLimit: 15, columnLimit: 10 };
  assert.deepEqual(ok({ type: 'request', id: 9, method: GroupByRequest, params: { ...groupBy, evil: true } }), { type: 'request', id: 9, method: GroupByRequest, params: groupBy });
  no({ type: 'pin', eventID: '', pinned: true, row });
  no({ type: 'pin', eventID: 'e'.repeat(MAX_EVENT_ID_CHARS + 1), pinned: true, row });
  no({ type: 'pin', eventID: 'e-1', pinned: 'yes', row });
  no({ type: 'pin', eventID: 'e-1', pinned: true, row: { ...row, bucket: 7 } });
  no({ type: 'pin', eventID: 'e-1', pinned: true, row: { ...row, key: 'k'.repeat(MAX_PIN_FIELD_CHARS + 1) } });
  no({ type: 'pinNote', eventID: 'e-1', note: 'n'.repeat(PIN_NOTE_MAX + 1) });
  no({ type: 'pinNote', eventID: 42, note: '' });
  no({ type: 'copyLink', eventID: { toString: 'x' } });
  no({ type: 'exportReport', query: 'x'.repeat(MAX_QUERY_CHARS + 1) });
  no({ type: 'request', id: 9, method: GroupByRequest, params: { ...groupBy, rows: 'password' } });
  no({ type: 'request', id: 9, method: GroupByRequest, params: { ...groupBy, rowLimit: 1e9 } });
  no({ type: 'request', id: 9, method: GroupByRequest, params: { ...groupBy, columnLimit: -1 } });
});

test('a story message names a row the host handed out or an identity value, nothing else', () => {
  const h = host();
  const ok = (m: unknown) => acceptWebviewMessage(m, h);
  assert.deepEqual(ok({ type: 'story', id: 7, identity: 'ignored' }), { type: 'story', id: 7 });
  assert.deepEqual(ok({ type: 'story', identity: 'ASIAADMIN00000000001', x: 1 }), { type: 'story', identity: 'ASIAADMIN00000000001' });
  for (const m of [
    { type: 'story' }, { type: 'story', id: '7' }, { type: 'story', id: 99 }, { type: 'story', identity: '' },
    { type: 'story', identity: 'x'.repeat(MAX_IDENTITY_CHARS + 1) }, { type: 'story', identity: { row: 1 } },
  ]) assert.equal(ok(m), undefined, JSON.stringify(m));
});
