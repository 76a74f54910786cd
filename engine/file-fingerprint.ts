// What the index remembers of each file it read, to tell at the next start whether the file is the one it read:
// size, mtime, ctime, when the fingerprint was taken, and a CRC-32 of its first and of its last 64 KB (a file
// rewritten within the same second and at the same size, or restored with an old mtime by a copy tool, still
// differs in its bytes at one end or the other; reading 128 KB of a file costs a fraction of gunzipping and
// parsing it).
//
// A reopen reads those 128 KB only when the stat cannot settle it, as git does with its index ("racy git"): a file
// whose size, mtime and ctime are the saved ones is the file read, provided that its mtime and ctime were already
// more than RACY_MS older than the moment its fingerprint was taken. Any write after that moment stamps a time at
// least that moment minus the clock's granularity (2 s on FAT), so it cannot leave both times as they were; a copy
// tool that restores an old mtime (cp -p, rsync -t) cannot set the ctime back. A file written within RACY_MS
// before its fingerprint could be written again within the same tick, unseen by its stat: its hashes decide. The
// rule trusts the file system's clock to run with this machine's (a file server whose clock runs ahead gives future
// times, which are hashed; one behind by more than RACY_MS could hide a same-size rewrite made in the seconds after
// the fingerprint), and the stat to be current (an NFS client may answer a stat from its attribute cache, up to a
// minute old, where an open revalidates: a file rewritten on the server that last minute is read at the next start
// or on its change event — git's index has the same exposure).

import fs from 'node:fs';
import zlib from 'node:zlib';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from '../core/index';

export interface FileFingerprint {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** This machine's clock (Date.now()) just before the file was opened for its hashes. */
  takenMs: number;
  /** CRC-32 of bytes [0, 64 KB) and of the last 64 KB (the same bytes for a file under 64 KB). */
  head: number;
  tail: number;
}

export const FINGERPRINT_SPAN = 64 * 1024;

/** How much older than its fingerprint a file's mtime and ctime must be for its stat alone to vouch for it: beyond
 *  the 2 s granularity of FAT's times, with a second for clocks that round rather than truncate. */
export const RACY_MS = 3000;

/** The stat of a file as the walk that found it saw it (core/files TrailFile). */
export interface FileStat {
  size: number;
  mtimeMs?: number;
  ctimeMs?: number;
}

/**
 * Whether `now` (the file's stat today) shows the file of fingerprint `saved` without reading it: the same size,
 * mtime and ctime, and both times settled (more than `racyMs` older than the fingerprint) when it was taken.
 * False means "not known" (hash it), not "changed".
 */
export function sameByStat(saved: FileFingerprint, now: FileStat, racyMs = RACY_MS): boolean {
  return now.mtimeMs !== undefined && now.ctimeMs !== undefined &&
    saved.size === now.size && saved.mtimeMs === now.mtimeMs && saved.ctimeMs === now.ctimeMs &&
    Math.max(saved.mtimeMs, saved.ctimeMs) < saved.takenMs - racyMs;
}

/** The file's fingerprint now: of its size and mtime alone when it cannot be opened (hashes 0: such a file, once
 *  readable, hashes to something else), undefined when it is gone. */
export async function fingerprintFile(file: string): Promise<FileFingerprint | undefined> {
  // Before the open: a write after this moment stamps a later time than a settled file's (sameByStat).
  const takenMs = Date.now();
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    const st = await fs.promises.stat(file).catch(() => undefined);
    return st ? { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, takenMs, head: 0, tail: 0 } : undefined;
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
    return { size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, takenMs, head: crc32(head), tail: crc32(tail) };
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Whether two fingerprints are of the same bytes at the same size and mtime (the ctime may differ: a chmod, a hard
 *  link, a restore with the same bytes and mtime). */
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
    w.array(Float64Array.from(entries, ([, f]) => f.ctimeMs));
    w.array(Float64Array.from(entries, ([, f]) => f.takenMs));
    w.array(Uint32Array.from(entries, ([, f]) => f.head));
    w.array(Uint32Array.from(entries, ([, f]) => f.tail));
  }

  static readSnapshot(r: SnapshotReader): FileFingerprints {
    r.tag('fingerprints');
    const paths = r.strings();
    const size = r.array(Float64Array);
    const mtime = r.array(Float64Array);
    const ctime = r.array(Float64Array);
    const taken = r.array(Float64Array);
    const head = r.array(Uint32Array);
    const tail = r.array(Uint32Array);
    const n = paths.length;
    if ([size, mtime, ctime, taken, head, tail].some((a) => a.length !== n)) throw new SnapshotFormatError('fingerprints of another length');
    const out = new FileFingerprints();
    for (let i = 0; i < n; i++) out.byPath.set(paths[i], { size: size[i], mtimeMs: mtime[i], ctimeMs: ctime[i], takenMs: taken[i], head: head[i], tail: tail[i] });
    return out;
  }
}
