// A column dictionary for near-unique values of known shapes (eventID, requestID, creationDate): each value in a
// fixed-width slot in its packed form (id-forms.ts) with one tag byte saying which form, so a UUID costs 16 + 1
// bytes instead of its 36 bytes of text plus an end offset and a kept hash (see StringDictionary). A value of no
// form (a hand-made eventID, a mixed-case UUID, '') goes to a StringDictionary beside it, and the slot keeps its
// code there. The value -> code table is open addressing over the slots, the hash recomputed from the packed
// words (no hash kept per value), filled up to 3/4 (these tables are the size of the index).
// Codes and answers are those of a StringDictionary fed the same values: code 0 is the missing value, new values
// get the next code, equal texts one code.

import type { ColumnDictionary, PackedValues } from './dictionary';
import { StringDictionary } from './dictionary';
import { ID_FORMS, type IdForm } from './id-forms';
import { EMPTY, maxFill, placeCode, trimmedCodes } from './hash-table';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';

/** Tag of a value kept in the fallback dictionary (and of a batch value packed in no form, PackedValues). */
export const FALLBACK = 255;

/** Words of a slot of these forms (the widest, rounded up to 4 bytes). */
export function slotWords(forms: readonly IdForm[]): number {
  return Math.ceil(Math.max(...forms.map((f) => f.width)) / 4);
}

/** Packs b[start, end) into `out` (slotWords(forms) words, as bytes): the tag of the first form that takes it
 *  (1 + its index), else FALLBACK. A narrower form's slot ends in zero bytes, so equal values have equal slots. */
export function packValue(forms: readonly IdForm[], b: Uint8Array, start: number, end: number, out: Uint8Array): number {
  for (let f = 0; f < forms.length; f++) {
    if (forms[f].pack(b, start, end, out)) {
      for (let i = forms[f].width; i < out.length; i++) out[i] = 0;
      return f + 1;
    }
  }
  return FALLBACK;
}

export class IdDictionary implements ColumnDictionary {
  /** Words of a slot (the widest form, rounded up to 4 bytes). */
  private readonly words: number;
  private slots: Uint32Array;
  /** Per code: 1 + index of its form, FALLBACK, or 0 (code 0). */
  private tags: Uint8Array;
  private count = 1;
  // (slots, tags, table and fallbackCodes may be views of a loaded snapshot: they are replaced, never grown in place)
  private table: Int32Array;
  private mask: number;
  private fallback: StringDictionary | undefined;
  /** Fallback code -> our code. */
  private fallbackCodes = new Uint32Array(0);
  /** Where a value is packed before it is looked up (a view of scratchWords). */
  private readonly scratchWords: Uint32Array;
  private readonly scratch: Uint8Array;
  private encoder: Buffer = Buffer.allocUnsafe(64);
  /** The last forms list takes() accepted. */
  private takenForms: readonly IdForm[] | undefined;

  constructor(private readonly forms: readonly IdForm[], initialValues = 16) {
    if (forms.length === 0 || forms.length >= FALLBACK) throw new Error('an IdDictionary needs 1 to 254 forms');
    this.words = slotWords(forms);
    const n = Math.max(2, initialValues);
    this.slots = new Uint32Array(n * this.words);
    this.tags = new Uint8Array(n);
    const slots = tableSlots(n);
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
    this.scratchWords = new Uint32Array(this.words);
    this.scratch = new Uint8Array(this.scratchWords.buffer);
  }

  get size(): number {
    return this.count;
  }

  /** Packed bytes of the values (what the text would take is several times more). */
  get byteLength(): number {
    return this.count * this.words * 4 + (this.fallback?.byteLength ?? 0);
  }

  /** How many distinct values fell back to text (for tests and the memory profile). */
  get fallbackValues(): number {
    return this.fallback ? this.fallback.size - 1 : 0;
  }

  encodeBatch(heap: Uint8Array, ends: Uint32Array, hashes: Uint32Array | undefined, out: Uint32Array, packed?: PackedValues): void {
    const values = ends.length - 1;
    if (values > 0) this.ensureCodes(this.count + values);
    if (!packed || !this.takes(packed.forms) || packed.slots.length !== (values + 1) * (this.words + 2)) {
      for (let v = 1; v <= values; v++) out[v] = this.encodeBytes(heap, ends[v - 1], ends[v], hashes?.[v]);
      return;
    }
    // The reader packed and hashed the values already (batch.ts): merged by their words, the text left unread.
    const w = this.words;
    const stride = w + 2;
    const slots = packed.slots;
    const s = this.scratchWords;
    for (let v = 1; v <= values; v++) {
      const at = v * stride;
      const tag = slots[at];
      if (tag === FALLBACK) {
        out[v] = this.encodeFallback(heap, ends[v - 1], ends[v], hashes?.[v]);
        continue;
      }
      for (let k = 0; k < w; k++) s[k] = slots[at + 2 + k];
      out[v] = this.find(tag, true, slots[at + 1]);
    }
  }

  /** Whether batch values packed in `forms` have this dictionary's tags (the same forms in the same order: a
   *  dictionary loaded from an older save may keep others). */
  private takes(forms: readonly IdForm[]): boolean {
    if (forms === this.takenForms) return true;
    if (forms.length !== this.forms.length || forms.some((f, i) => f !== this.forms[i])) return false;
    this.takenForms = forms;
    return true;
  }

  /** Code of a value given as UTF-8 bytes, adding it when new; `hash`: its hashValueBytes when known (for the
   *  fallback dictionary). */
  encodeBytes(b: Uint8Array, start: number, end: number, hash?: number): number {
    const tag = this.pack(b, start, end);
    if (tag === FALLBACK) return this.encodeFallback(b, start, end, hash);
    return this.find(tag, true);
  }

  /** Code of a value, adding it when new; undefined -> 0. */
  encode(value: string | undefined): number {
    if (value === undefined) return 0;
    const n = this.utf8(value);
    return this.encodeBytes(this.encoder, 0, n);
  }

  lookup(value: string): number {
    const n = this.utf8(value);
    const tag = this.pack(this.encoder, 0, n);
    if (tag !== FALLBACK) return this.find(tag, false);
    const f = this.fallback?.lookup(value) ?? -1;
    return f < 0 ? -1 : this.fallbackCodes[f];
  }

  value(code: number): string | undefined {
    if (code === 0) return undefined;
    const tag = this.tags[code];
    if (tag === FALLBACK) return this.fallback!.value(this.slots[code * this.words]);
    return this.forms[tag - 1].unpack(new Uint8Array(this.slots.buffer, this.slots.byteOffset + code * this.words * 4, this.words * 4), 0);
  }

  values(): (string | undefined)[] {
    const out: (string | undefined)[] = new Array(this.count);
    out[0] = undefined;
    const bytes = new Uint8Array(this.slots.buffer, this.slots.byteOffset, this.slots.byteLength);
    const fallback = this.fallback?.values();
    for (let c = 1; c < this.count; c++) {
      const tag = this.tags[c];
      out[c] = tag === FALLBACK ? fallback![this.slots[c * this.words]] : this.forms[tag - 1].unpack(bytes, c * this.words * 4);
    }
    return out;
  }

  /** Makes room for `values` codes (the bytes of their text do not matter here). */
  expect(values: number, _bytes?: number): void {
    this.ensureCodes(values);
    if (values > maxFill(this.table.length)) this.rehash(values);
  }

  byteSize(): number {
    return this.slots.byteLength + this.tags.byteLength + this.table.byteLength + this.fallbackCodes.byteLength + (this.fallback?.byteSize() ?? 0);
  }

  /** Drops spare capacity once loading is done, keeping 1/64 for values still to come (see RecordIndex.trim). */
  trim(): void {
    const keep = trimmedCodes(this.count);
    if (this.tags.length > keep) {
      this.slots = this.slots.slice(0, keep * this.words);
      this.tags = this.tags.slice(0, keep);
    }
    if (keep > maxFill(this.table.length)) this.rehash(keep);
    this.fallback?.trim();
  }

  /** Saves the forms by name, the packed slots, tags and table as they are (a loaded dictionary probes at once),
   *  and the fallback dictionary. */
  writeSnapshot(w: SnapshotWriter): void {
    w.tag('iddict');
    w.strings(this.forms.map((f) => f.name));
    w.u32(this.count);
    w.array(this.slots.subarray(0, this.count * this.words));
    w.array(this.tags.subarray(0, this.count));
    w.array(this.table);
    w.bool(this.fallback !== undefined);
    if (this.fallback) {
      this.fallback.writeSnapshot(w);
      w.array(this.fallbackCodes.subarray(0, this.fallback.size));
    }
  }

  /** A dictionary over views of the snapshot's buffer (growing copies them out). Every tag and fallback link is
   *  checked: value() trusts them. */
  static readSnapshot(r: SnapshotReader): IdDictionary {
    r.tag('iddict');
    const forms = r.strings().map((name) => {
      const f = ID_FORMS.get(name);
      if (!f) throw new SnapshotFormatError(`unknown id form ${JSON.stringify(name.slice(0, 20))}`);
      return f;
    });
    if (forms.length === 0 || forms.length >= FALLBACK) throw new SnapshotFormatError('id dictionary without forms');
    const d = new IdDictionary(forms, 2);
    const count = r.u32();
    const slots = r.array(Uint32Array);
    const tags = r.array(Uint8Array);
    const table = r.array(Int32Array);
    const size = table.length;
    if (count < 1 || slots.length !== count * d.words || tags.length !== count || size < 16 || (size & (size - 1)) !== 0) {
      throw new SnapshotFormatError(`id dictionary sizes disagree (${count} values, ${slots.length} slot words, ${tags.length} tags, ${size} table slots)`);
    }
    const fallback = r.bool() ? StringDictionary.readSnapshot(r) : undefined;
    const fallbackCodes = fallback ? r.array(Uint32Array) : new Uint32Array(0);
    if (fallback && fallbackCodes.length !== fallback.size) throw new SnapshotFormatError('id dictionary fallback of another size');
    const mask = size - 1;
    let packed = 0;
    for (let c = 1; c < count; c++) {
      const tag = tags[c];
      if (tag !== FALLBACK) packed++;
      if (tag === FALLBACK) {
        const f = slots[c * d.words];
        if (!fallback || f < 1 || f >= fallback.size || fallbackCodes[f] !== c) throw new SnapshotFormatError('id dictionary fallback link broken');
      } else if (tag < 1 || tag > forms.length) throw new SnapshotFormatError('id dictionary value of no form');
    }
    // Fallback values are not in the table: only the packed ones fill it.
    if (packed > maxFill(size)) throw new SnapshotFormatError('id dictionary table too full');
    for (let i = 0; i < size; i++) if (table[i] !== EMPTY && (table[i] & mask) >= count) throw new SnapshotFormatError('id dictionary table names no value');
    d.count = count;
    d.slots = slots;
    d.tags = tags;
    d.table = table;
    d.mask = mask;
    d.fallback = fallback;
    d.fallbackCodes = fallbackCodes;
    return d;
  }

  /** Packs b[start, end) into the scratch slot: the tag of the first form that takes it, else FALLBACK. */
  private pack(b: Uint8Array, start: number, end: number): number {
    return packValue(this.forms, b, start, end, this.scratch);
  }

  /** The code of the scratch slot with `tag` (`h`: its slotHash, when known): found, or added when `add` (else -1). */
  private find(tag: number, add: boolean, h = slotHash(this.scratchWords, 0, this.words, tag)): number {
    const w = this.words;
    const s = this.scratchWords;
    const table = this.table;
    const mask = this.mask;
    const slots = this.slots;
    let i = h & mask;
    for (;;) {
      const e = table[i];
      if (e === EMPTY) break;
      const code = e & mask;
      if (((e ^ h) & ~mask) === 0 && this.tags[code] === tag) {
        let same = true;
        for (let k = 0; k < w && same; k++) same = slots[code * w + k] === s[k];
        if (same) return code;
      }
      i = (i + 1) & mask;
    }
    if (!add) return -1;
    const code = this.newCode(tag);
    this.slots.set(s, code * w);
    table[i] = (h & ~mask) | code;
    if (this.count > maxFill(table.length)) this.rehash(this.count);
    return code;
  }

  private encodeFallback(b: Uint8Array, start: number, end: number, hash: number | undefined): number {
    const fallback = (this.fallback ??= new StringDictionary());
    const before = fallback.size;
    const f = hash === undefined ? fallback.encodeBytes(b, start, end) : fallback.encodeBatchValue(b, start, end, hash);
    if (f < before) return this.fallbackCodes[f];
    if (f >= this.fallbackCodes.length) {
      const next = new Uint32Array(Math.max(16, f * 2));
      next.set(this.fallbackCodes);
      this.fallbackCodes = next;
    }
    const code = this.newCode(FALLBACK);
    this.slots.fill(0, code * this.words, (code + 1) * this.words);
    this.slots[code * this.words] = f;
    this.fallbackCodes[f] = code;
    return code;
  }

  private newCode(tag: number): number {
    const code = this.count++;
    if (code >= this.tags.length) this.ensureCodes(code + 1);
    this.tags[code] = tag;
    return code;
  }

  private utf8(value: string): number {
    if (value.length * 3 > this.encoder.length) this.encoder = Buffer.allocUnsafe(value.length * 3);
    return this.encoder.write(value, 0, 'utf8');
  }

  private ensureCodes(n: number): void {
    if (n <= this.tags.length) return;
    const size = Math.max(n, Math.ceil(this.tags.length * 1.5) + 16);
    const slots = new Uint32Array(size * this.words);
    slots.set(this.slots);
    this.slots = slots;
    const tags = new Uint8Array(size);
    tags.set(this.tags);
    this.tags = tags;
  }

  /** A table with room for `codes` codes; fallback values are not in it (the fallback dictionary finds them). */
  private rehash(codes: number): void {
    const size = tableSlots(codes);
    const table = new Int32Array(size);
    const mask = size - 1;
    const w = this.words;
    for (let code = 1; code < this.count; code++) {
      const tag = this.tags[code];
      if (tag === FALLBACK) continue;
      placeCode(table, mask, slotHash(this.slots, code * w, w, tag), code);
    }
    this.table = table;
    this.mask = mask;
  }
}

/** The smallest power-of-two table that holds `codes` codes at load factor <= 3/4 (codes fit in its mask). */
function tableSlots(codes: number): number {
  let s = 16;
  while (maxFill(s) < codes) s *= 2;
  return s;
}

/** A hash of a packed slot and its tag (murmur3's mixing; the values are random-looking already, so this is
 *  about spreading the form's fixed bits, not about resisting crafted input: probing stays linear in the worst case). */
export function slotHash(words: Uint32Array, at: number, n: number, tag: number): number {
  let h = Math.imul(tag, 0x9e3779b1);
  for (let k = 0; k < n; k++) {
    let x = Math.imul(words[at + k], 0xcc9e2d51);
    x = (x << 15) | (x >>> 17);
    h ^= Math.imul(x, 0x1b873593);
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
