// Request-detail facts worked out while reading (facts.ts): every bit the reader sets equals the check run on
// the parsed record, on a generated tree (fast lane and needles) and on records that take the ordinary path;
// rules whose checks read no context are then answered without reading the files again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CHECKS, FACT_CHECKS, FACTS_READ, FactPlan, FindingsStore, builtinRules, readFileRecords, setFilesFromIndex } from '../../../../core/detect';
import { EMPTY_CONTEXT } from '../../../../core/detect/checks';
import { TrailIndex, readFileBatches } from '../../../../core/index';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const plan = new FactPlan(builtinRules());
const limits = { maxFileBytes: 1 << 30, maxInflatedBytes: 1 << 30, onProblem: (p: { message: string }) => assert.fail(p.message), facts: plan };

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (p.endsWith('.json.gz') || p.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Every row's facts against the checks run on the record itself; returns how many bits were set. */
async function compareFacts(files: string[]): Promise<{ rows: number; set: number; worked: number }> {
  const index = new TrailIndex();
  for (const f of files) for await (const b of readFileBatches(f, limits)) index.addBatch(b);
  const s = index.store;
  const byPlace = new Map<string, number>();
  for (let row = 0; row < s.rowCount; row++) byPlace.set(`${s.filePath(s.fileIds[row])}#${s.ordinals[row]}`, row);
  let rows = 0, set = 0, worked = 0;
  for (const f of files) {
    for (const { raw, loc } of await readFileRecords(f, (p) => assert.fail(p.message))) {
      const row = byPlace.get(`${f}#${loc.ordinal}`);
      assert.ok(row !== undefined, `${f}#${loc.ordinal} indexed`);
      const facts = s.facts.values[row];
      assert.ok((facts & FACTS_READ) !== 0, `facts worked out for ${f}#${loc.ordinal}`);
      rows++;
      const known = plan.knownMask(typeof raw.eventName === 'string' ? raw.eventName : undefined);
      FACT_CHECKS.forEach((name, i) => {
        if ((known & (1 << i)) === 0) return;
        worked++;
        const want = CHECKS[name](raw, EMPTY_CONTEXT);
        assert.equal((facts & (1 << i)) !== 0, want, `${name} on ${String(raw.eventName)} ${String(raw.eventID)}`);
        if (want) set++;
      });
    }
  }
  return { rows, set, worked };
}

test('facts fit their column: one bit per check and the read mark in 16 bits', () => {
  assert.ok(FACT_CHECKS.length <= 15, `${FACT_CHECKS.length} checks`);
  assert.deepEqual([...FACT_CHECKS].sort(), Object.keys(CHECKS).sort());
});

test('every fact the reader works out equals the check on the parsed record (generated tree with scenarios, seed 4343)', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-facts-'));
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '6000', '--seed', '4343', '--scenarios'], { stdio: 'pipe' });
    const { rows, set, worked } = await compareFacts(walk(path.join(dir, 'AWSLogs')).sort());
    assert.ok(rows > 6000, `${rows} rows`);
    // Not vacuous: many checks worked out, and the scenarios' SSE-C, version-id, public ACL ... records hold.
    assert.ok(worked > 1000 && set > 20, `${worked} worked out, ${set} holding`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function record(id: string, eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08', userIdentity: { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' },
    eventTime: '2026-03-01T12:00:00Z', eventSource: 's3.amazonaws.com', eventName, awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7',
    requestParameters: { bucketName: 'prod-data', ...requestParameters }, responseElements: null, eventID: id, eventType: 'AwsApiCall',
    recipientAccountId: '111122223333', ...extra,
  };
}

test('facts of escaped member names, additionalEventData values and records the fast lane declines', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-facts-edge-'));
  try {
    const file = path.join(dir, 'a.json');
    const records = [
      record('sse-c-aed', 'PutObject', { key: 'k' }, { additionalEventData: { SSEApplied: 'SSE_C' } }),
      record('plain-put', 'PutObject', { key: 'k' }),
      record('bpa-delete', 'DeleteBucketPublicAccessBlock', {}),
      record('selectors-none', 'PutEventSelectors', {}, { eventSource: 'cloudtrail.amazonaws.com' }),
      // An eventTime the fast lane does not take: the ordinary path (JSON.parse) works the facts out.
      record('odd-time', 'DeleteObject', { key: 'k', versionId: 'v1' }, { eventTime: '2026-03-01 12:00:00' }),
    ];
    // `versionId` spelt with an escape: JSON.parse reads the member, a plain byte search would not.
    const text = JSON.stringify({ Records: [...records, record('escaped', 'DeleteObject', { key: 'k', versionIdX: 'v2' })] }).replace('"versionIdX"', '"versio\\u006eId"');
    fs.writeFileSync(file, text);
    const { set } = await compareFacts([file]);
    assert.equal(set, 5, 'sse-c, bpa-off, s3-data-events-off and two version-ids hold');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('foreign-kms-key answered from the scanned key (no parse) equals the check on the parsed record, edge cases and all', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-facts-kms-'));
  try {
    const file = path.join(dir, 'a.json');
    const kms = 'x-amz-server-side-encryption-aws-kms-key-id';
    const records = [
      record('foreign', 'PutObject', { key: 'k', [kms]: 'arn:aws:kms:us-east-1:999988887777:key/abc' }),
      record('own', 'PutObject', { key: 'k', [kms]: 'arn:aws:kms:us-east-1:111122223333:key/abc' }),
      record('bare-id', 'CopyObject', { key: 'k', [kms]: '999988887777' }),
      record('alias', 'PutObject', { key: 'k', [kms]: 'alias/aws/s3' }),
      record('elb', 'PutObject', { key: 'k', [kms]: 'arn:aws:kms:us-east-1:127311923021:key/abc' }),
      record('empty', 'PutObject', { key: 'k', [kms]: '' }),
      record('null-key', 'PutObject', { key: 'k', [kms]: null }),
      record('number', 'PutObject', { key: 'k', [kms]: 999988887777 }),
      record('no-recipient', 'PutObject', { key: 'k', [kms]: 'arn:aws:kms:us-east-1:111122223333:key/abc' }, { recipientAccountId: null }),
      // The header elsewhere than requestParameters: the check does not read it there.
      record('in-response', 'PutObject', { key: 'k' }, { responseElements: { [kms]: 'arn:aws:kms:us-east-1:999988887777:key/abc' } }),
      // A second requestParameters: JSON.parse keeps the last, and so does the scan.
      record('twice', 'PutObject', { key: 'k' }),
      // The key and SSE-C together: a needle of another check, so the record is parsed.
      record('with-sse-c', 'PutObject', { key: 'k', [kms]: 'arn:aws:kms:us-east-1:999988887777:key/abc', 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }),
    ];
    const text = JSON.stringify({ Records: [...records, record('escaped-value', 'PutObject', { key: 'k', [kms]: 'arn:aws:kms:us-east-1:999988887777:key\\/abc' })] })
      .replace('"requestParameters":{"bucketName":"prod-data","key":"k"},"responseElements":null,"eventID":"twice"',
        `"requestParameters":{"bucketName":"prod-data","${kms}":"arn:aws:kms:us-east-1:999988887777:key/x"},"requestParameters":{"bucketName":"prod-data","key":"k"},"responseElements":null,"eventID":"twice"`);
    assert.ok(text.includes('"eventID":"twice"') && text.split(kms).length - 1 === 13, 'the edge cases are in the file');
    fs.writeFileSync(file, text);
    const { rows, set } = await compareFacts([file]);
    assert.equal(rows, 13);
    // foreign, bare-id, number, no-recipient ("own" is only own against the recipient), with-sse-c (2 bits), escaped-value.
    assert.equal(set, 7);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rules whose checks read no context are answered from the facts: their files are not read again', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-facts-noread-'));
  try {
    const file = path.join(dir, 'a.json');
    fs.writeFileSync(file, JSON.stringify({
      Records: [
        record('acl', 'PutBucketAcl', { acl: '', 'x-amz-acl': ['public-read'] }),
        record('sse-c', 'PutObject', { key: 'k', 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }),
        record('kms', 'PutObject', { key: 'k', 'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:999988887777:key/abc' }),
      ],
    }));
    const index = new TrailIndex();
    for await (const b of readFileBatches(file, limits)) index.addBatch(b);
    const before = new FindingsStore(builtinRules());
    await setFilesFromIndex(before, index);
    assert.deepEqual(before.findings().map((f) => f.ruleId).sort(), ['s3-foreign-kms-key', 's3-public-acl', 's3-sse-c-encryption']);
    // The file is gone (the index does not know yet): the facts still answer the ACL and SSE-C rules; the
    // foreign key needs the workspace's own accounts, so its few candidates are read again, and are lost.
    fs.rmSync(file);
    const after = new FindingsStore(builtinRules());
    await setFilesFromIndex(after, index);
    assert.deepEqual(after.findings().map((f) => f.ruleId).sort(), ['s3-public-acl', 's3-sse-c-encryption']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the plan\'s signature changes with the checks the rules pair with eventNames (a saved index read under another plan is read again)', () => {
  const rules = builtinRules();
  const same = new FactPlan(builtinRules()).signature;
  assert.equal(new FactPlan(rules).signature, same);
  const withFacts = rules.filter((r) => new FactPlan([r]).signature !== new FactPlan([]).signature);
  assert.ok(withFacts.length > 0);
  assert.notEqual(new FactPlan(rules.filter((r) => r !== withFacts[0])).signature, same);
});

test('a plan sent as data (FactPlan.spec, as the index workers get it) is the same plan: signature, checks per eventName, facts', async () => {
  const copy = FactPlan.fromSpec(structuredClone(plan.spec));
  assert.equal(copy.signature, plan.signature);
  assert.ok(plan.spec.rules.length > 0);
  for (const name of ['PutObject', 'DeleteObject', 'PutBucketPolicy', 'putbucketacl', 'GetObject', 'ListBuckets', '', 'Put*']) {
    assert.equal(copy.knownMask(name), plan.knownMask(name), name);
  }
  // The same bits on every row of a generated tree with scenarios, read with each plan.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-facts-spec-'));
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '2000', '--seed', '77', '--scenarios'], { stdio: 'pipe' });
    const read = async (facts: FactPlan): Promise<number[]> => {
      const out: number[] = [];
      for (const f of walk(path.join(dir, 'AWSLogs')).sort()) for await (const b of readFileBatches(f, { ...limits, facts })) out.push(...b.facts!);
      return out;
    };
    const mine = await read(plan);
    assert.ok(mine.some((v) => (v & ~FACTS_READ) !== 0), 'some check holds');
    assert.deepEqual(await read(copy), mine);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
