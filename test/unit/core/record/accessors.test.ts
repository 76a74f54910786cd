import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  accessOf, bucketOf, categoryOf, isAnonymous, isCrossAccount, isS3Record, keyOf, parseS3Arn, principalOf, type RawRecord,
} from '../../../../core/record';

const FIXTURES = path.join(__dirname, '../../../fixtures/record');
function fixture(name: string): RawRecord {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as RawRecord;
}

describe('bucketOf / keyOf', () => {
  it('reads requestParameters first', () => {
    const r = fixture('anonymous-getobject.json');
    assert.equal(bucketOf(r), 'www.example-ctf.cloud');
    assert.equal(keyOf(r), 'index.htm');
  });

  it('falls back to the first S3 ARN in resources when requestParameters has no bucketName', () => {
    const r = fixture('listobjects-arnprefix.json');
    assert.equal(bucketOf(r), 'bank-data-bucket');
  });

  it('gives no key for an ARNPrefix (a listing prefix, not an object)', () => {
    assert.equal(keyOf(fixture('listobjects-arnprefix.json')), undefined);
  });

  it('reads lowercase arn/accountid keys of sanitised data', () => {
    const r = fixture('resources-lowercase-keys.json');
    assert.equal(bucketOf(r), 'uploads-bucket');
    assert.equal(keyOf(r), 'test.json');
  });

  it('CopyObject with three resources: the key is the destination object (first object entry)', () => {
    const r = fixture('copyobject-three-resources.json');
    assert.equal(bucketOf(r), 'reports-bucket');
    assert.equal(keyOf(r), '2024/q2-copy.md');
  });

  it('tolerates missing resources and requestParameters null', () => {
    const r = fixture('listbuckets-no-resources.json');
    assert.equal(bucketOf(r), undefined);
    assert.equal(keyOf(r), undefined);
    assert.equal(bucketOf({ requestParameters: 'x', resources: 'nope' }), undefined);
    assert.equal(bucketOf({ resources: [null, 3, { ARN: 'arn:aws:iam::1:role/x' }, { ARN: 'arn:aws:s3:::b2/k' }] }), 'b2');
  });

  it('reads the bucket of an S3 Express directory bucket ARN', () => {
    assert.equal(bucketOf(fixture('express-create-session.json')), 'hot-cache-1a2b--usw2-az1--x-s3');
  });

  it('parses S3 ARNs', () => {
    assert.deepEqual(parseS3Arn('arn:aws:s3:::b/a/b/c.txt'), { bucket: 'b', key: 'a/b/c.txt' });
    assert.deepEqual(parseS3Arn('arn:aws:s3:::b'), { bucket: 'b' });
    assert.deepEqual(parseS3Arn('arn:aws-cn:s3:::b/'), { bucket: 'b', key: '' });
    assert.deepEqual(parseS3Arn('arn:aws:s3-outposts:us-east-1:123456789012:outpost/op-01ac5d28a6a232904/bucket/ob1'), { bucket: 'ob1' });
    assert.equal(parseS3Arn('arn:aws:s3:us-east-1:123456789012:accesspoint/ap1'), undefined);
    assert.equal(parseS3Arn('not an arn'), undefined);
  });
});

describe('principalOf', () => {
  it('anonymous GetObject', () => {
    const p = principalOf(fixture('anonymous-getobject.json'));
    assert.equal(p.short, 'anonymous');
    assert.equal(p.arn, undefined);
    assert.equal(p.principalId, undefined, 'an empty principalId is absent');
  });

  it('assumed role: role/session from the ARN, issuer user name from sessionContext', () => {
    const p = principalOf(fixture('cross-account-deletebucket.json'));
    assert.equal(p.short, 'OpsAdmin/devdesk');
    assert.equal(p.arn, 'arn:aws:sts::777788889999:assumed-role/OpsAdmin/devdesk');
    assert.equal(p.issuerUserName, 'OpsAdmin');
    assert.equal(p.principalId, 'AROAEXAMPLEROLEID1234:devdesk');
  });

  it('assumed role without an ARN: issuer and session from principalId', () => {
    const r: RawRecord = { userIdentity: { type: 'AssumedRole', principalId: 'AROAX:sess', sessionContext: { sessionIssuer: { userName: 'Deployer' } } } };
    assert.equal(principalOf(r).short, 'Deployer/sess');
  });

  it('AWS service without accountId: the invoking service', () => {
    const p = principalOf(fixture('awsservice-no-accountid.json'));
    assert.equal(p.short, 's3.amazonaws.com');
    assert.equal(p.arn, undefined);
  });

  it('userIdentity without type: invokedBy', () => {
    assert.equal(principalOf(fixture('useridentity-without-type.json')).short, 'ec2.amazonaws.com');
  });

  it('IAM user: the user name; root: root', () => {
    assert.equal(principalOf(fixture('lookup-events-string-readonly.json')).short, 'bob');
    assert.equal(principalOf(fixture('copyobject-three-resources.json')).short, 'alice@example.com');
    assert.equal(principalOf(fixture('old-1.04-no-readonly.json')).short, 'root');
  });

  it('no userIdentity (some service events): empty short name', () => {
    assert.deepEqual(principalOf({ eventName: 'JobCreated' }), { short: '' });
    assert.deepEqual(principalOf({ userIdentity: 'garbage' }), { short: '' });
  });
});

describe('categoryOf / accessOf', () => {
  it('eventCategory first (even when inconsistent with the eventName)', () => {
    assert.equal(categoryOf(fixture('resources-lowercase-keys.json')), 'management');
    assert.equal(categoryOf(fixture('listobjects-arnprefix.json')), 'data');
  });

  it('managementEvent when there is no eventCategory (boolean or string)', () => {
    assert.equal(categoryOf({ managementEvent: false, eventName: 'GetBucketAcl', eventSource: 's3.amazonaws.com' }), 'data');
    assert.equal(categoryOf(fixture('lookup-events-string-readonly.json')), 'management');
  });

  it('the catalog when the record says neither (old 1.04 record)', () => {
    const r = fixture('old-1.04-no-readonly.json');
    assert.equal(categoryOf(r), 'management');
    assert.equal(accessOf(r), 'read');
    assert.equal(categoryOf({ eventName: 'GetObject', eventSource: 's3.amazonaws.com' }), 'data');
    assert.equal(accessOf({ eventName: 'PutObject', eventSource: 's3.amazonaws.com' }), 'write');
  });

  it('readOnly as a boolean or as the string lookup-events writes', () => {
    assert.equal(accessOf(fixture('anonymous-getobject.json')), 'read');
    assert.equal(accessOf(fixture('lookup-events-string-readonly.json')), 'write');
    assert.equal(accessOf({ readOnly: 'TRUE' }), 'read');
  });

  it('unknown: nothing to say', () => {
    assert.equal(categoryOf({ eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com' }), undefined);
    assert.equal(accessOf({ eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com' }), undefined);
    assert.equal(categoryOf({ eventCategory: 'SomethingNew' }), undefined);
    assert.equal(accessOf({ readOnly: 'maybe' }), undefined);
  });

  it('the record kinds that are no single call have their own category, whatever the catalog says of the name', () => {
    assert.equal(categoryOf({ eventCategory: 'NetworkActivity', eventName: 'ListBuckets', eventSource: 's3.amazonaws.com' }), 'networkactivity');
    assert.equal(categoryOf({ eventCategory: 'Aggregated', eventType: 'AwsAggregatedEvent' }), 'aggregated');
    assert.equal(categoryOf({ eventCategory: 'Insight', eventType: 'AwsCloudTrailInsight' }), 'insight');
    assert.equal(categoryOf({ eventName: 'QueryVectors', eventSource: 's3vectors.amazonaws.com' }), 'data');
    assert.equal(accessOf({ eventName: 'QueryVectors', eventSource: 's3vectors.amazonaws.com' }), 'read');
  });
});

describe('flags', () => {
  it('cross-account: caller account and recipient both present and different', () => {
    assert.equal(isCrossAccount(fixture('cross-account-deletebucket.json')), true);
    assert.equal(isCrossAccount(fixture('listobjects-arnprefix.json')), false);
    assert.equal(isCrossAccount(fixture('awsservice-no-accountid.json')), false, 'no caller account');
    assert.equal(isCrossAccount({ userIdentity: { accountId: '1' } }), false, 'no recipient');
  });

  it('anonymous: ANONYMOUS_PRINCIPAL or "anonymous"', () => {
    assert.equal(isAnonymous(fixture('anonymous-getobject.json')), true);
    assert.equal(isAnonymous(fixture('anonymous-lowercase-getobject.json')), true);
    assert.equal(isAnonymous(fixture('cross-account-deletebucket.json')), false);
    assert.equal(isAnonymous({}), false);
  });

  it('S3 records: s3, s3express and s3-outposts sources', () => {
    assert.equal(isS3Record(fixture('anonymous-getobject.json')), true);
    assert.equal(isS3Record(fixture('express-create-session.json')), true);
    assert.equal(isS3Record({ eventSource: 's3-outposts.amazonaws.com' }), true);
    assert.equal(isS3Record(fixture('useridentity-without-type.json')), false);
    assert.equal(isS3Record({ eventSource: 'aws:s3' }), false);
  });
});
