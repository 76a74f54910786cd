// Sort orders over the whole index: for a column, a permutation of every row id (stable: ties keep
// row order), built by a counting sort over the ranks of the column's distinct values and kept until the
// index changes (the time order absorbs appended rows by a merge). Sorting a query's rows is then one pass
// over the permutation.

import type { ColumnId } from '../protocol';
import type { StringColumnKey } from './batch';
import type { RecordIndex } from './store';

/** The string column behind each table column ('time' and 'file' are not string columns). */
export const COLUMN_SOURCE: Record<Exclude<ColumnId, 'time' | 'file'>, StringColumnKey> = {
  eventName: 'eventName', bucket: 'bucket', key: 'key', principal: 'principal', identityType: 'identityType',
  sourceIP: 'sourceIP', account: 'account', recipient: 'recipient', region: 'region', error: 'errorCode',
  access: 'access', category: 'category', eventSource: 'eventSource', userAgent: 'userAgent', requestID: 'requestID',
  eventID: 'eventID',
};

const MAX_CACHED = 4;

export class SortOrders {
  private perms = new Map<string, { generation: number; layout: number; rows: number; perm: Uint32Array }>();

  constructor(private readonly index: RecordIndex) {}

  /** `rows` (ascending ids) ordered by the column; stable. */
  sort(rows: Uint32Array, column: ColumnId, descending: boolean): Uint32Array {
    const n = this.index.rowCount;
    // Few rows: compare them directly rather than walking a permutation of the whole index.
    if (rows.length * 24 < n) return this.sortFew(rows, column, descending);
    const perm = this.permutation(column, descending);
    const mask = new Uint8Array(n);
    for (let i = 0; i < rows.length; i++) mask[rows[i]] = 1;
    const out = new Uint32Array(rows.length);
    let w = 0;
    for (let i = 0; i < perm.length; i++) if (mask[perm[i]]) out[w++] = perm[i];
    return out;
  }

  /**
   * The first k of `rows` in the sort order, without ordering the rest: what the first screens of the
   * table need. A bounded heap keeps the k best seen so far.
   */
  topK(rows: Uint32Array, column: ColumnId, descending: boolean, k: number): Uint32Array {
    k = Math.min(k, rows.length);
    if (k === 0) return new Uint32Array(0);
    let key: (r: number) => number;
    if (column === 'time') {
      const time = this.index.time;
      key = (r) => timeKey(time[r]);
    } else {
      const ranks = this.ranksOf(column);
      key = ranks.kind === 'row' ? (r) => ranks.rank[r] : (r) => ranks.rank[ranks.codes[r]];
    }
    const keys = new Float64Array(k);
    const ids = new Uint32Array(k);
    // `worse(i, j)`: heap slot i sorts after slot j. The root holds the worst row kept.
    const after = (ka: number, ia: number, kb: number, ib: number): boolean =>
      ka === kb ? ia > ib : descending ? ka < kb : ka > kb;
    let size = 0;
    const siftUp = (i: number): void => {
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!after(keys[i], ids[i], keys[p], ids[p])) return;
        swap(i, p);
        i = p;
      }
    };
    const siftDown = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < size && after(keys[l], ids[l], keys[m], ids[m])) m = l;
        if (r < size && after(keys[r], ids[r], keys[m], ids[m])) m = r;
        if (m === i) return;
        swap(i, m);
        i = m;
      }
    };
    const swap = (a: number, b: number): void => {
      const tk = keys[a]; keys[a] = keys[b]; keys[b] = tk;
      const ti = ids[a]; ids[a] = ids[b]; ids[b] = ti;
    };
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const kr = key(r);
      if (size < k) {
        keys[size] = kr;
        ids[size] = r;
        siftUp(size++);
      } else if (after(keys[0], ids[0], kr, r)) {
        keys[0] = kr;
        ids[0] = r;
        siftDown(0);
      }
    }
    const order = Array.from({ length: size }, (_, i) => i);
    order.sort((a, b) => (after(keys[a], ids[a], keys[b], ids[b]) ? 1 : after(keys[b], ids[b], keys[a], ids[a]) ? -1 : 0));
    return Uint32Array.from(order, (i) => ids[i]);
  }

  private sortFew(rows: Uint32Array, column: ColumnId, descending: boolean): Uint32Array {
    const ranks = this.ranksOf(column);
    const rowRank = (r: number): number => ranks.kind === 'row' ? ranks.rank[r] : ranks.rank[ranks.codes[r]];
    const sign = descending ? -1 : 1;
    const ids = Array.from(rows);
    ids.sort((a, b) => (rowRank(a) - rowRank(b)) * sign || a - b);
    return Uint32Array.from(ids);
  }

  private permutation(column: ColumnId, descending: boolean): Uint32Array {
    const key = `${column}:${descending ? 'd' : 'a'}`;
    const hit = this.perms.get(key);
    const n = this.index.rowCount;
    if (hit && hit.generation === this.index.generation) return hit.perm;
    // Rows only appended (or marked dead) since: merge the new rows into the time order instead of
    // sorting everything again, which keeps a file added to a large index cheap to show.
    if (hit && column === 'time' && hit.layout === this.index.layout && hit.rows <= n) {
      const perm = mergeTimeRows(hit.perm, hit.rows, n, this.index.time, descending);
      this.remember(key, perm);
      return perm;
    }
    const ranks = this.ranksOf(column);
    const counts = new Uint32Array(ranks.distinct + 1);
    const rowRank = new Uint32Array(n);
    for (let r = 0; r < n; r++) {
      let k = ranks.kind === 'row' ? ranks.rank[r] : ranks.rank[ranks.codes[r]];
      if (descending) k = ranks.distinct - 1 - k;
      rowRank[r] = k;
      counts[k + 1]++;
    }
    for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
    const perm = new Uint32Array(n);
    for (let r = 0; r < n; r++) perm[counts[rowRank[r]]++] = r;
    this.remember(key, perm);
    return perm;
  }

  private remember(key: string, perm: Uint32Array): void {
    this.perms.delete(key);
    this.perms.set(key, { generation: this.index.generation, layout: this.index.layout, rows: perm.length, perm });
    while (this.perms.size > MAX_CACHED) this.perms.delete(this.perms.keys().next().value as string);
  }

  /** Rank of each code (string columns, file ids) or of each row (time). Missing values rank first. */
  private ranksOf(column: ColumnId):
    | { kind: 'code'; codes: ArrayLike<number>; rank: Uint32Array; distinct: number }
    | { kind: 'row'; rank: Uint32Array; distinct: number } {
    const index = this.index;
    if (column === 'time') return { kind: 'row', ...timeRanks(index.time, index.rowCount) };
    if (column === 'file') {
      const paths = index.filePaths();
      return { kind: 'code', codes: index.fileIds, ...stringRanks(paths.map((p, i) => [i, p] as const)) };
    }
    const col = index.columns[COLUMN_SOURCE[column]];
    const values = col.dict.values();
    const entries: (readonly [number, string])[] = [];
    for (let c = 1; c < values.length; c++) entries.push([c, values[c]!]);
    const r = stringRanks(entries, values.length);
    return { kind: 'code', codes: col.codes, ...r };
  }
}

/** Ranks codes by value (code unit order); code 0 (missing) and '' get rank 0. */
function stringRanks(entries: (readonly [number, string])[], size = entries.length): { rank: Uint32Array; distinct: number } {
  const sorted = entries.slice().sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const rank = new Uint32Array(Math.max(size, 1));
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    // An empty value shows as a missing one does, so the two tie (rank 0).
    if (sorted[i][1] !== '' && (i === 0 || sorted[i][1] !== sorted[i - 1][1])) k++;
    rank[sorted[i][0]] = k;
  }
  return { rank, distinct: k + 1 };
}

function timeRanks(time: Float64Array, n: number): { rank: Uint32Array; distinct: number } {
  const sorted = time.slice(0, n).sort(); // NaN last
  let u = 0;
  for (let i = 0; i < n; i++) {
    const t = sorted[i];
    if (Number.isNaN(t)) break;
    if (u === 0 || sorted[u - 1] !== t) sorted[u++] = t;
  }
  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    const t = time[r];
    if (Number.isNaN(t)) continue; // rank 0
    let lo = 0, hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    rank[r] = lo + 1;
  }
  return { rank, distinct: u + 1 };
}

/** Sort key of a row's time: missing times first, as they rank in the full sort. */
function timeKey(t: number): number {
  return Number.isNaN(t) ? -Infinity : t;
}

/**
 * The order of rows [0, n) from the order of rows [0, from) plus the rows appended since. Stable: on equal
 * times, lower row ids first, in both directions (old rows all have lower ids than new ones). Each new
 * row's place is found by binary search and the old order is copied in blocks between them, so a file
 * added to a million rows costs a few thousand comparisons and one copy.
 */
function mergeTimeRows(old: Uint32Array, from: number, n: number, time: Float64Array, descending: boolean): Uint32Array {
  if (from === n) return old;
  const sign = descending ? -1 : 1;
  const added = Array.from({ length: n - from }, (_, i) => from + i);
  added.sort((a, b) => (timeKey(time[a]) - timeKey(time[b])) * sign || a - b);
  const out = new Uint32Array(n);
  let w = 0;
  let prev = 0;
  for (const a of added) {
    const ka = timeKey(time[a]);
    // First old position that sorts strictly after the new row (equal keys: old rows first).
    let lo = prev, hi = old.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = timeKey(time[old[mid]]);
      if (descending ? k >= ka : k <= ka) lo = mid + 1;
      else hi = mid;
    }
    out.set(old.subarray(prev, lo), w);
    w += lo - prev;
    out[w++] = a;
    prev = lo;
  }
  out.set(old.subarray(prev), w);
  return out;
}
