// Windows of table rows fetched on demand: the webview never holds the whole result, only a few
// windows around what is visible. A window already in flight is shared; at most a few requests are
// in flight, and windows wanted while scrolling fast are dropped once they are out of view, so the
// server answers what is on screen now. Answers for an older query or sort are dropped.

import type { QueryResult, RowData, SortSpec } from '../core/protocol';

/** Rows per window. */
export const WINDOW_SIZE = 200;

export type FetchRows = (query: string, sort: SortSpec | undefined, offset: number, limit: number) => Promise<QueryResult>;

export interface RowCacheOptions {
  windowSize?: number;
  /** Windows kept; the least recently used one goes first. */
  maxWindows?: number;
  /** Requests in flight at once. */
  maxInFlight?: number;
}

interface Waiting {
  resolve(r: QueryResult | undefined): void;
  reject(e: unknown): void;
}

export class RowCache {
  readonly windowSize: number;
  private readonly maxWindows: number;
  private readonly maxInFlight: number;
  private windows = new Map<number, RowData[]>();
  private inFlight = new Map<number, Promise<QueryResult>>();
  /** Windows wanted but not yet requested, most recently wanted last. */
  private queue = new Map<number, Waiting[]>();
  private generation = 0;
  private early: { query: string; sort: string; answer: Promise<QueryResult> } | undefined;
  private query = '';
  private sort: SortSpec | undefined;
  total = 0;
  /** `total` is the count (not only the rows found so far of an answer still `counting`). */
  counted = false;
  s3Total = 0;
  /** Called when a window arrives for the current query. */
  onRows: () => void = () => {};

  constructor(private readonly fetch: FetchRows, opts: RowCacheOptions = {}) {
    this.windowSize = opts.windowSize ?? WINDOW_SIZE;
    this.maxWindows = opts.maxWindows ?? 12;
    this.maxInFlight = opts.maxInFlight ?? 2;
  }

  /**
   * Asks for the first window of a query before it is run (the page does so while it waits for the
   * host's `init`), or takes `asked`, that request already sent: the next reset() with the same query
   * and sort takes this answer over instead of asking again.
   */
  prefetch(query: string, sort: SortSpec | undefined, asked?: Promise<QueryResult>): void {
    this.begin(query, sort);
    this.early = { query, sort: sortKey(sort), answer: this.send(0, asked) };
  }

  /** Starts a new query (or sort); resolves with the first window's answer (total or error). */
  reset(query: string, sort: SortSpec | undefined): Promise<QueryResult> {
    // A live early answer is of the current query: begin() (any other query) drops it.
    const early = this.early;
    if (early?.query === query && early.sort === sortKey(sort)) {
      this.early = undefined;
      return early.answer;
    }
    this.begin(query, sort);
    return this.send(0);
  }

  /** Forgets the current result: windows, requests in flight (their answers are dropped) and wants. */
  private begin(query: string, sort: SortSpec | undefined): void {
    this.early = undefined;
    this.generation++;
    this.counted = false;
    this.query = query;
    this.sort = sort;
    this.windows.clear();
    this.inFlight.clear();
    for (const waiting of this.queue.values()) for (const w of waiting) w.resolve(undefined);
    this.queue.clear();
  }

  /** The row at an index when its window is here; otherwise undefined and the window is wanted. */
  row(index: number): RowData | undefined {
    const w = Math.floor(index / this.windowSize);
    const rows = this.windows.get(w);
    if (rows && index - w * this.windowSize < rows.length) {
      // Refresh recency.
      this.windows.delete(w);
      this.windows.set(w, rows);
      return rows[index - w * this.windowSize];
    }
    if (!this.complete(w)) void this.want(w);
    return undefined;
  }

  /**
   * Is window w here whole? The first answer may hold only the rows of the first screen (early.ts
   * asks for no more, so it travels and is read faster): the rest of that window is then asked for.
   */
  private complete(w: number): boolean {
    const rows = this.windows.get(w);
    return rows !== undefined && (rows.length >= this.windowSize || (this.counted && w * this.windowSize + rows.length >= this.total));
  }

  /** The count of the current query's matches, when an answer left it for later (CountRequest). */
  setTotal(total: number): void {
    this.total = total;
    this.counted = true;
  }

  /** Makes sure the rows in [start, end] are loaded (unless dropped by `keepOnly` meanwhile). */
  async ensure(start: number, end: number): Promise<void> {
    const first = Math.floor(Math.max(0, start) / this.windowSize);
    const last = Math.floor(Math.max(0, end) / this.windowSize);
    const loads: Promise<unknown>[] = [];
    for (let w = first; w <= last; w++) if (!this.complete(w)) loads.push(this.want(w));
    await Promise.all(loads);
  }

  /** Drops wanted windows outside the rows [start, end] (what is on screen, plus a margin). */
  keepOnly(start: number, end: number): void {
    const first = Math.floor(Math.max(0, start) / this.windowSize);
    const last = Math.floor(Math.max(0, end) / this.windowSize);
    for (const [w, waiting] of this.queue) {
      if (w >= first && w <= last) continue;
      this.queue.delete(w);
      for (const x of waiting) x.resolve(undefined);
    }
  }

  get cachedWindows(): number {
    return this.windows.size;
  }

  private want(w: number): Promise<QueryResult | undefined> {
    const flying = this.inFlight.get(w);
    if (flying) return flying;
    return new Promise((resolve, reject) => {
      const waiting = this.queue.get(w) ?? [];
      this.queue.delete(w); // re-insert: most recently wanted last
      waiting.push({ resolve, reject });
      this.queue.set(w, waiting);
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight.size < this.maxInFlight && this.queue.size > 0) {
      const w = [...this.queue.keys()].pop() as number;
      const waiting = this.queue.get(w) ?? [];
      this.queue.delete(w);
      this.send(w).then((r) => { for (const x of waiting) x.resolve(r); }, (e: unknown) => { for (const x of waiting) x.reject(e); });
    }
  }

  /** Asks for window w (or takes `asked`, an answer to that request already on its way). */
  private send(w: number, asked?: Promise<QueryResult>): Promise<QueryResult> {
    const existing = this.inFlight.get(w);
    if (existing) return existing;
    const generation = this.generation;
    const done = (): void => {
      if (generation !== this.generation) return;
      this.inFlight.delete(w);
      this.pump();
    };
    const p = (asked ?? this.fetch(this.query, this.sort, w * this.windowSize, this.windowSize)).then((result) => {
      if (generation !== this.generation) return result;
      if (result.ok) {
        // A counting answer's total is a lower bound: it never replaces a count.
        if (!result.counting) this.setTotal(result.total);
        else if (!this.counted) this.total = result.total;
        this.s3Total = result.s3Total;
        this.windows.set(w, result.rows);
        while (this.windows.size > this.maxWindows) {
          const oldest = this.windows.keys().next().value as number;
          this.windows.delete(oldest);
        }
      }
      done();
      if (result.ok) this.onRows();
      return result;
    }, (err: unknown) => {
      done();
      throw err;
    });
    this.inFlight.set(w, p);
    return p;
  }
}

/** A sort as one comparable string ('' for none). */
export function sortKey(sort: SortSpec | undefined): string {
  return sort ? `${sort.column}:${sort.descending ? 'd' : 'a'}` : '';
}
