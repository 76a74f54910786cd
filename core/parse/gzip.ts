// gzip: recognised by its magic bytes (1f 8b), whatever the file is called. Decompression is capped
// (gzip bombs) and a damaged stream keeps what decompressed before the damage.

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

/** Whole-buffer gunzip with an output cap. On damage, returns what inflated before it. */
export function gunzipCapped(input: Uint8Array, maxInflatedBytes: number): GunzipResult {
  try {
    return { ok: true, data: zlib.gunzipSync(input, { maxOutputLength: maxInflatedBytes }) };
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

export function inflateLimitMessage(maxInflatedBytes: number): string {
  return `the gzip data inflates past ${Math.round(maxInflatedBytes / (1024 * 1024))} MB (cloudtrailS3.index.maxInflatedMB); reading stopped there`;
}
