// Gives the typed arrays of a loaded index buffers of their own. A loaded index is views over the one buffer its
// saved file was read into (engine/index-cache.ts); once it changes, the arrays that grow are copied out anyway and
// the views of the others would keep the whole buffer (the size of the file) alive for good. Reading the file's
// bytes a second time into copies would decode and check every section again; this copies the bytes only, and
// only of the views still over the buffer, so a reopen first lets its change grow what it grows (RecordIndex.expect,
// appends) and then copies the rest.
//
// The views are found by walking the index's own properties, arrays and Map values, as the saved-index tests do. Views
// that share bytes (a dictionary's heap and the DataView over it) are copied as one region and stay sharing them.

type View = ArrayBufferView & { readonly length?: number };
type Holder = { target: object; key: string | number } | { map: Map<unknown, unknown>; key: unknown } | { nowhere: true };
/** Where a view as a Map key or a Set member is held: no place to put its copy (none of the index's holds one). */
const NOWHERE: Holder = { nowhere: true };

/** Copies every view over `buffer` reachable from `root` into buffers of its own; returns the bytes copied. */
export function detachViews(root: object, buffer: ArrayBuffer): number {
  const found = new Map<View, Holder[]>();
  const seen = new Set<object>();
  const note = (v: View, h: Holder): void => {
    const list = found.get(v);
    if (list) list.push(h);
    else found.set(v, [h]);
  };
  const stack: object[] = [root];
  const visit = (value: unknown, holder: Holder): void => {
    if (value === null || typeof value !== 'object') return;
    if (ArrayBuffer.isView(value)) {
      if (value.buffer === buffer) note(value, holder);
      return;
    }
    if (!seen.has(value)) {
      seen.add(value);
      stack.push(value);
    }
  };
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) visit(o[i], { target: o, key: i });
    } else if (o instanceof Map) {
      for (const [k, v] of o) {
        visit(k, NOWHERE);
        visit(v, { map: o, key: k });
      }
    } else if (o instanceof Set) {
      for (const v of o) visit(v, NOWHERE);
    } else {
      for (const key of Object.keys(o)) visit((o as Record<string, unknown>)[key], { target: o, key });
    }
  }
  // Regions: views whose bytes overlap, in one copy each (starting 8-byte aligned: typed views keep their alignment).
  const views = [...found.keys()].sort((a, b) => a.byteOffset - b.byteOffset);
  let copied = 0;
  for (let i = 0; i < views.length;) {
    const start = views[i].byteOffset & ~7;
    let end = views[i].byteOffset + views[i].byteLength;
    let j = i + 1;
    while (j < views.length && views[j].byteOffset < end) {
      end = Math.max(end, views[j].byteOffset + views[j].byteLength);
      j++;
    }
    const own = buffer.slice(start, end);
    copied += end - start;
    for (let k = i; k < j; k++) {
      const old = views[k];
      const moved = viewLike(old, own, old.byteOffset - start);
      for (const h of found.get(old)!) {
        if ('target' in h) (h.target as Record<string | number, unknown>)[h.key] = moved;
        else if ('map' in h) h.map.set(h.key, moved);
      }
    }
    i = j;
  }
  return copied;
}

/** A view of the same kind and length as `old` over `buffer` at `byteOffset`. */
function viewLike(old: View, buffer: ArrayBuffer, byteOffset: number): View {
  if (old instanceof DataView) return new DataView(buffer, byteOffset, old.byteLength);
  if (Buffer.isBuffer(old)) return Buffer.from(buffer, byteOffset, old.byteLength);
  const ctor = old.constructor as new (b: ArrayBuffer, o: number, n: number) => View;
  return new ctor(buffer, byteOffset, old.length!);
}
