// The value of a group field (principal, ip, agent, bucket, ...) of every row as a small integer id, one
// Int32Array per field over the index's rows. The rule passes (first-seen, windows, the history) read the
// same rows again and again: ids in typed arrays instead of decoding dictionary values or deriving the
// principal each time. A plain column's ids are its dictionary codes (no value is decoded); the principal,
// derived from several columns, is interned here. Kept while the index keeps its row ids (its layout): rows
// are only appended or die in between, so a change computes the ids of its new rows only. Ids are 0 for a
// missing or empty value, and are per field: an id names a value only together with its field.

import type { TrailIndex } from '../index';
import type { RecordValueKey } from '../record';
import type { GroupField } from './rules';
import { grownTo } from '../typed-arrays';

type Store = TrailIndex['store'];

const FIELD_COLUMN: Record<Exclude<GroupField, 'principal'>, RecordValueKey> = {
  bucket: 'bucket', ip: 'sourceIP', agent: 'userAgent', account: 'account', recipient: 'recipient', region: 'region', eventName: 'eventName', key: 'key',
};

/** A field's ids of rows [from, to) written into `out` (0 = no value). */
type Fill = (out: Int32Array, from: number, to: number) => void;

/** The distinct (key, value) pairs of two fields, numbered from 1 in order of first row, and each row's pair
 *  (0: the row lacks the key or the value). */
export interface PairSlots {
  /** Per row, its pair's slot (read up to the index's rowCount). */
  rows: Int32Array;
  /** Slots are 1..count-1. */
  count: number;
  /** Per slot, the key's and the value's id. */
  keys: Int32Array;
  values: Int32Array;
  /** The slot of a pair of ids (0: none). */
  slotOf(key: number, value: number): number;
}

export class RowIds {
  private readonly fields = new Map<GroupField, { ids: Int32Array; upTo: number; fill: Fill }>();
  private readonly pairs = new Map<string, { slots: PairSlots; upTo: number; byKey: Map<number, number>[] }>();

  /** Interned principals (id 0: none). */
  private readonly principals = new Map<string, number>([['', 0]]);

  constructor(readonly index: TrailIndex, readonly layout: number) {}

  /** Every id of the field is below this. */
  idCount(field: GroupField): number {
    return field === 'principal' ? this.principals.size : this.index.store.columns[FIELD_COLUMN[field]].dict.size;
  }

  /** The id of a field's value (undefined: no row has it). */
  idOf(field: GroupField, value: string): number | undefined {
    if (value === '') return 0;
    if (field === 'principal') return this.principals.get(value);
    const code = this.index.store.columns[FIELD_COLUMN[field]].dict.lookup(value);
    return code < 0 ? undefined : code;
  }

  private principalId(name: string): number {
    let id = this.principals.get(name);
    if (id === undefined) this.principals.set(name, (id = this.principals.size));
    return id;
  }

  /** Whether these ids still name the rows of `index` (same index, no compaction since). */
  fits(index: TrailIndex): boolean {
    return index === this.index && index.store.layout === this.layout;
  }

  /** The field's id of every row [0, rowCount) (the array may be longer: read only up to rowCount). */
  of(field: GroupField): Int32Array {
    const s = this.index.store;
    let f = this.fields.get(field);
    if (!f) this.fields.set(field, (f = { ids: new Int32Array(withRoom(s.rowCount)), upTo: 0, fill: this.filler(field) }));
    if (f.upTo < s.rowCount) {
      f.ids = grownIds(f.ids, f.upTo, s.rowCount);
      f.fill(f.ids, f.upTo, s.rowCount);
      f.upTo = s.rowCount;
    }
    return f.ids;
  }

  /** The pairs of (per, value) and each row's pair, numbered once per row: the history's first times of pairs
   *  are then a pass over typed arrays (history.ts), not a map lookup per row. */
  pairSlots(per: GroupField, value: GroupField): PairSlots {
    const s = this.index.store;
    const name = `${per}\u0000${value}`;
    let p = this.pairs.get(name);
    if (!p) {
      const byKey: Map<number, number>[] = [];
      const slots: PairSlots = {
        rows: new Int32Array(withRoom(s.rowCount)), count: 1, keys: new Int32Array(64), values: new Int32Array(64),
        slotOf: (key, val) => byKey[key]?.get(val) ?? 0,
      };
      this.pairs.set(name, (p = { slots, upTo: 0, byKey }));
    }
    if (p.upTo < s.rowCount) {
      const keys = this.of(per);
      const values = this.of(value);
      const sl = p.slots;
      sl.rows = grownIds(sl.rows, p.upTo, s.rowCount);
      const byKey = p.byKey;
      let lastK = -1;
      let lastV = -1;
      let lastSlot = 0;
      for (let row = p.upTo; row < s.rowCount; row++) {
        const k = keys[row];
        const v = values[row];
        if (k === 0 || v === 0) {
          sl.rows[row] = 0;
          continue;
        }
        // A caller's requests come in runs: the last row's slot first, then the key's map (small integer keys).
        if (k !== lastK || v !== lastV) {
          let m = byKey[k];
          if (!m) byKey[k] = m = new Map();
          let slot = m.get(v);
          if (slot === undefined) {
            slot = sl.count++;
            m.set(v, slot);
            if (slot >= sl.keys.length) {
              sl.keys = grownTo(sl.keys, sl.keys.length * 2);
              sl.values = grownTo(sl.values, sl.values.length * 2);
            }
            sl.keys[slot] = k;
            sl.values[slot] = v;
          }
          lastK = k;
          lastV = v;
          lastSlot = slot;
        }
        sl.rows[row] = lastSlot;
      }
      p.upTo = s.rowCount;
    }
    return p.slots;
  }

  private filler(field: GroupField): Fill {
    const s = this.index.store;
    if (field === 'principal') return principalFill(s, (name) => this.principalId(name));
    const key = FIELD_COLUMN[field];
    // The empty text, when the column holds it, is no value (as fieldValue reads it).
    let empty: number | undefined;
    return (out, from, to) => {
      const c = s.columns[key];
      if (empty === undefined || empty < 0) empty = c.dict.lookup('');
      const codes = c.codes;
      for (let row = from; row < to; row++) {
        const code = codes[row];
        out[row] = code === empty ? 0 : code;
      }
    };
  }
}

/** principalKey (engine.ts) over the columns: anonymous callers are one key; else the ARN (most rows; by its
 *  code), else account:principalId, else the short name (or the principalId). */
function principalFill(s: Store, idOf: (name: string) => number): Fill {
  let byArn = new Int32Array(0);
  const byPair = new Map<number, number>();
  const byPrincipal = new Map<number, number>();
  const anonymousCodes: boolean[] = [];
  const anonymousId = idOf('ANONYMOUS_PRINCIPAL');
  const text = (k: RecordValueKey, row: number): string | undefined => {
    const code = s.columns[k].code(row);
    return code === 0 ? undefined : s.columns[k].dict.value(code);
  };
  return (out, from, to) => {
    const arn = s.columns.userArn;
    const anonymous = s.columns.anonymous;
    const account = s.columns.account;
    const principalId = s.columns.principalId;
    const principal = s.columns.principal;
    for (let row = from; row < to; row++) {
      const an = anonymous.code(row);
      if (an !== 0) {
        let isAnon = anonymousCodes[an];
        if (isAnon === undefined) anonymousCodes[an] = isAnon = anonymous.dict.value(an) === 'true';
        if (isAnon) {
          out[row] = anonymousId;
          continue;
        }
      }
      const a = arn.code(row);
      if (a !== 0) {
        if (a >= byArn.length) {
          const grown = new Int32Array(arn.dict.size).fill(-1);
          grown.set(byArn);
          byArn = grown;
        }
        let id = byArn[a];
        if (id < 0) byArn[a] = id = idOf(arn.dict.value(a)!);
        out[row] = id;
        continue;
      }
      // By the codes it is made of: rows without an ARN repeat a few callers (services, root, federated).
      const pair = account.code(row) * 2 ** 32 + principalId.code(row);
      let id = byPair.get(pair);
      if (id === undefined) {
        const acc = text('account', row);
        const pid = text('principalId', row);
        byPair.set(pair, (id = acc && pid ? idOf(`${acc}:${pid}`) : -1));
      }
      if (id >= 0) {
        out[row] = id;
        continue;
      }
      const short = principal.code(row) * 2 ** 32 + principalId.code(row);
      let sid = byPrincipal.get(short);
      if (sid === undefined) byPrincipal.set(short, (sid = idOf(text('principal', row) ?? text('principalId', row) ?? '')));
      out[row] = sid;
    }
  };
}

/** An id array's first length: room for the rows of the next saves beyond the index's rows, so that a user's
 *  first changed file appends its rows' ids instead of copying every row's (a few MB per field). */
function withRoom(rows: number): number {
  return rows + Math.max(4096, rows >> 5);
}

/** `ids` when it has room for `rows`, else a longer copy of its first `upTo` entries: rows appended since (a changed
 *  file) get room for more than them, as the index grows by files. */
function grownIds(ids: Int32Array, upTo: number, rows: number): Int32Array {
  if (ids.length >= rows) return ids;
  const grown = new Int32Array(Math.max(rows, Math.ceil(ids.length * 1.25)));
  grown.set(ids.subarray(0, upTo));
  return grown;
}
