import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursor, parse, s3Record, service, trail } from './cursor';
import { SHOW_IN_EXPLORER_COMMAND, type LanguageCodeAction } from '../../../../core/language';
import { matchesRecord, parseQuery } from '../../../../core/query';

function explore(text: string, offset: number): LanguageCodeAction[] {
  return service.doCodeActions(parse(text), { start: offset, end: offset }).filter((a) => a.kind === 'explore');
}

function queries(actions: readonly LanguageCodeAction[]): string[] {
  return actions.map((a) => {
    assert.equal(a.command?.command, SHOW_IN_EXPLORER_COMMAND);
    assert.deepEqual(a.edits, []);
    const q = a.command?.arguments[0];
    assert.equal(typeof q, 'string');
    return q as string;
  });
}

/** Every query parses and, evaluated on the record it came from, matches it. */
function assertEachMatches(actions: readonly LanguageCodeAction[], record: Record<string, unknown>): void {
  for (const q of queries(actions)) {
    const parsed = parseQuery(q);
    assert.ok(parsed.ok, `query does not parse: ${q}`);
    assert.ok(matchesRecord(parsed.query, record), `query does not match its record: ${q}`);
  }
}

test('a trail record offers bucket, principal ARN, source IP, request and eventName, each matching the record', () => {
  const rec = s3Record();
  const { text, offset } = cursor(trail(rec).replace('"eventTime"', '|"eventTime"'));
  const actions = explore(text, offset);
  assert.deepEqual(queries(actions), [
    'bucket:prod-logs',
    'user:arn:aws:sts::111122223333:assumed-role/Admin/alice',
    'ip:203.0.113.7',
    'requestid:7FQJXG8C228Y7NNK',
    'eventName:GetObject',
  ]);
  assert.equal(actions[0].title, 'Show records of bucket prod-logs in S3 Explorer');
  assert.equal(actions[1].title, 'Show records of principal arn:aws:sts::111122223333:assumed-role/Admin/alice in S3 Explorer');
  assertEachMatches(actions, rec);
});

test('the cursor picks the record it is in, not its neighbour', () => {
  const a = s3Record({ requestID: 'REQ-A', requestParameters: { bucketName: 'bucket-a' } });
  const b = s3Record({ requestID: 'REQ-B', requestParameters: { bucketName: 'bucket-b' } });
  const text = JSON.stringify({ Records: [a, b] }, null, 2);
  const second = explore(text, text.indexOf('REQ-B'));
  assert.ok(queries(second).includes('bucket:bucket-b'));
  assert.ok(queries(second).includes('requestid:REQ-B'));
  assert.ok(!queries(second).includes('bucket:bucket-a'));
  assert.deepEqual(explore(text, 0), [], 'outside every record: nothing to show');
});

test('values the query language treats specially are quoted so the query still parses and matches', () => {
  const rec = s3Record({
    userIdentity: { type: 'IAMUser', userName: 'bob "the builder", *admin*', accountId: '111122223333' },
    requestParameters: { bucketName: 'odd bucket*name' },
    sourceIPAddress: 'AWS Internal',
    requestID: 'a\\b',
    eventName: '-GetObject',
  });
  const { text, offset } = cursor(trail(rec).replace('"eventTime"', '|"eventTime"'));
  const actions = explore(text, offset);
  assert.equal(actions.length, 5);
  assert.ok(queries(actions).includes('user:"bob \\"the builder\\", \\*admin\\*"'));
  assertEachMatches(actions, rec);
});

test('principal falls back to userName, then principalId, when there is no ARN', () => {
  const byName = s3Record({ userIdentity: { type: 'IAMUser', userName: 'alice', principalId: 'AIDAEXAMPLE' } });
  const t1 = trail(byName);
  assert.ok(queries(explore(t1, t1.indexOf('alice'))).includes('user:alice'));
  const byId = s3Record({ userIdentity: { type: 'AWSService', principalId: 'AIDAEXAMPLE' } });
  const t2 = trail(byId);
  const actions = explore(t2, t2.indexOf('AIDAEXAMPLE'));
  assert.ok(queries(actions).includes('user:AIDAEXAMPLE'));
  assertEachMatches(actions, byId);
});

test('only the values the record has: no bucket, no IP, no request -> no such actions', () => {
  const rec = s3Record({ eventName: 'ListBuckets', requestParameters: null, resources: undefined, sourceIPAddress: undefined, requestID: undefined });
  const text = trail(rec);
  const actions = explore(text, text.indexOf('ListBuckets'));
  assert.deepEqual(actions.map((a) => a.command?.arguments[0]), ['user:arn:aws:sts::111122223333:assumed-role/Admin/alice', 'eventName:ListBuckets']);
  assertEachMatches(actions, rec);
});

test('a record of another service gets a source: term, since queries without one only match S3', () => {
  const rec = s3Record({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', requestParameters: {}, resources: [] });
  const text = trail(rec);
  const actions = explore(text, text.indexOf('Decrypt'));
  assert.ok(queries(actions).includes('eventName:Decrypt source:kms.amazonaws.com'));
  assertEachMatches(actions, rec);
  // Without the scope term the query would miss the record: the source term is what makes it match.
  const bare = parseQuery('eventName:Decrypt');
  assert.ok(bare.ok && !matchesRecord(bare.query, rec));
});

test('every record shape: NDJSON, lookup-events, EventBridge and CloudWatch give matching actions', () => {
  const rec = s3Record({ requestParameters: { bucketName: 'shape-bucket' } });
  const shapes: [string, string][] = [
    ['ndjson', `${JSON.stringify(s3Record({ requestID: 'OTHER' }))}\n${JSON.stringify(rec)}\n`],
    ['lookup-events', JSON.stringify({ Events: [{ EventId: 'e', EventName: 'GetObject', ReadOnly: 'true', CloudTrailEvent: JSON.stringify(rec) }] })],
    ['eventbridge', JSON.stringify({ version: '0', id: 'x', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: '111122223333', time: '2026-03-01T12:00:00Z', region: 'us-east-1', resources: [], detail: rec }, null, 2)],
    ['cloudwatch', JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: 'g', logStream: 's', subscriptionFilters: ['f'], logEvents: [{ id: '1', timestamp: 1, message: JSON.stringify(rec) }] })],
  ];
  for (const [shape, text] of shapes) {
    const actions = explore(text, text.indexOf('shape-bucket'));
    assert.equal(actions.length, 5, shape);
    assert.equal(actions[0].command?.arguments[0], 'bucket:shape-bucket', shape);
    assertEachMatches(actions, rec);
  }
  // On the lookup event's own fields (the envelope, outside the embedded string) the record is still found.
  const lookup = shapes[1][1];
  assert.equal(explore(lookup, lookup.indexOf('EventId')).length, 5);
});

test('titles show attacker-controlled values on one line and bounded', () => {
  const rec = s3Record({ requestParameters: { bucketName: `evil\nline\u2028${'x'.repeat(200)}` } });
  const text = trail(rec);
  const [bucket] = explore(text, text.indexOf('eventTime'));
  assert.doesNotMatch(bucket.title, /[\n\u2028]/);
  assert.ok(bucket.title.length < 130);
  assertEachMatches([bucket], rec);
});

test('no actions in documents that are not CloudTrail records', () => {
  const text = JSON.stringify({ Records: [{ eventVersion: '1.0', eventSource: 'aws:s3', s3: { bucket: { name: 'b' } } }] });
  assert.deepEqual(explore(text, text.indexOf('bucket')), []);
  assert.deepEqual(explore('{"name": "package"}', 3), []);
});
