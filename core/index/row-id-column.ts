// A string column of near-unique values (eventID, requestID) kept in the row itself: per row a fixed-width slot
// with the value's packed form (id-forms.ts) and a tag byte naming the form. A dictionary would cost a 32-bit code
// per row, the packed value again and a hash table (30 bytes a record of eventIDs or requestIDs at 1,000,000) for
// values that nearly never repeat; here a UUID costs its 16 bytes and the tag. A value of no form (a hand-made
// eventID, a mixed-case UUID, '') is kept as text in a StringDictionary beside it, the slot holding its code
// there, so equal texts have equal slots and every value comes back exactly as read. Tag 0 (slot all zero) is a
// missing value.
// Readers that want a code per row (facets, group-by, sorting by the column, term match tables, the access-log
// join) get one from `codes` and `dict`: a coded view numbered by first appearance in row order, built when first
// asked for, extended as rows are appended, rebuilt after a compaction, and held weakly — it costs its memory
// (a code a row, a row per value, a hash table) while something uses it, not for the life of the index. Cells,
// the de-duplication and the detail of a row read the slots directly (valueAt, sameAt, locate).

import type { BatchColumn } from './batch';
import type { CodeArray } from './code-column';
import { StringDictionary, type ColumnDictionary } from './dictionary';
import { FALLBACK, packValue, slotHash } from './id-dictionary';
import { ID_FORMS, type IdForm } from './id-forms';
import { EMPTY, placeCode } from './hash-table';
import { printOf, type RowTable } from './row-table';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';

/** A batch's distinct values packed: per batch-local code, its slot words, tag and slot hash (code 0: missing, all
 *  zero). */
export interface BatchSlots {
  slots: Uint32Array;
  tags: Uint8Array;
  hashes: Uint32Array;
}

/** Rows a page of the column holds. */
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

/** A row's tag is kept in 4 bits (two rows a byte): 0 missing, 1 + its form, or NIBBLE_FALLBACK for FALLBACK.
 *  A column has at most 14 forms, so a tag never needs the byte it took before (1.5 B a record over eventID,
 *  requestID and creationDate). */
const NIBBLE_FALLBACK = 15;
const MAX_FORMS = 14;

export class RowIdColumn {
  /** Words of a slot (the widest form, rounded up to 4 bytes). */
  readonly words: number;
  /** Slots and tags by pages of PAGE rows; a page whose rows all lack the value is never made (an access-log
   *  line has no eventID or creationDate: a run of them costs nothing here). A page may be a shorter view of a
   *  loaded snapshot (its last page): it is copied out before rows past it are written. */
  private pages: (Uint32Array | undefined)[] = [];
  private tagPages: (Uint8Array | undefined)[] = [];
  /** Values of no form, as text; a FALLBACK slot's first word is the value's code here. */
  private fallback: StringDictionary | undefined;
  /** Rows the column holds values for (the index's row count: set by the index as it adds and compacts rows). */
  rows = 0;
  /** Bumped when row ids change (compaction): the coded view is built again then. */
  private layout = 0;
  private viewRef: WeakRef<CodedView> | undefined;
  private readonly scratchWords: Uint32Array;
  private readonly scratch: Uint8Array;
  /** The slot of a missing value (all zero). */
  private readonly zero: Uint32Array;
  private encoder: Buffer = Buffer.allocUnsafe(64);

  constructor(readonly forms: readonly IdForm[], _capacity = 0) {
    if (forms.length === 0 || forms.length > MAX_FORMS) throw new Error(`a RowIdColumn needs 1 to ${MAX_FORMS} forms`);
    this.words = Math.ceil(Math.max(...forms.map((f) => f.width)) / 4);
    this.scratchWords = new Uint32Array(this.words);
    this.scratch = new Uint8Array(this.scratchWords.buffer);
    this.zero = new Uint32Array(this.words);
  }

  /** A code per row (0 = missing) from the coded view (see the top of this file). */
  get codes(): CodeArray {
    return this.view().codes;
  }

  /** One row's code in the coded view (the CodeColumn interface). */
  code(row: number): number {
    return this.view().codes[row];
  }

  /** The values of the view's codes. */
  get dict(): ColumnDictionary {
    return this.view().dict;
  }

  /** The tag of a row's value: 0 missing, FALLBACK text, else 1 + its form. */
  tagAt(row: number): number {
    const p = this.tagPages[row >>> PAGE_BITS];
    if (p === undefined) return 0;
    const i = row & PAGE_MASK;
    const t = (p[i >>> 1] >>> ((i & 1) << 2)) & 15;
    return t === NIBBLE_FALLBACK ? FALLBACK : t;
  }

  /** The value of a row (undefined when missing), read from its slot. */
  valueAt(row: number): string | undefined {
    const tag = this.tagAt(row);
    if (tag === 0) return undefined;
    const page = this.pages[row >>> PAGE_BITS]!;
    const at = (row & PAGE_MASK) * this.words;
    if (tag === FALLBACK) return this.fallback!.value(page[at]);
    return this.forms[tag - 1].unpack(new Uint8Array(page.buffer, page.byteOffset + at * 4, this.words * 4), 0);
  }

  /** Whether two rows hold the same value (both missing included). */
  sameAt(a: number, b: number): boolean {
    return this.tagAt(a) === this.tagAt(b) && this.sameWords(a, this.slotsOf(b), this.slotAt(b));
  }

  /** Whether a row holds batch value `code` of `packed`. */
  samePacked(row: number, packed: BatchSlots, code: number): boolean {
    return this.tagAt(row) === packed.tags[code] && this.sameWords(row, packed.slots, code * this.words);
  }

  /** The hash of a row's value (what a RowTable places it by). */
  hashAt(row: number): number {
    return slotHash(this.slotsOf(row), this.slotAt(row), this.words, this.tagAt(row));
  }

  /** The hash of batch value `code` of `packed`. */
  hashPacked(packed: BatchSlots, code: number): number {
    return packed.hashes[code];
  }

  /**
   * The place in `table` of the row holding the value of words src[at, at + words) with `tag` (hash `h`), or
   * -1 - the free place where that value would go. `from`: the place after one found, for the next row of the value
   * in a table that holds several (the eventID table).
   */
  locate(table: RowTable, h: number, src: Uint32Array, at: number, tag: number, from = table.home(h)): number {
    const rows = table.rows;
    const prints = table.prints;
    const n = rows.length;
    const print = printOf(h);
    let i = from === n ? 0 : from;
    for (;;) {
      const p = prints[i];
      if (p === 0) return -1 - i;
      if (p === print) {
        const row = rows[i] - 1;
        if (this.tagAt(row) === tag && this.sameWords(row, src, at)) return i;
      }
      if (++i === n) i = 0;
    }
  }

  /** locate() of the value row `row` holds (hash `h`: hashAt(row)). */
  locateRow(table: RowTable, row: number, h: number): number {
    return this.locate(table, h, this.slotsOf(row), this.slotAt(row), this.tagAt(row));
  }

  /** Puts `row` (its value written) into the table at its free place, growing the table when it is full, unless a
   *  row of its value is there already: then that row's place comes back (else -1). */
  register(table: RowTable, row: number): number {
    const h = this.hashAt(row);
    const place = this.locateRow(table, row, h);
    if (place >= 0) return place;
    table.put(-1 - place, row, h);
    if (table.full) this.rebuild(table, table.count * 2);
    return -1;
  }

  /** Places the rows of `table` again in a table sized for `values` values (rows of one value included). */
  rebuild(table: RowTable, values: number): void {
    const rows = table.entries();
    table.reset(Math.max(values, rows.length));
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      const h = this.hashAt(row);
      table.put(table.freePlace(h), row, h);
    }
  }

  private sameForms(forms: readonly IdForm[]): boolean {
    return forms === this.forms || (forms.length === this.forms.length && forms.every((f, i) => f === this.forms[i]));
  }

  /** The distinct values of a batch column packed: taken from the words the reader packed them in (BatchColumn.packed,
   *  in `forms`, when they are this column's), else packed here; values of no form go to the fallback
   *  dictionary now. */
  packBatch(c: BatchColumn, forms: readonly IdForm[] | undefined): BatchSlots {
    const values = c.ends.length;
    const w = this.words;
    const slots = new Uint32Array(values * w);
    const tags = new Uint8Array(values);
    const hashes = new Uint32Array(values);
    const stride = 2 + w;
    // The reader's words only when it packed in this column's forms (a column loaded from a saved index keeps the
    // forms the file names): another list would give tags of other forms, or another slot width.
    const given = c.packed && forms && this.sameForms(forms) && c.packed.length === values * stride ? c.packed : undefined;
    for (let v = 1; v < values; v++) {
      let tag: number;
      if (given) {
        tag = given[v * stride];
        if (tag !== FALLBACK) {
          hashes[v] = given[v * stride + 1];
          for (let k = 0; k < w; k++) slots[v * w + k] = given[v * stride + 2 + k];
        }
      } else {
        tag = this.pack(c.heap, c.ends[v - 1], c.ends[v]);
        if (tag !== FALLBACK) {
          slots.set(this.scratchWords, v * w);
          hashes[v] = slotHash(slots, v * w, w, tag);
        }
      }
      tags[v] = tag;
      if (tag === FALLBACK) {
        const fallback = (this.fallback ??= new StringDictionary());
        slots[v * w] = c.hashes ? fallback.encodeBatchValue(c.heap, c.ends[v - 1], c.ends[v], c.hashes[v]) : fallback.encodeBytes(c.heap, c.ends[v - 1], c.ends[v]);
        hashes[v] = slotHash(slots, v * w, w, tag);
      }
    }
    return { slots, tags, hashes };
  }

  /** Row `row` takes batch value `code` of `packed`. */
  setRow(row: number, packed: BatchSlots, code: number): void {
    this.write(row, packed.tags[code], packed.slots, code * this.words);
  }

  /** Rows start.. take the values of the batch's kept rows (all rows when kept is undefined), `count` of them. */
  writeRows(start: number, packed: BatchSlots, codes: Uint32Array, kept: Uint32Array | undefined, count: number): void {
    for (let j = 0; j < count; j++) this.setRow(start + j, packed, codes[kept === undefined ? j : kept[j]]);
  }

  /** Row w takes row r's value (compaction). */
  move(w: number, r: number): void {
    this.write(w, this.tagAt(r), this.slotsOf(r), this.slotAt(r));
  }

  /** Row ids changed: a coded view of the old rows is no longer valid. */
  relayout(): void {
    this.layout++;
    this.viewRef = undefined;
  }

  /** Nothing to reserve: pages are made as values arrive (the CodeColumn interface the index calls). */
  reserve(_capacity: number): void {}

  /** Drops pages past `rows` rows (left by a compaction); a page is otherwise kept whole. */
  trim(rows: number): void {
    const pages = (rows + PAGE_MASK) >>> PAGE_BITS;
    this.pages.length = Math.min(this.pages.length, pages);
    this.tagPages.length = Math.min(this.tagPages.length, pages);
    this.fallback?.trim();
  }

  /** Nothing to widen: the slot is the row's (the CodeColumn interface the index calls on every column). */
  fit(_maxCode: number): void {}

  byteSize(): number {
    const parts = this.byteParts();
    return parts.slots + parts.tags + parts.fallback;
  }

  /** For the memory profile (bench/index/profile-memory.mjs). */
  byteParts(): { slots: number; tags: number; fallback: number } {
    let slots = 0;
    let tags = 0;
    for (const p of this.pages) slots += p?.byteLength ?? 0;
    for (const p of this.tagPages) tags += p?.byteLength ?? 0;
    return { slots, tags, fallback: this.fallback?.byteSize() ?? 0 };
  }

  /** How many distinct values fell back to text (tests, the memory profile). */
  get fallbackValues(): number {
    return this.fallback ? this.fallback.size - 1 : 0;
  }

  /** Saves rows [0, rows): the forms by name, which pages exist, their slots and tags (the last page cut at
   *  `rows`), the fallback dictionary. */
  writeSnapshot(w: SnapshotWriter, rows: number): void {
    w.tag('rowids');
    w.strings(this.forms.map((f) => f.name));
    const pages = (rows + PAGE_MASK) >>> PAGE_BITS;
    const present = new Uint8Array(pages);
    for (let p = 0; p < pages; p++) if (this.tagPages[p] !== undefined) present[p] = 1;
    w.array(present);
    for (let p = 0; p < pages; p++) {
      if (!present[p]) continue;
      const n = Math.min(PAGE, rows - p * PAGE);
      w.array(this.pages[p]!.subarray(0, n * this.words));
      const tags = this.tagPages[p]!.subarray(0, (n + 1) >>> 1);
      // An odd last row shares its byte with the row after it, which may hold a tag still (a compaction moves rows
      // down and leaves the old ones): that half is written as zero, as a made page has it.
      if (n & 1 && tags[n >>> 1] >>> 4 !== 0) {
        const copy = tags.slice();
        copy[n >>> 1] &= 0x0f;
        w.array(copy);
      } else w.array(tags);
    }
    w.bool(this.fallback !== undefined);
    this.fallback?.writeSnapshot(w);
  }

  /** A column of `rows` rows over views of the snapshot's buffer. Every tag, fallback link and unused slot byte is
   *  checked: valueAt trusts them, and equal values must have equal slots. */
  static readSnapshot(r: SnapshotReader, rows: number): RowIdColumn {
    r.tag('rowids');
    const forms = r.strings().map((name) => {
      const f = ID_FORMS.get(name);
      if (!f) throw new SnapshotFormatError(`unknown id form ${JSON.stringify(name.slice(0, 20))}`);
      return f;
    });
    if (forms.length === 0 || forms.length > MAX_FORMS) throw new SnapshotFormatError('row id column without forms, or with too many');
    const col = new RowIdColumn(forms);
    const w = col.words;
    const present = r.array(Uint8Array);
    if (present.length !== (rows + PAGE_MASK) >>> PAGE_BITS) throw new SnapshotFormatError('row id column of another length');
    for (let p = 0; p < present.length; p++) {
      if (present[p] === 0) continue;
      const n = Math.min(PAGE, rows - p * PAGE);
      const slots = r.array(Uint32Array);
      const tags = r.array(Uint8Array);
      if (slots.length !== n * w || tags.length !== (n + 1) >>> 1) throw new SnapshotFormatError('row id page of another length');
      // An odd last row leaves half a byte of tags: zero, as a made page has it.
      if (n & 1 && tags[n >>> 1] >>> 4 !== 0) throw new SnapshotFormatError('row id tag past the last row');
      col.pages[p] = slots;
      col.tagPages[p] = tags;
    }
    const fallback = r.bool() ? StringDictionary.readSnapshot(r) : undefined;
    for (let p = 0; p < present.length; p++) {
      const slots = col.pages[p];
      const tags = col.tagPages[p];
      if (!slots || !tags) continue;
      const n = Math.min(PAGE, rows - p * PAGE);
      for (let i = 0; i < n; i++) {
        // The tag read off the page (tagAt's, without its page lookup per row: a reopen checks every row).
        const nibble = (tags[i >>> 1] >>> ((i & 1) << 2)) & 15;
        const tag = nibble === NIBBLE_FALLBACK ? FALLBACK : nibble;
        let used: number;
        if (tag === 0) used = 0;
        else if (tag === FALLBACK) {
          const f = slots[i * w];
          if (!fallback || f < 1 || f >= fallback.size) throw new SnapshotFormatError('row id fallback link broken');
          used = 4;
        } else if (tag <= forms.length) used = forms[tag - 1].width;
        else throw new SnapshotFormatError('row id value of no form');
        // The slot's unused words must be zero (every form's width is whole words: id-forms.ts).
        for (let k = i * w + (used >>> 2), end = (i + 1) * w; k < end; k++) if (slots[k] !== 0) throw new SnapshotFormatError('row id slot with stray bytes');
      }
    }
    col.fallback = fallback;
    col.rows = rows;
    return col;
  }

  /** Packs a text into scratchWords as a row would keep it; its tag, or -1 for a text of no form that the fallback
   *  dictionary does not hold (no row can hold it). */
  private packText(value: string): number {
    if (value.length * 3 > this.encoder.length) this.encoder = Buffer.allocUnsafe(value.length * 3);
    const n = this.encoder.write(value, 0, 'utf8');
    const tag = this.pack(this.encoder, 0, n);
    if (tag !== FALLBACK) return tag;
    const f = this.fallback?.lookup(value) ?? -1;
    if (f < 0) return -1;
    this.scratchWords.fill(0);
    this.scratchWords[0] = f;
    return tag;
  }

  /** The code of a text in the view (-1 when no row holds it): packs it as a row would keep it. */
  lookupIn(view: CodedView, value: string): number {
    const tag = this.packText(value);
    if (tag < 0) return -1;
    return view.find(this.scratchWords, 0, tag);
  }

  /** locate() of a text (-1 when it is not in the table, whatever the free place). */
  locateValue(table: RowTable, value: string): number {
    const tag = this.packText(value);
    if (tag < 0) return -1;
    const place = this.locate(table, slotHash(this.scratchWords, 0, this.words, tag), this.scratchWords, 0, tag);
    return place < 0 ? -1 : place;
  }

  /** Whether row `row` holds the value of words src[at..] with `tag`. */
  holds(row: number, src: Uint32Array, at: number, tag: number): boolean {
    return this.tagAt(row) === tag && this.sameWords(row, src, at);
  }

  /** The array holding a row's slot (the zero slot for a row of a page never made), and where in it. */
  private slotsOf(row: number): Uint32Array {
    return this.pages[row >>> PAGE_BITS] ?? this.zero;
  }

  private slotAt(row: number): number {
    return this.pages[row >>> PAGE_BITS] === undefined ? 0 : (row & PAGE_MASK) * this.words;
  }

  /** Row `row` takes the value of words src[at..] with `tag` (src may be this column's own page). */
  private write(row: number, tag: number, src: Uint32Array, at: number): void {
    const p = row >>> PAGE_BITS;
    const w = this.words;
    if (tag === 0 && this.tagPages[p] === undefined) return;
    const { slots, tags } = this.page(p, row & PAGE_MASK);
    const i = row & PAGE_MASK;
    const shift = (i & 1) << 2;
    tags[i >>> 1] = (tags[i >>> 1] & ~(15 << shift)) | ((tag === FALLBACK ? NIBBLE_FALLBACK : tag) << shift);
    for (let k = 0; k < w; k++) slots[i * w + k] = src[at + k];
  }

  /** Page p, made (or copied out to its full size from a loaded snapshot's shorter view) to hold row `i` of it. */
  private page(p: number, i: number): { slots: Uint32Array; tags: Uint8Array } {
    let tags = this.tagPages[p];
    let slots = this.pages[p];
    // A loaded page is as long as its rows: its slots say whether row i is in it.
    if (tags === undefined || slots === undefined || (i + 1) * this.words > slots.length) {
      const nextTags = new Uint8Array(PAGE >>> 1);
      const nextSlots = new Uint32Array(PAGE * this.words);
      if (tags && slots) {
        nextTags.set(tags);
        nextSlots.set(slots);
      }
      while (this.pages.length < p) {
        this.pages.push(undefined);
        this.tagPages.push(undefined);
      }
      this.tagPages[p] = tags = nextTags;
      this.pages[p] = slots = nextSlots;
    }
    return { slots, tags };
  }

  /** Packs b[start, end) into the scratch slot: the tag of the first form that takes it, else FALLBACK. */
  private pack(b: Uint8Array, start: number, end: number): number {
    return packValue(this.forms, b, start, end, this.scratch);
  }

  private sameWords(row: number, src: Uint32Array, at: number): boolean {
    const w = this.words;
    const slots = this.slotsOf(row);
    const base = this.slotAt(row);
    for (let k = 0; k < w; k++) if (slots[base + k] !== src[at + k]) return false;
    return true;
  }

  private view(): CodedView {
    let v = this.viewRef?.deref();
    if (!v || v.layout !== this.layout) {
      v = new CodedView(this, this.layout);
      this.viewRef = new WeakRef(v);
    }
    v.extend(this.rows);
    return v;
  }
}

/** A code per row for the column's values, numbered by first appearance in row order (0 = missing). */
class CodedView {
  codes = new Uint32Array(0);
  /** code -> the first row holding its value. */
  reps = new Int32Array(16);
  size = 1;
  /** Rows coded so far. */
  private rows = 0;
  /** Codes by hash: the code in the low bits, the hash's high bits above (hash-table.ts). */
  private table = new Int32Array(32);
  private mask = 31;
  readonly dict: ColumnDictionary;

  constructor(private readonly col: RowIdColumn, readonly layout: number) {
    this.dict = new ViewDictionary(col, this);
  }

  /** Codes rows up to `rows` (rows are only appended while the layout stays). */
  extend(rows: number): void {
    if (rows <= this.rows) return;
    if (rows > this.codes.length) {
      const codes = new Uint32Array(Math.max(rows, Math.ceil(this.codes.length * 1.25)));
      codes.set(this.codes.subarray(0, this.rows));
      this.codes = codes;
    }
    const col = this.col;
    const codes = this.codes;
    for (let r = this.rows; r < rows; r++) {
      if (col.tagAt(r) === 0) continue;
      const h = col.hashAt(r);
      let i = h & this.mask;
      let code = 0;
      for (;;) {
        const e = this.table[i];
        if (e === EMPTY) break;
        const c = e & this.mask;
        if (((e ^ h) & ~this.mask) === 0 && col.sameAt(this.reps[c], r)) {
          code = c;
          break;
        }
        i = (i + 1) & this.mask;
      }
      if (code === 0) {
        code = this.size++;
        if (code >= this.reps.length) {
          const reps = new Int32Array(this.reps.length * 2);
          reps.set(this.reps);
          this.reps = reps;
        }
        this.reps[code] = r;
        this.table[i] = (h & ~this.mask) | code;
        if (this.size * 2 > this.table.length) this.grow();
      }
      codes[r] = code;
    }
    this.rows = rows;
  }

  /** The code of the value of words src[at..] with `tag`, or -1. */
  find(src: Uint32Array, at: number, tag: number): number {
    const col = this.col;
    const h = slotHash(src, at, col.words, tag);
    let i = h & this.mask;
    for (;;) {
      const e = this.table[i];
      if (e === EMPTY) return -1;
      const c = e & this.mask;
      if (((e ^ h) & ~this.mask) === 0 && col.holds(this.reps[c], src, at, tag)) return c;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const slots = this.table.length * 2;
    const table = new Int32Array(slots);
    const mask = slots - 1;
    for (let c = 1; c < this.size; c++) placeCode(table, mask, this.col.hashAt(this.reps[c]), c);
    this.table = table;
    this.mask = mask;
  }

  byteSize(): number {
    return this.codes.byteLength + this.reps.byteLength + this.table.byteLength;
  }
}

/** The values of a coded view's codes: read from the rows; it adds nothing (the column's rows are its values). */
class ViewDictionary implements ColumnDictionary {
  constructor(private readonly col: RowIdColumn, private readonly view: CodedView) {}

  get size(): number {
    return this.view.size;
  }

  get byteLength(): number {
    return 0;
  }

  value(code: number): string | undefined {
    return code === 0 ? undefined : this.col.valueAt(this.view.reps[code]);
  }

  values(): (string | undefined)[] {
    const out: (string | undefined)[] = new Array(this.view.size);
    out[0] = undefined;
    for (let c = 1; c < out.length; c++) out[c] = this.col.valueAt(this.view.reps[c]);
    return out;
  }

  lookup(value: string): number {
    return this.col.lookupIn(this.view, value);
  }

  /** The bytes of the values: the column's slots (the view's own arrays are transient, see viewByteSize). */
  byteSize(): number {
    return this.col.byteSize();
  }

  /** What the coded view itself holds while it lives. */
  viewByteSize(): number {
    return this.view.byteSize();
  }

  trim(): void {}

  encodeBatch(): void {
    throw new Error('the values of a row id column are added through its rows');
  }

  encode(): number {
    throw new Error('the values of a row id column are added through its rows');
  }

  expect(): void {}

  writeSnapshot(): void {
    throw new Error('a row id column saves its rows, not its view');
  }
}
