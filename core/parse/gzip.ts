// gzip: recognised by its magic bytes (1f 8b), whatever the file is called. Decompression is capped
// (gzip bombs) and a damaged stream keeps what decompressed before the damage. gunzipStreamCapped measures
// before it keeps anything, so a bomb costs no memory and does not hold up the thread.

import * as zlib from 'node:zlib';

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The problem code and message for a zlib error met while inflating. */
export function gzipErrorProblem(err: unknown): { code: 'truncated-gzip' | 'gzip-error'; message: string } {
  const e = err as { code?: string; message?: string } | undefined;
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e?.message ?? '')) {
    return { code: 'truncated-gzip', message: 'the gzip data ends early (truncated file); the records that decompressed are read' };
  }
  return { code: 'gzip-error', message: `the gzip data is damaged (${e?.message ?? String(err)}); the records before the damage are read` };
}

export type GunzipResult =
  | { ok: true; data: Buffer }
  | { ok: false; data: Buffer; code: 'truncated-gzip' | 'gzip-error' | 'inflate-limit'; message: string };

/** Deflate cannot expand data more than about 1032:1; an ISIZE claiming more is a lie. */
const MAX_DEFLATE_RATIO = 1032;
/** zlib's own default output chunk: the size used when the trailer gives no usable hint. */
const DEFAULT_CHUNK = 16 * 1024;
/** Past this the hint is not trusted with one allocation (and stays under Buffer's length limit). */
const MAX_HINT = 1 << 30;

/**
 * Output buffer size for inflating a whole gzip file: its ISIZE trailer (last 4 bytes, the uncompressed
 * size mod 2^32) plus one byte, so the output fits one buffer and zlib returns it without joining and
 * copying chunks. The trailer is attacker-controlled text like the rest of the file, so it is only a hint:
 * bounded by what the input could inflate to and by the cap (a lie costs at most an oversized or undersized
 * buffer; the cap itself is enforced by maxOutputLength either way).
 */
export function inflatedSizeHint(input: Uint8Array, maxInflatedBytes: number): number {
  // Header (10) + empty deflate block (2) + trailer (8) is the smallest gzip member.
  if (input.length < 20) return DEFAULT_CHUNK;
  const n = input.length;
  const isize = (input[n - 4] | (input[n - 3] << 8) | (input[n - 2] << 16) | (input[n - 1] << 24)) >>> 0;
  // +1: an output that exactly fills the buffer makes zlib allocate a second one before it sees the end.
  const hint = Math.min(isize, n * MAX_DEFLATE_RATIO, maxInflatedBytes, MAX_HINT) + 1;
  return Math.max(DEFAULT_CHUNK, hint);
}

/** Whole-buffer gunzip with an output cap. On damage, returns what inflated before it. `inflatedBytes`, when
 *  known (measured by inflatedLength), sizes the output buffer instead of the file's ISIZE trailer. */
export function gunzipCapped(input: Uint8Array, maxInflatedBytes: number, inflatedBytes?: number): GunzipResult {
  try {
    const chunkSize = inflatedBytes === undefined ? inflatedSizeHint(input, maxInflatedBytes) : Math.max(DEFAULT_CHUNK, Math.min(inflatedBytes, MAX_HINT) + 1);
    return { ok: true, data: zlib.gunzipSync(input, { maxOutputLength: maxInflatedBytes, chunkSize }) };
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      return { ok: false, data: Buffer.alloc(0), code: 'inflate-limit', message: inflateLimitMessage(maxInflatedBytes) };
    }
    const p = gzipErrorProblem(err);
    let data: Buffer;
    try {
      // A sync flush at the end returns the output so far instead of failing on the missing trailer.
      data = zlib.gunzipSync(input, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: maxInflatedBytes });
    } catch {
      data = Buffer.alloc(0);
    }
    return { ok: false, data, ...p };
  }
}

/**
 * @param limit what sets the cap, named so the user knows what governs it (a setting, or a fixed limit)
 * @param partial whether what inflated before the cap is read (the stream reader) or nothing is
 */
export function inflateLimitMessage(maxInflatedBytes: number, limit = 'cloudtrailS3.index.maxInflatedMB', partial = true): string {
  return `the gzip data inflates past ${Math.round(maxInflatedBytes / (1024 * 1024))} MB (${limit}); ${partial ? 'reading stopped there' : 'the file is not read'}`;
}

/** Output chunk of the measuring pass: its garbage is all a bomb costs. */
const MEASURE_CHUNK = 256 * 1024;

export type InflatedLength =
  | { end: 'done' | 'damaged'; bytes: number }
  /** Passed the cap: stopped there. */
  | { end: 'over'; bytes: number }
  | { end: 'aborted'; bytes: number };

/**
 * How many bytes the gzip data inflates to, streamed in zlib's thread pool and stopped as soon as it passes
 * `maxInflatedBytes`. Nothing is kept: a bomb costs one output chunk and the CPU time up to the cap, and this
 * thread stays free to answer other requests meanwhile. Damage ends the count (`damaged`, bytes so far).
 */
export function inflatedLength(input: Uint8Array, maxInflatedBytes: number, signal?: AbortSignal): Promise<InflatedLength> {
  return new Promise((resolve) => {
    const z = zlib.createGunzip({ chunkSize: MEASURE_CHUNK });
    let bytes = 0;
    let settled = false;
    const settle = (end: InflatedLength['end']): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      z.destroy();
      resolve({ end, bytes });
    };
    const onAbort = (): void => settle('aborted');
    if (signal?.aborted) return settle('aborted');
    signal?.addEventListener('abort', onAbort);
    z.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxInflatedBytes) settle('over');
    });
    z.on('end', () => settle('done'));
    z.on('error', () => settle('damaged'));
    z.end(input);
  });
}

/**
 * gunzipCapped that measures first (inflatedLength): data past the cap is never kept, so a bomb costs no
 * memory, and a file under it is inflated once more into one buffer of its exact size. The second pass costs
 * less than what the caller does with the text (parsing, pretty-printing); undefined when aborted.
 */
export async function gunzipStreamCapped(input: Uint8Array, maxInflatedBytes: number, signal?: AbortSignal): Promise<GunzipResult | undefined> {
  const measured = await inflatedLength(input, maxInflatedBytes, signal);
  if (measured.end === 'aborted') return undefined;
  if (measured.end === 'over') return { ok: false, data: Buffer.alloc(0), code: 'inflate-limit', message: inflateLimitMessage(maxInflatedBytes) };
  return gunzipCapped(input, maxInflatedBytes, measured.bytes);
}
