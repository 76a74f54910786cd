import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesRecord, matchesValues, parseQuery, toAthenaSql, valuesAtPath, type ParsedQuery } from '../../../../core/query';
import { recordValues } from '../../../../core/record';

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error.message}`);
  return r.query;
}

const GET = {
  eventVersion: '1.08', eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject',
  requestParameters: { bucketName: 'prod', key: 'db.sql', 'x-amz-acl': 'public-read', Host: 'prod.s3.amazonaws.com' },
  additionalEventData: { bytesTransferredOut: 52428800, bytesTransferredIn: '0', SignatureVersion: 'SigV4' },
  responseElements: null,
};
const DELETE = {
  eventVersion: '1.08', eventTime: '2026-01-01T00:00:01Z', eventSource: 's3.amazonaws.com', eventName: 'DeleteObjects',
  requestParameters: { bucketName: 'prod', delete: { Object: [{ Key: 'a.txt' }, { Key: 'secrets/b.txt' }], Quiet: true } },
  additionalEventData: { bytesTransferredOut: 0 },
};

test('values at a path: case-insensitive member names, arrays looked into, numbers and booleans as text', () => {
  assert.deepEqual(valuesAtPath(GET, { root: 'requestParameters', segments: ['X-AMZ-ACL'] }), ['public-read']);
  assert.deepEqual(valuesAtPath(DELETE, { root: 'requestParameters', segments: ['Delete', 'Object', 'Key'] }), ['a.txt', 'secrets/b.txt']);
  assert.deepEqual(valuesAtPath(DELETE, { root: 'requestParameters', segments: ['Delete', 'Object', '1', 'Key'] }), ['secrets/b.txt']);
  assert.deepEqual(valuesAtPath(DELETE, { root: 'requestParameters', segments: ['delete', 'quiet'] }), ['true']);
  assert.deepEqual(valuesAtPath(GET, { root: 'additionalEventData', segments: ['bytesTransferredOut'] }), ['52428800']);
  assert.deepEqual(valuesAtPath(GET, { root: 'responseElements', segments: ['x'] }), []);
  assert.deepEqual(valuesAtPath(DELETE, { root: 'requestParameters', segments: ['delete'] }).length, 1, 'an object is present as its JSON');
});

test('path terms: values, globs, lists, numeric comparisons, negation and the missing-path rule', () => {
  const cases: [string, boolean, boolean][] = [
    // query, matches GET, matches DELETE
    ['requestParameters.x-amz-acl:public-read', true, false],
    ['requestparameters.X-Amz-Acl:PUBLIC-*', true, false],
    ['-requestParameters.x-amz-acl:public-read', false, true],
    ['requestParameters.x-amz-acl:*', true, false],
    ['requestParameters.Delete.Object.Key:secrets/*', false, true],
    ['requestParameters.Delete.Object.Key:a.txt,zzz', false, true],
    ['additionalEventData.bytesTransferredOut:>1000000', true, false],
    ['additionalEventData.bytesTransferredOut:>=0', true, true],
    ['additionalEventData.bytesTransferredOut:<1', false, true],
    ['additionalEventData.bytesTransferredOut:<=52428800', true, true],
    ['additionalEventData.bytesTransferredIn:<1', true, false], // a number written as a string compares as one
    ['-additionalEventData.bytesTransferredIn:<1', false, true], // DELETE lacks it: passes the negated term
    ['additionalEventData.SignatureVersion:>1', false, false], // text never compares as a number
    ['additionalEventData.bytesTransferredOut:52428800', true, false],
    ['eventName:GetObject additionalEventData.bytesTransferredOut:>1e6', true, false],
    ['serviceEventData.x:*', false, false],
  ];
  for (const [text, get, del] of cases) {
    const q = parsed(text);
    assert.equal(matchesRecord(q, GET), get, `${text} on GetObject`);
    assert.equal(matchesRecord(q, DELETE), del, `${text} on DeleteObjects`);
  }
  // The RecordValues evaluator (what the index's columns decide) leaves path terms to the re-read.
  assert.equal(matchesValues(parsed('eventName:GetObject requestParameters.x:nothing'), recordValues(GET)), true);
  assert.equal(matchesValues(parsed('eventName:PutObject requestParameters.x:nothing'), recordValues(GET)), false);
});

test('path term errors name the term: unknown root, bad comparison, comparison lists', () => {
  const error = (text: string) => {
    const r = parseQuery(text);
    assert.ok(!r.ok, text);
    return { message: r.error.message, at: text.slice(r.error.start, r.error.end) };
  };
  const root = error('eventName:Get* request.bucketName:x');
  assert.match(root.message, /Unknown field 'request\.bucketName': a path starts with requestParameters\., responseElements\., additionalEventData\. or serviceEventDetails\./);
  assert.equal(root.at, 'request.bucketName');
  const cmp = error('additionalEventData.bytesTransferredOut:>lots');
  assert.match(cmp.message, /Bad comparison '>lots'.*>N, >=N, <N or <=N/);
  assert.equal(cmp.at, '>lots');
  assert.match(error('additionalEventData.bytesTransferredOut:>1,<5').message, /takes one comparison, not a list/);
  // quoted, '>' is text
  assert.ok(parseQuery('requestParameters.x:">1"').ok);
});

test('path terms render as json_extract_scalar in Athena SQL, comparisons with a cast', () => {
  const sql = toAthenaSql(parsed('additionalEventData.bytesTransferredOut:>1000000 -requestParameters.x-amz-acl:public-*'), 't');
  assert.match(sql, /AND try_cast\(json_extract_scalar\(additionaleventdata, '\$\["bytesTransferredOut"\]'\) AS DOUBLE\) > 1000000\n/);
  assert.match(sql, /AND \(json_extract_scalar\(requestparameters, '\$\["x-amz-acl"\]'\) IS NULL OR NOT \(lower\(json_extract_scalar\(requestparameters, '\$\["x-amz-acl"\]'\)\) LIKE 'public-%'\)\)/);
  assert.match(sql, /^-- paths: json_extract_scalar reads member names as written/m);
  assert.match(toAthenaSql(parsed('requestParameters.Delete.Object.0.Key:a.txt serviceEventData.x:*'), 't'),
    /lower\(json_extract_scalar\(requestparameters, '\$\["Delete"\]\["Object"\]\[0\]\["Key"\]'\)\) = 'a\.txt'\n {2}AND json_extract_scalar\(serviceeventdetails, '\$\["x"\]'\) IS NOT NULL/);
});
