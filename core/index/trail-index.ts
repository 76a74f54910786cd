// The index's query face: count, sorted windows of table rows, facets and the time histogram of a
// parsed query, over a RecordIndex. Every answer is built from the columns and the file path alone.

import { tableColumn } from './table-columns';
import { RowIdColumn } from './row-id-column';
import { COLUMN_IDS, type ColumnId, type FacetValue, type GroupByTable, type RowData, type SortSpec } from '../protocol';
import { pathTermMatches, type ParsedQuery } from '../query';
import type { RawRecord } from '../record';
import { formatEventTime, type RowBatch } from './batch';
import type { CodeArray } from './code-column';
import { QueryEvaluator, type MatchResult, type RowSets } from './evaluate';
import { groupBy, isGroupColumn } from './group-by';
import { PATH_MATCH, PATH_NO_MATCH, PATH_UNREAD, PathAnswers } from './path-answers';
import { SortOrders } from './sort';
import { FLAG_ACCESS, FLAG_DEAD, FLAG_S3, RecordIndex, type RowLocation } from './store';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';

export interface HistogramData {
  startMs: number;
  bucketMs: number;
  counts: number[];
  errors: number[];
}

/** Windows ending within the first TOP_K_MAX rows are served by a partial sort. */
const TOP_K_MAX = 2000;
/** Windows ending within the first WALK_MAX rows of a built order are read off it, stopping at `end`. */
const WALK_MAX = 5000;
/** From this many rows a window may leave its total for later (windowBeforeCount): below, a count costs less than a
 *  frame (~7 ns a row), so the total comes with the rows rather than a moment after them. */
const COUNT_LATER_ROWS = 1 << 21;
/** A walk that tests rows one by one gives up after visiting rowCount >> WALK_BUDGET_SHIFT rows: one row tested in a
 *  walk costs several of the pass over every row, so a query matching fewer rows is counted rather than walked. */
const WALK_BUDGET_SHIFT = 4;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Round bucket sizes the histogram picks from (beyond a day: whole days). */
const BUCKET_SIZES = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY,
];

export class TrailIndex {
  readonly store: RecordIndex;
  private readonly paths = new PathAnswers();
  private rowSets: RowSets | undefined;
  private evaluator: QueryEvaluator;
  private orders: SortOrders;
  private lastSorted: { result: MatchResult; column: ColumnId; descending: boolean; sorted: Uint32Array } | undefined;
  /** Rows from which windowBeforeCount may leave a total for later (tests of small indexes lower it). */
  countLaterFrom = COUNT_LATER_ROWS;

  constructor(store = new RecordIndex()) {
    this.store = store;
    this.evaluator = new QueryEvaluator(store, this.paths);
    this.orders = new SortOrders(store);
    // A change after a load finds the earlier copies of its records through the time order (store.ts, dedup).
    store.timeOrderOf = (rows) => this.orders.timeOrderOf(rows);
  }

  /** Saves the store and the prepared time order (call prepare() first: a loaded index then opens without a sort). */
  writeSnapshot(w: SnapshotWriter): void {
    w.tag('trail-index');
    this.store.writeSnapshot(w);
    const order = this.orders.currentTimeOrder();
    w.bool(order !== undefined);
    if (order) w.array(order);
  }

  /** An index over views of the snapshot's buffer, its time order ready when one was saved. Row sets
   *  (story:, integrity:, finding:) are the caller's to attach (setRowSets). */
  static readSnapshot(r: SnapshotReader): TrailIndex {
    r.tag('trail-index');
    const index = new TrailIndex(RecordIndex.readSnapshot(r));
    if (r.bool()) {
      const order = r.array(Uint32Array);
      const n = index.store.rowCount;
      if (order.length !== n) throw new SnapshotFormatError('time order of another length');
      // A permutation of the row ids, or a window would read past the columns: checked once, n steps.
      const seen = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const row = order[i];
        if (row >= n || seen[row] === 1) throw new SnapshotFormatError('time order is no permutation');
        seen[row] = 1;
      }
      index.orders.restoreTimeOrder(order);
    }
    return index;
  }

  addBatch(batch: RowBatch): { added: number; duplicates: number } {
    return this.store.addBatch(batch);
  }

  removeFile(path: string, fromOrdinal = 0): { removed: number; reread: string[] } {
    return this.store.removeFile(path, fromOrdinal);
  }

  /**
   * The query's candidates (rows its column terms match) that a path term has not seen yet: the rows to
   * re-read before the query's answers are final. Empty when the query has no path terms.
   */
  unreadPathRows(q: ParsedQuery): Uint32Array {
    const terms = q.terms.filter((t) => t.path);
    if (terms.length === 0) return new Uint32Array(0);
    const rows = this.evaluator.matchingRows(q);
    const states = terms.map((t) => this.paths.stateOf(q, t, this.store.rowCount, this.store.layout));
    // Access-log lines lack every record path (evaluate.ts): nothing to re-read for them.
    return rows.filter((r) => (this.store.flags[r] & FLAG_ACCESS) === 0 && states.some((s) => s[r] === PATH_UNREAD));
  }

  /** Records the path terms' answers for re-read rows; `undefined` for a record that could not be read
   *  (it then lacks every path: it fails the positive terms and passes the negated ones). */
  recordPathAnswers(q: ParsedQuery, ids: ArrayLike<number>, records: readonly (RawRecord | undefined)[]): void {
    for (const term of q.terms) {
      if (!term.path) continue;
      const state = this.paths.stateOf(q, term, this.store.rowCount, this.store.layout);
      for (let i = 0; i < ids.length; i++) {
        const r = records[i];
        state[ids[i]] = r !== undefined && pathTermMatches(term, r) ? PATH_MATCH : PATH_NO_MATCH;
      }
    }
    this.paths.version++;
  }

  /**
   * Builds what the first queries need before they come: the time orders (the table opens sorted by
   * time). Call when indexing ends, before announcing the index ready; cheap when nothing changed, and
   * rows appended since the last call are merged in rather than sorted again.
   */
  prepare(): void {
    this.orders.prepareTime();
  }

  /** Whether the sort order of `column` is built and up to date: a window sorted by it costs no sort. Reading
   *  this builds nothing. */
  orderReady(column: ColumnId, descending: boolean): boolean {
    return this.orders.ready(column, descending);
  }

  /** Forgets cached match tables, results and sort orders, keeping the prepared time orders that belong to a
   *  ready index (benchmarks measure uncached queries with it). */
  dropCaches(): void {
    this.evaluator = new QueryEvaluator(this.store, this.paths, this.rowSets);
    this.orders = this.orders.timeOnly();
    this.lastSorted = undefined;
  }

  /** Where story: and integrity: terms find their rows (the identity graph, integrity results). */
  setRowSets(rowSets: RowSets | undefined): void {
    this.rowSets = rowSets;
    this.evaluator = new QueryEvaluator(this.store, this.paths, rowSets);
  }

  /** Ids of the live rows matching the query, ascending. */
  matchingRows(q: ParsedQuery): Uint32Array {
    return this.evaluator.matchingRows(q);
  }

  count(q: ParsedQuery): number {
    return this.evaluator.result(q).count;
  }

  /** Matching row ids in the sort order (row order when no sort); cached for the last (query, sort). */
  sortedRows(q: ParsedQuery, sort?: SortSpec): Uint32Array {
    const result = this.evaluator.result(q);
    const rows = result.rows;
    if (!sort) return rows;
    const l = this.lastSorted;
    if (l && l.result === result && l.column === sort.column && l.descending === sort.descending) return l.sorted;
    const sorted = this.orders.sort(rows, sort.column, sort.descending, result.mask);
    this.lastSorted = { result, column: sort.column, descending: sort.descending, sorted };
    return sorted;
  }

  /**
   * Matching row ids in an order that depends on the files alone, never on which worker finished first
   * (row ids do): the sort (time ascending when none), then equal keys by time ascending, file path and
   * place in the file. What evidence output needs: the same query on the same files prints the same rows
   * in the same order on every run.
   */
  reproducibleRows(q: ParsedQuery, sort: SortSpec = { column: 'time', descending: false }): Uint32Array {
    const ids = this.sortedRows(q, sort).slice();
    const s = this.store;
    const paths = s.filePaths();
    // File ids rank by path (ids follow the order files were merged in).
    const byPath = Array.from(paths.keys()).sort((a, b) => (paths[a] < paths[b] ? -1 : paths[a] > paths[b] ? 1 : 0));
    const fileRank = new Uint32Array(paths.length);
    byPath.forEach((f, rank) => { fileRank[f] = rank; });
    const sameKey = this.sameKey(sort.column);
    const time = s.time;
    const tie = (a: number, b: number): number => {
      const ta = time.at(a), tb = time.at(b);
      if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) {
        if (Number.isNaN(ta)) return 1;
        if (Number.isNaN(tb)) return -1;
        return ta - tb;
      }
      return fileRank[s.fileIds.at(a)] - fileRank[s.fileIds.at(b)] || s.offsets.at(a) - s.offsets.at(b) || s.ordinalOf(a) - s.ordinalOf(b);
    };
    for (let start = 0; start < ids.length;) {
      let end = start + 1;
      while (end < ids.length && sameKey(ids[start], ids[end])) end++;
      if (end - start > 1) ids.subarray(start, end).sort(tie);
      start = end;
    }
    return ids;
  }

  /** Whether two rows have the same value in a column (what a sort by it leaves in their row order). */
  private sameKey(column: ColumnId): (a: number, b: number) => boolean {
    const s = this.store;
    if (column === 'time') return (a, b) => s.time.at(a) === s.time.at(b) || (Number.isNaN(s.time.at(a)) && Number.isNaN(s.time.at(b)));
    if (column === 'file') return (a, b) => s.fileIds.at(a) === s.fileIds.at(b);
    const { codes, dict } = tableColumn(s, column);
    // An empty value sorts with the missing ones (code 0).
    return (a, b) => codes[a] === codes[b] || ((dict.value(codes[a]) ?? '') === '' && (dict.value(codes[b]) ?? '') === '');
  }

  /** One window of table rows. */
  window(q: ParsedQuery, sort: SortSpec | undefined, offset: number, limit: number): { total: number; rows: RowData[] } {
    const end = offset + Math.max(0, limit);
    // No terms (the table as it opens): the count is kept by the store and the rows are read off the time order
    // by their flags — no pass over every row, no million-entry result, for the first screen after "ready".
    if (q.terms.length === 0 && sort?.column === 'time' && end <= WALK_MAX) {
      const [flags, bits, want] = [this.store.flags, FLAG_DEAD | (q.s3Only ? FLAG_S3 : 0), q.s3Only ? FLAG_S3 : 0];
      const rows = this.walk('time', sort.descending, (r) => (flags[r] & bits) === want, offset, end)!;
      return { total: q.s3Only ? this.store.s3Records : this.store.records, rows };
    }
    const result = this.evaluator.result(q);
    const total = result.count;
    const l = this.lastSorted;
    const sortedAlready = !sort || (l !== undefined && l.result === result && l.column === sort.column && l.descending === sort.descending);
    if (!sortedAlready && end <= WALK_MAX && total > 0) {
      // The first screens of a result under a built order (time always is, see prepare()): read the order
      // and stop after `end` matches; no sort of the matches, no list of their ids.
      const mask = result.mask;
      const walked = this.walk(sort!.column, sort!.descending, (r) => mask[r] === 1, offset, end);
      if (walked) return { total, rows: walked };
    }
    // The first screens of a large result need its first rows only, not a full sort.
    const ids = !sortedAlready && end <= TOP_K_MAX && total > 4 * end
      ? this.orders.topK(result.rows, sort!.column, sort!.descending, end)
      : this.sortedRows(q, sort);
    const from = Math.max(0, Math.min(offset, ids.length));
    const to = Math.max(from, Math.min(ids.length, end));
    const out: RowData[] = [];
    for (let i = from; i < to; i++) out.push(this.rowData(ids[i]));
    return { total, rows: out };
  }

  /**
   * One window of table rows whose total may come later: on a large index, the first screens under a built order are
   * found by walking the order and testing each row visited (QueryEvaluator.rowTest), stopping at `end` matches,
   * without the pass over every row that counting them takes; `total` is then undefined (count() gives it). The walk
   * gives up after rowCount >> WALK_BUDGET_SHIFT rows (a query matching too few rows for it to pay) and the window is
   * answered counted, as are those with nothing to gain: an answer evaluated already, no terms (the store keeps the
   * count), a term not testable row by row.
   */
  windowBeforeCount(q: ParsedQuery, sort: SortSpec | undefined, offset: number, limit: number): { total: number | undefined; rows: RowData[] } {
    const end = offset + Math.max(0, limit);
    const n = this.store.rowCount;
    if (sort && q.terms.length > 0 && end > 0 && end <= WALK_MAX && n >= this.countLaterFrom && !this.evaluator.cached(q)) {
      const test = this.evaluator.rowTest(q);
      const walked = test && this.walk(sort.column, sort.descending, test, offset, end, n >> WALK_BUDGET_SHIFT);
      if (walked) return { total: undefined, rows: walked };
    }
    return this.window(q, sort, offset, limit);
  }

  /** Rows [offset, end), in the column's order, of the rows `matches` takes. Undefined when that order is not built
   *  (time always is, see prepare()) or when more than `budget` rows were visited before `end` matched. */
  private walk(column: ColumnId, descending: boolean, matches: (row: number) => boolean, offset: number, end: number, budget = Infinity): RowData[] | undefined {
    const rows: RowData[] = [];
    let matched = 0;
    if (end <= 0) return rows;
    let visited = 0;
    const built = this.orders.visit(column, descending, (r) => {
      if (++visited > budget) return false;
      if (!matches(r)) return true;
      if (matched >= offset) rows.push(this.rowData(r));
      return ++matched < end;
    });
    return built && visited <= budget ? rows : undefined;
  }

  /** The table row of a row id. */
  rowData(id: number): RowData {
    const s = this.store;
    const row = { id, principalArn: s.columns.userArn.dict.value(s.columns.userArn.code(id)) ?? '' } as RowData;
    for (const c of COLUMN_IDS) row[c] = this.cellText(id, c);
    return row;
  }

  cellText(id: number, column: ColumnId): string {
    const s = this.store;
    if (column === 'file') return s.filePath(s.fileIds.at(id));
    if (column === 'time') return this.eventTimeText(id);
    const col = tableColumn(s, column);
    // A column kept in the row reads the row's slot (its coded view is for whole-column work).
    if (col instanceof RowIdColumn) return col.valueAt(id) ?? '';
    return col.dict.value(col.code(id)) ?? '';
  }

  /** eventTime as written in the record ('' when it has none). */
  eventTimeText(id: number): string {
    const s = this.store;
    const col = s.columns.eventTime;
    const code = col.code(id);
    if (code !== 0) return col.dict.value(code)!;
    const t = s.time.at(id);
    return Number.isNaN(t) ? '' : formatEventTime(t);
  }

  /** Top values with counts of each column among the matching rows (missing values left out). */
  facets(q: ParsedQuery, columns: readonly ColumnId[], limit: number): Partial<Record<ColumnId, FacetValue[]>> {
    const result = this.evaluator.result(q);
    const out: Partial<Record<ColumnId, FacetValue[]>> = {};
    for (const column of columns) out[column] = this.facet(result, column, limit);
    return out;
  }

  private facet(result: MatchResult, column: ColumnId, limit: number): FacetValue[] {
    const s = this.store;
    let codes: CodeArray | Uint32Array;
    let size: number;
    let text: (code: number) => string | undefined;
    if (column === 'file') {
      codes = s.fileIds.column(s.rowCount);
      const paths = s.filePaths();
      size = paths.length;
      text = (c) => paths[c];
    } else if (column === 'time') {
      const counts = new Map<number, number>();
      const rows = result.rows;
      for (let i = 0; i < rows.length; i++) {
        const t = s.time.at(rows[i]);
        if (!Number.isNaN(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      return topN([...counts].map(([t, count]) => ({ value: formatEventTime(t), count })), limit);
    } else {
      const col = tableColumn(s, column);
      codes = col.codes;
      size = col.dict.size;
      text = (c) => col.dict.value(c);
    }
    const counts = countCodes(codes, result, size, s.rowCount);
    const start = column === 'file' ? 0 : 1;
    // Only the leaders need their text: find the limit-th largest count, decode the codes at or above it
    // (ties at the cut included, they are ordered by value), then order those.
    const cut = kthLargest(counts, start, limit);
    const candidates: FacetValue[] = [];
    for (let c = start; c < size; c++) if (counts[c] > 0 && counts[c] >= cut) candidates.push({ value: text(c) ?? '', count: counts[c] });
    return topN(candidates, limit);
  }

  /** Counts of one column's most frequent values against another's among the matching rows; undefined for
   *  a column that cannot be grouped (time, file). */
  groupBy(q: ParsedQuery, rows: ColumnId, columns: ColumnId, rowLimit: number, columnLimit: number): GroupByTable | undefined {
    if (!isGroupColumn(rows) || !isGroupColumn(columns)) return undefined;
    return groupBy(this.store, this.matchingRows(q), rows, columns, rowLimit, columnLimit);
  }

  /** Events per time bucket (round size near `buckets` buckets) and errors per bucket. */
  histogram(q: ParsedQuery, buckets: number): HistogramData {
    const s = this.store;
    const result = this.evaluator.result(q);
    const time = s.time;
    // A large part of the rows: read the mask and the times in row order rather than build the list of ids.
    const mask = dense(result, s.rowCount) ? result.mask : undefined;
    const rows = mask ? undefined : result.rows;
    let min = Infinity, max = -Infinity;
    const ascending = mask && this.orders.currentOrder('time', false);
    if (mask && ascending) {
      // The first and the last matching row with a time in the prepared time order (read from both ends; the one
      // descending order is that one read backwards): a few steps into it for a large result.
      for (let i = 0; i < ascending.length; i++) {
        const r = ascending[i];
        if (mask[r] !== 0 && !Number.isNaN(time.at(r))) {
          min = time.at(r);
          break;
        }
      }
      for (let i = ascending.length - 1; i >= 0; i--) {
        const r = ascending[i];
        if (mask[r] !== 0 && !Number.isNaN(time.at(r))) {
          max = time.at(r);
          break;
        }
      }
    } else if (mask) {
      for (let r = 0; r < mask.length; r++) {
        if (mask[r] === 0) continue;
        const t = time.at(r);
        if (t < min) min = t;
        if (t > max) max = t;
      }
    } else {
      for (let i = 0; i < rows!.length; i++) {
        const t = time.at(rows![i]);
        if (t < min) min = t;
        if (t > max) max = t;
      }
    }
    if (min === Infinity) return { startMs: 0, bucketMs: SECOND, counts: [], errors: [] };
    const bucketMs = bucketSize(max - min, Math.max(1, buckets));
    const startMs = Math.floor(min / bucketMs) * bucketMs;
    const n = Math.floor((max - startMs) / bucketMs) + 1;
    const counts = new Float64Array(n);
    const errors = new Float64Array(n);
    const errorCodes = s.columns.errorCode.codes;
    if (mask) {
      for (let r = 0; r < mask.length; r++) {
        if (mask[r] === 0) continue;
        const t = time.at(r);
        if (Number.isNaN(t)) continue;
        const b = Math.floor((t - startMs) / bucketMs);
        counts[b]++;
        if (errorCodes[r] !== 0) errors[b]++;
      }
    } else {
      for (let i = 0; i < rows!.length; i++) {
        const r = rows![i];
        const t = time.at(r);
        if (Number.isNaN(t)) continue;
        const b = Math.floor((t - startMs) / bucketMs);
        counts[b]++;
        if (errorCodes[r] !== 0) errors[b]++;
      }
    }
    return { startMs, bucketMs, counts: Array.from(counts), errors: Array.from(errors) };
  }

  location(id: number): RowLocation | undefined {
    return this.store.location(id);
  }
}

/** The smallest round bucket size giving at most `buckets` buckets over `span` ms. */
export function bucketSize(span: number, buckets: number): number {
  for (const size of BUCKET_SIZES) if (Math.floor(span / size) + 1 <= buckets) return size;
  return Math.ceil((span + 1) / DAY / buckets) * DAY;
}

/** Whether a result holds a large part of the rows: then a pass over its mask in row order beats building and
 *  reading the list of its ids. */
function dense(result: MatchResult, rowCount: number): boolean {
  return result.count * 4 > rowCount;
}

/**
 * How many of the matching rows have each code: every row when all match, the mask in row order when many do (each
 * row adds its mask bit: no branch), else the ids. One loop per code array type: a single loop fed Uint8, Uint16
 * and Uint32 arrays turns polymorphic and runs several times slower.
 */
function countCodes(codes: CodeArray, result: MatchResult, size: number, rowCount: number): Uint32Array {
  const counts = new Uint32Array(size);
  if (result.count === rowCount) {
    if (codes instanceof Uint8Array) for (let r = 0; r < rowCount; r++) counts[codes[r]]++;
    else if (codes instanceof Uint16Array) for (let r = 0; r < rowCount; r++) counts[codes[r]]++;
    else for (let r = 0; r < rowCount; r++) counts[codes[r]]++;
  } else if (dense(result, rowCount)) {
    const mask = result.mask;
    const n = mask.length;
    if (codes instanceof Uint8Array) for (let r = 0; r < n; r++) counts[codes[r]] += mask[r];
    else if (codes instanceof Uint16Array) for (let r = 0; r < n; r++) counts[codes[r]] += mask[r];
    else for (let r = 0; r < n; r++) counts[codes[r]] += mask[r];
  } else {
    const rows = result.rows;
    const n = rows.length;
    if (codes instanceof Uint8Array) for (let i = 0; i < n; i++) counts[codes[rows[i]]]++;
    else if (codes instanceof Uint16Array) for (let i = 0; i < n; i++) counts[codes[rows[i]]]++;
    else for (let i = 0; i < n; i++) counts[codes[rows[i]]]++;
  }
  return counts;
}

/** The k-th largest of counts[start..] (1 when fewer than k are positive): a small sorted list of the k best. */
function kthLargest(counts: Uint32Array, start: number, k: number): number {
  if (k <= 0) return Infinity;
  const best: number[] = [];
  for (let c = start; c < counts.length; c++) {
    const v = counts[c];
    if (v === 0 || (best.length === k && v <= best[k - 1])) continue;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && best[i - 1] < v) { best[i] = best[i - 1]; i--; }
    best[i] = v;
  }
  return best.length === k ? best[k - 1] : 1;
}

function topN(values: FacetValue[], limit: number): FacetValue[] {
  values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return values.slice(0, Math.max(0, limit));
}
