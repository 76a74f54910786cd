// A dictionary-encoded string column: one code per row in the narrowest typed array that holds the
// dictionary (Uint8 -> Uint16 -> Uint32, widened as values arrive), plus the dictionary itself: text for most
// columns, packed fixed-width forms for the near-unique ones (see column-dictionaries.ts).

import { StringDictionary, type ColumnDictionary } from './dictionary';
import { IdDictionary } from './id-dictionary';
import { PrefixDictionary } from './prefix-dictionary';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';

export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

export class CodeColumn {
  readonly dict: ColumnDictionary;
  codes: CodeArray;

  constructor(capacity: number, dict: ColumnDictionary = new StringDictionary()) {
    this.codes = new Uint8Array(capacity);
    this.dict = dict;
  }

  /** Saves the codes of rows [0, rows) in their width, and the dictionary. */
  writeSnapshot(w: SnapshotWriter, rows: number): void {
    w.tag('codes');
    // Which kind of dictionary follows: the reader needs no knowledge of which column keeps which.
    w.string(this.dict instanceof IdDictionary ? 'id' : this.dict instanceof PrefixDictionary ? 'prefix' : 'text');
    this.dict.writeSnapshot(w);
    w.array(this.codes.subarray(0, rows));
  }

  /** A column of `rows` rows over views of the snapshot's buffer. */
  static readSnapshot(r: SnapshotReader, rows: number): CodeColumn {
    r.tag('codes');
    const kind = r.string();
    let dict: ColumnDictionary;
    if (kind === 'id') dict = IdDictionary.readSnapshot(r);
    else if (kind === 'prefix') dict = PrefixDictionary.readSnapshot(r);
    else if (kind === 'text') dict = StringDictionary.readSnapshot(r);
    else throw new SnapshotFormatError(`unknown dictionary kind ${JSON.stringify(kind.slice(0, 20))}`);
    const codes = r.anyArray();
    if (!(codes instanceof Uint8Array || codes instanceof Uint16Array || codes instanceof Uint32Array) || codes.length !== rows) {
      throw new SnapshotFormatError('code column of another length or kind');
    }
    // Codes must name values of the dictionary: a query decodes them without checking.
    const size = dict.size;
    for (let i = 0; i < codes.length; i++) if (codes[i] >= size) throw new SnapshotFormatError('code past its dictionary');
    const col = new CodeColumn(0, dict);
    col.codes = codes;
    return col;
  }

  /** Makes room for `capacity` rows (keeps the width). */
  reserve(capacity: number): void {
    if (capacity <= this.codes.length) return;
    const next = new (this.codes.constructor as new (n: number) => CodeArray)(capacity);
    next.set(this.codes);
    this.codes = next;
  }

  /** Widens the code array, when needed, so that it holds codes up to maxCode. */
  fit(maxCode: number): void {
    if ((maxCode > 0xff && this.codes instanceof Uint8Array) || (maxCode > 0xffff && this.codes instanceof Uint16Array)) this.widen(maxCode);
  }

  /** Keeps room for `rows` rows, dropping spare capacity beyond. */
  trim(rows: number): void {
    if (this.codes.length > rows) this.codes = this.codes.slice(0, rows);
    this.dict.trim();
  }

  byteSize(): number {
    return this.codes.byteLength + this.dict.byteSize();
  }

  private widen(code: number): void {
    const next = code > 0xffff ? new Uint32Array(this.codes.length) : new Uint16Array(this.codes.length);
    next.set(this.codes);
    this.codes = next;
  }
}
