// What the index's three dictionaries (dictionary.ts, prefix-dictionary.ts, id-dictionary.ts) share: an
// open-addressing table of codes, each entry the code in the low bits (below the mask) and the hash's high bits
// above it, so a probe rejects most other values without touching their bytes; and how a dictionary keeps spare
// room once loading is done.

/** A free table entry (code 0 is "missing", never stored). */
export const EMPTY = 0;

/** Puts `code` (hash `h`) into `table` at the first free slot of its probe sequence. */
export function placeCode(table: Int32Array, mask: number, h: number, code: number): void {
  let slot = h & mask;
  while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
  table[slot] = (h & ~mask) | code;
}

/** A table of `slots` entries (a power of two) holding codes 1..count-1 by their kept hashes: no bytes rehashed. */
export function tableOfHashes(hashes: Uint32Array, count: number, slots: number): Int32Array {
  const table = new Int32Array(slots);
  const mask = slots - 1;
  for (let code = 1; code < count; code++) placeCode(table, mask, hashes[code], code);
  return table;
}

/** Entries a table of `slots` entries takes at load factor 3/4 (the packed-id tables: id-dictionary.ts,
 *  row-table.ts). */
export function maxFill(slots: number): number {
  return slots - (slots >> 2);
}

/** Slots of the table that doubles `current` until it holds `codes` codes at load factor <= 0.5. */
export function grownSlots(current: number, codes: number): number {
  let slots = current * 2;
  while (slots < codes * 2) slots *= 2;
  return slots;
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Codes a trimmed dictionary keeps room for: 1/64 more, for values still to come (see RecordIndex.trim). */
export function trimmedCodes(count: number): number {
  return count + Math.max(64, count >> 6);
}

/** The heap cut down to its bytes plus 1/64 spare, or undefined when it is no bigger than that already. */
export function trimmedHeap(heap: Buffer, heapEnd: number): Buffer | undefined {
  const size = heapEnd + Math.max(1024, heapEnd >> 6);
  if (heap.byteLength <= size) return undefined;
  const h = Buffer.allocUnsafe(size);
  heap.copy(h, 0, 0, heapEnd);
  return h;
}
