// SHA-256 of a log or digest file's uncompressed content (what digests list), in this thread or with
// several files in flight at once: reading, inflating and hashing then all run on libuv's thread pool
// (fs, zlib, WebCrypto), so no worker script is needed and the main thread only hands out files.

import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { webcrypto } from 'node:crypto';
import { createHash } from 'node:crypto';
import { gunzipCapped, inflatedSizeHint, isGzip } from '../parse';

export type HashResult = { ok: true; sha256: string } | { ok: false; missing: boolean; message: string };

/** Bytes of a file as CloudTrail hashed them: gunzipped when it is gzip (by its magic bytes). */
export function uncompressedSync(bytes: Buffer, maxInflatedBytes: number): { ok: true; data: Buffer } | { ok: false; message: string } {
  if (!isGzip(bytes)) return { ok: true, data: bytes };
  const r = gunzipCapped(bytes, maxInflatedBytes);
  return r.ok ? r : { ok: false, message: r.message };
}

export function hashFileSync(file: string, maxInflatedBytes: number): HashResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return readFailure(e);
  }
  const u = uncompressedSync(bytes, maxInflatedBytes);
  if (!u.ok) return { ok: false, missing: false, message: u.message };
  return { ok: true, sha256: createHash('sha256').update(u.data).digest('hex') };
}

export async function hashFileAsync(file: string, maxInflatedBytes: number): Promise<HashResult> {
  let bytes: Buffer;
  try {
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

export interface HashManyOptions {
  /** Files in flight at once; 0 or 1: one after the other in this thread. */
  concurrency: number;
  maxInflatedBytes: number;
  signal?: AbortSignal;
  onHashed?: (file: string, r: HashResult) => void;
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
      done(f, hashFileSync(f, opts.maxInflatedBytes));
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
