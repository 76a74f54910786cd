// The workspace history first-seen rules compare against, as the index path keeps it: the first time of
// each value of a field and of each (key, value) pair, per file and merged, on small integer ids instead of
// strings. A changed file replaces its own first times; the merged minimum is recomputed only for the ids
// whose minimum that file held, so a change costs about its own distinct values, not the workspace's.

import type { FirstSeen } from './engine';
import type { GroupField } from './rules';

/** Pair ids are key * PAIR_SPAN + value: exact in a double while ids stay below 2^26 each. */
export const PAIR_SPAN = 0x4000000;

export function pairId(key: number, value: number): number {
  return key * PAIR_SPAN + value;
}

/** One file's first times: per field, id -> first time; per (per, value) pair of the store, pair id -> first time. */
export interface FileFirstTimes {
  keys: Map<GroupField, Map<number, number>>;
  pairs: Map<number, number>[];
}

export class IndexHistory {
  /** Interned values (of any field): id 0 is the empty value. */
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly names: string[] = [''];
  private readonly files = new Map<string, FileFirstTimes>();
  private readonly keys = new Map<GroupField, Map<number, number>>();
  private readonly pairs: Map<number, number>[];

  constructor(readonly seenPairs: readonly { per: GroupField; value: GroupField }[]) {
    this.pairs = seenPairs.map(() => new Map());
  }

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

  /** Replaces a file's first times (undefined: the file is gone). */
  setFile(file: string, next: FileFirstTimes | undefined): void {
    const old = this.files.get(file);
    if (next) this.files.set(file, next);
    else this.files.delete(file);
    const stale = { keys: new Map<GroupField, number[]>(), pairs: this.pairs.map((): number[] => []) };
    if (old) {
      // Ids whose merged minimum came from this file and that the file no longer holds as early.
      for (const [field, m] of old.keys) {
        const merged = this.keys.get(field)!;
        const nm = next?.keys.get(field);
        for (const [id, t] of m) {
          const n = nm?.get(id);
          if (merged.get(id) === t && (n === undefined || n > t)) {
            let l = stale.keys.get(field);
            if (!l) stale.keys.set(field, (l = []));
            l.push(id);
          }
        }
      }
      old.pairs.forEach((m, i) => {
        const merged = this.pairs[i];
        const nm = next?.pairs[i];
        for (const [id, t] of m) {
          const n = nm?.get(id);
          if (merged.get(id) === t && (n === undefined || n > t)) stale.pairs[i].push(id);
        }
      });
    }
    if (next) {
      for (const [field, m] of next.keys) {
        let merged = this.keys.get(field);
        if (!merged) this.keys.set(field, (merged = new Map()));
        for (const [id, t] of m) {
          const p = merged.get(id);
          if (p === undefined || t < p) merged.set(id, t);
        }
      }
      next.pairs.forEach((m, i) => {
        const merged = this.pairs[i];
        for (const [id, t] of m) {
          const p = merged.get(id);
          if (p === undefined || t < p) merged.set(id, t);
        }
      });
    }
    for (const [field, list] of stale.keys) {
      const merged = this.keys.get(field)!;
      for (const id of list) this.recompute(merged, id, (f) => f.keys.get(field));
    }
    stale.pairs.forEach((list, i) => {
      for (const id of list) this.recompute(this.pairs[i], id, (f) => f.pairs[i]);
    });
  }

  private recompute(merged: Map<number, number>, id: number, of: (f: FileFirstTimes) => Map<number, number> | undefined): void {
    let min = Infinity;
    for (const f of this.files.values()) {
      const t = of(f)?.get(id);
      if (t !== undefined && t < min) min = t;
    }
    if (min === Infinity) merged.delete(id);
    else merged.set(id, min);
  }

  /** The merged first time of a field's value id. */
  keyFirst(field: GroupField, id: number): number | undefined {
    return this.keys.get(field)?.get(id);
  }

  /** The merged first time of a pair (index into seenPairs). */
  pairFirst(pair: number, key: number, value: number): number | undefined {
    return this.pairs[pair].get(pairId(key, value));
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
