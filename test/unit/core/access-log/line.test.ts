import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseAccessLine, parseAccessLogText, decodeKey, describeRequester, ACCESS_FIELD_DOCS, KNOWN_ACCESS_FIELDS } from '../../../../core/access-log';

const place = { file: 'f.log', line: 0, offset: 0 };
const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
// The AWS page's example (2022 text, 26 fields) and the 2026 one with Source Region.
const DOC_26 = `${OWNER} amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ${OWNER} 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes`;

function parse(line: string) {
  const r = parseAccessLine(line, place);
  assert.deepEqual(r.problems, [], JSON.stringify(r.problems));
  assert.ok(r.value);
  return r.value;
}

test('every field of the 26-field documentation line, in order', () => {
  const v = parse(DOC_26);
  assert.equal(v.bucketOwner, OWNER);
  assert.equal(v.bucket, 'amzn-s3-demo-bucket1');
  assert.equal(v.time, Date.UTC(2019, 1, 6, 0, 0, 38));
  assert.equal(v.remoteIp, '192.0.2.3');
  assert.equal(v.requester, OWNER);
  assert.equal(v.requestId, '3E57427F3EXAMPLE');
  assert.equal(v.operation, 'REST.GET.VERSIONING');
  assert.equal(v.key, undefined);
  assert.equal(v.requestUri, 'GET /amzn-s3-demo-bucket1?versioning HTTP/1.1');
  assert.equal(v.httpStatus, 200);
  assert.equal(v.errorCode, undefined);
  assert.equal(v.bytesSent, 113);
  assert.equal(v.objectSize, undefined);
  assert.equal(v.totalTime, 7);
  assert.equal(v.turnAroundTime, undefined);
  assert.equal(v.referer, undefined);
  assert.equal(v.userAgent, 'S3Console/0.4');
  assert.equal(v.versionId, undefined);
  assert.equal(v.hostId, 's9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=');
  assert.equal(v.signatureVersion, 'SigV4');
  assert.equal(v.cipherSuite, 'ECDHE-RSA-AES128-GCM-SHA256');
  assert.equal(v.authenticationType, 'AuthHeader');
  assert.equal(v.hostHeader, 'amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com');
  assert.equal(v.tlsVersion, 'TLSV1.2');
  assert.equal(v.accessPointArn, 'arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP');
  assert.equal(v.aclRequired, 'Yes');
  assert.equal(v.sourceRegion, undefined);
  assert.equal(v.fieldCount, 26);
});

test('27 fields (2026 Source Region) and extra trailing fields ignored', () => {
  assert.equal(parse(`${DOC_26} us-east-1`).sourceRegion, 'us-east-1');
  const extra = parse(`${DOC_26} us-east-1 future-field another`);
  assert.equal(extra.sourceRegion, 'us-east-1');
  assert.equal(extra.fieldCount, KNOWN_ACCESS_FIELDS);
});

test('real lines from public sources parse without problems (17, 18 and 24 fields, offset -0500)', () => {
  const file = path.join(__dirname, '../../../fixtures/access-log/public-lines.log');
  const r = parseAccessLogText(fs.readFileSync(file, 'utf8'), file);
  assert.deepEqual(r.problems, []);
  assert.equal(r.lines.length, 5);
  const [versioning, get304, policy, website] = r.lines.map((l) => l.value);
  assert.equal(versioning.fieldCount, 18);
  assert.equal(get304.httpStatus, 304);
  assert.equal(get304.requester, undefined);
  assert.equal(get304.bytesSent, 0);
  assert.equal(get304.objectSize, 1718);
  assert.equal(policy.errorCode, 'NoSuchBucketPolicy');
  assert.equal(policy.userAgent, 'AWS-Support-TrustedAdvisor, aws-internal/3 aws-sdk-java/1.11.590 Linux/4.9.137-0.1.ac.218.74.329.metal1.x86_64');
  assert.equal(policy.tlsVersion, 'TLSV1.1');
  assert.equal(policy.fieldCount, 24);
  assert.equal(website.fieldCount, 17);
  assert.equal(website.time, Date.UTC(2012, 1, 10, 21, 42, 7), 'the -0500 offset is applied');
  assert.equal(website.versionId, undefined);
});

test('quotes inside quoted fields are not escaped by S3: the fields still split', () => {
  const shell = '"() { :;}; echo; echo "x""';
  const v = parse(`${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE WEBSITE.GET.OBJECT index.html "GET /" HTTP/1.1" 404 NoSuchKey 300 - 5 - ${shell} ${shell} - hid - - - b.s3-website-us-east-1.amazonaws.com - - - -`);
  assert.equal(v.requestUri, 'GET /" HTTP/1.1');
  assert.equal(v.httpStatus, 404);
  assert.equal(v.referer, '() { :;}; echo; echo "x"');
  assert.equal(v.userAgent, '() { :;}; echo; echo "x"');
  assert.equal(v.hostId, 'hid');
  assert.equal(v.hostHeader, 'b.s3-website-us-east-1.amazonaws.com');
  const ua = parse(`${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE REST.GET.OBJECT k "GET /k HTTP/1.1" 200 - 3 3 5 4 "-" "Mozilla/5.0 ""`);
  assert.equal(ua.userAgent, 'Mozilla/5.0 "');
});

test('bare - for Request-URI, Referer and User-Agent (multi-object delete and copy-source lines), "-" for lifecycle', () => {
  const batch = parse(`${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 arn:aws:iam::123456789012:user/alice 3E57427F3EXAMPLE BATCH.DELETE.OBJECT photos/a+b.jpg - 204 - - - - - - - - hid SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader b.s3.amazonaws.com TLSv1.2 - - -`);
  assert.equal(batch.requestUri, undefined);
  assert.equal(batch.referer, undefined);
  assert.equal(batch.userAgent, undefined);
  assert.equal(batch.httpStatus, 204);
  assert.equal(batch.hostId, 'hid');
  assert.equal(batch.tlsVersion, 'TLSv1.2');
  const lifecycle = parse(`${OWNER} b [06/Feb/2019:00:00:38 +0000] - AmazonS3 3E57427F3EXAMPLE S3.EXPIRE.OBJECT old/x.log "-" - - - 1024 - - "-" "-" v1 - - - - - - - - -`);
  assert.equal(lifecycle.requester, 'AmazonS3');
  assert.equal(lifecycle.remoteIp, undefined);
  assert.equal(lifecycle.httpStatus, undefined);
  assert.equal(lifecycle.versionId, 'v1');
  assert.equal(lifecycle.userAgent, undefined);
  // Referer quoted, User-Agent a bare dash, then the trailing fields.
  const mixed = parse(`${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE REST.GET.OBJECT k "GET /k HTTP/1.1" 200 - 3 3 5 4 "http://x/" - v2 hid`);
  assert.equal(mixed.referer, 'http://x/');
  assert.equal(mixed.userAgent, undefined);
  assert.equal(mixed.versionId, 'v2');
  assert.equal(mixed.hostId, 'hid');
});

test('a line cut short, a bad time, a bad status: problems with line and column, nothing thrown', () => {
  const cut = parseAccessLine(`${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE REST.GET.OBJECT k "GET /k HTTP/1.1" 200 - 3`, { file: 'f.log', line: 4, offset: 100 });
  assert.equal(cut.value, undefined);
  assert.equal(cut.problems[0].code, 'access-log-fields');
  assert.equal(cut.problems[0].position?.line, 4);
  assert.match(cut.problems[0].message, /at least 17/);
  const time = parseAccessLine(`${OWNER} b [31/Feb/2019:00:00:38 +0000] 192.0.2.3 - R REST.GET.OBJECT k "GET /k HTTP/1.1" 200 - 3 3 5 4 "-" "-"`, place);
  assert.equal(time.value, undefined);
  assert.equal(time.problems[0].code, 'access-log-time');
  assert.equal(time.problems[0].position?.column, OWNER.length + 3);
  const status = parseAccessLine(`${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - R REST.GET.OBJECT k "GET /k HTTP/1.1" 2x0 - 3 3 5 4 "-" "-"`, place);
  assert.ok(status.value, 'a bad status keeps the line');
  assert.equal(status.value.httpStatus, undefined);
  assert.equal(status.problems[0].code, 'access-log-status');
  const col = status.problems[0].position!.column;
  assert.equal(`${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - R REST.GET.OBJECT k "GET /k HTTP/1.1" 2x0`.slice(col, col + 3), '2x0');
});

test('a file with bad lines keeps its good lines; problems carry the line number; over-long lines are refused', () => {
  const good = `${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - R1 REST.GET.OBJECT k "GET /k HTTP/1.1" 200 - 3 3 5 4 "-" "-"`;
  const text = [good, 'garbage line', '', good.replace('R1', 'R2'), `${good} ${'x'.repeat(300)}`].join('\n') + '\n';
  const r = parseAccessLogText(text, 'f.log', 300);
  assert.deepEqual(r.lines.map((l) => l.value.requestId), ['R1', 'R2']);
  assert.deepEqual(r.problems.map((p) => [p.code, p.position?.line]), [['access-log-fields', 1], ['access-log-line-too-long', 4]]);
  assert.equal(r.lines[1].line, 3);
  assert.equal(text.slice(r.lines[1].offset, r.lines[1].offset + r.lines[1].length), good.replace('R1', 'R2'));
});

test('CRLF line ends are accepted', () => {
  const r = parseAccessLogText(DOC_26 + '\r\n' + DOC_26 + '\r\n', 'f.log');
  assert.equal(r.lines.length, 2);
  assert.equal(r.lines[0].value.aclRequired, 'Yes');
});

test('keys are URL-decoded once: + is a space, %25 a percent sign', () => {
  assert.equal(decodeKey('Screen+Shot+2019-09-09.png'), 'Screen Shot 2019-09-09.png');
  assert.equal(decodeKey('a_%253Db'), 'a_%3Db');
  assert.equal(decodeKey('photos/2019/08/puppy.jpg'), 'photos/2019/08/puppy.jpg');
  assert.equal(decodeKey('caf%C3%A9%ZZ'), 'café%ZZ');
});

test('every requester form', () => {
  assert.equal(describeRequester(undefined).kind, 'anonymous');
  assert.equal(describeRequester('-').kind, 'anonymous');
  assert.equal(describeRequester('AmazonS3').kind, 'amazon-s3');
  assert.deepEqual([describeRequester('svc:cloudtrail.amazonaws.com').kind, describeRequester('svc:cloudtrail.amazonaws.com').principal], ['service', 'cloudtrail.amazonaws.com']);
  const role = describeRequester('arn:aws:sts::123456789012:assumed-role/Role/session');
  assert.deepEqual([role.kind, role.account], ['arn', '123456789012']);
  assert.match(role.explanation, /assumed role/);
  assert.equal(describeRequester(OWNER).kind, 'canonical-id');
});

test('one field doc per known position', () => {
  assert.equal(ACCESS_FIELD_DOCS.length, KNOWN_ACCESS_FIELDS);
});
