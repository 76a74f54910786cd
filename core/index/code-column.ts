// A dictionary-encoded string column: one code per row in the narrowest typed array that holds the
// dictionary (Uint8 -> Uint16 -> Uint32, widened as values arrive), plus the dictionary itself: text for most
// columns, packed fixed-width forms for the near-unique ones (see column-dictionaries.ts).

import { StringDictionary, type ColumnDictionary } from './dictionary';

export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

export class CodeColumn {
  codes: CodeArray;

  constructor(capacity: number, readonly dict: ColumnDictionary = new StringDictionary()) {
    this.codes = new Uint8Array(capacity);
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
