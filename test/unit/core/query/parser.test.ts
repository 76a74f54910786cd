// Parser: term structure, quoting and escapes, field aliases, time bounds, and errors that point at
// the exact columns of the mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, resolveField, type ParsedQuery } from '../../../../core/query';

const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);

function ok(text: string): ParsedQuery {
  const r = parseQuery(text, NOW);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error.message}`);
  return r.query;
}

function fails(text: string): { message: string; start: number; end: number; span: string } {
  const r = parseQuery(text, NOW);
  assert.ok(!r.ok, `${text} should not parse`);
  return { ...r.error, span: text.slice(r.error.start, r.error.end) };
}

test('empty and blank queries are everything in scope', () => {
  for (const text of ['', '   ', '\t\n']) {
    const q = ok(text);
    assert.deepEqual(q.terms, []);
    assert.equal(q.s3Only, true);
    assert.equal(q.text, text);
  }
});

test('terms carry field, negation and their character range', () => {
  const text = 'eventName:Delete* bucket:prod-logs -user:*ci* error:AccessDenied since:-24h ip:10.0.0.0/8';
  const q = ok(text);
  assert.deepEqual(
    q.terms.map((t) => [t.field, t.negated, text.slice(t.start, t.end)]),
    [
      ['eventName', false, 'eventName:Delete*'],
      ['bucket', false, 'bucket:prod-logs'],
      ['user', true, '-user:*ci*'],
      ['error', false, 'error:AccessDenied'],
      ['since', false, 'since:-24h'],
      ['ip', false, 'ip:10.0.0.0/8'],
    ],
  );
  assert.equal(q.terms[4].timeMs, NOW - 24 * 3600_000);
  assert.equal(q.s3Only, true);
});

test('field names are case-insensitive and aliases resolve to one field', () => {
  const pairs: [string, string][] = [
    ['EVENTNAME', 'eventName'], ['EventName', 'eventName'], ['event', 'eventName'], ['eventsource', 'source'], ['Source', 'source'],
    ['bucketName', 'bucket'], ['principal', 'principal'], ['PRINCIPAL', 'principal'], ['sourceIPAddress', 'ip'], ['sourceip', 'ip'], ['userAgent', 'agent'],
    ['errorCode', 'error'], ['awsRegion', 'region'], ['recipientAccountId', 'recipient'], ['accountId', 'account'],
    ['identityType', 'identity'], ['category', 'type'], ['eventCategory', 'type'], ['requestID', 'requestid'], ['eventID', 'eventid'],
    ['CrossAccount', 'crossaccount'], ['from', 'since'], ['to', 'until'],
  ];
  for (const [name, field] of pairs) {
    assert.equal(resolveField(name), field, name);
    const value = field === 'since' || field === 'until' ? '-1h' : field === 'type' ? 'data' : field === 'crossaccount' ? 'true' : 'x';
    assert.equal(ok(`${name}:${value}`).terms[0].field, field, name);
  }
  assert.equal(ok('EventSource:s3.amazonaws.com').s3Only, false);
});

test('a bare word is a text term; quotes keep spaces and colons; escapes \\" \\\\ \\*', () => {
  const q = ok('alice "AWS Internal" "arn:aws:s3:::b" key:"a \\"quoted\\" \\\\ \\* *"');
  assert.deepEqual(
    q.terms.map((t) => [t.field, t.items.map((i) => [i.kind, i.text])]),
    [
      ['text', [['contains', 'alice']]],
      ['text', [['contains', 'aws internal']]],
      ['text', [['contains', 'arn:aws:s3:::b']]],
      ['key', [['glob', 'a "quoted" \\ * *']]],
    ],
  );
  const key = q.terms[3];
  assert.equal(key.matchValue('A "Quoted" \\ * anything'), true);
  assert.equal(key.matchValue('a "quoted" \\ x anything'), false, 'an escaped star is literal');
});

test('a,b lists mix quoted and plain items', () => {
  const q = ok('bucket:a,"b c",d*');
  assert.deepEqual(
    q.terms[0].items.map((i) => [i.kind, i.text]),
    [['exact', 'a'], ['exact', 'b c'], ['glob', 'd*']],
  );
  assert.equal(q.terms[0].matchValue('B C'), true);
  assert.equal(q.terms[0].matchValue('dx'), true);
  assert.equal(q.terms[0].matchValue('c'), false);
});

test('values may contain colons after the field name (ARNs, IPv6, times)', () => {
  const q = ok('user:arn:aws:iam::1:user/x ip:2001:db8::/32 since:2026-01-01T10:00:00Z');
  assert.equal(q.terms[0].items[0].text, 'arn:aws:iam::1:user/x');
  assert.equal(q.terms[1].items[0].kind, 'cidr');
  assert.equal(q.terms[2].timeMs, Date.UTC(2026, 0, 1, 10));
});

test('since/until accept ISO date-times, offsets and relative ages; until covers its precision', () => {
  const cases: [string, number][] = [
    ['since:2026-01-01', Date.UTC(2026, 0, 1)],
    ['until:2026-01-01', Date.UTC(2026, 0, 2) - 1],
    ['until:2026-01-01T10:00', Date.UTC(2026, 0, 1, 10, 1) - 1],
    ['until:2026-01-01T10:00:05Z', Date.UTC(2026, 0, 1, 10, 0, 6) - 1],
    ['until:2026-01-01T10:00:05.250Z', Date.UTC(2026, 0, 1, 10, 0, 5, 250)],
    ['since:2026-01-01T10:00:00+02:00', Date.UTC(2026, 0, 1, 8)],
    ['since:2026-01-01T10:00:00-0530', Date.UTC(2026, 0, 1, 15, 30)],
    ['since:"2026-01-01 10:00"', Date.UTC(2026, 0, 1, 10)],
    ['since:-30m', NOW - 30 * 60_000],
    ['since:-24h', NOW - 24 * 3600_000],
    ['since:-7d', NOW - 7 * 86400_000],
    ['since:-2w', NOW - 14 * 86400_000],
    ['since:-45s', NOW - 45_000],
    ['since:7D', NOW - 7 * 86400_000],
    ['until:-1h', NOW - 3600_000],
  ];
  for (const [text, ms] of cases) assert.equal(ok(text).terms[0].timeMs, ms, text);
  assert.equal(parseQuery('since:-1h').ok, true, 'now defaults to the clock');
});

test('unknown field: the error covers the field name', () => {
  const e = fails('bucket:x foo:bar');
  assert.equal(e.span, 'foo');
  assert.deepEqual([e.start, e.end], [9, 12]);
  assert.match(e.message, /Unknown field 'foo'/);
  const typo = fails('-evntName:GetObject');
  assert.equal(typo.span, 'evntName');
  assert.match(typo.message, /did you mean 'eventName'/);
  const arn = fails('arn:aws:s3:::bucket');
  assert.equal(arn.span, 'arn');
  assert.match(arn.message, /quotes/);
});

test('bad values: the error covers the value', () => {
  const expectations: [string, string, RegExp][] = [
    ['ip:10.0.0.0/33', '10.0.0.0/33', /Bad CIDR/],
    ['ip:10.0.0/8', '10.0.0/8', /Bad CIDR/],
    ['ip:10.0.0.0/8,300.1.1.1/8', '300.1.1.1/8', /Bad CIDR/],
    ['ip:2001:db8::/129', '2001:db8::/129', /Bad CIDR/],
    ['ip:1.2.3.4/x', '1.2.3.4/x', /Bad CIDR/],
    ['since:yesterday', 'yesterday', /Bad time/],
    ['since:-24', '-24', /Bad time/],
    ['since:-24y', '-24y', /Bad time/],
    ['until:2026-02-30', '2026-02-30', /Bad time/],
    ['until:2026-13-01', '2026-13-01', /Bad time/],
    ['since:2026-01-01T25:00', '2026-01-01T25:00', /Bad time/],
    ['since:-24h*', '-24h*', /Bad time/],
    ['type:dta', 'dta', /expected data or management/],
    ['access:readonly', 'readonly', /expected read or write/],
    ['crossaccount:yes', 'yes', /expected true or false/],
    ['anonymous:true,maybe', 'maybe', /expected true or false/],
    ['type:d*', 'd*', /expected data or management/],
  ];
  for (const [text, span, message] of expectations) {
    const e = fails(text);
    assert.equal(e.span, span, text);
    assert.match(e.message, message, text);
  }
  const list = fails('since:-1h,-2h');
  assert.match(list.message, /one time/);
});

test('enum fields accept * (present) and any-of lists, case-insensitively', () => {
  assert.equal(ok('type:*').terms[0].items[0].kind, 'any');
  assert.equal(ok('access:READ,Write').terms[0].matchValue('write'), true);
  assert.equal(ok('anonymous:TRUE').terms[0].matchValue('true'), true);
});

test('syntax errors: unterminated quote, dangling dash, empty values', () => {
  const quote = fails('bucket:x key:"abc def');
  assert.deepEqual([quote.start, quote.end, quote.span], [13, 21, '"abc def']);
  assert.match(quote.message, /Unterminated quote/);
  const escapedEnd = fails('"abc\\"');
  assert.match(escapedEnd.message, /Unterminated quote/);
  const dash = fails('bucket:x - key:y');
  assert.deepEqual([dash.start, dash.end], [9, 10]);
  const trailingDash = fails('bucket:x -');
  assert.deepEqual([trailingDash.start, trailingDash.end], [9, 10]);
  const empty = fails('bucket:');
  assert.deepEqual([empty.start, empty.end, empty.span], [0, 7, 'bucket:']);
  const emptyThenMore = fails('key: bucket:x');
  assert.equal(emptyThenMore.span, 'key:');
  const trailingComma = fails('eventName:a, b');
  assert.equal(trailingComma.span, ',');
  const doubleComma = fails('eventName:a,,b');
  assert.equal(doubleComma.start, 11);
  const afterQuote = fails('key:"a"b');
  assert.equal(afterQuote.span, 'b');
});

test('source: anywhere turns the S3 scope off; a glob over the whole value', () => {
  assert.equal(ok('-source:s3.amazonaws.com').s3Only, false);
  assert.equal(ok('bucket:x source:*').s3Only, false);
  const q = ok('source:s3*');
  assert.equal(q.terms[0].matchValue('s3express.amazonaws.com'), true);
  assert.equal(q.terms[0].matchValue('kms.amazonaws.com'), false);
  assert.equal(ok('eventName:Get').terms[0].matchValue('GetObject'), false, 'no implicit substring for field terms');
  assert.equal(ok('eventName:*Obj*ct*').terms[0].matchValue('GetObjectAcl'), true);
  assert.equal(ok('eventName:G*t*').terms[0].matchValue('GetBucketAcl'), true);
  assert.equal(ok('eventName:G*t*').terms[0].matchValue('ListBuckets'), false);
  assert.equal(ok('key:a.b').terms[0].matchValue('axb'), false, 'regex characters are literal');
  assert.equal(ok('key:a*(b').terms[0].matchValue('a-(b'), true);
});

test('finding: is a row-set term; a positive one lifts the S3-only scope (findings include CloudTrail\'s own records), a negated one keeps it', () => {
  const q = (text: string) => {
    const r = parseQuery(text);
    assert.ok(r.ok, text);
    return r.query;
  };
  assert.equal(q('finding:*').s3Only, false);
  assert.equal(q('finding:s3-public-acl,s3-public-policy bucket:x').terms[0].field, 'finding');
  assert.equal(q('-finding:*').s3Only, true);
  assert.equal(q('findings:s3-*').terms[0].field, 'finding');
  assert.ok(q('finding:S3-Public-*').terms[0].matchValue('s3-public-acl'));
  assert.ok(!q('finding:s3-public-*').terms[0].matchValue('s3-mass-delete'));
});
