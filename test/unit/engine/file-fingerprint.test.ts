// A file's fingerprint (engine/file-fingerprint.ts): the CRC-32 of its first and last 64 KB, whether the file is
// read whole (at most 128 KB) or in two spans, and a change at either end or in its size tells it apart.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, fingerprintFile, FINGERPRINT_SPAN, RACY_MS, sameByStat, sameFingerprint, type FileFingerprint } from '../../../engine/file-fingerprint';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fingerprint-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return b;
}

// Sizes below one span, between one and two (the spans overlap: read whole), exactly two, and beyond (two reads).
for (const size of [0, 1000, FINGERPRINT_SPAN, FINGERPRINT_SPAN + 1, 100_000, 2 * FINGERPRINT_SPAN, 2 * FINGERPRINT_SPAN + 1, 300_000]) {
  test(`a ${size}-byte file hashes its first and last ${FINGERPRINT_SPAN} bytes`, async () => {
    const data = bytes(size, size);
    const file = path.join(dir, `f${size}`);
    fs.writeFileSync(file, data);
    const fp = await fingerprintFile(file);
    assert.ok(fp);
    const span = Math.min(FINGERPRINT_SPAN, size);
    assert.equal(fp.size, size);
    assert.equal(fp.head, crc32(data.subarray(0, span)));
    assert.equal(fp.tail, crc32(data.subarray(size - span, size)));
    if (size === 0) return;
    // One byte changed at the end (same size, same mtime) still differs.
    const mtime = fs.statSync(file).mtime;
    data[size - 1] ^= 0xff;
    fs.writeFileSync(file, data);
    fs.utimesSync(file, mtime, mtime);
    const changed = await fingerprintFile(file);
    assert.ok(changed);
    assert.equal(sameFingerprint(fp, changed), false);
  });
}

test('a file that is gone has no fingerprint', async () => {
  assert.equal(await fingerprintFile(path.join(dir, 'missing')), undefined);
});

test('a fingerprint holds the stat times and the moment it was taken', async () => {
  const file = path.join(dir, 'times');
  fs.writeFileSync(file, 'x');
  const before = Date.now();
  const fp = await fingerprintFile(file);
  assert.ok(fp);
  const st = fs.statSync(file);
  assert.deepEqual([fp.mtimeMs, fp.ctimeMs], [st.mtimeMs, st.ctimeMs]);
  assert.ok(fp.takenMs >= before && fp.takenMs <= Date.now());
});

// The racy-git rule (sameByStat): the stat vouches for a file only when its times had settled before the fingerprint.
const T = 1_800_000_000_000;
const settled: FileFingerprint = { size: 100, mtimeMs: T, ctimeMs: T + 0.5, takenMs: T + RACY_MS + 1, head: 1, tail: 2 };
const stat = (fp: FileFingerprint) => ({ size: fp.size, mtimeMs: fp.mtimeMs, ctimeMs: fp.ctimeMs });

test('a settled file whose size, mtime and ctime are the saved ones is unchanged by its stat alone', () => {
  assert.equal(sameByStat(settled, stat(settled)), true);
  // Any of the three differing: not known (hash it).
  assert.equal(sameByStat(settled, { ...stat(settled), size: 101 }), false);
  assert.equal(sameByStat(settled, { ...stat(settled), mtimeMs: T + 1 }), false);
  // A copy tool restored the mtime: the ctime tells.
  assert.equal(sameByStat(settled, { ...stat(settled), ctimeMs: T + 60_000 }), false);
  // A stat without times (a file not found by a walk).
  assert.equal(sameByStat(settled, { size: 100 }), false);
});

test('a file written within RACY_MS before its fingerprint is never vouched for by its stat, however equal', () => {
  // Written, fingerprinted a moment later, rewritten at once at the same size within the same time tick: the stat is
  // the saved one, only the hashes can tell.
  const racy: FileFingerprint = { ...settled, takenMs: T + 1000 };
  assert.equal(sameByStat(racy, stat(racy)), false);
  // The ctime decides as much as the mtime (a chmod or a rename just before the fingerprint).
  assert.equal(sameByStat({ ...settled, ctimeMs: settled.takenMs - 10 }, { ...stat(settled), ctimeMs: settled.takenMs - 10 }), false);
  // Times in the future of the fingerprint (a file server's clock ahead of ours).
  assert.equal(sameByStat({ ...settled, mtimeMs: settled.takenMs + 5000 }, { ...stat(settled), mtimeMs: settled.takenMs + 5000 }), false);
  // The margin is the caller's: 0 vouches for anything older than the fingerprint.
  assert.equal(sameByStat(racy, stat(racy), 0), true);
});
