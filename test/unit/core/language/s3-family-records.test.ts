// The record types and S3-family sources AWS documents, one record each (test/fixtures/documented/s3-family-2026.json,
// written in our own values after AWS's example records): no error and no warning on any of them, and the
// hover that explains each record's distinctive fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_ON, parse, service } from './cursor';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/documented/s3-family-2026.json');
const TEXT = fs.readFileSync(FIXTURE, 'utf8');
const DOC = parse(TEXT, 'file:///s3-family-2026.json');

/** [what the record is, its eventName or eventType, [text in the record to hover (key or value), expected hover]...] */
const CASES: [string, string, [string, RegExp][]][] = [
  ['S3 Tables management event', 'CreateTableBucket', [
    ['"CreateTableBucket"', /Creates a table bucket[\s\S]*Management event[\s\S]*`s3tables:CreateTableBucket`[\s\S]*Amazon S3 Tables[\s\S]*Inferred/],
    ['"s3tables.amazonaws.com"', /Amazon S3 Tables/],
    ['"AWS::S3Tables::TableBucket"', /S3 table bucket/],
  ]],
  ['S3 Tables maintenance configuration', 'PutTableBucketMaintenanceConfiguration', [
    ['"PutTableBucketMaintenanceConfiguration"', /maintenance configuration[\s\S]*PUT \/buckets\/\{tableBucketARN\}\/maintenance/],
  ]],
  ['S3 Tables data event', 'GetObject', [
    ['"GetObject"', /Data event \(logged only when the trail logs data events of `AWS::S3Tables::Table`[\s\S]*`s3tables:GetTableData`/],
    ['"AWS::S3Tables::Table"', /An S3 table/],
  ]],
  ['S3 Vectors management event', 'CreateVectorBucket', [
    ['"CreateVectorBucket"', /Creates a vector bucket[\s\S]*Management event[\s\S]*`s3vectors:CreateVectorBucket`/],
    ['"s3vectors.amazonaws.com"', /Amazon S3 Vectors/],
  ]],
  ['S3 Vectors data event', 'QueryVectors', [
    ['"QueryVectors"', /approximate nearest neighbor[\s\S]*Data event[\s\S]*`AWS::S3Vectors::Index`[\s\S]*read/],
    ['"AWS::S3Vectors::Index"', /S3 Vectors index/],
  ]],
  ['S3 on Outposts object data event', 'PutObject', [
    ['"PutObject"', /Data event[\s\S]*`AWS::S3Outposts::Object`[\s\S]*`s3-outposts:PutObject`/],
    ['"edgeDeviceDetails"', /Edge device/i],
    ['"deviceID"', /Outpost id/],
  ]],
  ['S3 on Outposts endpoint', 'CreateEndpoint', [
    ['"CreateEndpoint"', /Creates an endpoint[\s\S]*`s3-outposts:CreateEndpoint`/],
  ]],
  ['directory bucket CreateSession', 'CreateSession', [
    ['"CreateSession"', /· read\n[\s\S]*readOnly true/],
    ['"availabilityZone"', /Availability Zone/],
    ['"sessionModeApplied"', /mode of the CreateSession session/],
    ['"AWS::S3Express::DirectoryBucket"', /A directory bucket/],
  ]],
  ['directory bucket RenameObject', 'RenameObject', [
    ['"RenameObject"', /Renames an existing object[\s\S]*Data event[\s\S]*Itemised by AWS/],
  ]],
  ['S3 UpdateObjectEncryption (2026)', 'UpdateObjectEncryption', [
    ['"UpdateObjectEncryption"', /server-side encryption type[\s\S]*Data event[\s\S]*Itemised by AWS/],
  ]],
  ['S3 Metadata V2 configuration', 'CreateBucketMetadataConfiguration', [
    ['"CreateBucketMetadataConfiguration"', /Metadata V2[\s\S]*Management event/],
  ]],
  ['S3 ABAC', 'PutBucketAbac', [
    ['"PutBucketAbac"', /attribute-based access control[\s\S]*Inferred/],
  ]],
  ['ListObjectsV2 through an access point', 'ListObjectsV2', [
    ['"ListObjectsV2"', /through an access point/],
    ['"AWS::S3::AccessPoint"', /access point/],
  ]],
  ['Object Lambda WriteGetObjectResponse', 'WriteGetObjectResponse', [
    ['"WriteGetObjectResponse"', /Object Lambda[\s\S]*`s3-object-lambda:WriteGetObjectResponse`/],
    ['"s3-object-lambda.amazonaws.com"', /Amazon S3 Object Lambda/],
  ]],
  ['AWS Internal/# caller', 'GetBucketAcl', [
    ['"AWS Internal/3"', /inside AWS on your behalf[\s\S]*AWS Internal\/…/],
  ]],
  ['eventVersion 1.11 with eventContext', 'GetObject', [
    ['"eventContext"', /since eventVersion 1\.11/],
    ['"1.11"', /Added in this version: `eventContext`/],
  ]],
  ['network activity event', 'AwsVpceEvent', [
    ['"AwsVpceEvent"', /Network activity event/],
    ['"NetworkActivity"', /VPC endpoint/],
    ['"vpcEndpointAccountId"', /since eventVersion 1\.09/],
    ['"VpceAccessDenied"', /VPC endpoint policy denied/],
  ]],
  ['S3 Batch Operations service event', 'JobStatusChanged', [
    ['"JobStatusChanged"', /Service event \(eventType AwsServiceEvent\)[\s\S]*Itemised by AWS/],
    ['"AwsServiceEvent"', /generated itself/],
  ]],
  ['Insights on management events', 'AwsCloudTrailInsight', [
    ['"insightDetails"', /Insights events only/],
    ['"PutBucketPolicy"', /API that showed unusual activity[\s\S]*\*\*PutBucketPolicy\*\*/],
    ['"baselineDuration"', /baseline period/],
  ]],
  ['Insights on data events', 'AwsCloudTrailInsight', [
    ['"ApiErrorRateInsight"', /failed calls/],
    ['"Data"', /Insights on data events/],
    ['"DeleteObject"', /\*\*DeleteObject\*\*/],
  ]],
  ['aggregated data events', 'AwsAggregatedEvent', [
    ['"AwsAggregatedEvent"', /summary of many data events/],
    ['"Aggregated"', /counts of data events over a time window/],
    ['"eventId"', /spelled eventId/],
    ['"timeWindow"', /time window the summary covers/],
    ['"summary"', /counts of the data events in the time window/],
  ]],
];

test('the fixture holds one record per case, in order', () => {
  assert.equal(DOC.records.length, CASES.length);
  [...DOC.records].forEach((r, i) => {
    const v = r.value as Record<string, unknown>;
    const [what, id] = CASES[i];
    assert.ok(v.eventName === id || v.eventType === id, `record ${i} is ${what} (${id})`);
  });
});

for (const [i, [what, , hovers]] of CASES.entries()) {
  test(`${what}: no error or warning, and its hovers`, () => {
    const record = DOC.records.at(i)!;
    const diags = service.doValidation(DOC, ALL_ON).filter((d) => d.start >= record.start && d.end <= record.end);
    assert.deepEqual(diags.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.code}: ${d.message}`), []);
    assert.deepEqual(diags.map((d) => d.message), [], 'no information either');
    const text = TEXT.slice(record.start, record.end);
    for (const [needle, expected] of hovers) {
      const at = text.indexOf(needle);
      assert.ok(at >= 0, `record ${i} has ${needle}`);
      const h = service.doHover(DOC, record.start + at + 2);
      assert.ok(h, `hover on ${needle}`);
      assert.match(h.contents, expected, `hover on ${needle}`);
    }
  });
}
