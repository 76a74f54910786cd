import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { parsePublicKeys, parseSignatures, verifyTrail, type IntegrityReport, type VerifyOptions } from '../../../../core/integrity';
import { EXPECTED_FAILURE, generateTree, tamperItems } from './trees';

function supplied(dir: string, withSignatures = true): VerifyOptions {
  return {
    publicKeys: parsePublicKeys(fs.readFileSync(path.join(dir, 'public-keys.json'), 'utf8')),
    ...(withSignatures ? { signatures: parseSignatures(fs.readFileSync(path.join(dir, 'digest-signatures.json'), 'utf8')) } : {}),
  };
}

const failures = (r: IntegrityReport) => r.findings.filter((f) => f.severity === 'failed');

function assertCaughtExactly(dir: string, r: IntegrityReport, signed: boolean): void {
  const items = tamperItems(dir);
  const kinds = new Set(items.map((i) => i.kind));
  assert.deepEqual([...kinds].sort(), signed
    ? ['digest-deleted', 'digest-modified', 'log-added', 'log-deleted', 'log-modified', 'signature-swapped']
    : ['digest-deleted', 'digest-modified', 'log-added', 'log-deleted', 'log-modified']);
  for (const item of items) {
    const found = failures(r).filter((f) => f.key === item.path).map((f) => f.kind);
    assert.ok(found.includes(EXPECTED_FAILURE[item.kind]), `${item.kind} ${item.path}: found ${found.join(', ') || 'nothing'}`);
    if (item.kind === 'digest-modified' && signed) assert.ok(found.includes('signature-invalid'), `signature of ${item.path}`);
    if (item.kind === 'signature-swapped') assert.ok(found.includes('signature-mismatch'), `mismatch of ${item.path}`);
  }
  const tampered = new Set(items.map((i) => i.path));
  const falseAlarms = failures(r).filter((f) => !tampered.has(f.key));
  assert.deepEqual(falseAlarms, [], 'nothing but the tampered items fails');
  assert.equal(r.ok, false);
  const badLogs = items.filter((i) => i.kind === 'log-modified' || i.kind === 'log-added').map((i) => path.join(dir, i.path)).sort();
  assert.deepEqual(r.failedLogFiles, badLogs, 'the records of modified and added logs are the ones to distrust');
}

test('signed tree, every tamper kind caught and nothing else, in this thread and with 2 in flight', async () => {
  const dir = generateTree('signed-tampered', ['--digest', '--sign', '--tamper', '8', '--seed', '11']);
  const one = await verifyTrail([dir], { ...supplied(dir), concurrency: 0 });
  assertCaughtExactly(dir, one, true);
  const two = await verifyTrail([dir], { ...supplied(dir), concurrency: 2 });
  assert.deepEqual(two.findings.map((f) => `${f.kind} ${f.key}`).sort(), one.findings.map((f) => `${f.kind} ${f.key}`).sort());
  // The logs of a modified digest and of the missing digest's hours are unverifiable, not damaged.
  const modified = tamperItems(dir).find((i) => i.kind === 'digest-modified');
  const listedByIt = one.findings.filter((f) => f.kind === 'log-unverifiable' && f.digest === modified?.path);
  const body = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, modified?.path ?? ''))).toString()) as { logFiles: unknown[] };
  assert.equal(listedByIt.length, body.logFiles.length);
});

test('unsigned tree (hash chain only): every tamper kind caught and nothing else', async () => {
  const dir = generateTree('unsigned-tampered', ['--digest', '--tamper', '6', '--seed', '4']);
  const r = await verifyTrail([dir]);
  assertCaughtExactly(dir, r, false);
  assert.equal(r.signaturesChecked, false);
  assert.ok(r.findings.some((f) => f.kind === 'signatures-unchecked'));
});

test('an untampered signed organization tree verifies: every digest, signature and log file', async () => {
  const dir = generateTree('signed-org-clean', ['--digest', '--sign', '--org', 'o-a1b2c3d4e5', '--seed', '2']);
  const r = await verifyTrail([dir], { ...supplied(dir), concurrency: 2 });
  assert.deepEqual(failures(r), []);
  assert.equal(r.ok, true);
  assert.equal(r.counts.validDigests, r.counts.digests);
  assert.equal(r.counts.signaturesVerified, r.counts.digests);
  assert.equal(r.counts.verifiedLogFiles, r.counts.logFiles);
  assert.ok(r.counts.logFiles > 0);
  assert.ok(r.chains.length >= 6 && r.chains.every((c) => c.orgId === 'o-a1b2c3d4e5' && c.gaps.length === 0 && c.validDigests === c.digests));
  assert.deepEqual(r.findings.filter((f) => f.severity === 'note'), []);
});

test('without the S3-metadata signatures the newest digest of each chain is "not verifiable offline"', async () => {
  const dir = generateTree('signed-org-clean-2', ['--digest', '--sign', '--seed', '2'], 1000);
  const r = await verifyTrail([dir], supplied(dir, false));
  assert.equal(r.ok, true);
  const notes = r.findings.filter((f) => f.kind === 'signature-not-verifiable');
  assert.equal(notes.length, r.chains.length);
  // Each is the newest digest of its chain (no later digest keeps its signature).
  const all = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.includes('CloudTrail-Digest') && p.endsWith('.json.gz'));
  const folder = (k: string) => k.split('/').slice(0, 4).join('/');
  for (const n of notes) {
    const newest = all.filter((k) => folder(k) === folder(n.key)).sort((x, y) => path.basename(x).localeCompare(path.basename(y))).pop();
    assert.equal(n.key, newest);
  }
  assert.equal(r.counts.signaturesVerified, r.counts.digests - r.chains.length);
});

test('hand-made damage: a moved digest, an unreadable digest, a key whose fingerprint lies, a wrong key', async () => {
  const dir = generateTree('hand-made', ['--digest', '--sign', '--seed', '3'], 800);
  const digests = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.includes('CloudTrail-Digest') && p.endsWith('.json.gz')).sort();
  // Moved: a copy of a digest under another name is no longer where its digestS3Object says.
  const moved = digests[3].replace(/(\d{8}T\d{6}Z)/, '20991231T000000Z');
  fs.copyFileSync(path.join(dir, digests[3]), path.join(dir, moved));
  fs.writeFileSync(path.join(dir, digests[0].replace(/(\d{8}T\d{6}Z)/, '20991231T000001Z')), zlib.gzipSync('{"awsAccountId": "1", '));
  const r = await verifyTrail([dir], supplied(dir));
  const kinds = failures(r).map((f) => f.kind).sort();
  assert.ok(kinds.includes('digest-moved'), kinds.join());
  const unreadable = failures(r).find((f) => f.kind === 'digest-unreadable');
  assert.match(unreadable?.message ?? '', /not valid JSON/);
  assert.ok(unreadable?.file.endsWith('20991231T000001Z.json.gz'));

  const keys = JSON.parse(fs.readFileSync(path.join(dir, 'public-keys.json'), 'utf8')) as { PublicKeyList: { Fingerprint: string; Value: string; ValidityStartTime: unknown }[] };
  const lying = { PublicKeyList: keys.PublicKeyList.map((k) => ({ ...k, Fingerprint: 'ffffffffffffffffffffffffffffffff' })) };
  const set = parsePublicKeys(JSON.stringify(lying));
  assert.equal(set.keys.length, 0);
  assert.match(set.problems[0], /not the MD5 of its Value/);
  // CLI v1 prints epoch seconds.
  const v1 = parsePublicKeys(JSON.stringify({ PublicKeyList: keys.PublicKeyList.map((k) => ({ ...k, ValidityStartTime: Date.parse(String(k.ValidityStartTime)) / 1000 })) }));
  assert.equal(v1.keys.length, keys.PublicKeyList.length);
  assert.equal(v1.keys[0].validFrom, Date.parse(String(keys.PublicKeyList[0].ValidityStartTime)));
  // A key that did not sign these digests: every signature fails, found by its (true) fingerprint.
  const { generateKeyPairSync } = await import('node:crypto');
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'pkcs1' });
  const fake = parsePublicKeys(JSON.stringify({ PublicKeyList: [{ Value: other.toString('base64'), Fingerprint: createHash('md5').update(other).digest('hex') }] }));
  const r2 = await verifyTrail([dir], { publicKeys: fake });
  assert.deepEqual([...new Set(failures(r2).map((f) => f.kind))].sort(), ['digest-moved', 'digest-unreadable', 'key-unknown']);
  assert.equal(failures(r2).filter((f) => f.kind === 'key-unknown').length, digests.length - r2.chains.length);
});
