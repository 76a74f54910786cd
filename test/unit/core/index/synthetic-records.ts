// Seeded RecordValues with the variety the index must get right: missing values, empty strings,
// unicode, non-S3 sources, odd eventTime forms, shared and unique values.

import type { RecordValues } from '../../../../core/record/values';
import { BatchBuilder, type RowBatch } from '../../../../core/index';
import { rng } from '../../../seeded-random';

export function syntheticValues(n: number, seed: number): RecordValues[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const maybe = <T>(p: number, v: T): T | undefined => (r() < p ? v : undefined);
  const base = Date.UTC(2026, 0, 1);
  const out: RecordValues[] = [];
  for (let i = 0; i < n; i++) {
    const s3 = r() < 0.75;
    const ms = base + Math.floor(r() * 3 * 86400) * 1000;
    const timeForm = r();
    const eventTime = timeForm < 0.9 ? new Date(ms).toISOString().replace('.000Z', 'Z')
      : timeForm < 0.95 ? new Date(ms).toISOString() // with .000 millis: not the canonical form
        : timeForm < 0.98 ? undefined : 'not-a-time';
    const account = pick(['111122223333', '444455556666', 'ANONYMOUS_PRINCIPAL', undefined]);
    const recipient = pick(['111122223333', '444455556666']);
    const role = pick(['admin', 'ci-deploy', 'level3', 'Ünïcode-role']);
    out.push({
      eventTime,
      eventName: s3 ? pick(['GetObject', 'PutObject', 'ListObjects', 'DeleteObject', 'HeadBucket', 'GetBucketAcl']) : pick(['AssumeRole', 'Invoke', 'DescribeInstances']),
      eventSource: s3 ? pick(['s3.amazonaws.com', 's3.amazonaws.com', 's3express.amazonaws.com', 'S3.amazonaws.com']) : pick(['sts.amazonaws.com', 'lambda.amazonaws.com', 'ec2.amazonaws.com']),
      bucket: s3 ? maybe(0.9, pick(['prod-logs', 'dev-data', 'flaws2.cloud', 'Mixed-Case'])) : undefined,
      key: s3 ? maybe(0.7, pick(['a/b/c.txt', 'index.html', `logs/${i}.gz`, 'spaces in key.pdf', ''])) : undefined,
      userArn: account && account !== 'ANONYMOUS_PRINCIPAL' ? `arn:aws:sts::${account}:assumed-role/${role}/s${i % 7}` : undefined,
      userName: maybe(0.2, pick(['alice', 'bob'])),
      principalId: account === 'ANONYMOUS_PRINCIPAL' ? '' : maybe(0.8, `AROAEXAMPLE:${role}`),
      issuerUserName: maybe(0.5, role),
      principal: account === 'ANONYMOUS_PRINCIPAL' ? 'anonymous' : maybe(0.9, pick([`${role}/s${i % 7}`, 'alice', 'root', 's3.amazonaws.com'])),
      identityType: pick(['AssumedRole', 'IAMUser', 'AWSService', 'AWSAccount', undefined]),
      account,
      recipient,
      region: pick(['us-east-1', 'eu-west-1', 'ap-southeast-2']),
      sourceIP: pick(['10.1.2.3', '10.200.0.9', '192.168.1.1', '8.8.8.8', 'apigateway.amazonaws.com', '2001:db8::1', undefined]),
      userAgent: pick(['aws-cli/2.15', 'Boto3/1.34', '[S3Console/0.4]', 'Mozilla/5.0 "quoted"']),
      errorCode: maybe(0.1, pick(['AccessDenied', 'NoSuchKey', 'NoSuchBucket'])),
      category: maybe(0.9, pick(['data', 'management'])),
      access: maybe(0.9, pick(['read', 'write'])),
      crossAccount: account && account !== 'ANONYMOUS_PRINCIPAL' && account !== recipient ? 'true' : 'false',
      anonymous: account === 'ANONYMOUS_PRINCIPAL' ? 'true' : 'false',
      requestID: maybe(0.95, `REQ${Math.floor(r() * 1e9).toString(36).toUpperCase()}`),
      eventID: maybe(0.97, `e-${seed}-${i}`),
      // Session values from i alone, so the draws above stay what they were.
      accessKeyId: account && account !== 'ANONYMOUS_PRINCIPAL' ? `ASIA${String(i % 13).padStart(16, 'K')}` : undefined,
      sessionName: account && account !== 'ANONYMOUS_PRINCIPAL' ? `s${i % 7}` : undefined,
      issuerArn: i % 3 === 0 ? undefined : `arn:aws:iam::111122223333:role/${['admin', 'ci-deploy'][i % 2]}`,
      sourceIdentity: i % 11 === 0 ? 'alice@example.com' : undefined,
      mfa: i % 5 === 0 ? undefined : i % 5 === 1 ? 'true' : 'false',
      console: i % 9 === 0 ? 'true' : 'false',
      issuedAccessKeyId: i % 17 === 0 ? `ASIA${String(i % 13).padStart(16, 'Q')}` : undefined,
      issuedArn: i % 17 === 0 ? `arn:aws:sts::111122223333:assumed-role/admin/s${i % 5}` : undefined,
      invokedBy: i % 19 === 0 ? 'athena.amazonaws.com' : undefined,
      sessionCreated: i % 4 === 0 ? undefined : `2026-01-01T0${i % 10}:00:00Z`,
    });
  }
  return out;
}

/** Batches of `perFile` rows named file-0.json, file-1.json, ... */
export function batchesOf(values: readonly RecordValues[], perFile: number): RowBatch[] {
  const out: RowBatch[] = [];
  for (let f = 0; f * perFile < values.length; f++) {
    const b = new BatchBuilder(`/trail/file-${f}.json`, 8);
    values.slice(f * perFile, (f + 1) * perFile).forEach((v, i) => b.add(v, { offset: i * 100, length: 90, ordinal: i }));
    out.push(b.build());
  }
  return out;
}
