// Query evaluation over the columns: each term's matchValue runs once per distinct dictionary value of
// each column it reads (a match table per code), then one pass over the rows per term combines them.
// Same semantics as core/query's matchesValues: terms ANDed; a row lacking every value a field reads
// never matches a positive term and always matches a negated one; no `source:` term = S3 sources only.

import { ACCESS_QUERY_FIELDS, FIELD_VALUES, ROW_SET_FIELDS, type ParsedQuery, type Term } from '../query';
import { applyAccessTerm } from './access-terms';
import type { RecordValueKey } from '../record';
import { formatEventTime } from './batch';
import type { CodeArray } from './code-column';
import type { ColumnDictionary } from './dictionary';
import { PATH_MATCH, PATH_UNREAD, type PathAnswers } from './path-answers';
import { FLAG_ACCESS, FLAG_DEAD, FLAG_S3, type RecordIndex } from './store';

// Local copies: a transpiled import can be a getter, read on every iteration of the row loops.
const DEAD = FLAG_DEAD;
const S3 = FLAG_S3;

interface MatchTable {
  /** Dictionary size the table covers; codes past it are evaluated when the dictionary grows. */
  size: number;
  table: Uint8Array;
  /** The dictionary it was made for, held weakly (a coded view must not stay alive for a cached table). */
  dict: WeakRef<ColumnDictionary>;
}

/**
 * Rows of a workspace-computed term (story:, integrity:): a mask over row ids (1 = in the set; rows past
 * its end are not), or undefined when nothing is known (no row is in the set). `version` changes whenever
 * an answer may have changed (new integrity results), so cached results are not reused across it.
 */
export interface RowSets {
  /** `termText` is the term as written (`story:AKIA…`, `-integrity:failed`), case kept. */
  rows(term: Term, termText: string): Uint8Array | undefined;
  readonly version: number;
}

/** Evaluates queries against one index, caching per-term match tables and the last result. */
export class QueryEvaluator {
  private tables = new Map<string, MatchTable>();
  private last: { key: string; generation: number; layout: number; dead: number; paths: number; rows: Uint32Array; mask: Uint8Array } | undefined;

  /** `paths`: what re-reading told about path terms (without it every row is a candidate for them); `rowSets`: the
   *  rows of workspace-computed terms (story:, integrity:). */
  constructor(private readonly index: RecordIndex, private readonly paths?: PathAnswers, private readonly rowSets?: RowSets) {}

  /** Ids of the live rows matching the query, ascending. */
  matchingRows(q: ParsedQuery): Uint32Array {
    return this.result(q).rows;
  }

  /** The matching rows, ascending, and the same set as a mask over every row id (1 = matches). */
  result(q: ParsedQuery): { rows: Uint32Array; mask: Uint8Array } {
    const key = q.terms.some((t) => ROW_SET_FIELDS.includes(t.field)) ? `${queryKey(q)}\u0002${this.rowSets?.version ?? 0}` : queryKey(q);
    const last = this.last;
    const paths = this.paths?.version ?? 0;
    if (last && last.key === key && last.generation === this.index.generation && last.paths === paths) return last;
    // Rows only appended since (a file added): evaluate the new rows and keep the old answer for the rest.
    const kept = last && last.key === key && last.layout === this.index.layout && last.dead === this.index.deadRows && last.paths === paths ? last : undefined;
    const { rows, mask } = this.evaluate(q, kept);
    this.last = { key, generation: this.index.generation, layout: this.index.layout, dead: this.index.deadRows, paths, rows, mask };
    return this.last;
  }

  /** Rows [from, n) are evaluated; rows before `from` keep `prior`'s answer (none: from = 0). */
  private evaluate(q: ParsedQuery, prior?: { rows: Uint32Array; mask: Uint8Array }): { rows: Uint32Array; mask: Uint8Array } {
    const index = this.index;
    const n = index.rowCount;
    const flags = index.flags;
    const mask = new Uint8Array(n);
    const from = prior ? Math.min(prior.mask.length, n) : 0;
    if (prior) mask.set(prior.mask.subarray(0, from));
    if (q.s3Only) {
      for (let r = from; r < n; r++) mask[r] = (flags[r] & (DEAD | S3)) === S3 ? 1 : 0;
    } else {
      for (let r = from; r < n; r++) mask[r] = (flags[r] & DEAD) === 0 ? 1 : 0;
    }
    for (const term of q.terms) {
      if (term.field === 'since' || term.field === 'until') this.applyTime(term, mask, from);
      else if (term.path) this.applyPath(q, term, mask, from);
      else if (ROW_SET_FIELDS.includes(term.field)) this.applyRowSet(term, q.text.slice(term.start, term.end), mask, from);
      else if (ACCESS_QUERY_FIELDS.includes(term.field)) applyAccessTerm(this.index, term, mask, from);
      else this.applyValues(term, q.text.slice(term.start, term.end), mask, from);
    }
    let added = 0;
    for (let r = from; r < n; r++) added += mask[r];
    const before = prior ? prior.rows : new Uint32Array(0);
    const out = new Uint32Array(before.length + added);
    out.set(before);
    let w = before.length;
    for (let r = from; w < out.length; r++) if (mask[r] !== 0) out[w++] = r;
    if (this.tables.size > 256) this.tables.clear();
    return { rows: out, mask };
  }

  private applyRowSet(term: Term, termText: string, mask: Uint8Array, from: number): void {
    const set = this.rowSets?.rows(term, termText);
    const keep = term.negated ? 0 : 1;
    const known = set ? Math.min(set.length, mask.length) : 0;
    for (let r = from; r < mask.length; r++) {
      if (mask[r] !== 0 && (r < known && set![r] !== 0 ? 1 : 0) !== keep) mask[r] = 0;
    }
  }

  private applyTime(term: Term, mask: Uint8Array, from: number): void {
    const bound = term.timeMs;
    const time = this.index.time;
    const since = term.field === 'since';
    for (let r = from; r < mask.length; r++) {
      if (!mask[r]) continue;
      const t = time[r];
      // NaN (no eventTime) is "lacking": fails a positive bound, passes a negated one.
      const inside = bound === undefined || Number.isNaN(t) ? false : since ? t >= bound : t <= bound;
      if (inside === term.negated) mask[r] = 0;
    }
  }

  /** Drops the rows re-reading found not to pass a path term; rows not read yet stay candidates. */
  private applyPath(q: ParsedQuery, term: Term, mask: Uint8Array, from: number): void {
    if (!this.paths) return;
    const state = this.paths.stateOf(q, term, mask.length, this.index.layout);
    const flags = this.index.flags;
    for (let r = from; r < mask.length; r++) {
      if (!mask[r]) continue;
      // An access-log line has no requestParameters or other record paths: it lacks them (never re-read).
      if (flags[r] & FLAG_ACCESS) {
        if (!term.negated) mask[r] = 0;
        continue;
      }
      if (state[r] === PATH_UNREAD) continue;
      if ((state[r] === PATH_MATCH) === term.negated) mask[r] = 0;
    }
  }

  private applyValues(term: Term, termText: string, mask: Uint8Array, from: number): void {
    const keys = FIELD_VALUES[term.field];
    const termKey = `${term.field}\u0000${termText}${pinsKey(term)}`;
    const cols = keys.map((k) => ({ key: k, codes: this.index.columns[k].codes, table: this.matchTable(termKey, k, term) }));
    const time = this.index.time;
    const readsTime = keys.includes('eventTime');
    const timeCache = new Map<number, boolean>();
    const neg = term.negated;
    if (cols.length === 1 && !readsTime) {
      filterByTable(cols[0].codes, cols[0].table, mask, neg, from);
      return;
    }
    for (let r = from; r < mask.length; r++) {
      if (!mask[r]) continue;
      let matched = false;
      for (let c = 0; c < cols.length && !matched; c++) {
        const col = cols[c];
        const code = col.codes[r];
        if (col.key === 'eventTime' && code === 0) {
          // Code 0 with a time: the canonical text, rebuilt from the number.
          const t = time[r];
          if (Number.isNaN(t)) continue;
          let m = timeCache.get(t);
          if (m === undefined) {
            m = term.matchValue(formatEventTime(t));
            timeCache.set(t, m);
          }
          matched = m;
        } else {
          matched = col.table[code] === 1;
        }
      }
      if (matched === neg) mask[r] = 0;
    }
  }

  private matchTable(termKey: string, column: RecordValueKey, term: Term): Uint8Array {
    const dict = this.index.columns[column].dict;
    const cacheKey = `${termKey}\u0000${column}`;
    let mt = this.tables.get(cacheKey);
    // A column kept in the row gives a new dictionary (a new coded view) after a compaction: its codes then
    // name other values, so a table is only reused or extended for the dictionary it was made for.
    if (mt && mt.dict.deref() === dict && mt.size === dict.size) return mt.table;
    const table = new Uint8Array(dict.size);
    let from = 1;
    if (mt && mt.dict.deref() === dict) {
      table.set(mt.table);
      from = mt.size;
    }
    for (let c = from; c < dict.size; c++) table[c] = term.matchValue(dict.value(c)!) ? 1 : 0;
    mt = { size: dict.size, table, dict: new WeakRef(dict) };
    this.tables.set(cacheKey, mt);
    return table;
  }
}

/**
 * Keeps the rows whose code's table entry is 1 (0 when negated). One loop per code array type: a single
 * loop fed Uint8, Uint16 and Uint32 arrays turns polymorphic and runs several times slower.
 */
function filterByTable(codes: CodeArray, table: Uint8Array, mask: Uint8Array, negated: boolean, from: number): void {
  const keep = negated ? 0 : 1;
  const n = mask.length;
  if (codes instanceof Uint8Array) {
    for (let r = from; r < n; r++) if (mask[r] !== 0 && table[codes[r]] !== keep) mask[r] = 0;
  } else if (codes instanceof Uint16Array) {
    for (let r = from; r < n; r++) if (mask[r] !== 0 && table[codes[r]] !== keep) mask[r] = 0;
  } else {
    for (let r = from; r < n; r++) if (mask[r] !== 0 && table[codes[r]] !== keep) mask[r] = 0;
  }
}

function queryKey(q: ParsedQuery): string {
  return `${q.s3Only ? 1 : 0}\u0000${q.terms.map((t) => `${t.field}\u0001${t.negated ? '-' : ''}${q.text.slice(t.start, t.end)}\u0001${t.timeMs ?? ''}${pinsKey(t)}`).join('\u0000')}`;
}

/** A `pinned:` term means other rows once the pins change: its cached tables and results are keyed by them. */
function pinsKey(t: Term): string {
  return t.pinnedIDs ? `\u0002${t.pinnedIDs.join('\u0002')}` : '';
}
