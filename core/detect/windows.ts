// Threshold windows on the index's rows: which rows belong to a window of `count` rows (or `count` distinct
// values) within `windowMs` of their group (thresholdRuns of engine.ts, on integer ids, before any record is
// built), and the same kept between calls: a change decides again only the groups it touched.

import type { TrailIndex } from '../index';
import type { RowIds } from './row-ids';
import type { Rule } from './rules';

type Threshold = NonNullable<Rule['threshold']>;

/** A group's key of a row: one number for one or two fields (text when a second id would not fit in 26
 *  bits), else text. */
function groupKeyOf(t: Threshold, rowIds: RowIds): (row: number) => number | string {
  const by = t.by.map((f) => rowIds.of(f));
  if (by.length === 1) {
    const a = by[0];
    return (row) => a[row];
  }
  if (by.length === 2) {
    const [a, b] = by;
    return (row) => (b[row] < 2 ** 26 ? a[row] * 2 ** 26 + b[row] : `${a[row]},${b[row]}`);
  }
  return (row) => by.map((ids) => ids[row]).join(',');
}

/** The rows (ascending) that belong to a window reaching the threshold within their group. */
export function thresholdRows(s: TrailIndex['store'], rows: readonly number[], t: Threshold, rowIds: RowIds): number[] {
  const keyOf = groupKeyOf(t, rowIds);
  const distinct = t.distinct ? rowIds.of(t.distinct) : undefined;
  const groups = new Map<number | string, number[]>();
  for (const row of rows) {
    const k = keyOf(row);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(row);
  }
  const time = s.time;
  const out: number[] = [];
  for (const g of groups.values()) {
    if (g.length < t.count) continue;
    // Rows come in file order; a file's rows mostly in time order: sorting an ordered run is one pass.
    g.sort((a, b) => time.at(a) - time.at(b) || a - b);
    const marked = new Uint8Array(g.length);
    const seen = new Map<number, number>();
    let j = 0;
    // Rows before `filled` are marked already: each row is marked once, not once per window it is in (a busy
    // group's windows overlap by thousands of rows).
    let filled = 0;
    for (let i = 0; i < g.length; i++) {
      if (distinct) {
        const v = distinct[g[i]];
        seen.set(v, (seen.get(v) ?? 0) + 1);
      }
      while (time.at(g[i]) - time.at(g[j]) > t.windowMs) {
        if (distinct) {
          const v = distinct[g[j]];
          const n = seen.get(v)! - 1;
          if (n === 0) seen.delete(v);
          else seen.set(v, n);
        }
        j++;
      }
      if ((distinct ? seen.size : i - j + 1) >= t.count) {
        marked.fill(1, Math.max(j, filled), i + 1);
        filled = i + 1;
      }
    }
    for (let i = 0; i < g.length; i++) if (marked[i]) out.push(g[i]);
  }
  return out.sort((a, b) => a - b);
}

/**
 * The rows of windows reaching the threshold, kept between calls. `update` takes the rows that may take part
 * (the rule's query, outcome and checks) and the rows whose part changed since the last call (rows that died
 * or were added): only the groups of those are decided again, the other groups keep their rows. A group's
 * windows depend on its rows only, so the answer is the one a fresh computation gives.
 */
export class WindowRows {
  private rows: number[] | undefined;

  constructor(private readonly t: Threshold, private readonly rowIds: RowIds) {}

  /** `eligible(rows)`: the rows (ascending) among these that may take part; `changed` undefined: decide all. */
  async update(s: TrailIndex['store'], candidates: ArrayLike<number>, eligible: (rows: number[]) => Promise<number[]>, changed: readonly number[] | undefined): Promise<number[]> {
    if (this.rows === undefined || changed === undefined) {
      this.rows = thresholdRows(s, await eligible(Array.from(candidates)), this.t, this.rowIds);
      return this.rows;
    }
    if (changed.length === 0) return this.rows;
    const keyOf = groupKeyOf(this.t, this.rowIds);
    const touched = new Set<number | string>();
    // The first group field's ids of the touched groups: most rows are passed over on one array read.
    const first = this.rowIds.of(this.t.by[0]);
    const firstTouched = new Uint8Array(this.rowIds.idCount(this.t.by[0]));
    for (const row of changed) {
      touched.add(keyOf(row));
      firstTouched[first[row]] = 1;
    }
    const isTouched = (row: number): boolean => firstTouched[first[row]] === 1 && touched.has(keyOf(row));
    const inTouched: number[] = [];
    for (let k = 0; k < candidates.length; k++) if (isTouched(candidates[k])) inTouched.push(candidates[k]);
    const decided = thresholdRows(s, await eligible(inTouched), this.t, this.rowIds);
    const kept = this.rows.filter((row) => s.isAlive(row) && !isTouched(row));
    this.rows = mergeSorted(kept, decided);
    return this.rows;
  }
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0, j = 0, w = 0;
  while (i < a.length && j < b.length) out[w++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[w++] = a[i++];
  while (j < b.length) out[w++] = b[j++];
  return out;
}
