import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { accessOperation, allAccessOperations, eventNameForOperation, lookupEvent, operationsForEventName } from '../../../../core/catalog';

test('every mapped eventName is an s3.amazonaws.com event of the catalog', () => {
  for (const e of allAccessOperations()) {
    for (const name of [e.eventName, e.objectEventName, e.listEventName]) {
      if (name) assert.ok(lookupEvent(name, 's3.amazonaws.com'), `${e.operation} -> ${name}`);
    }
  }
});

test('the reference examples: REST.GET.ACL is GetBucketAcl on a bucket, GetObjectAcl on a key; List vs Get by id=', () => {
  assert.equal(eventNameForOperation('REST.GET.ACL', false), 'GetBucketAcl');
  assert.equal(eventNameForOperation('REST.GET.ACL', true), 'GetObjectAcl');
  assert.equal(eventNameForOperation('REST.GET.OBJECT', true), 'GetObject');
  assert.equal(eventNameForOperation('REST.PUT.LIFECYCLE', false), 'PutBucketLifecycle');
  assert.equal(eventNameForOperation('REST.GET.INVENTORY', false, 'GET /?inventory HTTP/1.1'), 'ListBucketInventoryConfigurations');
  assert.equal(eventNameForOperation('REST.GET.INVENTORY', false, 'GET /?inventory&id=a HTTP/1.1'), 'GetBucketInventoryConfiguration');
  assert.deepEqual(operationsForEventName('CopyObject'), ['REST.COPY.OBJECT', 'REST.COPY.OBJECT_GET']);
});

test('lifecycle, website and batch lines have no CloudTrail name, and say why', () => {
  for (const op of ['S3.EXPIRE.OBJECT', 'S3.TRANSITION_GIR.OBJECT', 'WEBSITE.GET.OBJECT', 'BATCH.DELETE.OBJECT']) {
    assert.equal(eventNameForOperation(op, true), undefined, op);
    assert.ok(accessOperation(op)?.note, op);
  }
  assert.equal(eventNameForOperation('REST.NOT.AN_OPERATION', false), undefined);
});

test('every Operation of the reference tables is in the catalog', () => {
  const ref = fs.readFileSync(path.join(__dirname, '../../../../../shared/reference/s3-access-logs.md'), 'utf8');
  const section = ref.slice(ref.indexOf('## 2. Operation values'), ref.indexOf('## 3. Joining'));
  const ops = new Set([...section.matchAll(/`((?:REST|S3|WEBSITE|BATCH|SOAP)\.[A-Z_]+(?:\.[A-Z_]+)?)`/g)].map((m) => m[1]));
  const missing = [...ops].filter((op) => !accessOperation(op));
  assert.deepEqual(missing, []);
});
