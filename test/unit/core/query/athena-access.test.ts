import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AthenaUnsupportedError, parseQuery, toAthenaSql } from '../../../../core/query';

function sql(text: string): string {
  const r = parseQuery(text, Date.UTC(2026, 0, 6));
  assert.ok(r.ok);
  return toAthenaSql(r.query, 'cloudtrail_logs');
}

test('kind:access renders for the access-log table of the reference, joined: as a subquery on the CloudTrail table', () => {
  const s = sql('kind:access joined:false operation:REST.GET.OBJECT bytes:>1000000 status:4* key:a+b*');
  assert.match(s, /^FROM s3_access_logs_db\.mybucket_logs$/m);
  assert.match(s, /requestid NOT IN \(SELECT requestid FROM cloudtrail_logs WHERE lower\(eventsource\) = 's3\.amazonaws\.com'/);
  assert.match(s, /lower\(operation\) = 'rest\.get\.object'/);
  assert.match(s, /bytessent > 1000000/);
  assert.match(s, /lower\(url_decode\(key\)\) LIKE 'a\+b%'/);
  assert.match(s, /ORDER BY parse_datetime\(requestdatetime, 'dd\/MMM\/yyyy:HH:mm:ss Z'\) DESC/);
  assert.doesNotMatch(s, /eventsource IN/, 'no CloudTrail scope on the access-log table');
});

test('eventName: on access lines becomes the Operation values of that call; -totaltime keeps unknown times', () => {
  assert.match(sql('kind:access eventName:GetBucketAcl'), /operation IN \('REST\.GET\.ACL'\)/);
  assert.match(sql('kind:access -totaltime:>1000'), /\(try_cast\(totaltime AS BIGINT\) IS NULL OR NOT \(try_cast\(totaltime AS BIGINT\) > 1000\)\)/);
});

test('an access-log term without kind:access, or a field the access table lacks, is an error naming the term', () => {
  const r = parseQuery('eventName:GetObject status:404');
  assert.ok(r.ok);
  assert.throws(() => toAthenaSql(r.query, 'cloudtrail_logs'), (e: unknown) => e instanceof AthenaUnsupportedError && e.start === 20 && /add kind:access/.test(e.message));
  const m = parseQuery('kind:access mfa:true');
  assert.ok(m.ok);
  assert.throws(() => toAthenaSql(m.query, 'cloudtrail_logs'), /mfa: has no column in the access-log table/);
  assert.match(sql('kind:cloudtrail eventName:GetObject'), /WHERE lower\(eventsource\) IN \([^)]*\)\n {2}AND lower\(eventname\) = 'getobject'\nORDER BY/);
});
