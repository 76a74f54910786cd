import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursor, parse, service } from './cursor';

function complete(marked: string): { text: string; labels: string[]; items: ReturnType<typeof service.doComplete> } {
  const { text, offset } = cursor(marked);
  const items = service.doComplete(parse(text), offset);
  return { text, labels: items.map((i) => i.label), items };
}

const HEAD = '{"Records":[{"eventVersion":"1.09","eventTime":"2026-03-01T12:00:00Z",';

test('eventName values are filtered by the record eventSource, with documentation', () => {
  const s3 = complete(`${HEAD}"eventSource":"s3.amazonaws.com","eventName":"Get|"}]}`);
  assert.ok(s3.labels.includes('GetObject'));
  assert.ok(s3.labels.includes('GetBucketRequestPayment'));
  assert.ok(!s3.labels.includes('CreateSession'), 's3express names are not offered for s3.amazonaws.com');
  const item = s3.items.find((i) => i.label === 'GetObject');
  assert.match(item?.documentation ?? '', /s3:GetObject/);
  // The edit replaces the whole string with its quotes.
  assert.equal(s3.text.slice(item?.edit.start, item?.edit.end), '"Get"');
  assert.equal(item?.edit.newText, '"GetObject"');
  const express = complete(`${HEAD}"eventSource":"s3express.amazonaws.com","eventName":"|"}]}`);
  assert.ok(express.labels.includes('CreateSession'));
  assert.ok(!express.labels.includes('GetBucketAcl'));
  // The newer S3-family sources come from the catalog the same way.
  const tables = complete(`${HEAD}"eventSource":"s3tables.amazonaws.com","eventName":"|"}]}`);
  assert.ok(tables.labels.includes('CreateTableBucket') && tables.labels.includes('GetObject'));
  assert.ok(!tables.labels.includes('GetBucketAcl') && !tables.labels.includes('QueryVectors'));
  assert.match(tables.items.find((i) => i.label === 'CreateTableBucket')?.documentation ?? '', /s3tables:CreateTableBucket/);
  const vectors = complete(`${HEAD}"eventSource":"s3vectors.amazonaws.com","eventName":"|"}]}`);
  assert.deepEqual(vectors.labels.filter((l) => l.endsWith('Vectors')).sort(), ['DeleteVectors', 'GetVectors', 'ListVectors', 'PutVectors', 'QueryVectors']);
  assert.match(vectors.items.find((i) => i.label === 'QueryVectors')?.detail ?? '', /^data · read · s3vectors\.amazonaws\.com$/);
});

test('enum values: eventSource, eventType, eventCategory, userIdentity.type, awsRegion, errorCode', () => {
  assert.ok(complete(`${HEAD}"eventSource":"|"}]}`).labels.includes('s3.amazonaws.com'));
  assert.ok(complete(`${HEAD}"eventType":"|"}]}`).labels.includes('AwsApiCall'));
  assert.deepEqual(complete(`${HEAD}"eventCategory":|}]}`).labels.sort(), ['Aggregated', 'Data', 'Insight', 'Management', 'NetworkActivity']);
  assert.ok(complete(`${HEAD}"eventSource":"|"}]}`).labels.includes('s3vectors.amazonaws.com'));
  assert.ok(complete(`${HEAD}"userIdentity":{"type":"|"}}]}`).labels.includes('AssumedRole'));
  assert.ok(complete(`${HEAD}"awsRegion":"|"}]}`).labels.includes('eu-west-1'));
  assert.ok(complete(`${HEAD}"errorCode":"|"}]}`).labels.includes('AccessDenied'));
});

test('field names valid at the cursor level, without the ones already present', () => {
  const top = complete(`${HEAD}"|"}]}`);
  assert.ok(top.labels.includes('recipientAccountId'));
  assert.ok(!top.labels.includes('eventTime'), 'eventTime is already there');
  assert.ok(!top.labels.includes('accessKeyId'), 'userIdentity members are not top-level');
  const nested = complete(`${HEAD}"userIdentity":{"type":"IAMUser", |}}]}`);
  assert.ok(nested.labels.includes('accessKeyId'));
  assert.ok(!nested.labels.includes('type'));
  const item = nested.items.find((i) => i.label === 'accessKeyId');
  assert.equal(item?.edit.newText, '"accessKeyId": ');
});

test('nothing to complete outside CloudTrail documents', () => {
  assert.deepEqual(complete('{"name":"|"}').labels, []);
});

test('completion while typing a record at the end of an unclosed file', () => {
  const done = '{"eventVersion":"1.09","eventTime":"2026-03-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","eventID":"1","eventType":"AwsApiCall"}';
  const { labels } = complete(`{"Records":[${done},{"eventVersion":"1.09","eventSource":"s3express.amazonaws.com","eventName":"Cre|`);
  assert.ok(labels.includes('CreateSession'));
});

/** The items in the order the editor shows them (by sortText). */
function shown(items: ReturnType<typeof service.doComplete>): string[] {
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
}

test('eventName completion: what starts with the value typed, then its near misses, each by how often it occurs in the workspace', () => {
  const marked = `${HEAD}"eventSource":"s3.amazonaws.com","eventName":"Put|"}]}`;
  const { text, offset } = cursor(marked);
  const counts = new Map([['PutBucketPolicy', 40], ['PutObjectAcl', 7], ['PutObject', 3], ['PutObjcet', 1000]]);
  const items = service.doComplete(parse(text), offset, { eventNameCounts: counts });
  const order = shown(items);
  assert.deepEqual(order.slice(0, 3), ['PutBucketPolicy', 'PutObjectAcl', 'PutObject']);
  assert.equal(items.find((i) => i.label === 'PutBucketPolicy')?.preselect, true);
  // Misspelt names counted in the workspace are never offered.
  assert.ok(!order.includes('PutObjcet'));
});

test('a misspelt value: its near misses come first, nearest first, and are kept by the editor\'s filter', () => {
  const { text, offset } = cursor(`${HEAD}"eventSource":"s3.amazonaws.com","eventName":"PutObjcet|"},` +
    `{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"PutObjcet"}]}`);
  const items = service.doComplete(parse(text), offset);
  const order = shown(items);
  assert.equal(order[0], 'PutObject');
  const best = items.find((i) => i.label === 'PutObject')!;
  assert.equal(best.filterText, '"PutObjcet"');
  assert.equal(best.preselect, true);
  assert.equal(best.edit.newText, '"PutObject"');
  // The document's own misspelt value is not echoed back as a choice.
  assert.ok(!order.includes('PutObjcet'));
  const far = items.find((i) => i.label === 'ListBuckets')!;
  assert.equal(far.filterText, undefined);
});

test('without workspace counts, the document\'s own eventNames rank first', () => {
  const { text, offset } = cursor(`${HEAD}"eventSource":"s3.amazonaws.com","eventName":"|"},` +
    `{"eventSource":"s3.amazonaws.com","eventName":"HeadBucket"},{"eventSource":"s3.amazonaws.com","eventName":"HeadBucket"},` +
    `{"eventSource":"s3.amazonaws.com","eventName":"ListObjectVersions"}]}`);
  assert.deepEqual(shown(service.doComplete(parse(text), offset)).slice(0, 2), ['HeadBucket', 'ListObjectVersions']);
});
