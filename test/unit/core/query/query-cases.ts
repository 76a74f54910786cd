// A small hand-made record set and queries with the matches worked out by hand; shared by the
// evaluator tests and the Athena SQL tests (every query here must also render parseable SQL).

import type { RecordValues } from '../../../../core/record/values';

/** 2026-01-02T00:00:00Z: relative times in the cases count back from here. */
export const NOW = Date.UTC(2026, 0, 2);

function rv(v: Partial<RecordValues>): RecordValues {
  return {
    eventTime: undefined, eventName: undefined, eventSource: undefined, bucket: undefined, key: undefined, userArn: undefined,
    userName: undefined, principalId: undefined, issuerUserName: undefined, principal: undefined, identityType: undefined, account: undefined,
    recipient: undefined, region: undefined, sourceIP: undefined, userAgent: undefined, errorCode: undefined, category: undefined,
    access: undefined, crossAccount: 'false', anonymous: 'false', requestID: undefined, eventID: undefined,
    accessKeyId: undefined, sessionName: undefined, issuerArn: undefined, sourceIdentity: undefined, mfa: undefined, console: 'false',
    issuedAccessKeyId: undefined, issuedArn: undefined, invokedBy: undefined, sessionCreated: undefined,
    ...v,
  };
}

const ALICE_ARN = 'arn:aws:iam::111122223333:user/alice';

export const RECORDS: Record<string, RecordValues> = {
  alice: rv({
    eventTime: '2026-01-01T10:00:00Z', eventName: 'GetObject', eventSource: 's3.amazonaws.com', bucket: 'prod-logs', key: '2024/app.log',
    userArn: ALICE_ARN, userName: 'alice', principalId: 'AIDAEXAMPLE1', principal: 'alice', identityType: 'IAMUser', account: '111122223333',
    recipient: '111122223333', region: 'us-east-1', sourceIP: '10.1.2.3', userAgent: '[aws-cli/2.17.60]', category: 'data',
    access: 'read', requestID: 'REQ1', eventID: 'ev-1',
  }),
  ci: rv({
    eventTime: '2026-01-01T23:30:00Z', eventName: 'DeleteObject', eventSource: 's3.amazonaws.com', bucket: 'prod-logs',
    key: 'tmp/build_1.zip', userArn: 'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42', principalId: 'AROAEXAMPLE2:build-42',
    issuerUserName: 'ci-deployer', principal: 'ci-deployer/build-42', identityType: 'AssumedRole', account: '111122223333', recipient: '111122223333', region: 'us-east-1',
    sourceIP: '2001:db8::5', userAgent: 'Boto3/1.34', errorCode: 'AccessDenied', category: 'data', access: 'write', requestID: 'REQ2',
    eventID: 'ev-2',
  }),
  anon: rv({
    eventTime: '2025-12-31T12:00:00Z', eventName: 'GetObject', eventSource: 's3.amazonaws.com', bucket: 'public-site', key: 'index.html',
    principalId: '', principal: 'anonymous', identityType: 'AWSAccount', account: 'ANONYMOUS_PRINCIPAL', recipient: '111122223333', region: 'us-east-1',
    sourceIP: '81.2.69.142, 192.168.10.10', userAgent: 'Mozilla/5.0', category: 'data', access: 'read', crossAccount: 'true',
    anonymous: 'true', requestID: 'REQ3', eventID: 'ev-3',
  }),
  svc: rv({
    eventTime: '2026-01-02T00:00:00Z', eventName: 'PutBucketPolicy', eventSource: 's3.amazonaws.com', bucket: 'prod-logs',
    principal: 's3.amazonaws.com', identityType: 'AWSService', recipient: '111122223333', region: 'us-east-1', sourceIP: 'AWS Internal', userAgent: 'AWS Internal',
    category: 'management', access: 'write', requestID: 'REQ4', eventID: 'ev-4',
  }),
  cross: rv({
    eventTime: '2026-01-01T05:00:00Z', eventName: 'ListObjects', eventSource: 's3.amazonaws.com', bucket: 'shared-data',
    userArn: 'arn:aws:iam::444455556666:user/bob', userName: 'bob', principalId: 'AIDAEXAMPLE5', principal: 'bob', identityType: 'IAMUser',
    account: '444455556666', recipient: '111122223333', region: 'eu-west-1', sourceIP: '52.95.1.1', userAgent: '[aws-sdk-java/1.12]',
    errorCode: 'NoSuchBucket', category: 'data', access: 'read', crossAccount: 'true', requestID: 'REQ5', eventID: 'ev-5',
  }),
  express: rv({
    eventTime: '2026-01-01T12:00:00Z', eventName: 'CreateSession', eventSource: 's3express.amazonaws.com',
    bucket: 'mybucket--use1-az4--x-s3', userArn: ALICE_ARN, userName: 'alice', principal: 'alice', identityType: 'IAMUser', account: '111122223333',
    recipient: '111122223333', region: 'us-east-1', sourceIP: '10.200.0.9', userAgent: 'aws-cli', category: 'data', access: 'read',
    requestID: 'REQ6', eventID: 'ev-6',
  }),
  kms: rv({
    eventTime: '2026-01-01T11:00:00Z', eventName: 'Decrypt', eventSource: 'kms.amazonaws.com', userArn: ALICE_ARN, userName: 'alice', principal: 'alice',
    identityType: 'IAMUser', account: '111122223333', recipient: '111122223333', region: 'us-east-1', sourceIP: '10.1.2.3',
    userAgent: 'aws-cli', category: 'management', access: 'read', requestID: 'REQ7', eventID: 'ev-7',
  }),
  // An eventVersion 1.0-era record: no recipient, IP, agent, category or readOnly.
  legacy: rv({
    eventTime: '2014-05-01T00:00:00Z', eventName: 'GetBucketAcl', eventSource: 's3.amazonaws.com', bucket: 'Legacy-Bucket',
    userArn: 'arn:aws:iam::111122223333:user/legacy', userName: 'legacy', principalId: 'AIDAEXAMPLE8', principal: 'legacy', identityType: 'IAMUser',
    account: '111122223333', region: 'us-east-1',
  }),
};

export interface QueryCase {
  query: string;
  matches: string[];
}

const S3 = ['alice', 'ci', 'anon', 'svc', 'cross', 'express', 'legacy'];

export const CASES: QueryCase[] = [
  { query: '', matches: S3 },
  { query: 'source:*', matches: [...S3, 'kms'] },
  { query: 'source:kms.amazonaws.com', matches: ['kms'] },
  { query: '-source:s3.amazonaws.com', matches: ['express', 'kms'] },
  { query: 'eventsource:KMS.amazonaws.com', matches: ['kms'] },
  { query: 'eventName:GetObject', matches: ['alice', 'anon'] },
  { query: 'eventname:getobject', matches: ['alice', 'anon'] },
  { query: 'EVENTNAME:GETOBJECT', matches: ['alice', 'anon'] },
  { query: 'eventName:Get*', matches: ['alice', 'anon', 'legacy'] },
  { query: 'eventName:*Object', matches: ['alice', 'ci', 'anon'] },
  { query: 'eventName:DeleteObject,PutBucketPolicy', matches: ['ci', 'svc'] },
  { query: 'bucket:prod-logs', matches: ['alice', 'ci', 'svc'] },
  { query: 'bucket:legacy-bucket', matches: ['legacy'] },
  { query: '-bucket:prod-logs', matches: ['anon', 'cross', 'express', 'legacy'] },
  { query: 'bucket:*--x-s3', matches: ['express'] },
  { query: 'key:*', matches: ['alice', 'ci', 'anon'] },
  { query: '-key:*', matches: ['svc', 'cross', 'express', 'legacy'] },
  { query: 'key:tmp/build_1.zip', matches: ['ci'] },
  { query: 'key:tmp/build?1.zip', matches: [] },
  { query: 'key:"2024/app.log"', matches: ['alice'] },
  { query: 'user:alice', matches: ['alice', 'express'] },
  { query: 'user:*alice*', matches: ['alice', 'express'] },
  { query: 'user:ci-deployer', matches: ['ci'] },
  { query: '-user:*ci*', matches: ['alice', 'anon', 'svc', 'cross', 'express', 'legacy'] },
  { query: 'user:"arn:aws:iam::444455556666:user/bob"', matches: ['cross'] },
  { query: 'principal:BOB', matches: ['cross'] },
  { query: 'principal:anonymous', matches: ['anon'] },
  { query: 'principal:S3.amazonaws.com', matches: ['svc'] },
  { query: 'principal:ci-deployer', matches: [] },
  { query: 'principal:ci-deployer/*', matches: ['ci'] },
  { query: 'principal:*', matches: S3 },
  { query: '-principal:alice,bob', matches: ['ci', 'anon', 'svc', 'legacy'] },
  { query: 'principal:"ci-deployer/build-42",legacy', matches: ['ci', 'legacy'] },
  { query: 'identity:assumedrole', matches: ['ci'] },
  { query: 'account:111122223333', matches: ['alice', 'ci', 'express', 'legacy'] },
  { query: 'recipient:111122223333', matches: ['alice', 'ci', 'anon', 'svc', 'cross', 'express'] },
  { query: '-recipient:*', matches: ['legacy'] },
  { query: 'region:EU-west-1', matches: ['cross'] },
  { query: 'ip:10.0.0.0/8', matches: ['alice', 'express'] },
  { query: 'ip:192.168.0.0/16', matches: ['anon'] },
  { query: 'ip:2001:db8::/32', matches: ['ci'] },
  { query: 'ip:81.2.69.142', matches: ['anon'] },
  { query: 'ip:10.*', matches: ['alice', 'express'] },
  { query: '-ip:10.0.0.0/8', matches: ['ci', 'anon', 'svc', 'cross', 'legacy'] },
  { query: 'ip:"AWS Internal"', matches: ['svc'] },
  { query: 'ip:10.0.0.0/8,52.95.0.0/16', matches: ['alice', 'cross', 'express'] },
  { query: 'agent:*aws-cli*', matches: ['alice', 'express'] },
  { query: 'error:*', matches: ['ci', 'cross'] },
  { query: '-error:*', matches: ['alice', 'anon', 'svc', 'express', 'legacy'] },
  { query: 'error:accessdenied', matches: ['ci'] },
  { query: '-error:AccessDenied', matches: ['alice', 'anon', 'svc', 'cross', 'express', 'legacy'] },
  { query: 'error:NoSuch*', matches: ['cross'] },
  { query: 'type:management', matches: ['svc'] },
  { query: 'type:data', matches: ['alice', 'ci', 'anon', 'cross', 'express'] },
  { query: '-type:data', matches: ['svc', 'legacy'] },
  { query: 'access:write', matches: ['ci', 'svc'] },
  { query: 'access:read,write', matches: ['alice', 'ci', 'anon', 'svc', 'cross', 'express'] },
  { query: 'crossaccount:true', matches: ['anon', 'cross'] },
  { query: 'crossaccount:FALSE', matches: ['alice', 'ci', 'svc', 'express', 'legacy'] },
  { query: 'anonymous:true', matches: ['anon'] },
  { query: '-anonymous:true', matches: ['alice', 'ci', 'svc', 'cross', 'express', 'legacy'] },
  { query: 'requestid:req2', matches: ['ci'] },
  { query: 'eventid:EV-5', matches: ['cross'] },
  { query: 'since:-24h', matches: ['alice', 'ci', 'svc', 'cross', 'express'] },
  { query: 'since:-1h', matches: ['ci', 'svc'] },
  { query: 'until:2025-12-31', matches: ['anon', 'legacy'] },
  { query: 'since:2026-01-01T10:00 until:2026-01-01T12:00', matches: ['alice', 'express'] },
  { query: '-since:2026-01-01', matches: ['anon', 'legacy'] },
  { query: 'alice', matches: ['alice', 'express'] },
  { query: 'ALICE', matches: ['alice', 'express'] },
  { query: '"AWS Internal"', matches: ['svc'] },
  { query: '-alice', matches: ['ci', 'anon', 'svc', 'cross', 'legacy'] },
  { query: 'text:accessdenied', matches: ['ci'] },
  { query: "it's", matches: [] },
  { query: 'prod-logs eventName:DeleteObject', matches: ['ci'] },
  { query: 'eventName:Get* bucket:prod-logs,public-site -anonymous:true', matches: ['alice'] },
  { query: 'source:s3* eventName:CreateSession', matches: ['express'] },
  { query: 'since:-24h -user:*ci* eventName:Delete*,Put*', matches: ['svc'] },
];
