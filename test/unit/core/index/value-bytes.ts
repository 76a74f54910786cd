// Values laid out as a batch column holds them (one heap, end offsets, hashes: value k is heap[ends[k-1], ends[k])),
// for the dictionary and row-column tests.

import { hashValueBytes } from '../../../../core/index/dictionary';
import type { SnapshotWriter } from '../../../../core/index/snapshot';

export function valueBytes(values: readonly string[]): { heap: Buffer; ends: Uint32Array; hashes: Uint32Array } {
  const bytes = values.map((v) => Buffer.from(v, 'utf8'));
  const ends = new Uint32Array(values.length + 1);
  bytes.forEach((b, k) => (ends[k + 1] = ends[k] + b.length));
  const heap = Buffer.concat(bytes);
  const hashes = new Uint32Array(values.length + 1);
  for (let k = 1; k <= values.length; k++) hashes[k] = hashValueBytes(heap, ends[k - 1], ends[k]);
  return { heap, ends, hashes };
}

/** The parts one after another in a buffer of their own. */
export function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** What a snapshot writer wrote, as the one buffer a reader takes. */
export function snapshotBody(w: SnapshotWriter): ArrayBuffer {
  return concat(w.finish()).buffer;
}
