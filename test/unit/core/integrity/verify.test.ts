import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { parsePublicKeys, parseSignatures, verifyTrail, type IntegrityReport, type VerifyOptions } from '../../../../core/integrity';
import { EXPECTED_FAILURE, generateTree, tamperItems, tamperKindsOfGenerator } from './trees';
import { HashPool } from '../../../../engine/hash-pool';
import { SHARED_DIR } from '../../../shared-paths';

const README = path.join(SHARED_DIR, 'tools', 'README.md');
/** Every tamper kind the generator documents (its README when the shared folder is here, else its --help). */
const KINDS = tamperKindsOfGenerator(fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : undefined);

function supplied(dir: string, withSignatures = true): VerifyOptions {
  return {
    publicKeys: parsePublicKeys(fs.readFileSync(path.join(dir, 'public-keys.json'), 'utf8')),
    ...(withSignatures ? { signatures: parseSignatures(fs.readFileSync(path.join(dir, 'digest-signatures.json'), 'utf8')) } : {}),
  };
}

const failures = (r: IntegrityReport) => r.findings.filter((f) => f.severity === 'failed');

/** The keys of the digests some digest of the tree names as its previous one. */
function successors(dir: string): Set<string> {
  const out = new Set<string>();
  for (const p of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!p.includes('CloudTrail-Digest') || !p.endsWith('.json.gz')) continue;
    const prev = (JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, p))).toString('utf8')) as { previousDigestS3Object: string | null }).previousDigestS3Object;
    if (prev) out.add(prev.slice(prev.indexOf('AWSLogs/')));
  }
  return out;
}

/** Every documented tamper kind damaged at least once (none skipped), each caught as the README says, and
 *  nothing else failing but the files the generator put there broken on purpose (`allowed`: --inject-bad). */
function assertCaughtExactly(dir: string, r: IntegrityReport, signed: boolean, allowed: ReadonlySet<string> = new Set()): void {
  const items = tamperItems(dir);
  const kinds = new Set(items.map((i) => i.kind));
  assert.deepEqual([...kinds].sort(), KINDS.filter((k) => signed || !k.signOnly).map((k) => k.kind).sort());
  assert.deepEqual(items.filter((i) => !i.path), [], 'no tamper item skipped');
  for (const item of items) {
    const found = failures(r).filter((f) => f.key === item.path).map((f) => f.kind);
    assert.ok(found.includes(EXPECTED_FAILURE[item.kind]), `${item.kind} ${item.path}: found ${found.join(', ') || 'nothing'}`);
    if (item.kind === 'digest-modified' && signed) assert.ok(found.includes('signature-invalid'), `signature of ${item.path}`);
    // A swapped signature also differs from the copy the next digest keeps, when there is a next digest (the
    // newest of a chain has none).
    if (item.kind === 'signature-swapped' && successors(dir).has(item.path)) assert.ok(found.includes('signature-mismatch'), `mismatch of ${item.path}`);
  }
  const tampered = new Set(items.map((i) => i.path));
  const falseAlarms = failures(r).filter((f) => !tampered.has(f.key) && !allowed.has(f.key));
  assert.deepEqual(falseAlarms, [], 'nothing but the tampered items fails');
  assert.equal(r.ok, false);
  const badLogs = items.filter((i) => i.kind === 'log-modified' || i.kind === 'log-added').map((i) => path.join(dir, i.path)).sort();
  assert.deepEqual(r.failedLogFiles.filter((f) => !allowed.has(path.relative(dir, f).split(path.sep).join('/'))), badLogs, 'the records of modified and added logs are the ones to distrust');
}

test('the generator documents six tamper kinds, and each has the failure a verifier must report', () => {
  assert.deepEqual(KINDS.map((k) => k.kind).sort(), ['digest-deleted', 'digest-modified', 'log-added', 'log-deleted', 'log-modified', 'signature-swapped']);
  assert.deepEqual(KINDS.filter((k) => k.signOnly).map((k) => k.kind), ['signature-swapped']);
  for (const k of KINDS) assert.ok(k.kind in EXPECTED_FAILURE, k.kind);
  // The README and the generator's --help agree.
  assert.deepEqual(tamperKindsOfGenerator(undefined), KINDS);
});

test('signed tree, every tamper kind caught and nothing else: in this thread, 2 in flight, 2 worker threads', async () => {
  const dir = generateTree('signed-tampered', ['--digest', '--sign', '--tamper', '8', '--seed', '11']);
  const one = await verifyTrail([dir], { ...supplied(dir), concurrency: 0 });
  assertCaughtExactly(dir, one, true);
  const two = await verifyTrail([dir], { ...supplied(dir), concurrency: 2 });
  assert.deepEqual(two.findings.map((f) => `${f.kind} ${f.key}`).sort(), one.findings.map((f) => `${f.kind} ${f.key}`).sort());
  const pool = new HashPool({ workers: 2, workerScript: path.resolve(__dirname, '../../../../engine/hash-worker.ts') });
  try {
    const pooled = await verifyTrail([dir], { ...supplied(dir), hasher: pool });
    assert.deepEqual(pooled.findings.map((f) => `${f.kind} ${f.key}`).sort(), one.findings.map((f) => `${f.kind} ${f.key}`).sort());
    assert.deepEqual(pooled.counts, one.counts);
  } finally {
    await pool.dispose();
  }
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

test('every tamper kind caught, twice over and in every tree shape: pretty, NDJSON, organization, access logs and broken files beside', async () => {
  const variants: [string, string[], boolean][] = [
    ['tampered-12-pretty', ['--sign', '--pretty', '--tamper', '12', '--seed', '41'], true],
    ['tampered-12-ndjson-unsigned', ['--ndjson', '--tamper', '12', '--seed', '47'], false],
    ['tampered-org', ['--sign', '--org', 'o-a1b2c3d4e5', '--tamper', '9', '--seed', '48'], true],
    ['tampered-bad-access', ['--sign', '--inject-bad', '7', '--access-logs', '--tamper', '6', '--seed', '45'], true],
  ];
  for (const [name, flags, signed] of variants) {
    const dir = generateTree(name, ['--digest', ...flags]);
    const r = await verifyTrail([dir], signed ? supplied(dir) : {});
    // The generator's README leaves its broken files (bad-files.json) out of the check: some lie in the
    // digested hours under log names, so a verifier rightly finds no digest listing them.
    const bad = fs.existsSync(path.join(dir, 'bad-files.json'))
      ? new Set((JSON.parse(fs.readFileSync(path.join(dir, 'bad-files.json'), 'utf8')) as { files: { path: string }[] }).files.map((f) => f.path))
      : new Set<string>();
    assertCaughtExactly(dir, r, signed, bad);
    for (const f of failures(r).filter((x) => bad.has(x.key))) assert.equal(f.kind, 'log-unlisted', `${name}: ${f.key}`);
    // --tamper 12: two of each kind (a swap names two digests per item).
    if (flags.includes('12')) for (const k of KINDS.filter((x) => signed || !x.signOnly)) assert.ok(tamperItems(dir).filter((i) => i.kind === k.kind).length >= 2, `${name}: ${k.kind}`);
  }
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

test('a cancellation while the digests are read stops at the next digest file, not after the last one', async () => {
  const dir = generateTree('cancel-digests', ['--digest', '--seed', '3']);
  const all = await verifyTrail([dir]);
  assert.ok(all.counts.digests >= 8, `${all.counts.digests} digests`);
  assert.equal(all.counts.validDigests, all.counts.digests);
  // The abort comes from outside the loop (a timer, as the editor's Cancel button or Ctrl+C would): it can only
  // be seen if the loop gives the event loop a turn between two digest files.
  const controller = new AbortController();
  const r = await verifyTrail([dir], {
    signal: controller.signal,
    onProgress: (p) => {
      if (p.phase === 'digests' && p.done === 0) setImmediate(() => controller.abort());
    },
  });
  assert.equal(r.cancelled, true);
  assert.equal(r.ok, false);
  assert.ok(r.counts.validDigests <= 2, `${r.counts.validDigests} of ${r.counts.digests} digests read after the cancellation`);
});
