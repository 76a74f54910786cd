import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings } from '../../../core/settings';
import { parseQuery, type ParsedQuery } from '../../../core/query';

function parseQueryOk(text: string): ParsedQuery {
  const r = parseQuery(text);
  assert.ok(r.ok);
  return r.query;
}
import { WorkspaceIndexService } from '../../../engine/workspace-index';

const REPO = path.resolve(__dirname, '../../..');
const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function line(op: string, key: string, rid: string, uri: string, status: string): string {
  return `${OWNER} data-bucket [06/Feb/2026:10:00:00 +0000] 203.0.113.7 arn:aws:iam::111122223333:user/alice ${rid} ${op} ${key} ${uri} ${status} - - 100 5 - "-" "aws-cli/2.15" - hostid SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader data-bucket.s3.us-east-1.amazonaws.com TLSv1.2 - - -`;
}

/** A trail file with one DeleteObjects record and an access log with its lines, plus one line CloudTrail lacks. */
function workspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'access-ws-'));
  temps.push(root);
  const record = {
    eventVersion: '1.09', eventTime: '2026-02-06T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'DeleteObjects', awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7', userAgent: 'aws-cli/2.15', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
    requestParameters: { bucketName: 'data-bucket', delete: '', Delete: { Object: [{ Key: 'a b.txt' }, { Key: 'c.txt' }] } }, requestID: 'JOINED0000000001',
    eventID: 'e-1', readOnly: false, eventType: 'AwsApiCall', managementEvent: false, recipientAccountId: '111122223333', eventCategory: 'Data',
  };
  fs.writeFileSync(path.join(root, 'trail.json'), JSON.stringify({ Records: [record] }));
  const dir = path.join(root, 'logs');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, '2026-02-06-10-05-00-ABCDEF0123456789'), [
    line('REST.POST.MULTI_OBJECT_DELETE', '-', 'JOINED0000000001', '"POST /data-bucket?delete HTTP/1.1"', '200'),
    line('BATCH.DELETE.OBJECT', 'a+b.txt', 'JOINED0000000001', '-', '204'),
    line('BATCH.DELETE.OBJECT', 'c.txt', 'JOINED0000000001', '-', '204'),
    line('REST.GET.OBJECT', 'secret.csv', 'ALONE00000000001', '"GET /data-bucket/secret.csv HTTP/1.1"', '200'),
    'a damaged line',
  ].join('\n') + '\n');
  return root;
}

async function indexed(root: string): Promise<WorkspaceIndexService> {
  const s = new WorkspaceIndexService({ roots: [root], settings: defaultSettings(), onStatus: () => undefined, log: () => undefined, workerScript: path.join(REPO, 'engine/index-worker.ts') });
  await s.start();
  return s;
}

test('status counts access lines apart; a damaged line is a problem with its line; the joined request shows both sides', async () => {
  const s = await indexed(workspace());
  try {
    const st = s.status();
    assert.equal(st.records, 1);
    assert.equal(st.accessLines, 4);
    const problems = s.problems().problems;
    assert.deepEqual(problems.map((p) => [path.basename(p.file), p.code, p.position?.line]), [['2026-02-06-10-05-00-ABCDEF0123456789', 'access-log-time', 4]]);

    const ct = s.query({ query: 'kind:cloudtrail', offset: 0, limit: 10 });
    assert.ok(ct.ok);
    assert.equal(ct.rows.length, 1);
    const detail = await s.record({ id: ct.rows[0].id });
    assert.ok(detail.ok);
    assert.equal(detail.kind, 'cloudtrail');
    // A multi-object delete: one record, one access line per key.
    assert.deepEqual(detail.related?.map((r) => [r.kind, r.title]), [
      ['access', 'REST.POST.MULTI_OBJECT_DELETE'], ['access', 'BATCH.DELETE.OBJECT a b.txt'], ['access', 'BATCH.DELETE.OBJECT c.txt'],
    ]);
    assert.deepEqual(detail.related?.map((r) => r.location.line), [0, 1, 2]);

    const batch = s.query({ query: 'operation:BATCH.DELETE.OBJECT key:c.txt', offset: 0, limit: 10 });
    assert.ok(batch.ok);
    const line = await s.record({ id: batch.rows[0].id });
    assert.ok(line.ok);
    assert.equal(line.kind, 'access');
    const json = JSON.parse(line.json) as { fields: Record<string, unknown>; objectKey: string; line: string };
    assert.equal(json.fields.operation, 'BATCH.DELETE.OBJECT');
    assert.equal(json.objectKey, 'c.txt');
    assert.equal(json.fields.requestId, 'JOINED0000000001');
    assert.match(json.line, /^79a59df9.* BATCH\.DELETE\.OBJECT c\.txt /);
    assert.equal(line.location.line, 2);
    assert.equal(line.related?.[0].kind, 'cloudtrail', 'the CloudTrail record comes first');
    assert.equal(line.related?.[0].title, 'DeleteObjects');
    assert.match(line.related?.[0].json ?? '', /"eventName": "DeleteObjects"/);

    // Record paths: an access line lacks them (never re-read, never reported as unreadable).
    for (const [query, rows] of [['requestParameters.bucketName:data-bucket', 1], ['-requestParameters.bucketName:data-bucket', 4]] as const) {
      assert.equal((await s.readPathTerms(parseQueryOk(query))).unreadable, 0, query);
      const r = s.query({ query, offset: 0, limit: 10 });
      assert.ok(r.ok);
      assert.equal(r.total, rows, query);
    }

    const alone = s.query({ query: 'kind:access joined:false', offset: 0, limit: 10 });
    assert.ok(alone.ok);
    assert.deepEqual(alone.rows.map((r) => r.key), ['secret.csv']);
    const single = await s.record({ id: alone.rows[0].id });
    assert.ok(single.ok);
    assert.equal(single.related, undefined);
  } finally {
    s.dispose();
  }
});

test('a changed access-log file is read again: its lines are replaced, not added', async () => {
  const root = workspace();
  const s = await indexed(root);
  try {
    const file = path.join(root, 'logs', '2026-02-06-10-05-00-ABCDEF0123456789');
    fs.appendFileSync(file, line('REST.HEAD.OBJECT', 'x', 'ALONE00000000002', '"HEAD /data-bucket/x HTTP/1.1"', '200') + '\n');
    await s.fileChanged(file, 'changed');
    assert.equal(s.status().accessLines, 5);
    fs.rmSync(file);
    await s.fileChanged(file, 'deleted');
    assert.equal(s.status().accessLines ?? 0, 0);
    assert.equal(s.status().records, 1);
  } finally {
    s.dispose();
  }
});
