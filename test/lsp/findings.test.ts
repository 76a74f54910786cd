// The server's findings: computed for the workspace folder next to the index, updated when a watched trail
// file changes or a rule file of `.cloudtrail/rules` appears, and announced with findingsChanged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FindingsChangedNotification, FindingsRequest, IdentityStoryRequest, QueryRequest, type FindingsResult, type IdentityStoryResult, type QueryResult } from '../../core/protocol';
import { startServer } from './lsp-client';

function record(eventID: string, eventName: string, requestParameters: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.08', userIdentity: { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' },
    eventTime: '2026-03-01T12:00:00Z', eventSource: 's3.amazonaws.com', eventName, awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7',
    requestParameters: { bucketName: 'prod-data', ...requestParameters }, responseElements: null, eventID, eventType: 'AwsApiCall', recipientAccountId: '111122223333',
  };
}
const PUBLIC_ACL = record('acl-1', 'PutBucketAcl', { acl: '', 'x-amz-acl': ['public-read'] });
const PRIVATE_ACL = record('acl-1', 'PutBucketAcl', { acl: '', 'x-amz-acl': ['private'] });

test('findings of the workspace, updated when a file changes and when a Sigma rule is added', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-findings-'));
  const trail = path.join(dir, 'trail.json');
  fs.writeFileSync(trail, JSON.stringify({ Records: [PUBLIC_ACL, record('get-1', 'GetObject', { key: 'a.csv' })] }));
  // Another file reuses the finding's eventID on a harmless record (a forged or re-exported copy), and a
  // CloudTrail record of another service: neither is part of a finding.
  fs.writeFileSync(path.join(dir, 'copy.json'), JSON.stringify({ Records: [
    { ...PRIVATE_ACL, sourceIPAddress: '198.51.100.9' },
    { ...record('sts-1', 'AssumeRole', {}), eventSource: 'sts.amazonaws.com', requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/r' } },
  ] }));
  const server = await startServer({}, dir);
  try {
    const changed = (): Promise<void> => new Promise((resolve) => {
      const d = server.connection.onNotification(FindingsChangedNotification, () => {
        d.dispose();
        resolve();
      });
    });
    const get = (): Promise<FindingsResult> => server.connection.sendRequest<FindingsResult>(FindingsRequest, {});
    const settle = async (want: (r: FindingsResult) => boolean): Promise<FindingsResult> => {
      let r = await get();
      for (let i = 0; i < 100 && !want(r); i++) {
        await new Promise((res) => setTimeout(res, 100));
        r = await get();
      }
      return r;
    };
    let r = await settle((x) => x.state === 'ready');
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.detection, f.eventIDs, f.buckets]), [['s3-public-acl', 'P1', ['acl-1'], ['prod-data']]]);
    assert.equal(r.findings[0].records[0].file, trail);
    // the explorer's finding: term selects exactly the finding's records
    let q: QueryResult | undefined;
    for (let i = 0; i < 100; i++) {
      q = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: 'finding:s3-public-*', offset: 0, limit: 10 });
      if (q.ok && q.total === 1) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(q?.ok);
    assert.deepEqual(q.ok && q.rows.map((row) => row.eventName), ['PutBucketAcl']);
    // a row set: it composes with every other term, and negated it keeps the S3 scope
    const rowsOf = async (query: string): Promise<string[]> => {
      const res = await server.connection.sendRequest<QueryResult>(QueryRequest, { query, offset: 0, limit: 10 });
      assert.ok(res.ok, query);
      return res.rows.map((row) => `${row.eventName} ${row.sourceIP}`).sort();
    };
    assert.deepEqual(await rowsOf('finding:*'), ['PutBucketAcl 203.0.113.7']);
    assert.deepEqual(await rowsOf('finding:* eventName:GetObject'), []);
    assert.deepEqual(await rowsOf('finding:S3-PUBLIC-ACL,nothing-else eventName:Put*'), ['PutBucketAcl 203.0.113.7']);
    assert.deepEqual(await rowsOf('-finding:*'), ['GetObject 203.0.113.7', 'PutBucketAcl 198.51.100.9']);
    assert.deepEqual(await rowsOf('-finding:* source:*'), ['AssumeRole 203.0.113.7', 'GetObject 203.0.113.7', 'PutBucketAcl 198.51.100.9']);
    assert.deepEqual(await rowsOf('finding:s3-policy-*'), []);
    // the explorer's rows say which findings hold them (its badge)
    const all = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: '', offset: 0, limit: 10 });
    assert.ok(all.ok);
    assert.deepEqual(all.rows.map((row) => `${row.eventName} ${row.sourceIP} ${row.findings ?? '-'}`).sort(),
      ['GetObject 203.0.113.7 -', 'PutBucketAcl 198.51.100.9 -', 'PutBucketAcl 203.0.113.7 s3-public-acl']);
    // the identity story lists the findings its identity takes part in (the finding's own record, not the copy)
    const story = await server.connection.sendRequest<IdentityStoryResult>(IdentityStoryRequest, { id: 'arn:aws:iam::111122223333:user/alice' });
    assert.ok(story.ok);
    assert.deepEqual(story.story.findings.map((f) => [f.id, f.title, f.severity, f.rows.length]), [[r.findings[0].id, r.findings[0].title, 'high', 1]]);
    const elsewhere = await server.connection.sendRequest<IdentityStoryResult>(IdentityStoryRequest, { id: '198.51.100.9' });
    assert.ok(elsewhere.ok);
    assert.deepEqual(elsewhere.story.findings, []);

    const after = changed();
    fs.writeFileSync(trail, JSON.stringify({ Records: [PRIVATE_ACL] }));
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(trail).href, type: 2 }] });
    await after;
    r = await get();
    assert.deepEqual(r.findings, []);
    // the edited record keeps its eventID: the term follows the findings, not the eventIDs they had
    assert.deepEqual(await rowsOf('finding:*'), []);
    assert.deepEqual(await rowsOf('-finding:*'), ['PutBucketAcl 198.51.100.9', 'PutBucketAcl 203.0.113.7']);

    const rules = path.join(dir, '.cloudtrail', 'rules');
    fs.mkdirSync(rules, { recursive: true });
    fs.writeFileSync(path.join(rules, 'acl.yml'), 'title: any bucket ACL change\nid: acl-change\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: PutBucketAcl\n  condition: sel\nlevel: low\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(rules, 'acl.yml')).href, type: 1 }] });
    r = await settle((x) => x.state === 'ready' && x.findings.length > 0);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity, f.count]), [['sigma:acl-change', 'low', 2]]);
  } finally {
    await server.stop();
  }
});
