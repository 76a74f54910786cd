// SHA-256 of a log or digest file's uncompressed content (what digests list): one file (whole in memory,
// or streamed when it is large), many files in this thread, or many at once on libuv's thread pool (fs,
// zlib, WebCrypto). A LogHasher hashes files elsewhere (engine/hash-pool.ts: worker threads); verifyTrail
// takes one so that core stays free of thread code.

import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { webcrypto } from 'node:crypto';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { gunzipCapped, inflatedSizeHint, inflateLimitMessage, isGzip } from '../parse';

export type HashResult = { ok: true; sha256: string } | { ok: false; missing: boolean; message: string };

/** Files larger than this (on disk) are streamed through a fixed buffer instead of inflated whole: a
 *  multi-GB log would otherwise need its whole uncompressed content in memory at once. */
export const STREAM_ABOVE_BYTES = 32 * 1048576;
const STREAM_CHUNK = 1048576;

/** Bytes of a file as CloudTrail hashed them: gunzipped when it is gzip (by its magic bytes). */
export function uncompressedSync(bytes: Buffer, maxInflatedBytes: number): { ok: true; data: Buffer } | { ok: false; message: string } {
  if (!isGzip(bytes)) return { ok: true, data: bytes };
  const r = gunzipCapped(bytes, maxInflatedBytes);
  return r.ok ? r : { ok: false, message: r.message };
}

/**
 * The uncompressed content to hash. A file of one gzip member has its deflate data inflated without the gzip
 * wrapper, whose CRC-32 of the output costs a quarter of the inflating: the SHA-256 that follows checks every
 * byte against the digest anyway. Anything else (several members, a header that does not parse, damage, past
 * the cap) goes through uncompressedSync, which also says what is wrong.
 */
export function uncompressedForHash(bytes: Buffer, maxInflatedBytes: number): { ok: true; data: Buffer } | { ok: false; message: string } {
  const start = deflateStart(bytes);
  if (start !== undefined) {
    const end = bytes.length - 8;
    try {
      const r = zlib.inflateRawSync(bytes.subarray(start, end), { maxOutputLength: maxInflatedBytes, chunkSize: inflatedSizeHint(bytes, maxInflatedBytes), info: true } as zlib.ZlibOptions) as unknown as
        { buffer: Buffer; engine: { bytesWritten: number } };
      // The deflate data ends where the trailer starts (one member) and its length is the trailer's ISIZE.
      if (r.engine.bytesWritten === end - start && r.buffer.length % 2 ** 32 === bytes.readUInt32LE(end + 4)) return { ok: true, data: r.buffer };
    } catch {
      // damaged, truncated or past the cap: said below
    }
  }
  return uncompressedSync(bytes, maxInflatedBytes);
}

/** Where the deflate data of a gzip member starts (RFC 1952 header: optional extra field, name, comment,
 *  header CRC), or undefined when the bytes are not one well-formed gzip header followed by room for a trailer. */
export function deflateStart(b: Buffer): number | undefined {
  if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return undefined;
  const flags = b[3];
  if (flags & 0xe0) return undefined;
  let p = 10;
  if (flags & 4) p = p + 2 <= b.length ? p + 2 + b.readUInt16LE(p) : b.length;
  for (const bit of [8, 16]) {
    if (!(flags & bit)) continue;
    while (p < b.length && b[p] !== 0) p++;
    p++;
  }
  if (flags & 2) p += 2;
  return p + 8 <= b.length ? p : undefined;
}

/** The whole file in memory: read, inflate into one buffer sized by its trailer, hash. */
export function hashFileSync(file: string, maxInflatedBytes: number): HashResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return readFailure(e);
  }
  const u = uncompressedForHash(bytes, maxInflatedBytes);
  if (!u.ok) return { ok: false, missing: false, message: u.message };
  return { ok: true, sha256: createHash('sha256').update(u.data).digest('hex') };
}

/** The file streamed (read, inflated and hashed a chunk at a time): memory stays at a few chunks. */
export async function hashFileStream(file: string, maxInflatedBytes: number, signal?: AbortSignal): Promise<HashResult> {
  let head: Buffer;
  try {
    const fd = await fs.promises.open(file, 'r');
    try {
      head = Buffer.alloc(2);
      const { bytesRead } = await fd.read(head, 0, 2, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fd.close();
    }
  } catch (e) {
    return readFailure(e);
  }
  const hash = createHash('sha256');
  let inflated = 0;
  let overCap = false;
  const sink = new Writable({
    highWaterMark: STREAM_CHUNK,
    write(chunk: Buffer, _enc, done) {
      inflated += chunk.length;
      if (inflated > maxInflatedBytes) {
        overCap = true;
        done(new Error('over the cap'));
        return;
      }
      hash.update(chunk);
      done();
    },
  });
  const source = fs.createReadStream(file, { highWaterMark: STREAM_CHUNK });
  try {
    if (isGzip(head)) await pipeline(source, zlib.createGunzip({ chunkSize: STREAM_CHUNK }), sink, { signal });
    else await pipeline(source, sink, { signal });
  } catch (e) {
    if (overCap) return { ok: false, missing: false, message: inflateLimitMessage(maxInflatedBytes, 'cloudtrailS3.index.maxInflatedMB', false) };
    if ((e as Error).name === 'AbortError') return { ok: false, missing: false, message: 'cancelled' };
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return readFailure(e);
    return { ok: false, missing: false, message: code === 'Z_BUF_ERROR' || /unexpected end/i.test((e as Error).message)
      ? 'the gzip data ends early (truncated file)' : `the gzip data is damaged (${(e as Error).message})` };
  }
  return { ok: true, sha256: hash.digest('hex') };
}

/** One file, the cheapest way for its size: whole in memory when small, streamed when large. */
export function hashFile(file: string, maxInflatedBytes: number, signal?: AbortSignal): HashResult | Promise<HashResult> {
  let size: number;
  try {
    // Synchronous: an asynchronous stat per file costs a thread-pool round trip each, for a few thousand files.
    size = fs.statSync(file).size;
  } catch (e) {
    return readFailure(e);
  }
  return size > STREAM_ABOVE_BYTES ? hashFileStream(file, maxInflatedBytes, signal) : hashFileSync(file, maxInflatedBytes);
}

export async function hashFileAsync(file: string, maxInflatedBytes: number): Promise<HashResult> {
  let bytes: Buffer;
  try {
    const st = await fs.promises.stat(file);
    if (st.size > STREAM_ABOVE_BYTES) return hashFileStream(file, maxInflatedBytes);
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    return readFailure(e);
  }
  let data: Buffer = bytes;
  if (isGzip(bytes)) {
    try {
      data = await new Promise<Buffer>((resolve, reject) =>
        zlib.gunzip(bytes, { maxOutputLength: maxInflatedBytes, chunkSize: inflatedSizeHint(bytes, maxInflatedBytes) }, (err, out) => (err ? reject(err) : resolve(out))));
    } catch {
      // The sync reader says why (truncated, damaged, past the cap) in the words the index uses.
      const u = uncompressedSync(bytes, maxInflatedBytes);
      return u.ok ? { ok: false, missing: false, message: 'the gzip data could not be read' } : { ok: false, missing: false, message: u.message };
    }
  }
  const digest = await webcrypto.subtle.digest('SHA-256', data);
  return { ok: true, sha256: Buffer.from(digest).toString('hex') };
}

function readFailure(e: unknown): HashResult {
  const code = (e as NodeJS.ErrnoException).code;
  return { ok: false, missing: code === 'ENOENT', message: code === 'ENOENT' ? 'the file does not exist' : `unreadable (${(e as Error).message})` };
}

export interface HashOptions {
  maxInflatedBytes: number;
  signal?: AbortSignal;
  onHashed?: (file: string, r: HashResult) => void;
}

/** Hashes files somewhere else than this thread (worker threads: engine/hash-pool.ts). */
export interface LogHasher {
  /** Every file's result (any order); stops early, with what it has, when the signal aborts. */
  hash(files: readonly string[], opts: HashOptions): Promise<Map<string, HashResult>>;
}

export interface HashManyOptions extends HashOptions {
  /** Files in flight at once; 0 or 1: one after the other in this thread. */
  concurrency: number;
}

/** Hashes every file; stops early (with what it has) when the signal aborts. */
export async function hashFiles(files: readonly string[], opts: HashManyOptions): Promise<Map<string, HashResult>> {
  const out = new Map<string, HashResult>();
  const done = (f: string, r: HashResult): void => {
    out.set(f, r);
    opts.onHashed?.(f, r);
  };
  if (opts.concurrency <= 1) {
    let yieldAt = Date.now() + 50;
    for (const f of files) {
      if (opts.signal?.aborted) break;
      const r = hashFile(f, opts.maxInflatedBytes, opts.signal);
      done(f, r instanceof Promise ? await r : r);
      // Lets a cancellation (and progress) through every 50 ms without costing the loop anything.
      if (Date.now() >= yieldAt) {
        await new Promise((r) => setImmediate(r));
        yieldAt = Date.now() + 50;
      }
    }
    return out;
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length && !opts.signal?.aborted) {
      const f = files[next++];
      done(f, await hashFileAsync(f, opts.maxInflatedBytes));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, files.length) }, lane));
  return out;
}
