// Findings as index rows: found by file and byte offset, so a record elsewhere with the same eventID is not
// one of them; findingsOfRows keeps the findings that hold a row of a mask (the identity story's rows).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FindingsStore, builtinRules, findingRows, findingsOfRows, setFilesFromIndex } from '../../../../core/detect';
import { TrailIndex, readFileBatches } from '../../../../core/index';

const record = (eventID: string, ip: string, acl: string): Record<string, unknown> => ({
  eventVersion: '1.08', userIdentity: { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' },
  eventTime: '2026-03-01T12:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'PutBucketAcl', awsRegion: 'us-east-1', sourceIPAddress: ip,
  requestParameters: { bucketName: 'prod-data', acl: '', 'x-amz-acl': [acl] }, responseElements: null, eventID, eventType: 'AwsApiCall', recipientAccountId: '111122223333',
});

test('finding rows: by location, not by eventID; findingsOfRows keeps the findings a mask touches', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finding-rows-'));
  try {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    fs.writeFileSync(a, JSON.stringify({ Records: [record('e-1', '203.0.113.7', 'private'), record('e-2', '203.0.113.7', 'public-read')] }, null, 2));
    // the same eventID as the finding's record, on a harmless record of another file
    fs.writeFileSync(b, JSON.stringify({ Records: [record('e-2', '198.51.100.9', 'private')] }));
    const index = new TrailIndex();
    const limits = { maxFileBytes: 1 << 30, maxInflatedBytes: 1 << 30, onProblem: (p: { message: string }) => assert.fail(p.message) };
    for (const f of [a, b]) for await (const batch of readFileBatches(f, limits)) index.addBatch(batch);
    const store = new FindingsStore(builtinRules());
    await setFilesFromIndex(store, index);
    const findings = store.findings();
    assert.deepEqual(findings.map((f) => f.ruleId), ['s3-public-acl']);
    const [rows] = findingRows(index, findings);
    assert.equal(rows.length, 1);
    assert.equal(index.store.location(rows[0])?.file, a);
    assert.equal(index.store.ordinalOf(rows[0]), 1);
    const mask = new Uint8Array(index.store.rowCount);
    mask[rows[0]] = 1;
    assert.deepEqual(findingsOfRows(index, findings, mask).map((x) => x.finding.id), [findings[0].id]);
    mask.fill(0);
    for (let r = 0; r < mask.length; r++) if (r !== rows[0]) mask[r] = 1;
    assert.deepEqual(findingsOfRows(index, findings, mask), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
