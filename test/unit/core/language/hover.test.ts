import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursor, parse, s3Record, service, trail } from './cursor';

/** Hover at the `|` placed just after the first occurrence of `needle` in a pretty-printed trail. */
function hoverAt(needle: string, records: unknown[] = [s3Record()], shift = 1): string {
  const text = JSON.stringify({ Records: records }, null, 2);
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `fixture lacks ${needle}`);
  const h = service.doHover(parse(text), i + shift);
  assert.ok(h, `no hover at ${needle}`);
  assert.ok(h.start <= i + shift && i + shift <= h.end);
  return h.contents;
}

test('eventName value: REST call, category, access, IAM action, API link', () => {
  const { text, offset } = cursor(`{"Records":[{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"Get|Object","eventTime":"2026-03-01T12:00:00Z"}]}`);
  const h = service.doHover(parse(text), offset);
  assert.ok(h);
  assert.equal(text.slice(h.start, h.end), '"GetObject"');
  assert.match(h.contents, /\*\*GetObject\*\*/);
  assert.match(h.contents, /GET Object/);
  assert.match(h.contents, /Data event/);
  assert.match(h.contents, /read/);
  assert.match(h.contents, /`s3:GetObject`/);
  assert.match(h.contents, /\(https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/latest\/API\/API_GetObject\.html\)/);
});

test('eventName alias: says which name CloudTrail logs; unknown names get the closest ones', () => {
  assert.match(hoverAt('"GetBucketRequestPay"', [s3Record({ eventName: 'GetBucketRequestPay' })]), /eventName is \*\*GetBucketRequestPayment\*\*/);
  assert.match(hoverAt('"GetObjekt"', [s3Record({ eventName: 'GetObjekt' })]), /not in the S3 catalog[\s\S]*Closest known: `GetObject`/);
});

test('field keys: meaning, since which version, optional or not', () => {
  const h = hoverAt('"recipientAccountId"');
  assert.match(h, /\*\*recipientAccountId\*\*/);
  assert.match(h, /since eventVersion 1\.02/);
  assert.match(hoverAt('"eventTime"'), /always present/);
});

test('identity values: userIdentity.type, AKIA vs ASIA keys, principal ids, anonymous, cross-account', () => {
  assert.match(hoverAt('"AssumedRole"'), /AssumedRole/);
  assert.match(hoverAt('"ASIAEXAMPLE'), /temporary/i);
  assert.match(hoverAt('"AKIA', [s3Record({ userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } })]), /long-term/i);
  assert.match(hoverAt('"AROAEXAMPLE'), /role[\s\S]*session name `alice`/i);
  assert.match(hoverAt('"ANONYMOUS_PRINCIPAL"', [s3Record({ userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' } })]), /anonymous request/);
  const cross = s3Record({ recipientAccountId: '444455556666' });
  assert.match(hoverAt('"444455556666"', [cross]), /Cross-account[\s\S]*`111122223333`[\s\S]*`444455556666`/);
});

test('eventTime: UTC, local time and age', () => {
  const h = hoverAt('"2026-03-01T12:00:00Z"');
  assert.match(h, /UTC: 2026-03-01T12:00:00Z/);
  assert.match(h, /Local: /);
  assert.match(h, /3 days ago/);
});

test('errorCode, eventVersion and ARNs are explained', () => {
  assert.match(hoverAt('"AccessDenied"', [s3Record({ errorCode: 'AccessDenied', errorMessage: 'Access Denied' })]), /`AccessDenied` — /);
  assert.match(hoverAt('"1.09"'), /eventVersion `1\.09`/);
  const arn = hoverAt('"arn:aws:s3:::prod-logs/reports');
  assert.match(arn, /Bucket: `prod-logs`/);
  assert.match(arn, /Key: `reports\/q1\.csv`/);
});

test('hover text neutralises backticks of attacker-controlled values', () => {
  const h = hoverAt('"Get`Obj', [s3Record({ eventName: 'Get`Obj](javascript:alert(1))' })]);
  assert.ok(!h.includes('`Obj'));
});

test('embedded lookup-events record: hover inside the CloudTrailEvent string', () => {
  const text = JSON.stringify({ Events: [{ EventId: 'e', EventName: 'GetObject', CloudTrailEvent: JSON.stringify(s3Record()) }] });
  const at = text.indexOf('GetObject', text.indexOf('CloudTrailEvent')) + 3;
  const h = service.doHover(parse(text), at);
  assert.ok(h);
  assert.match(h.contents, /\*\*GetObject\*\*/);
  assert.equal(text.slice(h.start, h.end), '\\"GetObject\\"');
});

test('digest fields have their own hovers', () => {
  const text = JSON.stringify({ awsAccountId: '111122223333', digestStartTime: '2026-03-01T00:00:00Z', digestEndTime: '2026-03-01T01:00:00Z', digestS3Bucket: 'b', digestS3Object: 'o', digestPublicKeyFingerprint: 'ab', previousDigestSignature: null, previousDigestHashValue: 'ab', logFiles: [] });
  const doc = parse(text);
  assert.equal(doc.kind, 'digest');
  assert.match(service.doHover(doc, text.indexOf('previousDigestHashValue') + 2)?.contents ?? '', /SHA-256 of the previous digest/);
  assert.match(service.doHover(doc, text.indexOf('"ab"', text.indexOf('previousDigestHashValue')) + 1)?.contents ?? '', /not\*\* a SHA-256/);
});

test('no hover outside records or in a single-line file between records', () => {
  const text = trail(s3Record());
  assert.equal(service.doHover(parse(text), 3), null);
});

test('the wrappers of embedded records get hovers too (lookup-events EventName, EventTime, AccessKeyId)', () => {
  const text = JSON.stringify({ Events: [{ EventId: 'e', EventName: 'GetBucketAcl', ReadOnly: 'true', AccessKeyId: 'ASIAEXAMPLEKEY123456', EventTime: '2026-03-01T13:00:00+01:00', CloudTrailEvent: JSON.stringify(s3Record({ eventName: 'GetBucketAcl' })) }] }, null, 2);
  const doc = parse(text);
  const at = (needle: string): string => service.doHover(doc, text.indexOf(needle) + 2)?.contents ?? '';
  assert.match(at('"GetBucketAcl"'), /lookup-events Event[\s\S]*\*\*GetBucketAcl\*\*/);
  assert.match(at('"2026-03-01T13:00:00+01:00"'), /UTC: 2026-03-01T12:00:00Z/);
  assert.match(at('"ASIAEXAMPLE'), /temporary/i);
  assert.match(at('"ReadOnly"'), /as \*\*text\*\*/);
});

test('eventName hover names the SOAP operation where one exists', () => {
  const h = hoverAt('"GetBucketAcl"', [s3Record({ eventName: 'GetBucketAcl', eventCategory: 'Management', managementEvent: true })]);
  assert.match(h, /GET Bucket acl/);
  assert.match(h, /SOAP: `GetBucketAccessControlPolicy`/);
  assert.match(h, /Management event/);
});

test('S3 family values: a service event the catalog does not name, AWS Internal with and without a number, source names', () => {
  const maintenance = s3Record({ eventSource: 's3tables.amazonaws.com', eventName: 'SomeMaintenanceEventOfTomorrow', eventType: 'AwsServiceEvent' });
  assert.match(hoverAt('"SomeMaintenanceEventOfTomorrow"', [maintenance]), /a service event of Amazon S3 Tables[\s\S]*not an API call/);
  assert.match(hoverAt('"AWS Internal"', [s3Record({ sourceIPAddress: 'AWS Internal' })]), /inside AWS on your behalf/);
  assert.doesNotMatch(hoverAt('"AWS Internal"', [s3Record({ sourceIPAddress: 'AWS Internal' })]), /number/);
  assert.match(hoverAt('"AWS Internal/12"', [s3Record({ userAgent: 'AWS Internal/12' })]), /does not document the number/);
  assert.match(hoverAt('"s3vectors.amazonaws.com"', [s3Record({ eventSource: 's3vectors.amazonaws.com', eventName: 'PutVectors' })]), /Amazon S3 Vectors/);
  assert.match(hoverAt('"PutVectors"', [s3Record({ eventSource: 's3vectors.amazonaws.com', eventName: 'PutVectors' })]), /Inferred \(not itemised by AWS\)/);
});

test('identity values link to "Show Identity Story" with the value as the command argument; service names and other fields do not', () => {
  const key = hoverAt('"AKIA', [s3Record({ userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } })]);
  assert.ok(key.includes(`[Show Identity Story](command:cloudtrailS3.showIdentityStory?${encodeURIComponent('["AKIAIOSFODNN7EXAMPLE"]')} `), key);
  const arn = hoverAt('"arn:aws:sts', [s3Record({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/r/s)"<x>' } })]);
  assert.ok(arn.includes(encodeURIComponent('["arn:aws:sts::111122223333:assumed-role/r/s)\\"<x>"]')), arn);
  assert.doesNotMatch(arn.slice(arn.indexOf('[Show Identity Story]')), /<x>/, 'in the link the value is only in the encoded arguments');
  assert.match(hoverAt('"203.0.113', [s3Record({ sourceIPAddress: '203.0.113.9' })]), /Show Identity Story/);
  assert.doesNotMatch(hoverAt('"s3.amazonaws.com"', [s3Record({ sourceIPAddress: 's3.amazonaws.com', eventSource: 'sts.amazonaws.com' })]), /Show Identity Story/);
  assert.doesNotMatch(hoverAt('"GetObject"', [s3Record()]), /Show Identity Story/);
});
