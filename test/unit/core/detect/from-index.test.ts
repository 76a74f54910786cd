// Findings from the workspace index: the same findings as reading every record, a changed file recomputed
// alone (its share replaced, the others kept), a file gone from the index dropped, SARIF places resolved.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FindingsStore, builtinRules, readFileRecords, resolveLineColumns, setFilesFromIndex } from '../../../../core/detect';
import { TrailIndex, readFileBatches } from '../../../../core/index';
import { generatedTrailFiles } from './generated-trail';

function record(eventID: string, eventName: string, time: string, requestParameters: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.08', userIdentity: { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' },
    eventTime: time, eventSource: 's3.amazonaws.com', eventName, awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7',
    requestParameters: { bucketName: 'prod-data', ...requestParameters }, responseElements: null, eventID, eventType: 'AwsApiCall', recipientAccountId: '111122223333',
  };
}
const publicAcl = (id: string): Record<string, unknown> => record(id, 'PutBucketAcl', '2026-03-01T12:00:00Z', { acl: '', 'x-amz-acl': ['public-read'] });
const privateAcl = (id: string): Record<string, unknown> => record(id, 'PutBucketAcl', '2026-03-01T12:00:00Z', { acl: '', 'x-amz-acl': ['private'] });
const deletes = (prefix: string, n: number): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => record(`${prefix}-${i}`, 'DeleteObject', `2026-03-01T13:${String(i % 60).padStart(2, '0')}:00Z`, { key: `k${i}` }));

const limits = { maxFileBytes: 1 << 30, maxInflatedBytes: 1 << 30, onProblem: (p: { message: string }) => assert.fail(p.message) };

async function load(index: TrailIndex, file: string): Promise<void> {
  index.removeFile(file);
  for await (const b of readFileBatches(file, limits)) index.addBatch(b);
}

function write(file: string, records: Record<string, unknown>[]): void {
  // Pretty-printed: records start on later lines, so the SARIF place is not the file's first line.
  fs.writeFileSync(file, JSON.stringify({ Records: records }, null, 2));
}

const summary = (s: FindingsStore): string[] => s.findings().map((f) => `${f.ruleId} ${f.count} ${f.eventIDs.join(',')}`);

test('from the index: the findings of reading every record; a changed file recomputed alone; a removed file dropped', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-from-index-'));
  try {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    write(a, [publicAcl('acl-a'), ...deletes('del', 60)]);
    write(b, [publicAcl('acl-b')]);
    const index = new TrailIndex();
    await load(index, a);
    await load(index, b);
    const viaIndex = new FindingsStore(builtinRules());
    await setFilesFromIndex(viaIndex, index);
    const viaRecords = new FindingsStore(builtinRules());
    for (const f of [a, b]) viaRecords.setFile(f, await readFileRecords(f, () => assert.fail('problem')));
    assert.deepEqual(summary(viaIndex), summary(viaRecords));
    assert.ok(summary(viaIndex).includes('s3-public-acl 2 acl-a,acl-b'), summary(viaIndex).join('\n'));
    assert.ok(summary(viaIndex).some((s) => s.startsWith('s3-mass-delete 60 ')), summary(viaIndex).join('\n'));

    // b turns private: only b is recomputed; a's findings stay.
    write(b, [privateAcl('acl-b')]);
    await load(index, b);
    await setFilesFromIndex(viaIndex, index, { files: [b] });
    const after = summary(viaIndex);
    assert.ok(after.includes('s3-public-acl 1 acl-a'), after.join('\n'));
    assert.ok(after.some((s) => s.startsWith('s3-mass-delete 60 ')), after.join('\n'));

    // a is deleted: its findings go.
    fs.rmSync(a);
    index.removeFile(a);
    await setFilesFromIndex(viaIndex, index, { files: [a] });
    assert.deepEqual(summary(viaIndex), []);
    assert.equal(viaIndex.fileCount, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('resolveLineColumns: the records of index findings get the line and column reading them by record gives', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-lines-'));
  try {
    const a = path.join(dir, 'a.json');
    write(a, [privateAcl('acl-0'), publicAcl('acl-é'), publicAcl('acl-2')]);
    const index = new TrailIndex();
    await load(index, a);
    const store = new FindingsStore(builtinRules());
    await setFilesFromIndex(store, index);
    const findings = store.findings();
    assert.equal(findings.length, 1);
    assert.equal(findings[0].records[0].line, undefined);
    await resolveLineColumns(findings);
    const byRecord = await readFileRecords(a, () => assert.fail('problem'));
    const want = byRecord.filter((r) => r.raw.eventID !== 'acl-0').map((r) => [r.loc.line, r.loc.column]);
    assert.deepEqual(findings[0].records.map((l) => [l.line, l.column]), want);
    assert.ok(want[0][0]! > 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('from the index, incrementally: after files change or go, the findings equal a fresh computation and the record path', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-incremental-'));
  try {
    const zlib = await import('node:zlib');
    const files = generatedTrailFiles(dir, 4000, 913);
    const index = new TrailIndex();
    for (const f of files) await load(index, f);
    const store = new FindingsStore(builtinRules());
    await setFilesFromIndex(store, index);
    const full = summary(store);
    assert.ok(full.some((s) => s.startsWith('s3-new-address-and-client ')) && full.some((s) => s.startsWith('s3-bulk-download-new-address ')), full.join('\n'));
    const fresh = async (): Promise<string[]> => {
      const s = new FindingsStore(builtinRules());
      await setFilesFromIndex(s, index);
      return summary(s);
    };
    const viaRecords = async (): Promise<string[]> => {
      const s = new FindingsStore(builtinRules());
      for (const f of files) if (fs.existsSync(f)) s.setFile(f, await readFileRecords(f, () => assert.fail('problem')));
      return summary(s);
    };
    // Every file's records rewritten without their first half: the earliest first times of principals,
    // addresses and clients move to other files (the merged history is recomputed for them), and the
    // first-seen verdicts of pairs change.
    const changed = files.filter((_, i) => i % 7 === 0);
    for (const f of changed) {
      const records = (JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString()) as { Records: unknown[] }).Records;
      fs.writeFileSync(f, zlib.gzipSync(JSON.stringify({ Records: records.slice(Math.floor(records.length / 2)) })));
      await load(index, f);
      await setFilesFromIndex(store, index, { files: [f] });
    }
    const gone = files[1];
    fs.rmSync(gone);
    index.removeFile(gone);
    await setFilesFromIndex(store, index, { files: [gone] });
    const after = summary(store);
    assert.notDeepEqual(after, full);
    assert.deepEqual(after, await fresh());
    assert.deepEqual(after, await viaRecords());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Sigma rules from the index (columns first, the rest re-read) find what reading every record finds', { timeout: 300_000 }, async () => {
  const { loadSigmaText } = await import('../../../../core/detect');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-sigma-index-'));
  try {
    const files = generatedTrailFiles(dir, 3000, 5151);
    const head = (id: string): string => `title: ${id}\nid: ${id}\nlevel: medium\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n`;
    const { rules: sigma, problems } = loadSigmaText([
      // Columns only.
      `${head('deletes-not-cli')}  sel:\n    eventName: DeleteObject\n  cli:\n    userAgent|contains: aws-cli\n  condition: sel and not cli\n`,
      // A request detail: re-read.
      `${head('txt-reads')}  sel:\n    eventName: GetObject\n    requestParameters.key|endswith: .txt\n  condition: sel\n`,
      // An identity member without a column, and a missing errorCode (null).
      `${head('role-ok')}  sel:\n    userIdentity.arn|contains: assumed-role\n    errorCode: null\n    eventSource: s3.amazonaws.com\n  condition: sel\n`,
      `${head('denied-anywhere')}  sel:\n    errorCode|startswith: AccessDenied\n  condition: 1 of them\n`,
    ].join('---\n'), '/rules.yml');
    assert.deepEqual(problems, []);
    const index = new TrailIndex();
    for (const f of files) await load(index, f);
    const viaIndex = new FindingsStore([], sigma);
    await setFilesFromIndex(viaIndex, index);
    const viaRecords = new FindingsStore([], sigma);
    for (const f of files) viaRecords.setFile(f, await readFileRecords(f, () => assert.fail('problem')));
    const got = summary(viaIndex);
    assert.deepEqual(got, summary(viaRecords));
    for (const id of ['deletes-not-cli', 'txt-reads', 'role-ok', 'denied-anywhere']) assert.ok(got.some((s) => s.startsWith(`sigma:${id} `)), `${id}: ${got.join('\n')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('from the index, randomised changes: after each change the incremental findings equal a fresh computation', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-random-'));
  // A different sequence on each run; the seed is in every failure message.
  const seed = Number(process.env.DETECT_SEED ?? Math.floor(Math.random() * 2 ** 31));
  let state = seed;
  const random = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  try {
    const zlib = await import('node:zlib');
    const files = generatedTrailFiles(dir, 4000, 2718);
    const readRecords = (f: string): Record<string, unknown>[] => (JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString()) as { Records: Record<string, unknown>[] }).Records;
    const writeRecords = (f: string, records: unknown[]): void => fs.writeFileSync(f, zlib.gzipSync(JSON.stringify({ Records: records })));
    const shifted = (r: Record<string, unknown>, ms: number, id: string): Record<string, unknown> =>
      ({ ...r, eventID: id, eventTime: new Date(Date.parse(String(r.eventTime)) + ms).toISOString().replace('.000Z', 'Z') });
    const index = new TrailIndex();
    for (const f of files) await load(index, f);
    const store = new FindingsStore(builtinRules());
    await setFilesFromIndex(store, index);
    const fresh = async (): Promise<string[]> => {
      const s = new FindingsStore(builtinRules());
      await setFilesFromIndex(s, index);
      return summary(s);
    };
    const live = (): string[] => files.filter((f) => fs.existsSync(f));
    const steps: string[] = [];
    for (let step = 0; step < 8; step++) {
      const f = pick(live());
      const kind = pick(['drop', 'shift', 'copy', 'remove', 'add', 'same']);
      steps.push(`${kind} ${path.basename(f)}`);
      if (kind === 'remove') {
        fs.rmSync(f);
        index.removeFile(f);
      } else if (kind === 'add') {
        // A new file with another file's records an hour later under new eventIDs: new first times, new windows.
        const added = path.join(path.dirname(f), `added-${step}.json.gz`);
        files.push(added);
        writeRecords(added, readRecords(pick(live())).map((r, i) => shifted(r, 3_600_000, `added-${step}-${i}`)));
        await load(index, added);
        await setFilesFromIndex(store, index, { files: [added] });
        assert.deepEqual(summary(store), await fresh(), `seed ${seed}: ${steps.join(', ')}`);
        continue;
      } else {
        const records = readRecords(f);
        const next = kind === 'drop' ? records.filter(() => random() < 0.5)
          // Earlier by up to a day: first times of principals, addresses and clients move to this file.
          : kind === 'shift' ? records.map((r, i) => shifted(r, -Math.floor(random() * 86_400_000), `shift-${step}-${i}`))
          // Records of another file as well (duplicates: one copy stays live).
            : kind === 'copy' ? [...records, ...readRecords(pick(live()))]
              : records;
        writeRecords(f, next);
        await load(index, f);
      }
      await setFilesFromIndex(store, index, { files: [f] });
      assert.deepEqual(summary(store), await fresh(), `seed ${seed}: ${steps.join(', ')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('from another index (compacted, swapped) for given files: the shares of files no longer in it are dropped', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-from-index-fresh-'));
  try {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    write(a, [publicAcl('acl-a')]);
    write(b, [publicAcl('acl-b')]);
    const index = new TrailIndex();
    await load(index, a);
    await load(index, b);
    const store = new FindingsStore(builtinRules());
    await setFilesFromIndex(store, index);
    assert.ok(summary(store).includes('s3-public-acl 2 acl-a,acl-b'), summary(store).join('\n'));
    // a went while the index was rebuilt; the update names only the file that changed since (b).
    fs.rmSync(a);
    const rebuilt = new TrailIndex();
    await load(rebuilt, b);
    await setFilesFromIndex(store, rebuilt, { files: [b] });
    assert.deepEqual(summary(store), ['s3-public-acl 1 acl-b']);
    assert.equal(store.fileCount, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a window rule over re-read rows: rows of an earlier read that died since are not counted again', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-from-index-reread-'));
  try {
    const a = path.join(dir, 'a.json');
    // Permanent version deletes: a check on the request (versionId) that rows read without facts answer by re-reading.
    const versionDeletes = (n: number): Record<string, unknown>[] =>
      Array.from({ length: n }, (_, i) => record(`vdel-${i}`, 'DeleteObject', `2026-03-01T13:0${i}:00Z`, { key: `k${i}`, versionId: `v${i}` }));
    write(a, versionDeletes(6));
    const index = new TrailIndex();
    await load(index, a);
    const store = new FindingsStore(builtinRules());
    await setFilesFromIndex(store, index);
    assert.ok(summary(store).some((s) => s.startsWith('s3-permanent-version-delete 6 ')), summary(store).join('\n'));
    // Rewritten with 4 of them: the old rows die, the new ones are re-read; 4 stay under the threshold of 5.
    write(a, versionDeletes(4));
    await load(index, a);
    await setFilesFromIndex(store, index, { files: [a] });
    const fresh = new FindingsStore(builtinRules());
    await setFilesFromIndex(fresh, index);
    assert.deepEqual(summary(store), summary(fresh));
    assert.ok(!summary(store).some((s) => s.startsWith('s3-permanent-version-delete ')), summary(store).join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
