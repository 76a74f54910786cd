// Sort orders over the whole index: for a column, a permutation of every row id (stable: ties keep
// row order), built by a counting sort over the ranks of the column's distinct values and kept until the
// index changes (the time order absorbs appended rows by a merge). Sorting a query's rows is then one pass
// over the permutation. Time is ordered one way only (ascending, what a snapshot keeps): the descending order is
// read off it from the end, run of equal times by run (visit), so the index keeps one time order of 4 bytes a
// row instead of two.

import type { ColumnId } from '../protocol';
import type { StringColumnKey } from './batch';
import type { RecordIndex } from './store';
import { timeKey, type RowTimes } from './row-times';
import { tableColumn } from './table-columns';

/** The string column behind each table column ('time' and 'file' are not string columns). */
export const COLUMN_SOURCE: Record<Exclude<ColumnId, 'time' | 'file' | 'kind' | 'operation'>, StringColumnKey> = {
  eventName: 'eventName', bucket: 'bucket', key: 'key', principal: 'principal', identityType: 'identityType',
  sourceIP: 'sourceIP', account: 'account', recipient: 'recipient', region: 'region', error: 'errorCode',
  access: 'access', category: 'category', eventSource: 'eventSource', userAgent: 'userAgent', requestID: 'requestID',
  eventID: 'eventID',
};

const MAX_CACHED = 4;

export class SortOrders {
  private perms = new Map<string, { generation: number; layout: number; rows: number; perm: Uint32Array }>();

  constructor(private readonly index: RecordIndex) {}

  /** Builds (or brings up to date) the time order, so the first time-sorted window, either way, costs no sort. */
  prepareTime(): void {
    this.permutation('time', false);
  }

  /**
   * Visits row ids in the column's order until `visit` returns false. The time order is built when missing, and
   * read backwards for descending (equal times in row order, missing times last: what the descending sort gives);
   * another column's order is visited only when built (returns false, visiting nothing, when not).
   */
  visit(column: ColumnId, descending: boolean, visit: (row: number) => boolean): boolean {
    if (column === 'time' && descending) {
      visitDescending(this.permutation('time', false), this.index.time, visit);
      return true;
    }
    const order = column === 'time' ? this.permutation('time', false) : this.currentOrder(column, descending);
    if (!order) return false;
    for (let i = 0; i < order.length; i++) if (!visit(order[i])) break;
    return true;
  }

  /** The ascending time order when it is current (what a snapshot keeps: the table opens sorted by time). */
  currentTimeOrder(): Uint32Array | undefined {
    return this.currentOrder('time', false);
  }

  /**
   * An ascending time order of the index's rows as they are laid out now that holds at least rows [0, rows): the one
   * kept, however many rows were appended since, or else one brought up to date (merged or built) now. What the
   * store finds an added record's earlier copies by, without a table of every eventID (store.ts, dedup).
   */
  timeOrderOf(rows: number): Uint32Array {
    const hit = this.perms.get('time:a');
    if (hit && hit.layout === this.index.layout && hit.rows >= rows) return hit.perm;
    return this.permutation('time', false);
  }

  /** Takes a saved ascending time order of the index as it is now; the descending one follows in one pass. */
  restoreTimeOrder(perm: Uint32Array): void {
    this.remember('time:a', perm);
  }

  /** A fresh set of orders that keeps only the time orders (what prepare builds: part of a ready index). */
  timeOnly(): SortOrders {
    const next = new SortOrders(this.index);
    for (const [key, order] of this.perms) if (key.startsWith('time:')) next.perms.set(key, order);
    return next;
  }

  /** The order of every row id by the column: built now when missing or stale, then kept. */
  order(column: ColumnId, descending: boolean): Uint32Array {
    return this.permutation(column, descending);
  }

  /** The order when it is built and current (never builds one). Time descending is never kept: see ready. */
  currentOrder(column: ColumnId, descending: boolean): Uint32Array | undefined {
    const hit = this.perms.get(`${column}:${descending ? 'd' : 'a'}`);
    return hit && hit.generation === this.index.generation ? hit.perm : undefined;
  }

  /** Whether a pass in the column's order costs no sort (time descending: when the ascending order is current). */
  ready(column: ColumnId, descending: boolean): boolean {
    return this.currentOrder(column, column === 'time' ? false : descending) !== undefined;
  }

  /** `rows` (ascending ids) ordered by the column; stable. */
  sort(rows: Uint32Array, column: ColumnId, descending: boolean, rowMask?: Uint8Array): Uint32Array {
    const n = this.index.rowCount;
    // Few rows: compare them directly rather than walking a permutation of the whole index (unless it
    // is built already: then one pass over it is cheaper than any comparison sort).
    if (rows.length * 24 < n && !(rowMask && this.ready(column, descending))) return this.sortFew(rows, column, descending);
    let mask = rowMask;
    if (!mask || mask.length < n) {
      mask = new Uint8Array(n);
      for (let i = 0; i < rows.length; i++) mask[rows[i]] = 1;
    }
    const out = new Uint32Array(rows.length);
    let w = 0;
    const m = mask;
    if (column === 'time' && descending) {
      visitDescending(this.permutation('time', false), this.index.time, (r) => {
        if (m[r] !== 0) out[w++] = r;
        return w < out.length;
      });
      return out;
    }
    const perm = this.permutation(column, descending);
    for (let i = 0; i < perm.length && w < out.length; i++) if (mask[perm[i]] !== 0) out[w++] = perm[i];
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
      key = (r) => timeKey(time.at(r));
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
    if (column === 'time') {
      if (descending) {
        // Asked for as an array (order()): made from the ascending order in one pass, and not kept.
        return reverseRuns(this.permutation('time', false), this.index.time);
      }
      const perm = timeOrder(this.index.time, n, false);
      this.remember(key, perm);
      return perm;
    }
    const ranks = this.ranksOf(column);
    const perm = ranks.kind === 'row'
      ? countingOrder((r) => ranks.rank[r], ranks.distinct, n, descending, new Uint32Array(n))
      : countingOrder((r) => ranks.rank[ranks.codes[r]], ranks.distinct, n, descending, new Uint32Array(n));
    this.remember(key, perm);
    return perm;
  }

  private remember(key: string, perm: Uint32Array): void {
    this.perms.delete(key);
    this.perms.set(key, { generation: this.index.generation, layout: this.index.layout, rows: perm.length, perm });
    // The oldest goes, but never the ascending time order: the table opens by it, the saved index keeps it, and
    // a change after a load finds its records' earlier copies through it (rebuilding it costs ~1 s at 10M rows).
    for (const k of this.perms.keys()) {
      if (this.perms.size <= MAX_CACHED) break;
      if (k !== 'time:a') this.perms.delete(k);
    }
  }

  /** Rank of each code (string columns, file ids) or of each row (time). Missing values rank first. */
  private ranksOf(column: ColumnId):
    | { kind: 'code'; codes: ArrayLike<number>; rank: Uint32Array; distinct: number }
    | { kind: 'row'; rank: Uint32Array; distinct: number } {
    const index = this.index;
    if (column === 'time') return { kind: 'row', ...timeRanks(index.time, index.rowCount) };
    if (column === 'file') {
      const paths = index.filePaths();
      return { kind: 'code', codes: index.fileIds.column(index.rowCount), ...stringRanks(paths.map((p, i) => [i, p] as const)) };
    }
    const col = tableColumn(index, column);
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

function timeRanks(time: RowTimes, n: number): { rank: Uint32Array; distinct: number } {
  const sorted = time.toArray(n).sort(); // NaN last
  let u = 0;
  for (let i = 0; i < n; i++) {
    const t = sorted[i];
    if (Number.isNaN(t)) break;
    if (u === 0 || sorted[u - 1] !== t) sorted[u++] = t;
  }
  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    const t = time.at(r);
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

/**
 * Row ids ordered by time (missing times first ascending, last descending; ties by row id both ways).
 * When every time is a whole number of ms and the span fits 32 bits of its unit (seconds when all are whole
 * seconds, the CloudTrail case: 136 years; else ms: 49 days), each row's time becomes a 32-bit offset and a
 * stable radix sort (LSD, 11-bit digits: 2 passes for a month of seconds) orders the rows with no
 * comparisons; a native sort of packed numbers took 7x as long on 1,000,000 rows.
 */
export function timeOrder(time: RowTimes, n: number, descending: boolean): Uint32Array {
  let min = Infinity, max = -Infinity, missing = 0;
  for (let r = 0; r < n; r++) {
    const t = time.at(r);
    if (t !== t) missing++;
    else {
      if (t < min) min = t;
      if (t > max) max = t;
    }
  }
  const m = n - missing;
  const keys = new Uint32Array(m);
  // The row of each key; without missing times the row is the key's own index (no array: on a fresh index
  // every array here is pages the system has to map, which costs more than the sort's passes).
  const rows = missing > 0 ? new Uint32Array(m) : undefined;
  const perm = orderArray(n);
  // Missing times go first ascending, last descending, in row order either way. Descending sorts the
  // distance from the latest time, so that ties keep row order as they do ascending.
  const missingAt = descending ? m : 0;
  let span = 0;
  for (const unit of [1000, 1]) {
    span = min === Infinity ? 0 : (max - min) / unit;
    if (span >= 2 ** 32) continue;
    let k = 0, j = 0, exact = true;
    for (let r = 0; r < n; r++) {
      const t = time.at(r);
      if (t !== t) perm[missingAt + j++] = r;
      else {
        const key = (descending ? max - t : t - min) / unit;
        keys[k] = key;
        // The stored key reads back equal only when it is a whole number.
        if (keys[k] !== key) exact = false;
        if (rows) rows[k] = r;
        k++;
      }
    }
    if (exact) break;
    if (unit === 1) return countingTimeOrder(time, n, descending);
  }
  if (span >= 2 ** 32) return countingTimeOrder(time, n, descending);
  // Where the rows with a time go (after the missing ones ascending, before them descending).
  const sortedAt = descending ? 0 : missing;
  const sorted = perm.subarray(sortedAt, sortedAt + m);
  const bits = 32 - Math.clz32(span);
  // At least one pass: with one time for every row its digit is 0 bits wide, and the pass keeps row order.
  const passes = Math.max(1, Math.ceil(bits / 11));
  const digit = Math.ceil(bits / passes);
  const mask = (1 << digit) - 1;
  const counts = new Uint32Array(1 << digit);
  let keysIn: Uint32Array = keys, rowsIn: Uint32Array | undefined = rows;
  let keysSpare: Uint32Array | undefined, rowsSpare: Uint32Array | undefined;
  for (let p = 0; p < passes - 1; p++) {
    const keysOut = keysSpare ?? new Uint32Array(m);
    const rowsOut = rowsSpare ?? new Uint32Array(m);
    radixPass(keysIn, rowsIn, p * digit, mask, counts, keysOut, rowsOut);
    [keysSpare, rowsSpare, keysIn, rowsIn] = [keysIn, rowsIn, keysOut, rowsOut];
  }
  // The last pass writes rows straight into the order, and no keys.
  radixPass(keysIn, rowsIn, (passes - 1) * digit, mask, counts, undefined, sorted);
  return perm;
}

/** One stable counting pass of the radix sort on the digit at `shift`: keys (and their rows; a key's row is
 *  its index when `rows` is undefined) into `keysOut` (undefined on the last pass) and `rowsOut`. */
function radixPass(keys: Uint32Array, rows: Uint32Array | undefined, shift: number, mask: number, counts: Uint32Array,
  keysOut: Uint32Array | undefined, rowsOut: Uint32Array): void {
  const m = keys.length;
  counts.fill(0);
  for (let i = 0; i < m; i++) counts[(keys[i] >>> shift) & mask]++;
  let sum = 0;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d];
    counts[d] = sum;
    sum += c;
  }
  if (keysOut && rows) {
    for (let i = 0; i < m; i++) {
      const key = keys[i];
      const at = counts[(key >>> shift) & mask]++;
      keysOut[at] = key;
      rowsOut[at] = rows[i];
    }
  } else if (keysOut) {
    for (let i = 0; i < m; i++) {
      const key = keys[i];
      const at = counts[(key >>> shift) & mask]++;
      keysOut[at] = key;
      rowsOut[at] = i;
    }
  } else if (rows) {
    for (let i = 0; i < m; i++) rowsOut[counts[(keys[i] >>> shift) & mask]++] = rows[i];
  } else {
    for (let i = 0; i < m; i++) rowsOut[counts[(keys[i] >>> shift) & mask]++] = i;
  }
}

/** The general time order: ranks of the distinct times, then a counting sort (any time values). */
function countingTimeOrder(time: RowTimes, n: number, descending: boolean): Uint32Array {
  const ranks = timeRanks(time, n);
  return countingOrder((r) => ranks.rank[r], ranks.distinct, n, descending, orderArray(n));
}

/** Rows [0, n) into `out` by rank (0 .. distinct-1), stable on equal ranks (row order in both directions). */
function countingOrder(rankOf: (row: number) => number, distinct: number, n: number, descending: boolean, out: Uint32Array): Uint32Array {
  const counts = new Uint32Array(distinct + 1);
  const rowRank = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    let k = rankOf(r);
    if (descending) k = distinct - 1 - k;
    rowRank[r] = k;
    counts[k + 1]++;
  }
  for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
  for (let r = 0; r < n; r++) out[counts[rowRank[r]]++] = r;
  return out;
}

/** The opposite time order of `perm`: reversed, each run of equal times kept in its (row) order. */
/** Visits the rows of the ascending time order `asc` in descending order (what reverseRuns gives), until `visit`
 *  returns false: runs of equal times from the last, each in its own (row) order. */
function visitDescending(asc: Uint32Array, time: RowTimes, visit: (row: number) => boolean): void {
  let end = asc.length;
  while (end > 0) {
    const t = timeKey(time.at(asc[end - 1]));
    let start = end - 1;
    while (start > 0 && timeKey(time.at(asc[start - 1])) === t) start--;
    for (let i = start; i < end; i++) if (!visit(asc[i])) return;
    end = start;
  }
}

function reverseRuns(perm: Uint32Array, time: RowTimes): Uint32Array {
  const n = perm.length;
  const out = orderArray(n);
  let w = 0;
  let end = n;
  // Runs are short (a month of seconds over a million rows: most are one row), too short for a native copy.
  while (end > 0) {
    const t = timeKey(time.at(perm[end - 1]));
    let start = end - 1;
    while (start > 0 && timeKey(time.at(perm[start - 1])) === t) start--;
    for (let i = start; i < end; i++) out[w++] = perm[i];
    end = start;
  }
  return out;
}

/**
 * The order of rows [0, n) from the order of rows [0, from) plus the rows appended since. Stable: on equal
 * times, lower row ids first, in both directions (old rows all have lower ids than new ones). Merged from
 * the back, in place when the old order's array has room (orderArray keeps some): each new row's place is
 * a binary search and the old rows after it move in one block. No new array, so none of the page faults
 * that first writes to a fresh 4 MB array cost, which dominated adding a file to a million rows.
 */
function mergeTimeRows(old: Uint32Array, from: number, n: number, time: RowTimes, descending: boolean): Uint32Array {
  if (from === n) return old;
  const sign = descending ? -1 : 1;
  const added = Array.from({ length: n - from }, (_, i) => from + i);
  added.sort((a, b) => (timeKey(time.at(a)) - timeKey(time.at(b))) * sign || a - b);
  const room = old.byteOffset === 0 ? old.buffer.byteLength >>> 2 : 0;
  let buf: Uint32Array;
  if (room >= n) {
    buf = new Uint32Array(old.buffer, 0, room);
  } else {
    buf = orderArray(n);
    buf.set(old.subarray(0, from));
  }
  let i = from; // old rows [0, i) not placed yet
  let w = n; // [w, n) placed
  for (let j = added.length - 1; j >= 0; j--) {
    const a = added[j];
    const ka = timeKey(time.at(a));
    // First old position that sorts strictly after the new row (equal keys: old rows first).
    let lo = 0, hi = i;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = timeKey(time.at(buf[mid]));
      if (descending ? k >= ka : k <= ka) lo = mid + 1;
      else hi = mid;
    }
    const moved = i - lo;
    if (moved > 0) buf.copyWithin(w - moved, lo, i);
    w -= moved;
    i = lo;
    buf[--w] = a;
  }
  return buf.subarray(0, n);
}

/** A row order of n rows with room after it for rows still to come (1/16, at least 1024), see mergeTimeRows. */
function orderArray(n: number): Uint32Array {
  return new Uint32Array(n + Math.max(1024, n >> 4)).subarray(0, n);
}
