// The workspace history first-seen rules compare against, as the index path keeps it: the first time of
// each value of a field and of each (key, value) pair, on small integer ids instead of strings. Built from
// the live rows in one pass over per-row ids (row-ids.ts): a typed array per field, a map per pair whose
// consecutive rows of one key and value (a caller's requests come in runs) cost one comparison. Rebuilt
// whole on every change: a pass over typed arrays costs less than keeping per-file first times and merging
// them (what it replaced: ~1 s of a full evaluation over 1M rows went to per-file maps), and it cannot drift
// from a fresh computation, whatever rows a change killed (a changed file's duplicates in other files too).

import type { TrailIndex } from '../index';
import { FLAG_DEAD } from '../index';
import type { FirstSeen } from './engine';
import type { PairSlots, RowIds } from './row-ids';
import type { GroupField } from './rules';

/** Pair ids are key * PAIR_SPAN + value: exact in a double while ids stay below 2^26 each. */
export const PAIR_SPAN = 0x4000000;

export function pairId(key: number, value: number): number {
  return key * PAIR_SPAN + value;
}

export class IndexHistory {
  /** Interned values (of any field): id 0 is the empty value. */
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly names: string[] = [''];
  /** Per field, id -> first time (Infinity: never, or interned after the last rebuild). */
  private keys = new Map<GroupField, Float64Array>();
  /** Per pair of seenPairs: its slots (row-ids.ts) and each slot's first time (Infinity: no live row). */
  private pairs: { slots: PairSlots; first: Float64Array }[] = [];

  constructor(readonly seenPairs: readonly { per: GroupField; value: GroupField }[]) {}

  /** How many ids there are (every id is below it). */
  get idCount(): number {
    return this.names.length;
  }

  /** The id of a value, interned on first use (stable for the life of the history). */
  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      if (id >= PAIR_SPAN) throw new Error('first-seen history: too many distinct values');
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  /**
   * The first times over the live rows of the index with a finite eventTime, as the record path keeps them:
   * a key's first time whenever the row has a key, a value's and the pair's only beside a key.
   */
  rebuild(s: TrailIndex['store'], rowIds: RowIds): void {
    // Ids and slots first: asking may intern new ones, and the arrays below are sized by them.
    const cols = this.seenPairs.map((p) => ({ keys: rowIds.of(p.per), values: rowIds.of(p.value), slots: rowIds.pairSlots(p.per, p.value) }));
    const n = this.idCount;
    const keys = new Map<GroupField, Float64Array>();
    for (const p of this.seenPairs) {
      for (const f of [p.per, p.value]) if (!keys.has(f)) keys.set(f, new Float64Array(n).fill(Infinity));
    }
    const time = s.time;
    const flags = s.flags;
    const rows = s.rowCount;
    this.pairs = this.seenPairs.map((p, i) => {
      const K = cols[i].keys;
      const V = cols[i].values;
      const S = cols[i].slots.rows;
      const kf = keys.get(p.per)!;
      const vf = keys.get(p.value)!;
      const first = new Float64Array(cols[i].slots.count).fill(Infinity);
      for (let row = 0; row < rows; row++) {
        if ((flags[row] & FLAG_DEAD) !== 0) continue;
        const t = time[row];
        // NaN and infinities: no first time.
        if (!(t - t === 0)) continue;
        const k = K[row];
        if (k === 0) continue;
        if (t < kf[k]) kf[k] = t;
        const slot = S[row];
        if (slot === 0) continue;
        const v = V[row];
        if (t < vf[v]) vf[v] = t;
        if (t < first[slot]) first[slot] = t;
      }
      return { slots: cols[i].slots, first };
    });
    this.keys = keys;
  }

  /** The first time of a field's value id. */
  keyFirst(field: GroupField, id: number): number | undefined {
    const t = this.keys.get(field)?.[id];
    return t === undefined || t === Infinity ? undefined : t;
  }

  /** A pair's slots (row-ids.ts) and each slot's first time (Infinity: none), as of the last rebuild. */
  pairTimes(pair: number): { slots: PairSlots; first: Float64Array } {
    return this.pairs[pair];
  }

  /** The first time of a pair (index into seenPairs). */
  pairFirst(pair: number, key: number, value: number): number | undefined {
    const p = this.pairs[pair];
    const slot = p?.slots.slotOf(key, value) ?? 0;
    const t = slot === 0 || slot >= p.first.length ? Infinity : p.first[slot];
    return t === Infinity ? undefined : t;
  }

  pairIndex(per: GroupField, value: GroupField): number {
    return this.seenPairs.findIndex((p) => p.per === per && p.value === value);
  }

  /** The same history by the values' names (what the engine's first-seen filter reads). */
  seen(): FirstSeen {
    return {
      key: (field, key) => {
        const id = this.ids.get(key);
        return id === undefined ? undefined : this.keyFirst(field, id);
      },
      pair: (per, value, key, val) => {
        const k = this.ids.get(key);
        const v = this.ids.get(val);
        const i = this.pairIndex(per, value);
        return k === undefined || v === undefined || i < 0 ? undefined : this.pairFirst(i, k, v);
      },
    };
  }
}
