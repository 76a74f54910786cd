import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { deflateStart, hashFileStream, hashFileSync, hashFiles, uncompressedForHash } from '../../../../core/integrity/hash';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrity-hash-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const write = (name: string, bytes: Buffer): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
};
const TEXT = Buffer.from(JSON.stringify({ Records: Array.from({ length: 400 }, (_, i) => ({ eventID: `e-${i}`, eventName: 'GetObject', eventTime: '2026-01-01T00:00:00Z' })) }));

/** A gzip member with every optional header field (extra, name, comment, header CRC), as RFC 1952 lays it out. */
function gzipWithFullHeader(data: Buffer): Buffer {
  const plain = zlib.gzipSync(data);
  const deflate = plain.subarray(10, plain.length - 8);
  const extra = Buffer.from([0x41, 0x42, 2, 0, 0x01, 0x02]);
  const head = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3]), Buffer.from([extra.length, 0]), extra,
    Buffer.from('trail.json\0', 'latin1'), Buffer.from('a comment\0', 'latin1')]);
  const hcrc = Buffer.alloc(2);
  hcrc.writeUInt16LE(zlib.crc32 ? zlib.crc32(head) & 0xffff : 0);
  return Buffer.concat([head, hcrc, deflate, plain.subarray(plain.length - 8)]);
}

test('hashFileSync: the SHA-256 of the uncompressed content, whatever the gzip header holds; plain files as they are', () => {
  const want = sha(TEXT);
  assert.deepEqual(hashFileSync(write('plain.json', TEXT), 1 << 30), { ok: true, sha256: want });
  assert.deepEqual(hashFileSync(write('a.json.gz', zlib.gzipSync(TEXT)), 1 << 30), { ok: true, sha256: want });
  const full = gzipWithFullHeader(TEXT);
  assert.ok((deflateStart(full) ?? 0) > 10, 'the header fields are skipped');
  assert.deepEqual(zlib.gunzipSync(full), TEXT, 'a well-formed member');
  assert.deepEqual(hashFileSync(write('full-header.json.gz', full), 1 << 30), { ok: true, sha256: want });
});

test('hashFileSync: two gzip members hash as their joined content (not the first member alone)', () => {
  const a = TEXT.subarray(0, 5000);
  const b = TEXT.subarray(5000);
  const two = Buffer.concat([zlib.gzipSync(a), zlib.gzipSync(b)]);
  assert.deepEqual(uncompressedForHash(two, 1 << 30), { ok: true, data: TEXT });
  assert.deepEqual(hashFileSync(write('two.json.gz', two), 1 << 30), { ok: true, sha256: sha(TEXT) });
});

test('hashFileSync: missing, truncated, damaged and oversized files are failures that say why', () => {
  assert.deepEqual(hashFileSync(path.join(dir, 'nope.json.gz'), 1 << 30), { ok: false, missing: true, message: 'the file does not exist' });
  const gz = zlib.gzipSync(TEXT);
  const truncated = hashFileSync(write('cut.json.gz', gz.subarray(0, gz.length >> 1)), 1 << 30);
  assert.equal(truncated.ok, false);
  assert.match(truncated.ok ? '' : truncated.message, /ends early/);
  const damaged = Buffer.from(gz);
  damaged.fill(0xff, 20, 60);
  const d = hashFileSync(write('damaged.json.gz', damaged), 1 << 30);
  assert.equal(d.ok, false);
  const big = hashFileSync(write('big.json.gz', gz), 1000);
  assert.equal(big.ok, false);
  assert.match(big.ok ? '' : big.message, /inflates past/);
});

test('hashFileStream gives what hashFileSync gives, and stops at the cap', async () => {
  const gzFile = write('s.json.gz', zlib.gzipSync(TEXT));
  const plainFile = write('s.json', TEXT);
  assert.deepEqual(await hashFileStream(gzFile, 1 << 30), hashFileSync(gzFile, 1 << 30));
  assert.deepEqual(await hashFileStream(plainFile, 1 << 30), { ok: true, sha256: sha(TEXT) });
  const capped = await hashFileStream(gzFile, 1000);
  assert.equal(capped.ok, false);
  assert.match(capped.ok ? '' : capped.message, /inflates past/);
  const gz = zlib.gzipSync(TEXT);
  const cut = await hashFileStream(write('s-cut.json.gz', gz.subarray(0, gz.length >> 1)), 1 << 30);
  assert.equal(cut.ok, false);
  assert.match(cut.ok ? '' : cut.message, /ends early/);
  assert.deepEqual(await hashFileStream(path.join(dir, 'nope'), 1 << 30), { ok: false, missing: true, message: 'the file does not exist' });
});

test('hashFiles in this thread and with files in flight: the same results, each reported once', async () => {
  const files = [write('m1.json.gz', zlib.gzipSync(TEXT)), write('m2.json', TEXT), path.join(dir, 'missing.json.gz')];
  for (const concurrency of [1, 3]) {
    const seen: string[] = [];
    const r = await hashFiles(files, { concurrency, maxInflatedBytes: 1 << 30, onHashed: (f) => seen.push(f) });
    assert.deepEqual(seen.sort(), [...files].sort());
    assert.deepEqual(r.get(files[0]), { ok: true, sha256: sha(TEXT) });
    assert.deepEqual(r.get(files[1]), { ok: true, sha256: sha(TEXT) });
    assert.equal(r.get(files[2])?.ok, false);
  }
});
