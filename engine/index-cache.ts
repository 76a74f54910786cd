// The saved index on disk: one file per set of roots in the cache folder (the extension's workspace storage, or the
// CLI's --cache DIR), a 32-byte header (magic, format version, body length, CRC-32 of the body) and the snapshot
// body (core/index/snapshot.ts). Written to a temporary file in the same folder, fsynced and renamed over the old
// one, so a killed process leaves the previous good file; read with one read into one ArrayBuffer, whose typed
// views the loaded index keeps until it changes (then the views left are copied out: ownArrays). Anything that does
// not check out is a reason, never an exception: the caller discards the file and indexes from the files.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../core/index';
import { detachViews } from './detach-views';
import { crc32 } from './file-fingerprint';
import { readWorkspaceSnapshot, writeWorkspaceSnapshot, type WorkspaceSnapshot } from './workspace-snapshot';

const MAGIC = 'CTS3IDX\n';
/**
 * The body's layout version: bump it whenever any writeSnapshot/readSnapshot pair (core/index, engine) changes
 * what it writes, so that files of the old layout are discarded rather than misread. 3: fingerprints hold the
 * ctime and the moment they were taken (engine/file-fingerprint.ts).
 */
export const SNAPSHOT_FORMAT_VERSION = 4;
export const HEADER_BYTES = 32;

/** The cache file of a set of roots (several workspaces may share a CLI cache folder). */
export function snapshotPath(cacheDir: string, roots: readonly string[]): string {
  const key = crypto.createHash('sha256').update(JSON.stringify(roots.map((r) => path.resolve(r)))).digest('hex').slice(0, 16);
  return path.join(cacheDir, `index-${key}.ctsnap`);
}

/** Writes the snapshot atomically; resolves to the bytes written. */
export async function saveSnapshot(file: string, snapshot: WorkspaceSnapshot): Promise<number> {
  const w = new SnapshotWriter();
  writeWorkspaceSnapshot(w, snapshot);
  const parts = w.finish();
  const bodyLength = w.byteLength;
  let crc = 0;
  for (const p of parts) crc = crc32(p, crc);
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(Buffer.from(MAGIC, 'latin1'), 0);
  view.setUint32(8, SNAPSHOT_FORMAT_VERSION, true);
  view.setFloat64(16, bodyLength, true);
  view.setUint32(24, crc, true);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.promises.open(tmp, 'w');
  try {
    await writeAll(handle, [header, ...parts]);
    await handle.sync();
    await handle.close();
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  return HEADER_BYTES + bodyLength;
}

async function writeAll(handle: fs.promises.FileHandle, parts: Uint8Array[]): Promise<void> {
  // writev in groups (the OS caps a call's buffers at IOV_MAX, 1024 on Linux); a short write continues.
  for (let i = 0; i < parts.length; i += 512) {
    let group = parts.slice(i, i + 512);
    let left = group.reduce((n, p) => n + p.byteLength, 0);
    while (left > 0) {
      const { bytesWritten } = await handle.writev(group);
      left -= bytesWritten;
      if (left > 0) group = skip(group, bytesWritten);
    }
  }
}

function skip(parts: Uint8Array[], n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const p of parts) {
    if (n >= p.byteLength) { n -= p.byteLength; continue; }
    out.push(n > 0 ? p.subarray(n) : p);
    n = 0;
  }
  return out;
}

export type LoadResult = {
  ok: true;
  snapshot: WorkspaceSnapshot;
  bytes: number;
  /** Copies the loaded index's arrays that are still views over the file's buffer into buffers of their own (the
   *  buffer then stays alive only as long as this function does): for an index that changed, whose grown arrays are
   *  copies already. Returns the bytes copied. */
  ownArrays(): number;
} | { ok: false; missing: boolean; reason: string };

/** Reads and checks the cache file; the reason says why it was not used (missing, damaged, other version). */
export async function loadSnapshot(file: string): Promise<LoadResult> {
  let buffer: ArrayBuffer;
  try {
    buffer = await readWhole(file);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, reason: missing ? 'no saved index' : `cannot read ${file}: ${(e as Error).message}` };
  }
  const checked = checkSnapshot(buffer);
  if (!checked.ok) return { ok: false, missing: false, reason: checked.reason };
  try {
    const snapshot = readWorkspaceSnapshot(checked.reader);
    return { ok: true, snapshot, bytes: buffer.byteLength, ownArrays: () => detachViews(snapshot.index, buffer) };
  } catch (e) {
    if (e instanceof SnapshotFormatError || e instanceof RangeError || e instanceof TypeError) return { ok: false, missing: false, reason: `damaged body: ${e.message}` };
    throw e;
  }
}

/** Header and checksum of a whole cache file: a reader over its body, or why not. */
export function checkSnapshot(buffer: ArrayBuffer): { ok: true; reader: SnapshotReader } | { ok: false; reason: string } {
  if (buffer.byteLength < HEADER_BYTES) return { ok: false, reason: `truncated (${buffer.byteLength} bytes, no header)` };
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  if (Buffer.from(bytes.subarray(0, 8)).toString('latin1') !== MAGIC) return { ok: false, reason: 'not an index cache file (bad magic)' };
  const version = view.getUint32(8, true);
  if (version !== SNAPSHOT_FORMAT_VERSION) return { ok: false, reason: `format version ${version}, this build reads ${SNAPSHOT_FORMAT_VERSION}` };
  const bodyLength = view.getFloat64(16, true);
  if (bodyLength !== buffer.byteLength - HEADER_BYTES) return { ok: false, reason: `truncated or extended (body of ${buffer.byteLength - HEADER_BYTES} bytes, header says ${bodyLength})` };
  const crc = crc32(bytes.subarray(HEADER_BYTES));
  if (crc !== view.getUint32(24, true)) return { ok: false, reason: 'checksum mismatch (damaged)' };
  return { ok: true, reader: new SnapshotReader(buffer, HEADER_BYTES, bodyLength) };
}

/** The file in one fresh ArrayBuffer (8-byte aligned: typed views over it need no copy). */
async function readWhole(file: string): Promise<ArrayBuffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = new ArrayBuffer(size);
    const bytes = new Uint8Array(buffer);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(bytes, done, Math.min(size - done, 1 << 30), done);
      if (bytesRead === 0) return buffer.slice(0, done);
      done += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}
