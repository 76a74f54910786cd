import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ALL_ON, parse, s3Record, service, trail } from './cursor';
import type { LanguageDiagnostic } from '../../../../core/language';
import { CORPUS_DIR, withoutShared } from '../../../shared-paths';

function diagnose(...records: unknown[]): { text: string; diags: LanguageDiagnostic[] } {
  const text = trail(...records);
  return { text, diags: service.doValidation(parse(text), ALL_ON) };
}

function only(diags: LanguageDiagnostic[], code: string): LanguageDiagnostic[] {
  return diags.filter((d) => d.code === code);
}

test('a clean realistic S3 record has no diagnostics', () => {
  assert.deepEqual(diagnose(s3Record()).diags, []);
});

test('renamed eventName from the S3 page: warning with the real name on the value', () => {
  const { text, diags } = diagnose(s3Record({ eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true }));
  const [d] = only(diags, 'unknown-event-name');
  assert.equal(d.severity, 'warning');
  assert.equal(text.slice(d.start, d.end), '"GetBucketRequestPay"');
  assert.equal(d.data?.replacement, 'GetBucketRequestPayment');
  assert.match(d.message, /GetBucketRequestPayment/);
});

test('a close typo is a warning with a fix; a new or console-internal name is information only', () => {
  const typo = only(diagnose(s3Record({ eventName: 'PutObjcet', readOnly: false })).diags, 'unknown-event-name');
  assert.equal(typo[0].severity, 'warning');
  assert.equal(typo[0].data?.replacement, 'PutObject');
  for (const name of ['GetStorageLensDashboardDataInternal', 'UpdateObjectEncryptionV9Preview']) {
    const [d] = only(diagnose(s3Record({ eventName: name, eventCategory: 'Management', managementEvent: true })).diags, 'unknown-event-name');
    assert.equal(d.severity, 'information', name);
    assert.equal(d.data, undefined, name);
  }
});

test('eventNames of other services are not checked', () => {
  assert.deepEqual(diagnose(s3Record({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstancez' })).diags, []);
});

test('eventTime, eventVersion, readOnly formats', () => {
  const { text, diags } = diagnose(s3Record({ eventID: 'first' }), s3Record({ eventTime: '2026-03-01 12:00:00', eventVersion: 'v1', readOnly: 'yes' }));
  const t = only(diags, 'invalid-event-time')[0];
  assert.equal(text.slice(t.start, t.end), '"2026-03-01 12:00:00"');
  assert.equal(only(diags, 'invalid-event-version').length, 1);
  assert.equal(only(diags, 'invalid-read-only')[0].severity, 'warning');
});

test('readOnly as text: fine in lookup-events output, information in a trail file', () => {
  const rec = s3Record({ readOnly: 'true' });
  assert.equal(only(diagnose(rec).diags, 'invalid-read-only')[0].severity, 'information');
  const lookup = JSON.stringify({ Events: [{ EventId: '1', EventName: 'GetObject', ReadOnly: 'true', CloudTrailEvent: JSON.stringify(rec) }] });
  assert.deepEqual(only(service.doValidation(parse(lookup), ALL_ON), 'invalid-read-only'), []);
});

test('sanitised account ids are information, anonymous callers are fine', () => {
  const { diags } = diagnose(s3Record({ recipientAccountId: '000000000' }));
  assert.deepEqual(diags.map((d) => [d.code, d.severity]), [['invalid-account-id', 'information']]);
  const anon = s3Record({ userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' } });
  assert.deepEqual(diagnose(anon).diags, []);
});

test('category: self-contradiction is a warning, catalog contradiction information', () => {
  const self = only(diagnose(s3Record({ eventCategory: 'Data', managementEvent: true })).diags, 'category-mismatch');
  assert.equal(self[0].severity, 'warning');
  // Real sanitised data: PutObject with eventCategory Management and no managementEvent.
  const put = s3Record({ eventName: 'PutObject', readOnly: false, eventCategory: 'Management' });
  delete put.managementEvent;
  const cat = only(diagnose(put).diags, 'category-mismatch');
  assert.equal(cat[0].severity, 'information');
  const ro = only(diagnose(s3Record({ readOnly: false })).diags, 'read-only-mismatch');
  assert.equal(ro[0].severity, 'information');
});

test('missing fields: minimum set is a warning, eventID not required before 1.01, @timestamp exports accepted', () => {
  const rec = s3Record();
  delete rec.eventName;
  delete rec.eventTime;
  const [d] = only(diagnose(rec).diags, 'missing-required-field');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /"eventTime", .*"eventName"/);
  const old: Record<string, unknown> = { eventVersion: '1.0', eventTime: '2014-03-06T21:22:54Z', eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', awsRegion: 'us-east-1', userIdentity: { type: 'Root' }, sourceIPAddress: '1.2.3.4' };
  assert.deepEqual(only(diagnose(old).diags, 'missing-required-field'), []);
  const logstash = s3Record({ '@timestamp': '2026-03-01T12:00:00.000Z' });
  delete logstash.eventTime;
  assert.deepEqual(diagnose(logstash).diags, []);
});

test('field newer than the record version is a hint on the key', () => {
  const { text, diags } = diagnose(s3Record({ eventVersion: '1.05', tlsDetails: { tlsVersion: 'TLSv1.2' }, eventCategory: undefined, managementEvent: undefined }));
  const d = only(diags, 'field-newer-than-version');
  assert.ok(d.some((x) => text.slice(x.start, x.end) === '"tlsDetails"' && x.severity === 'hint'));
});

test('duplicate eventIDs are information on the second record', () => {
  const { diags } = diagnose(s3Record(), s3Record());
  assert.deepEqual(diags.map((d) => [d.code, d.severity]), [['duplicate-event-id', 'information']]);
});

test('wrong field types are warnings', () => {
  const { diags } = diagnose(s3Record({ userIdentity: 'alice', recipientAccountId: 811596193553.0 }));
  assert.deepEqual(only(diags, 'invalid-field-type').map((d) => d.severity), ['warning', 'warning']);
});

test('settings turn codes off and change severity', () => {
  const text = trail(s3Record({ eventName: 'GetBucketRequestPay' }), s3Record());
  const doc = parse(text);
  assert.deepEqual(service.doValidation(doc, { 'validation.enable': false, 'validation.severity': {} }), []);
  const sev = service.doValidation(doc, { 'validation.enable': true, 'validation.severity': { 'unknown-event-name': 'error', 'duplicate-event-id': 'off' } });
  assert.deepEqual(sev.map((d) => [d.code, d.severity]).filter(([c]) => c !== 'category-mismatch' && c !== 'read-only-mismatch'), [['unknown-event-name', 'error']]);
});

test('digests: the malformed samples get their expected diagnostics', () => {
  const otel = fs.readFileSync(path.join(__dirname, '../../../fixtures/language/otel-digest-malformed.json'), 'utf8');
  const diags = service.doValidation(parse(otel), ALL_ON);
  assert.deepEqual(diags.map((d) => d.code).sort(), ['digest-invalid-signature', 'digest-invalid-time', 'digest-invalid-time']);
  const time = diags.find((d) => d.code === 'digest-invalid-time');
  assert.equal(otel.slice(time?.start, time?.end), '"2025-10-21TT00:52:27Z"');
  const short = JSON.parse(otel);
  short.previousDigestHashValue = short.previousDigestHashValue.slice(1);
  short.previousDigestSignature = 'ab01';
  short.logFiles[0].newestEventTime = short.logFiles[0].oldestEventTime = '2025-10-21T00:42:27Z';
  const d2 = service.doValidation(parse(JSON.stringify(short)), ALL_ON);
  assert.deepEqual(d2.map((d) => d.code), ['digest-invalid-hash']);
  assert.match(d2[0].message, /63 characters/);
});

const CORPUS = CORPUS_DIR;
const MALFORMED_DIGESTS: Record<string, string[]> = {
  'test-cloudtrail-digest-json.log': ['digest-invalid-hash'],
  'cloudtrail_digest.json': ['digest-invalid-signature', 'digest-invalid-time', 'digest-invalid-time'],
};

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

function readText(file: string): string {
  const raw = fs.readFileSync(file);
  return (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
}

test('vendored real files: zero errors and zero warnings', () => {
  const dir = path.join(__dirname, '../../../fixtures/language');
  let checked = 0;
  for (const f of fs.readdirSync(dir)) {
    if (!/\.(json|jsonl|gz)$/.test(f) || f.includes('digest')) continue;
    const doc = parse(readText(path.join(dir, f)), f);
    assert.equal(doc.kind, 'cloudtrail', f);
    const bad = service.doValidation(doc, ALL_ON).filter((d) => d.severity === 'error' || d.severity === 'warning');
    assert.deepEqual(bad, [], f);
    checked++;
  }
  assert.equal(checked, 5);
});

test('corpus: zero errors and zero warnings on every CloudTrail file; malformed digests get theirs', { skip: withoutShared(CORPUS) }, () => {
  let files = 0;
  for (const file of walk(CORPUS)) {
    if (/\.(zip|csv|md)$/.test(file)) continue;
    const doc = parse(readText(file), file);
    const diags = service.doValidation(doc, ALL_ON);
    const serious = diags.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.code).sort();
    assert.deepEqual(serious, MALFORMED_DIGESTS[path.basename(file)] ?? [], file);
    if (doc.kind === 'cloudtrail' || doc.kind === 'digest') files++;
  }
  assert.ok(files >= 25, `only ${files} CloudTrail files found`);
});

test('S3 family record kinds: service events, network activity and aggregated events are judged as what they are', () => {
  // A service event the catalog does not name (S3 Tables maintenance, ...) is no misspelt API call.
  const service = { ...s3Record({ eventSource: 's3tables.amazonaws.com', eventName: 'SomeMaintenanceEventOfTomorrow', eventType: 'AwsServiceEvent' }) };
  assert.deepEqual(only(diagnose(service).diags, 'unknown-event-name'), []);
  // An API call name stays checked: an unknown s3tables API call is information, a close typo a warning.
  assert.equal(only(diagnose(s3Record({ eventSource: 's3tables.amazonaws.com', eventName: 'CreateTableBuckett' })).diags, 'unknown-event-name')[0]?.severity, 'warning');
  // A call through a VPC endpoint is a network activity event, whatever the API's own category.
  const vpce = s3Record({ eventName: 'ListBuckets', eventType: 'AwsVpceEvent', eventCategory: 'NetworkActivity', managementEvent: false, readOnly: false });
  assert.deepEqual(diagnose(vpce).diags.filter((d) => d.severity !== 'information'), []);
  // Aggregated events: their own minimum set.
  const aggregated = { eventVersion: '1.0', eventCategory: 'Aggregated', eventType: 'AwsAggregatedEvent', eventId: 'x', awsRegion: 'us-east-1', eventSource: 's3.amazonaws.com' };
  const [missing] = only(diagnose(aggregated).diags, 'missing-required-field');
  assert.match(missing.message, /lacks "summary", which every aggregated event has/);
  assert.deepEqual(diagnose({ ...aggregated, summary: {} }).diags, []);
});

test('every name within two edits of a catalog name is a warning with its fixes ranked by distance', () => {
  const near = (eventName: string) => only(diagnose(s3Record({ eventName, readOnly: false })).diags, 'unknown-event-name')[0];
  for (const [name, best] of [
    ['PutObjcet', 'PutObject'], ['DeleteBuckett', 'DeleteBucket'], ['GetObjct', 'GetObject'], ['HeadObjekt', 'HeadObject'],
    ['ListBuckts', 'ListBuckets'], ['GetObjectAcll', 'GetObjectAcl'], ['PuttObjectt', 'PutObject'],
  ]) {
    const d = near(name);
    assert.equal(d.severity, 'warning', name);
    assert.equal(d.data?.replacement, best, name);
    assert.equal(d.data?.alternatives?.[0], best, name);
    assert.match(d.message, new RegExp(`did you mean "${best}"`), name);
  }
  // A longer name the typo is the start of is another API: it comes after the one-edit fix, if at all.
  const bucket = near('DeleteBuckett');
  assert.ok(!bucket.data?.alternatives?.includes('DeleteBucketTagging'), 'DeleteBucketTagging is 6 edits away');
  // Several names within two edits: all offered, nearest first.
  assert.deepEqual(near('ListBuckts').data?.alternatives, ['ListBuckets', 'ListObjects']);
  assert.match(near('ListBuckts').message, /did you mean "ListBuckets" \(or "ListObjects"\)\?/);
  // Another case is the name itself: a warning with the fix too.
  assert.deepEqual([near('getobject').severity, near('getobject').data?.replacement], ['warning', 'GetObject']);
  // Three edits: information, with the closest names as a hint but no fix.
  const far = near('GetObjectXyzw');
  assert.equal(far.severity, 'information');
  assert.equal(far.data, undefined);
});

test('an empty eventName gets its own message', () => {
  for (const eventSource of ['s3.amazonaws.com', 'ec2.amazonaws.com']) {
    const { text, diags } = diagnose(s3Record({ eventName: '', eventSource }));
    const [d] = only(diags, 'unknown-event-name');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /^eventName is empty/);
    assert.equal(text.slice(d.start, d.end), '""');
    assert.equal(d.data, undefined);
  }
});

test('a duplicate Records key is one warning when the fast reader falls back to the tolerant one (a syntax error after it)', () => {
  // (Records that name an eventVersion: `[{}]` alone is not recognised as CloudTrail.)
  const doc = parse('{"Records":[{"eventVersion":"1.08"}],"Records":[{"eventVersion":"1.08","a":1,}]}');
  assert.equal(doc.problems.filter((p) => p.code === 'duplicate-records').length, 1);
});
