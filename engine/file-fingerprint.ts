// What the index remembers of each file it read, to tell at the next start whether the file is the one it read:
// size, mtime, and a CRC-32 of its first and of its last 64 KB (a file rewritten within the same second and at the
// same size, or restored with an old mtime by a copy tool, still differs in its bytes at one end or the other;
// reading 128 KB of a file costs a fraction of gunzipping and parsing it).

import fs from 'node:fs';
import zlib from 'node:zlib';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from '../core/index';

export interface FileFingerprint {
  size: number;
  mtimeMs: number;
  /** CRC-32 of bytes [0, 64 KB) and of the last 64 KB (the same bytes for a file under 64 KB). */
  head: number;
  tail: number;
}

export const FINGERPRINT_SPAN = 64 * 1024;

/** The file's fingerprint now: of its size and mtime alone when it cannot be opened (hashes 0: such a file, once
 *  readable, hashes to something else), undefined when it is gone. */
export async function fingerprintFile(file: string): Promise<FileFingerprint | undefined> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    const st = await fs.promises.stat(file).catch(() => undefined);
    return st ? { size: st.size, mtimeMs: st.mtimeMs, head: 0, tail: 0 } : undefined;
  }
  try {
    const st = await handle.stat();
    const size = st.size;
    const span = Math.min(FINGERPRINT_SPAN, size);
    // A file of at most 128 KB is read whole in one read (the two spans overlap or touch): half the reads of the
    // 2,500 small files a reopen checks. The hashes are of the same bytes either way.
    const whole = size <= span * 2;
    const buf = Buffer.allocUnsafe(whole ? size : span * 2);
    let head: Buffer;
    let tail: Buffer;
    if (whole) {
      await readFully(handle, buf, 0);
      head = buf.subarray(0, span);
      tail = buf.subarray(size - span, size);
    } else {
      head = buf.subarray(0, span);
      tail = buf.subarray(span, span * 2);
      await readFully(handle, head, 0);
      await readFully(handle, tail, size - span);
    }
    return { size, mtimeMs: st.mtimeMs, head: crc32(head), tail: crc32(tail) };
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export function sameFingerprint(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.head === b.head && a.tail === b.tail;
}

async function readFully(handle: fs.promises.FileHandle, into: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    // Shorter than its size said: the file is changing; the fingerprint then simply will not match.
    if (bytesRead === 0) {
      into.fill(0, done);
      return;
    }
    done += bytesRead;
  }
}

/** zlib's CRC-32 (node 20.15+; VS Code's node has it), else a table-driven one. */
export function crc32(data: Uint8Array, value = 0): number {
  const native = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (native) return native(data, value);
  let c = ~value >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The fingerprints of the files an index was built from, by path. */
export class FileFingerprints {
  readonly byPath = new Map<string, FileFingerprint>();

  writeSnapshot(w: SnapshotWriter): void {
    w.tag('fingerprints');
    const entries = [...this.byPath];
    w.strings(entries.map(([p]) => p));
    w.array(Float64Array.from(entries, ([, f]) => f.size));
    w.array(Float64Array.from(entries, ([, f]) => f.mtimeMs));
    w.array(Uint32Array.from(entries, ([, f]) => f.head));
    w.array(Uint32Array.from(entries, ([, f]) => f.tail));
  }

  static readSnapshot(r: SnapshotReader): FileFingerprints {
    r.tag('fingerprints');
    const paths = r.strings();
    const size = r.array(Float64Array);
    const mtime = r.array(Float64Array);
    const head = r.array(Uint32Array);
    const tail = r.array(Uint32Array);
    const n = paths.length;
    if (size.length !== n || mtime.length !== n || head.length !== n || tail.length !== n) throw new SnapshotFormatError('fingerprints of another length');
    const out = new FileFingerprints();
    for (let i = 0; i < n; i++) out.byPath.set(paths[i], { size: size[i], mtimeMs: mtime[i], head: head[i], tail: tail[i] });
    return out;
  }
}
