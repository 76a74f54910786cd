// A Backend of N synthetic S3 records generated from a seed (no files): the bench's 1,000,000 rows go
// through the real core index (BatchBuilder -> TrailIndex) so queries, sorts and facets cost what they
// cost in the server.

import type { RecordValues } from '../../../core/record/values';
import { BatchBuilder, TrailIndex } from '../../../core/index';
import { indexStatus, type Backend } from './backend';
import { rng } from '../../seeded-random';

const EVENTS = ['GetObject', 'PutObject', 'HeadObject', 'ListObjects', 'DeleteObject', 'GetBucketAcl', 'PutBucketPolicy', 'CreateMultipartUpload',
  'CompleteMultipartUpload', 'GetBucketLocation', 'ListBuckets', 'DeleteObjects', 'CopyObject', 'GetObjectTagging', 'PutBucketVersioning'];
const READS = new Set(['GetObject', 'HeadObject', 'ListObjects', 'GetBucketAcl', 'GetBucketLocation', 'ListBuckets', 'GetObjectTagging']);
const DATA = new Set(['GetObject', 'PutObject', 'HeadObject', 'ListObjects', 'DeleteObject', 'CreateMultipartUpload', 'CompleteMultipartUpload', 'DeleteObjects', 'CopyObject', 'GetObjectTagging']);
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'];
const ACCOUNTS = ['111122223333', '444455556666', '777788889999'];
const ERRORS = ['AccessDenied', 'NoSuchKey', 'NoSuchBucket', 'SlowDown', 'InvalidAccessKeyId'];
const IDENTITIES = ['AssumedRole', 'IAMUser', 'AWSService', 'Root', 'AWSAccount'];

export function syntheticValues(i: number, seed: number, startMs: number, stepMs: number): RecordValues {
  const r = rng(seed * 1_000_003 + i);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const eventName = pick(EVENTS);
  const account = pick(ACCOUNTS);
  const identityType = pick(IDENTITIES);
  const user = `${pick(['deploy', 'ci-runner', 'analyst', 'backup', 'etl', 'sec-oncall'])}-${Math.floor(r() * 40)}`;
  const bucket = `${pick(['prod', 'dev', 'logs', 'data', 'tfstate'])}-bucket-${Math.floor(r() * 25)}`;
  const recipient = r() < 0.05 ? pick(ACCOUNTS) : account;
  return {
    eventTime: new Date(startMs + i * stepMs).toISOString().replace('.000Z', 'Z'),
    eventName, eventSource: 's3.amazonaws.com', bucket,
    key: eventName.includes('Bucket') ? undefined : `data/${Math.floor(r() * 5000)}/part-${Math.floor(r() * 100)}.parquet`,
    userArn: `arn:aws:sts::${account}:assumed-role/${user}/session`, userName: undefined, principalId: `AROA${Math.floor(r() * 1e12)}:${user}`,
    issuerUserName: user, principal: user, identityType, account, recipient, region: pick(REGIONS),
    sourceIP: r() < 0.3 ? 's3.amazonaws.com' : `10.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`,
    userAgent: pick(['aws-cli/2.15.0', 'Boto3/1.34.0', '[S3Console/0.4]', 'aws-sdk-java/1.12.779']),
    errorCode: r() < 0.04 ? pick(ERRORS) : undefined,
    category: DATA.has(eventName) ? 'data' : 'management', access: READS.has(eventName) ? 'read' : 'write',
    crossAccount: String(recipient !== account), anonymous: 'false',
    requestID: Math.floor(r() * 1e15).toString(36).toUpperCase(), eventID: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${seed.toString(16).padStart(12, '0')}`,
    accessKeyId: `ASIA${String(i % 97).padStart(16, 'X')}`, sessionName: 'session', issuerArn: `arn:aws:iam::${account}:role/${user}`,
    sourceIdentity: undefined, mfa: 'false', console: 'false', issuedAccessKeyId: undefined, issuedArn: undefined,
    invokedBy: undefined, sessionCreated: undefined,
  };
}

export function syntheticBackend(opts: { rows: number; seed: number; perFile?: number; startMs?: number; stepMs?: number }): Backend {
  const index = new TrailIndex();
  const perFile = opts.perFile ?? 10_000;
  const startMs = opts.startMs ?? Date.UTC(2026, 0, 1);
  const stepMs = opts.stepMs ?? 500;
  let files = 0;
  for (let start = 0; start < opts.rows; start += perFile) {
    const b = new BatchBuilder(`/synthetic/AWSLogs/111122223333/CloudTrail/us-east-1/part-${files++}.json.gz`, perFile);
    const end = Math.min(opts.rows, start + perFile);
    for (let i = start; i < end; i++) {
      const v = syntheticValues(i, opts.seed, startMs, stepMs);
      b.add(v, { offset: (i - start) * 1000, length: 1000, ordinal: i - start });
    }
    index.addBatch(b.build());
  }
  // Indexing done: what the server does before it announces "ready" (server/index-handlers.ts).
  index.prepare();
  return {
    index,
    problems: [],
    status: () => indexStatus(index, 0, files),
    record(id) {
      const loc = index.location(id);
      if (!loc) return { ok: false, message: 'no such record' };
      const v = syntheticValues(id, opts.seed, startMs, stepMs);
      const record = {
        eventVersion: '1.09', eventTime: v.eventTime, eventSource: v.eventSource, eventName: v.eventName, awsRegion: v.region,
        sourceIPAddress: v.sourceIP, userAgent: v.userAgent, errorCode: v.errorCode,
        userIdentity: { type: v.identityType, principalId: v.principalId, arn: v.userArn, accountId: v.account },
        requestParameters: { bucketName: v.bucket, key: v.key }, requestID: v.requestID, eventID: v.eventID,
        readOnly: v.access === 'read', eventCategory: v.category === 'data' ? 'Data' : 'Management', recipientAccountId: v.recipient,
      };
      return { ok: true, json: JSON.stringify(record), location: { uri: `file://${loc.file}`, offset: loc.offset, length: loc.length, line: 0, column: loc.offset, gzip: true, ordinal: loc.ordinal } };
    },
  };
}
