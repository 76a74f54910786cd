import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { identityRows, identityStory, type ChainStep } from '../../../../core/identity';
import { parseQuery } from '../../../../core/query';
import { WorkspaceRowSets } from '../../../../engine/row-sets';
import { indexOf } from './load-index';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/identity/role-chain-trail.json');
const A = '111122223333';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const kinds = (steps: readonly ChainStep[]) => steps.map((s) => (s.kind === 'origin' ? `origin:${s.origin}` : s.kind));

test('role chaining: a session is traced back through each AssumeRole to the IAM user and her long-term key', async () => {
  const index = await indexOf([FIXTURE]);
  const s = identityStory(index, 'ASIADEPLOY0000000002');
  assert.equal(s.kind, 'accessKey');
  assert.equal(s.records, 4);
  assert.equal(s.chains.length, 1);
  const steps = s.chains[0].steps;
  assert.deepEqual(kinds(steps), ['issued', 'issued', 'origin:iam-user']);
  const [toDeploy, toAdmin, origin] = steps;
  assert.ok(toDeploy.kind === 'issued' && toAdmin.kind === 'issued' && origin.kind === 'origin');
  assert.equal(toDeploy.eventName, 'AssumeRole');
  assert.equal(toDeploy.linkedBy, 'accessKeyId');
  assert.equal(toDeploy.caller.accessKeyId, 'ASIAADMIN00000000001');
  assert.equal(toDeploy.issued.arn, `arn:aws:sts::${A}:assumed-role/deploy/chain-deploy`);
  assert.equal(toAdmin.caller.arn, ALICE);
  assert.equal(toAdmin.caller.accessKeyId, 'AKIAALICE00000000001');
  assert.equal(origin.accessKeyId, 'AKIAALICE00000000001');
  const [session] = s.sessions;
  assert.deepEqual({ issuer: session.issuer, sourceIdentity: session.sourceIdentity, mfa: session.mfa, via: session.via, created: session.created },
    { issuer: `arn:aws:iam::${A}:role/deploy`, sourceIdentity: 'alice', mfa: 'false', via: 'api', created: '2026-01-02T09:05:00Z' });
  assert.deepEqual(s.buckets.map((b) => [b.bucket, b.reads, b.writes, b.deletes, b.errors]), [['prod-data', 1, 1, 1, 0], ['secret-bucket', 1, 0, 0, 1]]);
  assert.deepEqual(s.ips.map((v) => [v.value, v.count, v.first, v.last]), [
    ['203.0.113.10', 2, '2026-01-02T09:06:00Z', '2026-01-02T09:07:00Z'], ['192.0.2.99', 2, '2026-01-02T09:08:00Z', '2026-01-02T09:09:00Z'],
  ]);
  assert.deepEqual(s.userAgents.map((v) => v.value), ['aws-cli/2.22.35', 'rclone/v1.66.0']);
  assert.deepEqual(s.findings, []);
});

test('forward: the story of a user holds the sessions she created, hop by hop, and credentials never used here', async () => {
  const index = await indexOf([FIXTURE]);
  const s = identityStory(index, ALICE);
  assert.equal(s.kind, 'principalArn');
  assert.deepEqual(s.sessions.map((x) => [x.accessKeyId ?? x.arn, x.depth]), [
    ['AKIAALICE00000000001', 0], ['ASIAADMIN00000000001', 1], [`arn:aws:sts::${A}:assumed-role/admin/alice-admin`, 1], ['ASIADEPLOY0000000002', 2],
  ]);
  // The admin session's keyless record (a service on its behalf) is linked by its session ARN.
  const keyless = s.sessions.find((x) => !x.accessKeyId);
  assert.equal(keyless?.via, 'service');
  assert.equal(keyless?.invokedBy, 'athena.amazonaws.com');
  assert.equal(s.records, 2 + 2 + 1 + 4);
  assert.deepEqual(s.issuedUnused.map((u) => [u.eventName, u.accessKeyId, u.arn]), [['AssumeRole', 'ASIAUNUSED0000000008', `arn:aws:sts::${A}:assumed-role/auditor/alice-audit`]]);
  assert.deepEqual(kinds(s.chains[0].steps), ['origin:iam-user']);
  const rows = identityRows(index, ALICE);
  assert.equal(rows.reduce((n, x) => n + x, 0), s.records);
});

test('a session whose AssumeRole is not in the workspace: the chain says the link is missing', async () => {
  const index = await indexOf([FIXTURE]);
  const s = identityStory(index, 'ASIAORPHAN0000000003');
  assert.deepEqual(kinds(s.chains[0].steps), ['missing']);
  const [missing] = s.chains[0].steps;
  assert.ok(missing.kind === 'missing');
  assert.match(missing.description, /no AssumeRole\* record in these files issued the credentials ASIAORPHAN0000000003/);
});

test('web identity, console sign-in, GetSessionToken and keyless sessions each end where the evidence does', async () => {
  const index = await indexOf([FIXTURE]);
  const gh = identityStory(index, 'ASIAGITHUB0000000004');
  assert.deepEqual(kinds(gh.chains[0].steps), ['issued', 'origin:external']);
  assert.equal((gh.chains[0].steps[0] as { eventName: string }).eventName, 'AssumeRoleWithWebIdentity');

  const consoleStory = identityStory(index, 'ASIABOBCONSOLE000005');
  assert.deepEqual(kinds(consoleStory.chains[0].steps), ['console-sign-in', 'origin:iam-user']);
  assert.equal(consoleStory.sessions[0].via, 'console');
  assert.equal(consoleStory.sessions[0].mfa, 'true');

  const token = identityStory(index, 'ASIABOBTOKEN00000007');
  assert.deepEqual(kinds(token.chains[0].steps), ['issued', 'origin:iam-user']);
  const [issued] = token.chains[0].steps;
  assert.ok(issued.kind === 'issued' && issued.eventName === 'GetSessionToken' && issued.caller.accessKeyId === 'AKIABOB0000000000006');

  const session = identityStory(index, `arn:aws:sts::${A}:assumed-role/admin/alice-admin`);
  const keyless = session.chains.find((c) => c.session === `arn:aws:sts::${A}:assumed-role/admin/alice-admin`);
  assert.ok(keyless);
  const [bySession] = keyless.steps;
  assert.ok(bySession.kind === 'issued' && bySession.linkedBy === 'sessionArn' && bySession.caller.arn === ALICE);
});

test('ids of every kind: a role session name, a role, a principal, a source IP, case ignored; unknown ids find nothing', async () => {
  const index = await indexOf([FIXTURE]);
  assert.equal(identityStory(index, 'chain-deploy').kind, 'session');
  assert.equal(identityStory(index, `arn:aws:iam::${A}:role/deploy`).kind, 'role');
  assert.equal(identityStory(index, 'deploy/chain-deploy').kind, 'principal');
  const ip = identityStory(index, '192.0.2.99');
  assert.equal(ip.kind, 'ip');
  assert.equal(ip.records, 2);
  assert.equal(identityStory(index, 'asiadeploy0000000002').records, 4);
  const none = identityStory(index, 'AKIANOWHERE');
  assert.equal(none.kind, undefined);
  assert.equal(none.records, 0);
});

test('query terms: accesskey:, session:, issuer:, sourceidentity:, mfa:, console:, story:, integrity:', async () => {
  const index = await indexOf([FIXTURE]);
  const rowSets = new WorkspaceRowSets(() => index);
  index.setRowSets(rowSets);
  const count = (q: string): number => {
    const p = parseQuery(q);
    assert.ok(p.ok, q);
    return index.count(p.query);
  };
  assert.equal(count('accesskey:ASIADEPLOY0000000002'), 4);
  assert.equal(count('accesskey:asia* source:*'), 10);
  assert.equal(count('session:chain-deploy'), 4);
  assert.equal(count('issuer:deploy'), 4);
  assert.equal(count(`issuer:arn:aws:iam::${A}:role/admin`), 2);
  assert.equal(count('sourceidentity:alice'), 6);
  assert.equal(count('mfa:true'), 4);
  assert.equal(count('mfa:false source:*'), 6);
  assert.equal(count('console:true'), 1);
  assert.equal(count('-console:true'), 9);
  assert.equal(count(`story:${ALICE} source:*`), 9);
  assert.equal(count(`story:${ALICE}`), 6);
  assert.equal(count(`-story:${ALICE}`), 10 - 6);
  assert.equal(count('story:ASIAGITHUB0000000004,192.0.2.99'), 3);
  assert.equal(count('integrity:failed'), 0);
  const finding = { kind: 'log-modified' as const, severity: 'failed' as const, file: FIXTURE, key: 'AWSLogs/x.json', message: 'changed' };
  const report = { ok: false, cancelled: false, signaturesChecked: false, chains: [], failedLogFiles: [FIXTURE], findings: [finding],
    counts: { digests: 0, validDigests: 0, signaturesVerified: 0, logFiles: 1, verifiedLogFiles: 0, unverifiableLogFiles: 0, notDigestedLogFiles: 0, failures: 1 } };
  rowSets.setIntegrityResults(report);
  assert.equal(count('integrity:failed'), 10);
  assert.equal(count('-integrity:failed'), 0);
  assert.equal(count('integrity:unverifiable'), 0);
  rowSets.setIntegrityResults({ ...report, failedLogFiles: [], findings: [{ ...finding, kind: 'log-unverifiable', severity: 'note' }] });
  assert.equal(count('integrity:failed'), 0);
  assert.equal(count('integrity:unverifiable'), 10);
  assert.equal(count('integrity:failed,unverifiable'), 10);
  const bad = parseQuery('mfa:maybe');
  assert.equal(bad.ok, false);
});
