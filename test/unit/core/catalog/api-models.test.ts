// The catalog against the API models' operations recorded in test/fixtures/catalog/api-model-operations.json:
// every operation has an entry (or an alias) in a source that uses the model, and no entry is named after
// something that is neither an operation nor an event AWS itemises. A model update is one diff of that file;
// this test then names the entries to add or remove.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allEvents, catalogReferences, catalogSources, eventsForSource, type EventEntry } from '../../../../core/catalog/index';

interface ModelOperations {
  model: string;
  recordedFrom: string;
  operations: string[];
}
const FIXTURE = path.resolve(__dirname, '../../../fixtures/catalog/api-model-operations.json');
const MODELS = (JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { models: Record<string, ModelOperations> }).models;
const byModel = new Map(Object.values(MODELS).map((m) => [m.model, new Set(m.operations)]));

/** Events AWS itemises that no API operation is named after, each with why. */
const NOT_OPERATIONS: Record<string, string> = {
  's3.amazonaws.com PostObject': 'browser-based POST upload (HTML form), no SDK operation',
  's3.amazonaws.com PreflightRequest': 'CORS preflight (OPTIONS), no SDK operation',
  's3.amazonaws.com InitiateReplication': 'emitted by S3 replication',
  's3.amazonaws.com JobCreated': 'S3 Batch Operations service event',
  's3.amazonaws.com JobStatusChanged': 'S3 Batch Operations service event',
};

/** The operations of every model a source's entries come from (sources.json apiModels). */
function operationsOf(eventSource: string): Set<string> {
  const info = catalogSources().find((s) => s.eventSource === eventSource);
  assert.ok(info, eventSource);
  const out = new Set<string>();
  for (const m of info.apiModels) {
    const ops = byModel.get(m);
    assert.ok(ops, `${eventSource}: model ${m} is recorded in the fixture`);
    for (const op of ops) out.add(op);
  }
  return out;
}

test('the fixture records the five models the S3 family uses', () => {
  assert.deepEqual(Object.values(MODELS).map((m) => m.model).sort(),
    ['s3 2006-03-01', 's3control 2018-08-20', 's3outposts 2017-07-25', 's3tables 2018-05-10', 's3vectors 2025-07-15']);
  for (const m of Object.values(MODELS)) {
    assert.deepEqual(m.operations, [...m.operations].sort(), `${m.model} sorted (one diff per model update)`);
    assert.equal(new Set(m.operations).size, m.operations.length, `${m.model} has no duplicates`);
  }
});

test('every operation of every model has an entry (or an alias) in a source that uses the model', () => {
  const missing: string[] = [];
  for (const m of Object.values(MODELS)) {
    const sources = catalogSources().filter((s) => s.apiModels.includes(m.model)).map((s) => s.eventSource);
    assert.ok(sources.length > 0, `${m.model} is used by some source`);
    const names = new Set<string>();
    for (const s of sources) for (const e of eventsForSource(s)) [e.eventName, ...e.aliases].forEach((n) => names.add(n));
    for (const op of m.operations) if (!names.has(op)) missing.push(`${m.model} ${op}`);
  }
  assert.deepEqual(missing, [], 'operations without a catalog entry');
});

test('no entry is named after anything but an operation of its models, a documented rename or an itemised non-API event', () => {
  const invented: string[] = [];
  for (const e of allEvents()) {
    const id = `${e.eventSource} ${e.eventName}`;
    const ops = operationsOf(e.eventSource);
    if (ops.has(e.eventName)) continue;
    // A documented rename: CloudTrail's name, with the operation's name as alias (GetBucketLifecycle, ...).
    if (e.provenance.evidence === 'itemised' && e.aliases.some((a) => ops.has(a))) continue;
    // S3 Control's account-level Block Public Access, logged under its documented CloudTrail names.
    if (e.group === 'account' && e.provenance.evidence === 'itemised') continue;
    // Renames the JS client dropped with the deprecated operations (the botocore model still has them).
    if (e.provenance.evidence === 'itemised' && ['GetBucketLifecycle', 'PutBucketLifecycle', 'GetBucketNotification', 'PutBucketNotification'].includes(e.eventName)) continue;
    if (id in NOT_OPERATIONS) {
      assert.equal(e.provenance.evidence, 'itemised', `${id}: a non-API name must be itemised by AWS`);
      continue;
    }
    invented.push(id);
  }
  assert.deepEqual(invented, []);
});

test('the new sources hold exactly their models: S3 Tables and S3 Vectors APIs, Outposts endpoints', () => {
  const names = (list: readonly EventEntry[]) => list.map((e) => e.eventName).sort();
  const tables = eventsForSource('s3tables.amazonaws.com');
  assert.deepEqual(names(tables.filter((e) => e.category === 'management')), [...MODELS.s3tables.operations].sort());
  assert.deepEqual(names(tables.filter((e) => e.category === 'data')),
    ['AbortMultipartUpload', 'CompleteMultipartUpload', 'CreateMultipartUpload', 'GetObject', 'HeadObject', 'ListParts', 'PutObject', 'UploadPart']);
  assert.deepEqual(names(eventsForSource('s3vectors.amazonaws.com')), [...MODELS.s3vectors.operations].sort());
  assert.deepEqual(names(eventsForSource('s3vectors.amazonaws.com').filter((e) => e.category === 'data')),
    ['DeleteVectors', 'GetVectors', 'ListVectors', 'PutVectors', 'QueryVectors']);
  assert.deepEqual(names(allEvents().filter((e) => e.group === 'outposts-endpoint')), [...MODELS.s3outposts.operations].sort());
  assert.equal(allEvents().filter((e) => e.group === 'outposts-object').length, 20);
  assert.ok(allEvents().filter((e) => e.group === 'outposts-object').every((e) => e.eventSource === 's3-outposts.amazonaws.com'));
});

test('every entry says where it comes from and whether AWS itemises it', () => {
  const keys = new Set(catalogReferences().map((r) => r.key));
  for (const e of allEvents()) {
    const id = `${e.eventSource} ${e.eventName}`;
    assert.ok(e.provenance.evidence === 'itemised' || e.provenance.evidence === 'inferred', id);
    assert.ok(e.provenance.sources.length > 0 && e.provenance.sources.every((k) => keys.has(k)), id);
  }
  const evidence = (source: string, name: string) => eventsForSource(source).find((e) => e.eventName === name)?.provenance.evidence;
  // Itemised on AWS's CloudTrail pages.
  assert.equal(evidence('s3.amazonaws.com', 'UpdateObjectEncryption'), 'itemised');
  assert.equal(evidence('s3.amazonaws.com', 'CreateBucketMetadataConfiguration'), 'itemised');
  assert.equal(evidence('s3.amazonaws.com', 'PutObjectAnnotation'), 'itemised');
  assert.equal(evidence('s3.amazonaws.com', 'ListObjectsV2'), 'itemised');
  assert.equal(evidence('s3.amazonaws.com', 'JobStatusChanged'), 'itemised');
  assert.equal(evidence('s3express.amazonaws.com', 'RenameObject'), 'itemised');
  // Names from the API models only.
  assert.equal(evidence('s3.amazonaws.com', 'PutBucketAbac'), 'inferred');
  assert.equal(evidence('s3.amazonaws.com', 'CreateJob'), 'inferred');
  assert.equal(evidence('s3express.amazonaws.com', 'PutBucketLifecycleConfiguration'), 'inferred');
  assert.equal(evidence('s3tables.amazonaws.com', 'CreateTableBucket'), 'inferred');
  assert.equal(evidence('s3vectors.amazonaws.com', 'QueryVectors'), 'inferred');
  assert.equal(evidence('s3-outposts.amazonaws.com', 'PutObject'), 'inferred');
  assert.equal(evidence('s3-outposts.amazonaws.com', 'CreateEndpoint'), 'inferred');
});

test('directory buckets: CreateSession reads, RenameObject is a data event, the configuration APIs are management events', () => {
  const express = (n: string) => eventsForSource('s3express.amazonaws.com').find((e) => e.eventName === n);
  assert.equal(express('CreateSession')?.readOnly, true);
  assert.equal(express('RenameObject')?.category, 'data');
  for (const n of ['PutBucketLifecycleConfiguration', 'GetBucketInventoryConfiguration', 'ListBucketMetricsConfigurations']) {
    assert.equal(express(n)?.category, 'management', n);
    assert.match(express(n)?.iamAction ?? '', /^s3express:/, n);
  }
});
