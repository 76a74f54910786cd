// Each built-in rule on a positive and a negative fixture of our own (records built here, shaped as
// CloudTrail logs them: XML-to-JSON lists of one as objects, Block Public Access flags as booleans, ...).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FindingsStore, builtinRules, loadRuleText } from '../../../../core/detect';
import { BUILTIN_RULES_YAML } from '../../../../core/detect/builtin-pack';
import { builtinPackSource } from '../../../../scripts/gen-builtin-rules.mjs';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const OWN = '111122223333';
const FOREIGN = '999988887777';
type Rec = Record<string, unknown>;

const T0 = Date.parse('2026-03-01T00:00:00Z');
let n = 0;
function rec(over: Rec, atMs = T0 + 3 * 3_600_000): Rec {
  n++;
  return {
    eventVersion: '1.10', eventTime: new Date(atMs).toISOString().replace('.000Z', 'Z'), eventSource: 's3.amazonaws.com', eventName: 'GetObject',
    awsRegion: 'us-east-1', sourceIPAddress: '10.1.2.3', userAgent: '[aws-cli/2.15.30]', eventID: `ev-${n}`, recipientAccountId: OWN,
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${OWN}:user/alice`, accountId: OWN, userName: 'alice' },
    requestParameters: { bucketName: 'data-bucket', Host: 'data-bucket.s3.amazonaws.com' },
    ...over,
  };
}
const rp = (extra: Rec): Rec => ({ bucketName: 'data-bucket', Host: 'data-bucket.s3.amazonaws.com', ...extra });
const many = (count: number, stepMs: number, over: (i: number) => Rec): Rec[] => Array.from({ length: count }, (_, i) => rec(over(i), T0 + 3 * 3_600_000 + i * stepMs));
const anon = { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' };
/** Routine history: alice from her usual address and client over the first hours. */
const history = (): Rec[] => many(5, 600_000, () => ({ eventName: 'ListObjects' })).map((r, i) => ({ ...r, eventTime: new Date(T0 + i * 600_000).toISOString() }));

const CASES: Record<string, { positive: Rec[]; negative: Rec[] }> = {
  's3-sse-c-encryption': {
    positive: [rec({ eventName: 'CopyObject', requestParameters: rp({ key: 'a', 'x-amz-copy-source': 'data-bucket/a', 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }) })],
    negative: [rec({ eventName: 'CopyObject', requestParameters: rp({ key: 'a', 'x-amz-server-side-encryption': 'AES256' }) })],
  },
  's3-foreign-kms-key': {
    positive: [rec({ eventName: 'PutBucketEncryption', requestParameters: rp({ encryption: '', ServerSideEncryptionConfiguration: { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: `arn:aws:kms:us-east-1:${FOREIGN}:key/k` } } } }) })],
    negative: [rec({ eventName: 'CopyObject', requestParameters: rp({ key: 'a', 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:us-east-1:${OWN}:key/k` }) })],
  },
  's3-mass-delete': {
    positive: many(60, 30_000, (i) => ({ eventName: 'DeleteObject', requestParameters: rp({ key: `k${i}` }) })),
    negative: many(60, 120_000, (i) => ({ eventName: 'DeleteObject', requestParameters: rp({ key: `k${i}` }) })),
  },
  's3-delete-objects-burst': {
    positive: many(4, 30_000, () => ({ eventName: 'DeleteObjects', requestParameters: rp({ delete: '' }) })),
    negative: many(4, 3_600_000, () => ({ eventName: 'DeleteObjects', requestParameters: rp({ delete: '' }) })),
  },
  's3-permanent-version-delete': {
    positive: many(6, 10_000, (i) => ({ eventName: 'DeleteObject', requestParameters: rp({ key: `k${i}`, versionId: `v${i}` }) })),
    negative: many(6, 10_000, (i) => ({ eventName: 'DeleteObject', requestParameters: rp({ key: `k${i}` }) })),
  },
  's3-ransom-note': {
    positive: [rec({ eventName: 'PutObject', requestParameters: rp({ key: 'FILES-DELETED.txt' }) })],
    negative: [rec({ eventName: 'PutObject', requestParameters: rp({ key: 'docs/README.txt' }) }), rec({ eventName: 'PutObject', requestParameters: rp({ key: 'runbooks/restore-database.md' }) })],
  },
  's3-versioning-suspended': {
    positive: [rec({ eventName: 'PutBucketVersioning', requestParameters: rp({ versioning: '', VersioningConfiguration: { Status: 'Suspended' } }) })],
    negative: [rec({ eventName: 'PutBucketVersioning', requestParameters: rp({ versioning: '', VersioningConfiguration: { Status: 'Enabled' } }) })],
  },
  's3-short-lifecycle': {
    positive: [rec({ eventName: 'PutBucketLifecycle', requestParameters: rp({ lifecycle: '', LifecycleConfiguration: { Rule: [{ Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 30 } }, { Status: 'Enabled', Expiration: { Days: 1 } }] } }) })],
    negative: [rec({ eventName: 'PutBucketLifecycle', requestParameters: rp({ lifecycle: '', LifecycleConfiguration: { Rule: { Status: 'Enabled', Expiration: { Days: 365 } } } }) })],
  },
  's3-protection-removed': {
    positive: [rec({ eventName: 'DeleteBucketEncryption', requestParameters: rp({ encryption: '' }) })],
    negative: [rec({ eventName: 'DeleteBucketEncryption', errorCode: 'AccessDenied', requestParameters: rp({ encryption: '' }) })],
  },
  's3-public-acl': {
    positive: [rec({ eventName: 'PutBucketAcl', requestParameters: rp({ acl: '', AccessControlPolicy: { AccessControlList: { Grant: { Grantee: { 'xsi:type': 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' } } } }) })],
    negative: [rec({ eventName: 'PutBucketAcl', requestParameters: rp({ acl: '', AccessControlPolicy: { AccessControlList: { Grant: [{ Grantee: { 'xsi:type': 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' }] } } }) }), rec({ eventName: 'PutBucketAcl', requestParameters: rp({ acl: '', 'x-amz-acl': ['private'] }) })],
  },
  's3-public-policy': {
    positive: [rec({ eventName: 'PutBucketPolicy', requestParameters: rp({ policy: '', bucketPolicy: { Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' } } }) })],
    negative: [rec({ eventName: 'PutBucketPolicy', requestParameters: rp({ policy: '', bucketPolicy: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }] } }) })],
  },
  's3-bucket-bpa-off': {
    positive: [rec({ eventName: 'PutBucketPublicAccessBlock', requestParameters: rp({ publicAccessBlock: '', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } }) })],
    negative: [rec({ eventName: 'PutBucketPublicAccessBlock', requestParameters: rp({ publicAccessBlock: '', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }) })],
  },
  's3-account-bpa-off': {
    positive: [rec({ eventName: 'PutAccountPublicAccessBlock', requestParameters: { Host: `${OWN}.s3-control.us-east-1.amazonaws.com`, PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } } })],
    negative: [rec({ eventName: 'PutAccountPublicAccessBlock', requestParameters: { Host: `${OWN}.s3-control.us-east-1.amazonaws.com`, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } } })],
  },
  's3-policy-foreign-account': {
    positive: [rec({ eventName: 'PutBucketPolicy', requestParameters: rp({ policy: '', bucketPolicy: { Statement: { Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${FOREIGN}:root`] }, Action: 's3:GetObject' } } }) })],
    negative: [rec({ eventName: 'PutBucketPolicy', requestParameters: rp({ policy: '', bucketPolicy: { Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::127311923021:root' }, Action: 's3:PutObject' } } }) })],
  },
  's3-foreign-replication': {
    positive: [rec({ eventName: 'PutBucketReplication', requestParameters: rp({ replication: '', ReplicationConfiguration: { Rule: { Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::x', Account: FOREIGN } } } }) })],
    negative: [rec({ eventName: 'PutBucketReplication', requestParameters: rp({ replication: '', ReplicationConfiguration: { Rule: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::x', Account: OWN } }] } }) })],
  },
  's3-bulk-download-new-address': {
    positive: [...history(), ...many(120, 5_000, (i) => ({ eventName: 'GetObject', sourceIPAddress: '203.0.113.9', requestParameters: rp({ key: `k${i}` }) }))],
    negative: [...history(), ...many(120, 5_000, (i) => ({ eventName: 'GetObject', requestParameters: rp({ key: `k${i}` }) }))],
  },
  's3-new-address-and-client': {
    positive: [...history(), ...many(4, 5_000, () => ({ eventName: 'ListBuckets', sourceIPAddress: '203.0.113.9', userAgent: '[S3 Browser 11.6.7 https://s3browser.com]' }))],
    negative: [...history(), ...many(4, 5_000, () => ({ eventName: 'ListBuckets', userAgent: '[S3 Browser 11.6.7 https://s3browser.com]' }))],
  },
  's3-anonymous-access': {
    positive: [rec({ eventName: 'GetObject', userIdentity: anon, requestParameters: rp({ key: 'secret.csv' }) })],
    negative: Array.from({ length: 10 }, (_, i) => rec({ eventName: 'GetObject', userIdentity: anon, sourceIPAddress: `198.51.100.${i}`, requestParameters: rp({ key: 'index.html' }) }, T0 + i * 8 * 3_600_000)),
  },
  's3-access-logging-disabled': {
    positive: [rec({ eventName: 'PutBucketLogging', requestParameters: rp({ logging: '', BucketLoggingStatus: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' } }) })],
    negative: [rec({ eventName: 'PutBucketLogging', requestParameters: rp({ logging: '', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'x/' } } }) })],
  },
  'cloudtrail-s3-data-events-off': {
    positive: [rec({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'PutEventSelectors', requestParameters: { trailName: 't', eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [] }] } })],
    negative: [rec({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'PutEventSelectors', requestParameters: { trailName: 't', eventSelectors: { readWriteType: 'All', dataResources: { type: 'AWS::S3::Object', values: ['arn:aws:s3'] } } } })],
  },
  's3-bucket-posture-sweep': {
    positive: many(20, 300, (i) => ({ eventName: 'GetBucketAcl', requestParameters: { bucketName: `b${i}`, acl: '' } })),
    negative: many(20, 300, (i) => ({ eventName: 'GetBucketAcl', userAgent: '[S3Console/0.4]', requestParameters: { bucketName: `b${i}`, acl: '' } })),
  },
  's3-instance-role-off-instance': {
    positive: [rec({ eventName: 'ListBuckets', userAgent: '[aws-cli/1.18.136 Python/3.8.5 Darwin/19.5.0 botocore/1.17.5]', userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${OWN}:assumed-role/web/i-0317f6c6b66ae9c40`, accountId: OWN } })],
    negative: [rec({ eventName: 'ListBuckets', userAgent: '[aws-cli/2.15.30 md/os/linux#6.1.0]', userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${OWN}:assumed-role/web/i-0317f6c6b66ae9c40`, accountId: OWN } })],
  },
  's3-access-denied-burst': {
    positive: many(25, 5_000, (i) => ({ eventName: 'GetObject', errorCode: 'AccessDenied', requestParameters: rp({ key: `k${i}` }) })),
    negative: many(25, 5_000, (i) => ({ eventName: 'PutObject', errorCode: 'AccessDenied', userIdentity: { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' }, requestParameters: rp({ key: `k${i}` }) })),
  },
};

function findingsOf(records: Rec[]): string[] {
  const rules = builtinRules();
  const store = new FindingsStore(rules);
  store.setFile('/fixture.json', records.map((raw, i) => ({ raw, loc: { file: '/fixture.json', offset: i, length: 1, ordinal: i, line: i, column: 0 } })));
  return store.findings().map((f) => f.ruleId);
}

test('every built-in rule has a case here, and every detection of the reference a rule', () => {
  const rules = builtinRules();
  assert.deepEqual(rules.map((r) => r.id).sort(), Object.keys(CASES).sort());
  const ids = new Set(rules.map((r) => r.detection));
  for (const d of ['R1', 'R3', 'R4', 'R5', 'R6', 'R7', 'R9', 'P1', 'P2', 'P3', 'P4', 'E1', 'E2', 'E4', 'E5', 'E8', 'L1', 'L3', 'D2', 'D3']) assert.ok(ids.has(d), d);
  for (const r of rules) assert.ok(r.mitre && r.meaning && r.next, `${r.id} names its technique, meaning and next step`);
});

for (const [id, c] of Object.entries(CASES)) {
  test(`${id}: fires on its positive fixture, not on its negative one`, () => {
    assert.ok(findingsOf(c.positive).includes(id), 'positive');
    assert.ok(!findingsOf(c.negative).includes(id), 'negative');
  });
}

test('the bundled pack is the YAML file (node scripts/gen-builtin-rules.mjs)', () => {
  const text = fs.readFileSync(path.join(ROOT, 'core/detect/builtin-rules.yml'), 'utf8');
  assert.equal(BUILTIN_RULES_YAML, text);
  assert.equal(fs.readFileSync(path.join(ROOT, 'core/detect/builtin-pack.ts'), 'utf8'), builtinPackSource(text));
});

test('a bad rule is a problem naming the file and its line; the other rules load', () => {
  const text = '- id: ok\n  title: t\n  severity: low\n  query: eventName:GetObject\n- id: bad\n  title: t\n  severity: urgent\n  query: eventName:GetObject\n- id: bad2\n  title: t\n  severity: low\n  query: "eventNme:x"\n';
  const { rules, problems } = loadRuleText(text, '/rules/x.yml');
  assert.deepEqual(rules.map((r) => r.id), ['ok']);
  assert.equal(problems.length, 2);
  assert.equal(problems[0].file, '/rules/x.yml');
  assert.equal(problems[0].position?.line, 4);
  assert.match(problems[0].message, /rule bad: severity must be one of/);
  assert.match(problems[1].message, /rule bad2: query:/);
  const syntax = loadRuleText('- id: [unclosed\n', '/rules/y.yml');
  assert.equal(syntax.problems[0].code, 'rule-syntax');
  assert.equal(syntax.problems[0].position?.line, 1);
});

test('incremental: replacing or removing one file updates the findings', () => {
  const store = new FindingsStore(builtinRules());
  const loc = (file: string, i: number) => ({ file, offset: i, length: 1, ordinal: i, line: i, column: 0 });
  store.setFile('/a.json', CASES['s3-public-acl'].positive.map((raw, i) => ({ raw, loc: loc('/a.json', i) })));
  assert.deepEqual(store.findings().map((f) => f.ruleId), ['s3-public-acl']);
  store.setFile('/b.json', CASES['s3-account-bpa-off'].positive.map((raw, i) => ({ raw, loc: loc('/b.json', i) })));
  assert.deepEqual(store.findings().map((f) => f.ruleId).sort(), ['s3-account-bpa-off', 's3-public-acl']);
  store.setFile('/a.json', CASES['s3-public-acl'].negative.map((raw, i) => ({ raw, loc: loc('/a.json', i) })));
  assert.deepEqual(store.findings().map((f) => f.ruleId), ['s3-account-bpa-off']);
  store.removeFile('/b.json');
  assert.deepEqual(store.findings(), []);
});
