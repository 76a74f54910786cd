// Copying a loaded index's views out of the saved file's buffer (engine/detach-views.ts): every view reachable from
// the root gets a buffer of its own, with the same bytes; views that shared bytes still share them; the old buffer
// is then garbage.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { detachViews } from '../../../engine/detach-views';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function filled(n: number): ArrayBuffer {
  const b = new ArrayBuffer(n);
  const u = new Uint8Array(b);
  for (let i = 0; i < n; i++) u[i] = (i * 37 + 11) & 0xff;
  return b;
}

class Dict {
  heap: Buffer;
  heapView: DataView;
  constructor(buffer: ArrayBuffer, at: number, n: number) {
    this.heap = Buffer.from(buffer, at, n);
    this.heapView = new DataView(buffer, at, n);
  }
}

function loaded(buffer: ArrayBuffer) {
  const times = new Float64Array(buffer, 64, 4);
  return {
    times,
    // The same view held twice: one copy, held twice.
    again: times,
    codes: [new Uint16Array(buffer, 96, 3), new Uint32Array(buffer, 104, 2)],
    dict: new Dict(buffer, 131, 17),
    byName: new Map<string, Uint8Array>([['a', new Uint8Array(buffer, 200, 5)]]),
    // A subarray inside another view: they share their bytes after as before.
    whole: new Uint8Array(buffer, 256, 64),
    inner: new Uint8Array(buffer, 272, 8),
    empty: new Uint8Array(buffer, 400, 0),
    own: new Uint8Array([1, 2, 3]),
    n: 7,
  };
}

test('every view over the buffer gets its own, with its bytes, kind and length; views that shared bytes share them still', () => {
  const buffer = filled(512);
  const o = loaded(buffer);
  const before = JSON.stringify(o, (_, v) => (ArrayBuffer.isView(v) ? [v.constructor.name, ...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] : v));
  const own = o.own;
  const copied = detachViews(o, buffer);
  const after = JSON.stringify(o, (_, v) => (ArrayBuffer.isView(v) ? [v.constructor.name, ...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] : v));
  assert.equal(after, before);
  for (const v of [o.times, ...o.codes, o.dict.heap, o.dict.heapView, o.byName.get('a')!, o.whole, o.inner, o.empty]) assert.notEqual(v.buffer, buffer);
  assert.ok(Buffer.isBuffer(o.dict.heap));
  assert.ok(o.dict.heapView instanceof DataView);
  assert.equal(o.own, own, 'a view of another buffer is left as it is');
  assert.equal(o.again, o.times);
  // Shared bytes: a write through one view shows through the other.
  o.dict.heap[0] ^= 0xff;
  assert.equal(o.dict.heapView.getUint8(0), o.dict.heap[0]);
  o.inner[0] = 99;
  assert.equal(o.whole[16], 99);
  // Only the views' bytes are copied (each region from 8-byte alignment), not the whole buffer.
  assert.ok(copied < 512 && copied >= 32 + 6 + 8 + 17 + 5 + 64, `${copied} bytes`);
});

test('the buffer is garbage once its views are copied out', async () => {
  let buffer: ArrayBuffer | undefined = filled(1 << 20);
  const ref = new WeakRef(buffer);
  const o = loaded(buffer);
  detachViews(o, buffer);
  buffer = undefined;
  await new Promise((r) => setImmediate(r));
  gc();
  assert.equal(ref.deref(), undefined);
  assert.equal(o.times.length, 4);
});
