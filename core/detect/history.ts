// The workspace history first-seen rules compare against, as the index path keeps it: the first time of
// each value of a field and of each (key, value) pair, on the rows' integer ids (row-ids.ts) instead of
// strings. Built from the live rows in one pass over typed arrays: per field an array by id, per pair an
// array by the pair's slot (each row's pair is numbered once, when the row is added). Rebuilt
// whole on every change: a pass over typed arrays costs less than keeping per-file first times and merging
// them (what it replaced: ~1 s of a full evaluation over 1M rows went to per-file maps), and it cannot drift
// from a fresh computation, whatever rows a change killed (a changed file's duplicates in other files too).

import type { TrailIndex } from '../index';
import { FLAG_DEAD } from '../index';
import type { FirstSeen } from './engine';
import type { PairSlots, RowIds } from './row-ids';
import type { GroupField } from './rules';

export class IndexHistory {
  /** The ids the first times are indexed by (those of the last rebuild). */
  private rowIds: RowIds | undefined;
  /** Per field, id -> first time (Infinity: never, or interned after the last rebuild). */
  private keys = new Map<GroupField, Float64Array>();
  /** Per pair of seenPairs: its slots (row-ids.ts) and each slot's first time (Infinity: no live row). */
  private pairs: { slots: PairSlots; first: Float64Array }[] = [];

  constructor(readonly seenPairs: readonly { per: GroupField; value: GroupField }[]) {}

  /**
   * The first times over the live rows of the index with a finite eventTime, as the record path keeps them:
   * a key's first time whenever the row has a key, a value's and the pair's only beside a key. With the rows
   * that died and were added since the last call (same ids: the index kept its row ids), only those rows are
   * looked at, unless a row that died held a first time no added row gives back: then the ids concerned are
   * worked out again over every row. Returns whether any first time moved (false: every verdict stands).
   */
  update(s: TrailIndex['store'], rowIds: RowIds, changes?: { dead: readonly number[]; added: readonly number[] }): boolean {
    if (!changes || this.rowIds !== rowIds) {
      this.rebuild(s, rowIds);
      return true;
    }
    // Ids and slots of the added rows first (asking may intern new ones); arrays grown to the new counts.
    const pairs = this.seenPairs.map((p, i) => ({ ...this.pairCols(rowIds, p), pair: this.pairs[i] }));
    for (const [field, arr] of this.keys) this.keys.set(field, grownTimes(arr, rowIds.idCount(field)));
    for (const p of pairs) p.pair.first = grownTimes(p.pair.first, p.slots.count);
    const time = s.time;
    const finite = (t: number): boolean => t - t === 0;
    // Ids whose first time a dead row held: field -> id -> that time (a slot is its pair's "field").
    const suspects = new Map<Float64Array, Map<number, number>>();
    const suspect = (arr: Float64Array, id: number, t: number): void => {
      if (arr[id] !== t) return;
      let m = suspects.get(arr);
      if (!m) suspects.set(arr, (m = new Map()));
      m.set(id, t);
    };
    // Each row's firsts: of its key, of its value, and of the (key, value) pair.
    const visitFirsts = (rows: readonly number[], visit: (arr: Float64Array, id: number, t: number) => void): void => {
      for (const p of pairs) {
        const kf = this.keys.get(p.per)!;
        const vf = this.keys.get(p.value)!;
        for (const row of rows) {
          const t = time.at(row);
          const k = p.keys[row];
          if (!finite(t) || k === 0) continue;
          visit(kf, k, t);
          const slot = p.slots.rows[row];
          if (slot === 0) continue;
          visit(vf, p.values[row], t);
          visit(p.pair.first, slot, t);
        }
      }
    };
    visitFirsts(changes.dead, suspect);
    let moved = false;
    const lower = (arr: Float64Array, id: number, t: number): void => {
      if (t < arr[id]) {
        arr[id] = t;
        moved = true;
      }
      // An added row as early as the dead one gives the first time back.
      const m = suspects.get(arr);
      const was = m?.get(id);
      if (was !== undefined && t <= was) m!.delete(id);
    };
    visitFirsts(changes.added, lower);
    let left = 0;
    for (const m of suspects.values()) left += m.size;
    if (left === 0) return moved;
    // First times that went with a dead row: those ids worked out again over every live row.
    const flagged = new Map<Float64Array, Uint8Array>();
    for (const [arr, m] of suspects) {
      const f = new Uint8Array(arr.length);
      for (const id of m.keys()) {
        f[id] = 1;
        arr[id] = Infinity;
      }
      flagged.set(arr, f);
    }
    const none = new Uint8Array(0);
    const flags = s.flags;
    for (const p of pairs) {
      const kf = this.keys.get(p.per)!;
      const vf = this.keys.get(p.value)!;
      const fk = flagged.get(kf) ?? none;
      const fv = flagged.get(vf) ?? none;
      const fs = flagged.get(p.pair.first) ?? none;
      if (fk === none && fv === none && fs === none) continue;
      for (let row = 0; row < s.rowCount; row++) {
        const k = p.keys[row];
        if (k === 0) continue;
        const slot = p.slots.rows[row];
        const v = p.values[row];
        if (fk[k] !== 1 && (slot === 0 || (fv[v] !== 1 && fs[slot] !== 1))) continue;
        if ((flags[row] & FLAG_DEAD) !== 0) continue;
        const t = time.at(row);
        if (!finite(t)) continue;
        if (fk[k] === 1 && t < kf[k]) kf[k] = t;
        if (slot === 0) continue;
        if (fv[v] === 1 && t < vf[v]) vf[v] = t;
        if (fs[slot] === 1 && t < p.pair.first[slot]) p.pair.first[slot] = t;
      }
    }
    return true;
  }

  private pairCols(rowIds: RowIds, p: { per: GroupField; value: GroupField }): { per: GroupField; value: GroupField; keys: Int32Array; values: Int32Array; slots: PairSlots } {
    return { per: p.per, value: p.value, keys: rowIds.of(p.per), values: rowIds.of(p.value), slots: rowIds.pairSlots(p.per, p.value) };
  }

  private rebuild(s: TrailIndex['store'], rowIds: RowIds): void {
    // Ids and slots first: asking may intern new ones, and the arrays below are sized by them.
    const cols = this.seenPairs.map((p) => ({ keys: rowIds.of(p.per), values: rowIds.of(p.value), slots: rowIds.pairSlots(p.per, p.value) }));
    const keys = new Map<GroupField, Float64Array>();
    for (const p of this.seenPairs) {
      for (const f of [p.per, p.value]) if (!keys.has(f)) keys.set(f, new Float64Array(rowIds.idCount(f)).fill(Infinity));
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
        const t = time.at(row);
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
    this.rowIds = rowIds;
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
        const id = this.rowIds?.idOf(field, key);
        return id === undefined ? undefined : this.keyFirst(field, id);
      },
      pair: (per, value, key, val) => {
        const k = this.rowIds?.idOf(per, key);
        const v = this.rowIds?.idOf(value, val);
        const i = this.pairIndex(per, value);
        return k === undefined || v === undefined || i < 0 ? undefined : this.pairFirst(i, k, v);
      },
    };
  }
}

/** The array of first times at `n` entries at least (new entries: Infinity). */
function grownTimes(arr: Float64Array, n: number): Float64Array {
  if (arr.length >= n) return arr;
  const grown = new Float64Array(n).fill(Infinity);
  grown.set(arr);
  return grown;
}
