// Rows built straight from the scanner (BatchBuilder.addScanned) must hold exactly what recordValues of
// the parsed record gives, or the builder must decline (false, nothing added): on generated records, on
// edge forms of every slot it reads, across batches; and the reader (readFileBatches) must give the rows
// and problems of the ordinary path (parse every record, recordValues) on fixtures, damaged files and the corpus.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BatchBuilder, formatEventTime, parseEventTime, readFileBatches, STRING_COLUMN_KEYS, type RowBatch } from '../../../../core/index';
import { parseRecord, readRecordStream } from '../../../../core/parse';
import { RecordScanner, SCAN_FAILED } from '../../../../core/parse/record-scan';
import type { Problem } from '../../../../core/problem';
import { recordValues, type RecordValues } from '../../../../core/record';
import { CORPUS_DIR } from '../../../shared-paths';
import { filesUnder, generatedRecords } from '../parse/read-all';

const ROOT = path.join(__dirname, '../../../..');

/** The values of row i as recordValues would give them (eventTime printed back from the time column). */
function rowOf(b: RowBatch, i: number): RecordValues {
  const out: Record<string, string | undefined> = {};
  for (const k of STRING_COLUMN_KEYS) {
    const col = b.columns[k];
    const code = col.codes[i];
    out[k] = code === 0 ? undefined : Buffer.from(col.heap.subarray(col.ends[code - 1], col.ends[code])).toString('utf8');
  }
  if (out.eventTime === undefined && !Number.isNaN(b.time[i])) out.eventTime = formatEventTime(b.time[i]);
  return out as unknown as RecordValues;
}

/** Adds each text through the scanner; returns the rows built and which texts the builder took. */
function viaScanner(texts: string[], batchRows = 1000): { rows: (RecordValues | undefined)[]; taken: boolean[] } {
  const scanner = new RecordScanner();
  const builder = new BatchBuilder('f.json', 4);
  const rows: (RecordValues | undefined)[] = [];
  const taken: boolean[] = [];
  const order: number[] = [];
  const flush = (): void => {
    const b = builder.build();
    for (let i = 0; i < b.rows; i++) rows[order[i]] = rowOf(b, i);
    order.length = 0;
  };
  texts.forEach((text, n) => {
    const buf = Buffer.from(text, 'latin1');
    const end = scanner.scan(buf, 0);
    assert.notEqual(end, SCAN_FAILED, `the scan reads ${text.slice(0, 120)}`);
    const ok = builder.addScanned(scanner, { offset: 0, length: end, ordinal: n });
    taken.push(ok);
    if (ok) order.push(n);
    if (builder.rows === batchRows) flush();
  });
  if (builder.rows > 0) flush();
  return { rows, taken };
}

function expected(text: string): RecordValues {
  return recordValues(JSON.parse(text) as Record<string, unknown>);
}

const BASE = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole', principalId: 'AROAEXAMPLE:alice', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice', accountId: '111122223333',
    sessionContext: { sessionIssuer: { type: 'Role', userName: 'Admin', arn: 'arn:aws:iam::111122223333:role/Admin' } },
  },
  eventTime: '2026-01-02T03:04:05Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'eu-west-1', sourceIPAddress: '10.1.2.3',
  userAgent: '[aws-cli/2.15]', requestParameters: { bucketName: 'logs', key: 'a/b.txt' }, requestID: 'R1', eventID: 'E1', readOnly: true,
  resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::logs/a/b.txt' }, { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::logs' }],
  managementEvent: false, recipientAccountId: '444455556666', eventCategory: 'Data',
};

/** Variants of BASE: every slot the builder reads, in the forms it takes and the ones it must decline. */
function edgeRecords(): Record<string, unknown>[] {
  const ui = BASE.userIdentity;
  const out: Record<string, unknown>[] = [];
  const add = (patch: Record<string, unknown>): void => void out.push({ ...BASE, ...patch });
  add({});
  // flags: booleans, strings in any case, numbers, null, absent
  for (const v of [true, false, 'true', 'FALSE', ' true ', 'yes', '', null, 1, undefined]) {
    add({ readOnly: v });
    add({ managementEvent: v, eventCategory: undefined });
  }
  for (const v of ['Data', 'MANAGEMENT', 'Insight', '', null, 7, true, undefined]) add({ eventCategory: v });
  add({ eventCategory: undefined, managementEvent: undefined, readOnly: undefined });
  add({ eventCategory: undefined, managementEvent: undefined, readOnly: undefined, eventName: 'PutBucketPolicy' });
  add({ eventCategory: undefined, managementEvent: undefined, readOnly: undefined, eventSource: 's3express.amazonaws.com', eventName: 'CreateSession' });
  add({ eventCategory: undefined, managementEvent: undefined, readOnly: undefined, eventName: 'NoSuchEvent' });
  // identities: every type, anonymous, cross-account, invokedBy, missing and odd members
  for (const type of ['AssumedRole', 'IAMUser', 'Root', 'AWSService', 'FederatedUser', 'AWSAccount', '', undefined]) {
    add({ userIdentity: { ...ui, type } });
    add({ userIdentity: { type, principalId: 'AIDAX', accountId: '111122223333', userName: 'bob', invokedBy: 'cloudtrail.amazonaws.com' } });
    add({ userIdentity: { type, arn: 'arn:aws:sts::1:federated-user/carol', principalId: '1:carol' } });
  }
  add({ userIdentity: { type: 'AWSAccount', accountId: 'ANONYMOUS_PRINCIPAL', principalId: '' } });
  add({ userIdentity: { type: 'AWSAccount', accountId: 'anonymous' } });
  add({ userIdentity: { ...ui, accountId: '444455556666' } });
  add({ userIdentity: { ...ui, accountId: '' }, recipientAccountId: '' });
  add({ userIdentity: { ...ui, arn: '', userName: '', principalId: '', sessionContext: { sessionIssuer: { userName: '' } } } });
  add({ userIdentity: { ...ui, sessionContext: 'none' } });
  add({ userIdentity: { ...ui, sessionContext: { sessionIssuer: null } } });
  add({ userIdentity: { ...ui, arn: 'arn:aws:iam::1:user/ops/bob', type: 'IAMUser', userName: undefined } });
  add({ userIdentity: { ...ui, arn: null, type: null } });
  add({ userIdentity: { ...ui, accountId: 111122223333 } });
  add({ userIdentity: { ...ui, arn: 'arn:aws:sts::1:assumed-role/\u00e9/x' } });
  for (const v of [null, 'string', [], 5, undefined]) add({ userIdentity: v });
  // bucket and key: from requestParameters, else resources
  add({ requestParameters: { bucketName: 'logs' } });
  add({ requestParameters: { key: 'only/key' } });
  add({ requestParameters: { bucketName: '', key: '' } });
  add({ requestParameters: null });
  add({ requestParameters: 'x' });
  add({ requestParameters: undefined, resources: [{ type: 'AWS::S3::Object', ARNPrefix: 'arn:aws:s3:::logs/prefix/' }, { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::logs' }] });
  add({ requestParameters: undefined, resources: [{ type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::logs' }] });
  add({ requestParameters: undefined, resources: [{ ARN: 'arn:aws:s3:::logs/k/ey' }] });
  add({ requestParameters: undefined, resources: [{ type: 'aws::s3::OBJECT', ARN: 'arn:aws:s3:::logs/k' }] });
  add({ requestParameters: undefined, resources: [{ type: 'AWS::S3Express::Object', ARN: 'arn:aws:s3express:us-east-1:1:bucket/b--use1-az4--x-s3/k' }] });
  add({ requestParameters: undefined, resources: [{ type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:us-east-1:1:key/abc' }] });
  add({ requestParameters: undefined, resources: [5, 'x', null, { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::b/k' }] });
  add({ requestParameters: undefined, resources: [{ type: 'AWS::S3::Object', ARN: 7 }] });
  add({ requestParameters: undefined, resources: [{ type: '', ARN: '', ARNPrefix: '' }] });
  add({ requestParameters: undefined, resources: 'none' });
  add({ requestParameters: undefined, resources: [] });
  add({ requestParameters: { bucketName: 'p' }, resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::r/k' }] });
  // plain text members: empty, null, numbers, escapes, non-canonical times
  for (const k of ['eventName', 'eventSource', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode', 'requestID', 'eventID', 'recipientAccountId']) {
    for (const v of ['', null, 12, 'with \\"escape\\"', undefined]) add({ [k]: v });
  }
  for (const t of ['2026-01-02T03:04:05.123Z', '2026-01-02T03:04:05.000Z', '2026-01-02 03:04:05', '', null, undefined]) add({ eventTime: t });
  add({ eventTime: undefined, '@timestamp': '2026-01-02T03:04:05Z' });
  return out;
}

describe('rows from the scanner: the values recordValues gives', () => {
  it('takes every generated record and gives its values, in batches that start afresh', () => {
    const texts = generatedRecords(3000, 'scanned-rows').flatMap((r) => [JSON.stringify(r), JSON.stringify(r, null, 2)]);
    for (const batchRows of [1, 7, 1000]) {
      const { rows, taken } = viaScanner(texts, batchRows);
      assert.equal(taken.filter(Boolean).length, texts.length, `batches of ${batchRows}: the generator writes plain CloudTrail`);
      texts.forEach((t, i) => assert.deepEqual(rows[i], expected(t), `batch size ${batchRows}, record ${i}: ${t.slice(0, 200)}`));
    }
  });

  it('on edge forms gives the same values or declines', () => {
    const texts = edgeRecords().map((r) => JSON.stringify(r).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    // Twice over in one batch: the second time every derived value comes from what the batch remembered.
    const all = [...texts, ...texts];
    const { rows, taken } = viaScanner(all);
    let declined = 0;
    all.forEach((t, i) => {
      if (taken[i]) assert.deepEqual(rows[i], expected(t), t);
      else declined++;
    });
    const took = all.length - declined;
    assert.ok(took > all.length * 0.7, `took ${took} of ${all.length}`);
    // What it must leave to the ordinary path: numbers and escapes where text is read, odd times.
    const decline = (patch: Record<string, unknown>): boolean => !viaScanner([JSON.stringify({ ...BASE, ...patch })]).taken[0];
    assert.ok(decline({ eventName: 12 }));
    assert.ok(decline({ userAgent: 'a\\"b' }));
    assert.ok(decline({ eventTime: '2026-01-02 03:04:05' }));
    assert.ok(decline({ eventTime: undefined, '@timestamp': '2026-01-02T03:04:05Z' }));
    assert.ok(decline({ readOnly: 1 }));
    assert.ok(decline({ requestParameters: undefined, resources: [{ type: 'AWS::S3::Object', ARN: 7 }] }));
    assert.ok(!decline({ requestParameters: undefined }));
    assert.ok(!decline({ readOnly: 'TRUE', eventCategory: null }));
  });
});

/** Every row of a file by ordinal, and the problems: through readFileBatches, or the ordinary way. */
async function rowsOfFile(file: string, ordinary: boolean): Promise<{ rows: string[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const lim = { maxInflatedBytes: 64 * 1024 * 1024, maxFileBytes: 64 * 1024 * 1024, onProblem: (p: Problem) => problems.push(p) };
  const rows: string[] = [];
  if (ordinary) {
    for await (const spans of readRecordStream(file, lim)) {
      for (const span of spans) {
        const parsed = parseRecord(span, file);
        if (!parsed.record) {
          problems.push(parsed.problem);
          continue;
        }
        const v = recordValues(parsed.record);
        rows.push(JSON.stringify([span.ordinal, span.offset, span.length, parseEventTime(v.eventTime), v]));
      }
    }
  } else {
    for await (const b of readFileBatches(file, lim)) {
      for (let i = 0; i < b.rows; i++) {
        const v = rowOf(b, i);
        rows.push(JSON.stringify([b.ordinal[i], b.offset[i], b.length[i], b.time[i], v]));
      }
    }
  }
  // Problems may come in another order (the fast path parses a declined record where it stands).
  return { rows, problems: problems.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
}

describe('readFileBatches: the rows and problems of the ordinary path', () => {
  it('on fixtures, generated damaged files, pretty files and the corpus', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanned-rows-tree-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '1500', '--inject-bad', '7', '--seed', 'rows-tree'], { stdio: 'ignore' });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--single', path.join(dir, 'pretty.json'), '--records', '50', '--pretty', '--seed', 'rows-pretty'], { stdio: 'ignore' });
    const files = [...filesUnder(path.join(ROOT, 'test/fixtures/parse')), ...filesUnder(dir), ...(fs.existsSync(CORPUS_DIR) ? filesUnder(CORPUS_DIR) : [])];
    let rows = 0;
    for (const f of files) {
      const fast = await rowsOfFile(f, false);
      const plain = await rowsOfFile(f, true);
      assert.deepEqual(fast.problems, plain.problems, f);
      // Rows come in file order on both paths.
      assert.deepEqual(fast.rows, plain.rows, f);
      rows += fast.rows.length;
    }
    assert.ok(rows > 1500, `${rows} rows compared`);
  });
});
