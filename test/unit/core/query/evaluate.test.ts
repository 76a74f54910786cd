// Reference evaluator: every query of the case table against the hand-made record set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_VALUES, matchesRecord, matchesValues, parseQuery, QUERY_FIELDS, ROW_SET_FIELDS, ACCESS_QUERY_FIELDS, type QueryField } from '../../../../core/query';
import { RECORD_VALUE_KEYS } from '../../../../core/record/values';
import { CASES, NOW, RECORDS } from './query-cases';

function run(query: string): string[] {
  const parsed = parseQuery(query, NOW);
  assert.ok(parsed.ok, `${query}: ${parsed.ok ? '' : parsed.error.message}`);
  return Object.entries(RECORDS)
    .filter(([, v]) => matchesValues(parsed.query, v))
    .map(([id]) => id);
}

for (const c of CASES) {
  test(`matches of ${JSON.stringify(c.query)}`, () => {
    assert.deepEqual(run(c.query).sort(), [...c.matches].sort());
  });
}

test('a term and its negation split the S3 records between them', () => {
  const s3 = run('');
  for (const c of CASES) {
    if (c.query.includes(' ') || c.query.startsWith('-') || /source:/i.test(c.query) || c.query === '') continue;
    const pos = run(c.query);
    const neg = run(`-${c.query}`);
    assert.deepEqual([...pos, ...neg].sort(), [...s3].sort(), c.query);
  }
});

test('terms are ANDed', () => {
  const both = run('bucket:prod-logs access:write');
  assert.deepEqual(both.sort(), ['ci', 'svc']);
  assert.deepEqual(run('bucket:prod-logs access:write error:*'), ['ci']);
});

test('every field reads only existing RecordValues keys, and text leaves out the derived flags', () => {
  for (const f of QUERY_FIELDS) {
    const keys = FIELD_VALUES[f.name as QueryField];
    // story: and integrity: rows come from the workspace (TrailIndex row sets), not from a record's values; the
    // access-log fields (kind:, joined:, status:, ...) from the index's access-log columns and the join.
    assert.equal(keys.length > 0, !ROW_SET_FIELDS.includes(f.name) && !ACCESS_QUERY_FIELDS.includes(f.name), f.name);
    for (const k of keys) assert.ok(RECORD_VALUE_KEYS.includes(k), `${f.name} -> ${k}`);
  }
  assert.deepEqual([...FIELD_VALUES.user], ['userArn', 'userName', 'principalId', 'issuerUserName']);
  for (const k of ['crossAccount', 'anonymous', 'category', 'access'] as const) assert.ok(!FIELD_VALUES.text.includes(k), k);
});

test('matchValue is what the index calls per distinct value', () => {
  const parsed = parseQuery('eventName:Delete*,PutObject ip:10.0.0.0/8,2001:db8::/32 since:2026-01-01', NOW);
  assert.ok(parsed.ok);
  const [name, ip, since] = parsed.query.terms;
  assert.equal(name.matchValue('DELETEOBJECTS'), true);
  assert.equal(name.matchValue('putobject'), true);
  assert.equal(name.matchValue('PutObjectAcl'), false);
  assert.equal(ip.matchValue('10.9.8.7'), true);
  assert.equal(ip.matchValue('2001:DB8:0:0::1'), true);
  assert.equal(ip.matchValue('::ffff:10.1.1.1'), true, 'IPv4-mapped IPv6 is in an IPv4 block, as in Athena');
  for (const notAddress of ['AWS Internal', 's3.amazonaws.com', '', '10.1', '1.2.3.4.5', '::::', 'fe80::1%eth0', '11.0.0.1, x']) {
    assert.equal(ip.matchValue(notAddress), false, notAddress);
  }
  assert.equal(ip.matchValue('192.0.2.1, 10.0.0.7'), true);
  assert.equal(since.timeMs, Date.UTC(2026, 0, 1));
  assert.equal(since.matchValue('2026-01-01T00:00:00Z'), true);
  assert.equal(since.matchValue('2025-12-31T23:59:59Z'), false);
  assert.equal(since.matchValue('not a time'), false);
});

test('a record without eventTime fails since: and passes -since:', () => {
  const v = { ...RECORDS.alice, eventTime: undefined };
  const pos = parseQuery('since:2000-01-01', NOW);
  const neg = parseQuery('-since:2000-01-01', NOW);
  assert.ok(pos.ok && neg.ok);
  assert.equal(matchesValues(pos.query, v), false);
  assert.equal(matchesValues(neg.query, v), true);
});

test('event sources outside S3 need a source: term, whatever their case', () => {
  const upper = { ...RECORDS.alice, eventSource: 'S3.AMAZONAWS.COM' };
  const outposts = { ...RECORDS.alice, eventSource: 's3-outposts.amazonaws.com' };
  const none = { ...RECORDS.alice, eventSource: undefined };
  const all = parseQuery('');
  assert.ok(all.ok);
  assert.equal(matchesValues(all.query, upper), true);
  assert.equal(matchesValues(all.query, outposts), true);
  assert.equal(matchesValues(all.query, none), false);
  const negated = parseQuery('-source:kms.amazonaws.com');
  assert.ok(negated.ok);
  assert.equal(negated.query.s3Only, false);
  assert.equal(matchesValues(negated.query, none), true, 'a negated source term alone decides: no eventSource passes it');
});

test('matchesRecord reads a raw record through core/record', () => {
  const raw = {
    eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventTime: '2026-01-01T10:00:00Z',
    userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' }, recipientAccountId: '111122223333',
    resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::public-site/index.html' }],
  };
  const yes = parseQuery('anonymous:true crossaccount:true bucket:public-site key:index.html -user:*', NOW);
  const no = parseQuery('bucket:prod-logs', NOW);
  assert.ok(yes.ok && no.ok);
  assert.equal(matchesRecord(yes.query, raw), true);
  assert.equal(matchesRecord(no.query, raw), false);
});
