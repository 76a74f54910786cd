// A file's fingerprint (engine/file-fingerprint.ts): the CRC-32 of its first and last 64 KB, whether the file is
// read whole (at most 128 KB) or in two spans, and a change at either end or in its size tells it apart.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, fingerprintFile, FINGERPRINT_SPAN, sameFingerprint } from '../../../engine/file-fingerprint';

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
