// Event lookups: exact names per source, aliases, case-insensitive resolution, suggestions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  S3_EVENT_SOURCES, allEvents, catalogSources, eventsForSource, isS3EventSource, lookupEvent, resolveAlias, suggestEventNames,
} from '../../../../core/catalog/index';

test('lookupEvent finds exact names, per source when given', () => {
  assert.equal(lookupEvent('GetObject')?.eventSource, 's3.amazonaws.com');
  assert.equal(lookupEvent('GetObject', 's3express.amazonaws.com')?.iamAction, 's3express:CreateSession');
  assert.equal(lookupEvent('ListObjectsV2', 's3.amazonaws.com')?.group, 'object', 'logged for requests through access points');
  assert.equal(lookupEvent('ListObjectsV2', 's3express.amazonaws.com')?.eventName, 'ListObjectsV2');
  assert.equal(lookupEvent('CreateTableBucket')?.eventSource, 's3tables.amazonaws.com');
  assert.equal(lookupEvent('QueryVectors')?.eventSource, 's3vectors.amazonaws.com');
  assert.equal(lookupEvent('GetObject', 's3tables.amazonaws.com')?.iamAction, 's3tables:GetTableData');
  assert.equal(lookupEvent('GetObject', 's3-outposts.amazonaws.com')?.iamAction, 's3-outposts:GetObject, s3-outposts:GetObjectVersion');
  assert.equal(lookupEvent('CreateEndpoint')?.eventSource, 's3-outposts.amazonaws.com');
  assert.equal(lookupEvent('JobStatusChanged')?.eventType, 'AwsServiceEvent');
  assert.equal(lookupEvent('CreateSession')?.eventSource, 's3express.amazonaws.com');
  assert.equal(lookupEvent('getobject'), undefined, 'exact means case-sensitive');
  assert.equal(lookupEvent('GetObject', 'ec2.amazonaws.com'), undefined);
  assert.equal(lookupEvent('GetStorageLensConfiguration')?.group, 'control');
  assert.equal(lookupEvent('ListRegionalBuckets')?.eventSource, 's3-outposts.amazonaws.com');
});

test('IAM actions of the renamed and shared-permission calls', () => {
  const iam = (n: string, s = 's3.amazonaws.com') => lookupEvent(n, s)?.iamAction;
  assert.equal(iam('GetBucketLifecycle'), 's3:GetLifecycleConfiguration');
  assert.equal(iam('PutBucketReplication'), 's3:PutReplicationConfiguration');
  assert.equal(iam('DeleteBucketReplication'), 's3:PutReplicationConfiguration');
  assert.equal(iam('HeadObject'), 's3:GetObject');
  assert.equal(iam('HeadBucket'), 's3:ListBucket');
  assert.equal(iam('ListObjects'), 's3:ListBucket');
  assert.equal(iam('ListObjectVersions'), 's3:ListBucketVersions');
  assert.equal(iam('CreateMultipartUpload'), 's3:PutObject');
  assert.equal(iam('UploadPart'), 's3:PutObject');
  assert.equal(iam('CompleteMultipartUpload'), 's3:PutObject');
  assert.equal(iam('DeleteObjects'), 's3:DeleteObject');
  assert.equal(iam('GetBucketEncryption'), 's3:GetEncryptionConfiguration');
  assert.equal(iam('CopyObject'), 's3:GetObject, s3:PutObject');
  assert.equal(iam('ListBuckets'), 's3:ListAllMyBuckets');
  assert.equal(iam('CreateSession', 's3express.amazonaws.com'), 's3express:CreateSession');
  assert.equal(iam('PreflightRequest'), null);
});

test('aliases of reference 1.3 resolve to the real entry', () => {
  const cases: [string, string][] = [
    ['GetBucketRequestPay', 'GetBucketRequestPayment'], ['PutBucketRequestPay', 'PutBucketRequestPayment'],
    ['PutBucketLifecycleConfiguration', 'PutBucketLifecycle'], ['GetBucketLifecycleConfiguration', 'GetBucketLifecycle'],
    ['GetBucketNotificationConfiguration', 'GetBucketNotification'], ['PutBucketNotificationConfiguration', 'PutBucketNotification'],
    ['GetBucketAccelerateConfiguration', 'GetAccelerateConfiguration'], ['PutBucketAccelerateConfiguration', 'PutAccelerateConfiguration'],
    ['GetObjectLockConfiguration', 'GetBucketObjectLockConfiguration'], ['PutObjectLockConfiguration', 'PutBucketObjectLockConfiguration'],
    ['GetPublicAccessBlock', 'GetBucketPublicAccessBlock'], ['PutPublicAccessBlock', 'PutBucketPublicAccessBlock'],
    // (ListObjectsV2 is no alias any more: AWS logs it for requests through access points.)
    ['DeletePublicAccessBlock', 'DeleteBucketPublicAccessBlock'], ['OPTIONS object', 'PreflightRequest'],
    ['PostObjectRestore', 'RestoreObject'], ['PutObjectCopy', 'CopyObject'], ['InitiateMultipartUpload', 'CreateMultipartUpload'],
    ['DeleteMultipleObjects', 'DeleteObjects'], ['UploadPart - Copy', 'UploadPartCopy'], ['ListBucket', 'ListObjects'],
    ['PutEncryptionConfiguration', 'PutBucketEncryption'], ['GetEncryptionConfiguration', 'GetBucketEncryption'],
    ['PutLifecycleConfiguration', 'PutBucketLifecycle'], ['PutReplicationConfiguration', 'PutBucketReplication'],
  ];
  for (const [alias, real] of cases) {
    const e = resolveAlias(alias, 's3.amazonaws.com');
    assert.equal(e?.eventName, real, alias);
    assert.equal(e?.eventSource, 's3.amazonaws.com');
  }
  // The account-level entries say where the S3 Control API names went.
  assert.match(lookupEvent('GetAccountPublicAccessBlock')?.notes ?? '', /GetPublicAccessBlock/);
});

test('ListObjectsV2 is a real name in s3.amazonaws.com (access points) and s3express, so no alias sends it to ListObjects', () => {
  assert.equal(resolveAlias('ListObjectsV2', 's3express.amazonaws.com'), undefined);
  assert.equal(resolveAlias('ListObjectsV2', 's3.amazonaws.com'), undefined);
  assert.ok(!lookupEvent('ListObjects', 's3.amazonaws.com')?.aliases.includes('ListObjectsV2'));
  assert.match(lookupEvent('ListObjectsV2', 's3.amazonaws.com')?.notes ?? '', /access point/);
  assert.match(lookupEvent('ListObjects', 's3.amazonaws.com')?.notes ?? '', /ListObjectsV2/);
});

test('resolveAlias: exact first, then case-insensitive over names and aliases', () => {
  assert.equal(resolveAlias('getobject')?.eventName, 'GetObject');
  assert.equal(resolveAlias('GETBUCKETREQUESTPAY', 's3.amazonaws.com')?.eventName, 'GetBucketRequestPayment');
  assert.equal(resolveAlias('GetObjectACL', 's3.amazonaws.com')?.eventName, 'GetObjectAcl');
  assert.equal(resolveAlias('GetObject'), undefined, 'an exact real name needs no resolving');
  assert.equal(resolveAlias('NoSuchThing'), undefined);
  assert.equal(resolveAlias('getobject', 'ec2.amazonaws.com'), undefined);
});

test('suggestEventNames: closest names first, filtered by source', () => {
  assert.equal(suggestEventNames('GetBucketRequestPay')[0], 'GetBucketRequestPayment');
  assert.equal(suggestEventNames('GetBucketRequestPay', 's3.amazonaws.com')[0], 'GetBucketRequestPayment');
  assert.equal(suggestEventNames('PutObjet')[0], 'PutObject');
  assert.equal(suggestEventNames('PutObjet', 's3express.amazonaws.com')[0], 'PutObject');
  assert.equal(suggestEventNames('GetObjetc')[0], 'GetObject', 'transposition counts as one edit');
  assert.ok(suggestEventNames('CreateSesion', 's3express.amazonaws.com').includes('CreateSession'));
  assert.ok(!suggestEventNames('CreateSesion', 's3.amazonaws.com').includes('CreateSession'));
  assert.deepEqual(suggestEventNames('Xyzzy'), []);
  assert.deepEqual(suggestEventNames('PutObjet', 'ec2.amazonaws.com'), []);
  assert.ok(suggestEventNames('GetBucket', undefined, 3).length <= 3);
  assert.ok(!suggestEventNames('PutObject').includes('PutObject'), 'never suggests the name itself');
});

test('sources', () => {
  assert.deepEqual([...S3_EVENT_SOURCES], ['s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com',
    's3tables.amazonaws.com', 's3vectors.amazonaws.com', 's3-object-lambda.amazonaws.com']);
  assert.deepEqual(catalogSources().map((s) => s.eventSource), [...S3_EVENT_SOURCES]);
  assert.ok(isS3EventSource('s3express.amazonaws.com'));
  assert.ok(isS3EventSource('s3tables.amazonaws.com'));
  assert.ok(!isS3EventSource('aws:s3'));
  assert.ok(!isS3EventSource(42));
  assert.equal(eventsForSource('ec2.amazonaws.com').length, 0);
  const total = S3_EVENT_SOURCES.reduce((n, s) => n + eventsForSource(s).length, 0);
  assert.equal(total, allEvents().length);
});

test('entries are frozen: callers cannot corrupt the shared catalog', () => {
  const e = lookupEvent('GetObject');
  assert.ok(e && Object.isFrozen(e));
  assert.ok(Object.isFrozen(allEvents()));
});
