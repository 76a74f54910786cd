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
import type { RowTimes } from './row-times';

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

/** Rows evaluated together: each term's pass over a block finds it in the first-level cache, and a block that no row
 *  passes skips the remaining terms. */
const BLOCK = 4096;

/**
 * A query's answer: the mask over every row id (1 = matches), the count, and the matching row ids ascending, which
 * are built on first read (a count, a window read off a sort order, facets and the histogram of a large result read
 * the mask instead; the ids cost a pass and 4 bytes a match).
 */
export class MatchResult {
  private ids: Uint32Array | undefined;

  constructor(readonly mask: Uint8Array, readonly count: number) {}

  get rows(): Uint32Array {
    if (!this.ids) {
      const mask = this.mask;
      // One slot of room: every row id is written at the next free slot and the slot is taken when the row
      // matches (no branch to mispredict on a mask of mixed rows).
      const out = new Uint32Array(this.count + 1);
      let w = 0;
      for (let r = 0; r < mask.length; r++) {
        out[w] = r;
        w += mask[r];
      }
      this.ids = out.subarray(0, this.count);
    }
    return this.ids;
  }
}

/** A term that reads one code column through a match table: one table lookup per row. */
interface CodeStep {
  kind: 'codes';
  codes: CodeArray;
  table: Uint8Array;
  negated: boolean;
}

/** A since:/until: bound on eventTime. */
interface TimeStep {
  kind: 'time';
  since: boolean;
  bound: number | undefined;
  negated: boolean;
}

/** A term that reads several code columns (none of them eventTime): a row matches when any of them does. */
interface AnyStep {
  kind: 'any';
  columns: { codes: CodeArray; table: Uint8Array }[];
  negated: boolean;
  /** One block's "any column matched" bits. */
  scratch: Uint8Array;
}

type Step = CodeStep | TimeStep | AnyStep;

interface LastResult {
  key: string;
  /** Each term's key: a later query holding all of them (and the same scope) narrows this one. */
  termKeys: Set<string>;
  s3Only: boolean;
  generation: number;
  layout: number;
  dead: number;
  paths: number;
  rowSets: number;
  result: MatchResult;
}

/** Evaluates queries against one index, caching per-term match tables and the last result. */
export class QueryEvaluator {
  private tables = new Map<string, MatchTable>();
  private last: LastResult | undefined;
  /** How many answers started from the previous query's mask (a narrowing query): what tests check was taken. */
  narrowed = 0;

  /** `paths`: what re-reading told about path terms (without it every row is a candidate for them); `rowSets`: the
   *  rows of workspace-computed terms (story:, integrity:). */
  constructor(private readonly index: RecordIndex, private readonly paths?: PathAnswers, private readonly rowSets?: RowSets) {}

  /** Ids of the live rows matching the query, ascending. */
  matchingRows(q: ParsedQuery): Uint32Array {
    return this.result(q).rows;
  }

  /** The matching rows: as a mask over every row id (1 = matches), their count and their ids. */
  result(q: ParsedQuery): MatchResult {
    const key = this.resultKey(q);
    const last = this.last;
    const index = this.index;
    const paths = this.paths?.version ?? 0;
    const rowSets = this.rowSets?.version ?? 0;
    const current = this.current(key);
    if (current) return current;
    // Rows only appended since (a file added): evaluate the new rows and keep the old answer for the rest.
    const kept = last && last.key === key && last.layout === index.layout && last.dead === index.deadRows && last.paths === paths ? last.result : undefined;
    const termKeys = new Set(q.terms.map((t) => termKey(q, t)));
    // A narrower query than the last one over the same rows (terms added, as when a filter is refined): start
    // from its mask and evaluate only the added terms. Terms are ANDed, so the answer is the same.
    const narrows = !kept && last && last.s3Only === q.s3Only && last.generation === index.generation && last.paths === paths && last.rowSets === rowSets
      && [...last.termKeys].every((k) => termKeys.has(k));
    if (narrows) this.narrowed++;
    const result = narrows
      ? this.evaluate(q.terms.filter((t) => !last.termKeys.has(termKey(q, t))), q, undefined, last.result)
      : this.evaluate(q.terms, q, kept);
    this.last = { key, termKeys, s3Only: q.s3Only, generation: index.generation, layout: index.layout, dead: index.deadRows, paths, rowSets, result };
    return result;
  }

  /** The answer to q when it is evaluated already and still current (nothing to count again). */
  cached(q: ParsedQuery): MatchResult | undefined {
    return this.current(this.resultKey(q));
  }

  private resultKey(q: ParsedQuery): string {
    return q.terms.some((t) => ROW_SET_FIELDS.includes(t.field)) ? `${queryKey(q)}\u0002${this.rowSets?.version ?? 0}` : queryKey(q);
  }

  private current(key: string): MatchResult | undefined {
    const last = this.last;
    return last && last.key === key && last.generation === this.index.generation && last.paths === (this.paths?.version ?? 0) ? last.result : undefined;
  }

  /**
   * Whether one row matches q, read row by row with the same match tables as the pass over every row (what a walk
   * along a sort order asks of the rows it visits, stopping at the first screens' matches, without that pass).
   * Undefined when a term is read otherwise (paths, row sets, access-log terms, the eventTime text).
   */
  rowTest(q: ParsedQuery): ((row: number) => boolean) | undefined {
    const steps: Step[] = [];
    for (const term of q.terms) {
      const step = this.step(term, q);
      if (!step) return undefined;
      steps.push(step);
    }
    const flags = this.index.flags;
    const time = this.index.time;
    const [bits, want] = q.s3Only ? [DEAD | S3, S3] : [DEAD, 0];
    return (r) => {
      if ((flags[r] & bits) !== want) return false;
      for (let s = 0; s < steps.length; s++) if (!rowPasses(steps[s], time, r)) return false;
      return true;
    };
  }

  /**
   * Applies `terms` (of `q`) to rows [from, n): rows before `from` keep `prior`'s answer (none: from = 0). With
   * `base`, an answer over every row of a query whose terms q holds besides `terms`: its mask is the start.
   */
  private evaluate(terms: readonly Term[], q: ParsedQuery, prior?: MatchResult, base?: MatchResult): MatchResult {
    const index = this.index;
    const n = index.rowCount;
    const flags = index.flags;
    let mask: Uint8Array;
    const from = prior ? Math.min(prior.mask.length, n) : 0;
    if (base) mask = base.mask.slice();
    else {
      mask = new Uint8Array(n);
      if (prior) mask.set(prior.mask.subarray(0, from));
    }
    // The terms that read code columns or the time go through the rows block by block; the others (path, row set,
    // access-log terms, the eventTime text), rarer and dearer per row, then visit the rows still in.
    const steps: Step[] = [];
    const rest: Term[] = [];
    for (const term of terms) {
      const step = this.step(term, q);
      if (step) steps.push(step);
      else rest.push(term);
    }
    let count = 0;
    const fused = base || steps.length > MAX_FUSED ? undefined : fusedSteps(steps);
    if (fused) {
      const [bits, want] = q.s3Only ? [DEAD | S3, S3] : [DEAD, 0];
      count = fuse(fused, flags, bits, want, mask, from, n);
    } else for (let b = from; b < n; b += BLOCK) {
      const e = Math.min(n, b + BLOCK);
      let live = base ? BLOCK : q.s3Only ? initBlock(flags, mask, b, e, DEAD | S3, S3) : initBlock(flags, mask, b, e, DEAD, 0);
      for (let s = 0; s < steps.length && live !== 0; s++) live = applyStep(steps[s], index.time, mask, b, e);
      if (live !== 0 && (steps.length === 0 && base !== undefined)) live = countBlock(mask, b, e);
      count += live;
    }
    if (rest.length > 0) {
      for (const term of rest) {
        if (term.path) this.applyPath(q, term, mask, from);
        else if (ROW_SET_FIELDS.includes(term.field)) this.applyRowSet(term, q.text.slice(term.start, term.end), mask, from);
        else if (ACCESS_QUERY_FIELDS.includes(term.field)) applyAccessTerm(this.index, term, mask, from);
        else this.applyValues(term, q.text.slice(term.start, term.end), mask, from);
      }
      count = countBlock(mask, from, n);
    }
    if (prior) count += prior.count;
    if (this.tables.size > 256) this.tables.clear();
    return new MatchResult(mask, count);
  }

  /** The block step of a term that reads one code column (not the time) or a time bound; undefined for others. */
  private step(term: Term, q: ParsedQuery): Step | undefined {
    if (term.field === 'since' || term.field === 'until') return { kind: 'time', since: term.field === 'since', bound: term.timeMs, negated: term.negated };
    if (term.path || ROW_SET_FIELDS.includes(term.field) || ACCESS_QUERY_FIELDS.includes(term.field)) return undefined;
    const keys = FIELD_VALUES[term.field];
    if (keys.length === 0 || keys.includes('eventTime')) return undefined;
    const termKey = `${term.field}\u0000${q.text.slice(term.start, term.end)}${pinsKey(term)}`;
    const columns = keys.map((k) => ({ codes: this.index.columns[k].codes, table: this.matchTable(termKey, k, term) }));
    if (columns.length === 1) return { kind: 'codes', ...columns[0], negated: term.negated };
    return { kind: 'any', columns, negated: term.negated, scratch: new Uint8Array(BLOCK) };
  }
  private applyRowSet(term: Term, termText: string, mask: Uint8Array, from: number): void {
    const set = this.rowSets?.rows(term, termText);
    const keep = term.negated ? 0 : 1;
    const known = set ? Math.min(set.length, mask.length) : 0;
    for (let r = from; r < mask.length; r++) {
      if (mask[r] !== 0 && (r < known && set![r] !== 0 ? 1 : 0) !== keep) mask[r] = 0;
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
          const t = time.at(r);
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

/** Up to this many code-column terms are applied in one loop over the rows with the scope (fuse()). */
const MAX_FUSED = 3;

/** The steps as (codes, table) pairs with each negation folded into a flipped copy of its table, when every step
 *  reads one code column; else undefined. */
function fusedSteps(steps: readonly Step[]): { codes: CodeArray; table: Uint8Array }[] | undefined {
  const out: { codes: CodeArray; table: Uint8Array }[] = [];
  for (const step of steps) {
    if (step.kind !== 'codes') return undefined;
    out.push({ codes: step.codes, table: step.negated ? step.table.map((m) => m ^ 1) : step.table });
  }
  return out;
}

/**
 * Scope and up to MAX_FUSED code-column terms in one loop over rows [from, n), writing the mask; returns the count.
 * One loop reading every column costs about half of a loop per term over cache-sized blocks (each such loop loads
 * and stores the mask again). A one-term query (the common filter) has a loop per code array type; two or three
 * terms share a loop whose reads take any type.
 */
function fuse(steps: readonly { codes: CodeArray; table: Uint8Array }[], flags: Uint8Array, bits: number, want: number, mask: Uint8Array, from: number, n: number): number {
  if (steps.length === 0) return initBlock(flags, mask, from, n, bits, want);
  const [a, b, c] = steps;
  if (steps.length === 1) {
    if (a.codes instanceof Uint8Array) return fuse1u8(a.codes, a.table, flags, bits, want, mask, from, n);
    if (a.codes instanceof Uint16Array) return fuse1u16(a.codes, a.table, flags, bits, want, mask, from, n);
    return fuse1u32(a.codes, a.table, flags, bits, want, mask, from, n);
  }
  if (steps.length === 2) return fuse2(a.codes, a.table, b.codes, b.table, flags, bits, want, mask, from, n);
  return fuse3(a.codes, a.table, b.codes, b.table, c.codes, c.table, flags, bits, want, mask, from, n);
}

function fuse1u8(codes: Uint8Array, table: Uint8Array, flags: Uint8Array, bits: number, want: number, mask: Uint8Array, from: number, n: number): number {
  let count = 0;
  for (let r = from; r < n; r++) {
    const m = ((flags[r] & bits) === want ? 1 : 0) & table[codes[r]];
    mask[r] = m;
    count += m;
  }
  return count;
}

function fuse1u16(codes: Uint16Array, table: Uint8Array, flags: Uint8Array, bits: number, want: number, mask: Uint8Array, from: number, n: number): number {
  let count = 0;
  for (let r = from; r < n; r++) {
    const m = ((flags[r] & bits) === want ? 1 : 0) & table[codes[r]];
    mask[r] = m;
    count += m;
  }
  return count;
}

function fuse1u32(codes: Uint32Array, table: Uint8Array, flags: Uint8Array, bits: number, want: number, mask: Uint8Array, from: number, n: number): number {
  let count = 0;
  for (let r = from; r < n; r++) {
    const m = ((flags[r] & bits) === want ? 1 : 0) & table[codes[r]];
    mask[r] = m;
    count += m;
  }
  return count;
}

function fuse2(a: CodeArray, ta: Uint8Array, b: CodeArray, tb: Uint8Array, flags: Uint8Array, bits: number, want: number, mask: Uint8Array, from: number, n: number): number {
  let count = 0;
  for (let r = from; r < n; r++) {
    const m = ((flags[r] & bits) === want ? 1 : 0) & ta[a[r]] & tb[b[r]];
    mask[r] = m;
    count += m;
  }
  return count;
}

function fuse3(a: CodeArray, ta: Uint8Array, b: CodeArray, tb: Uint8Array, c: CodeArray, tc: Uint8Array, flags: Uint8Array, bits: number, want: number, mask: Uint8Array, from: number, n: number): number {
  let count = 0;
  for (let r = from; r < n; r++) {
    const m = ((flags[r] & bits) === want ? 1 : 0) & ta[a[r]] & tb[b[r]] & tc[c[r]];
    mask[r] = m;
    count += m;
  }
  return count;
}

/** mask[r] = 1 for the rows r of [b, e) whose flags & bits are want (live; live S3); returns how many. */
function initBlock(flags: Uint8Array, mask: Uint8Array, b: number, e: number, bits: number, want: number): number {
  let live = 0;
  for (let r = b; r < e; r++) {
    const m = (flags[r] & bits) === want ? 1 : 0;
    mask[r] = m;
    live += m;
  }
  return live;
}

/** How many rows of [b, e) the mask holds. */
function countBlock(mask: Uint8Array, b: number, e: number): number {
  let live = 0;
  for (let r = b; r < e; r++) live += mask[r];
  return live;
}

/** Applies one step to rows [b, e) of the mask; returns how many rows of the block are still in. */
function applyStep(step: Step, time: RowTimes, mask: Uint8Array, b: number, e: number): number {
  if (step.kind === 'time') return timeBlock(step, time, mask, b, e);
  if (step.kind === 'any') return anyBlock(step, mask, b, e);
  const { codes, table } = step;
  // Branch-free: each row's bit is ANDed with its code's entry (a mixed mask mispredicts a branch every other row).
  // One loop per code array type and sign: a loop fed Uint8, Uint16 and Uint32 arrays turns polymorphic.
  if (codes instanceof Uint8Array) return step.negated ? codes8Not(codes, table, mask, b, e) : codes8(codes, table, mask, b, e);
  if (codes instanceof Uint16Array) return step.negated ? codes16Not(codes, table, mask, b, e) : codes16(codes, table, mask, b, e);
  return step.negated ? codes32Not(codes, table, mask, b, e) : codes32(codes, table, mask, b, e);
}

function codes8(codes: Uint8Array, table: Uint8Array, mask: Uint8Array, b: number, e: number): number {
  let live = 0;
  for (let r = b; r < e; r++) {
    const m = mask[r] & table[codes[r]];
    mask[r] = m;
    live += m;
  }
  return live;
}

function codes8Not(codes: Uint8Array, table: Uint8Array, mask: Uint8Array, b: number, e: number): number {
  let live = 0;
  for (let r = b; r < e; r++) {
    const m = mask[r] & (table[codes[r]] ^ 1);
    mask[r] = m;
    live += m;
  }
  return live;
}

function codes16(codes: Uint16Array, table: Uint8Array, mask: Uint8Array, b: number, e: number): number {
  let live = 0;
  for (let r = b; r < e; r++) {
    const m = mask[r] & table[codes[r]];
    mask[r] = m;
    live += m;
  }
  return live;
}

function codes16Not(codes: Uint16Array, table: Uint8Array, mask: Uint8Array, b: number, e: number): number {
  let live = 0;
  for (let r = b; r < e; r++) {
    const m = mask[r] & (table[codes[r]] ^ 1);
    mask[r] = m;
    live += m;
  }
  return live;
}

function codes32(codes: Uint32Array, table: Uint8Array, mask: Uint8Array, b: number, e: number): number {
  let live = 0;
  for (let r = b; r < e; r++) {
    const m = mask[r] & table[codes[r]];
    mask[r] = m;
    live += m;
  }
  return live;
}

function codes32Not(codes: Uint32Array, table: Uint8Array, mask: Uint8Array, b: number, e: number): number {
  let live = 0;
  for (let r = b; r < e; r++) {
    const m = mask[r] & (table[codes[r]] ^ 1);
    mask[r] = m;
    live += m;
  }
  return live;
}

/** A term over several columns: each column's matches ORed into the block's scratch bits, then ANDed into the mask. */
function anyBlock(step: AnyStep, mask: Uint8Array, b: number, e: number): number {
  const hit = step.scratch;
  hit.fill(0);
  for (const { codes, table } of step.columns) {
    if (codes instanceof Uint8Array) orCodes8(codes, table, hit, b, e);
    else if (codes instanceof Uint16Array) orCodes16(codes, table, hit, b, e);
    else orCodes32(codes, table, hit, b, e);
  }
  const flip = step.negated ? 1 : 0;
  let live = 0;
  for (let r = b; r < e; r++) {
    const m = mask[r] & (hit[r - b] ^ flip);
    mask[r] = m;
    live += m;
  }
  return live;
}

function orCodes8(codes: Uint8Array, table: Uint8Array, hit: Uint8Array, b: number, e: number): void {
  for (let r = b; r < e; r++) hit[r - b] |= table[codes[r]];
}

function orCodes16(codes: Uint16Array, table: Uint8Array, hit: Uint8Array, b: number, e: number): void {
  for (let r = b; r < e; r++) hit[r - b] |= table[codes[r]];
}

function orCodes32(codes: Uint32Array, table: Uint8Array, hit: Uint8Array, b: number, e: number): void {
  for (let r = b; r < e; r++) hit[r - b] |= table[codes[r]];
}

/** Whether row r passes one step: the block loops' test for one row. */
function rowPasses(step: Step, time: RowTimes, r: number): boolean {
  let hit: boolean;
  if (step.kind === 'time') {
    const t = time.at(r);
    hit = step.bound !== undefined && (step.since ? t >= step.bound : t <= step.bound);
  } else if (step.kind === 'any') {
    hit = step.columns.some(({ codes, table }) => table[codes[r]] === 1);
  } else {
    hit = step.table[step.codes[r]] === 1;
  }
  return hit !== step.negated;
}

/** A since:/until: bound over rows [b, e). NaN (no eventTime) is "lacking": fails a positive bound, passes a
 *  negated one; a bound that did not parse matches nothing. */
function timeBlock(step: TimeStep, time: RowTimes, mask: Uint8Array, b: number, e: number): number {
  const bound = step.bound;
  const flip = step.negated ? 1 : 0;
  let live = 0;
  if (bound === undefined) {
    for (let r = b; r < e; r++) {
      const m = mask[r] & flip;
      mask[r] = m;
      live += m;
    }
  } else if (step.since) {
    for (let r = b; r < e; r++) {
      const m = mask[r] & ((time.at(r) >= bound ? 1 : 0) ^ flip);
      mask[r] = m;
      live += m;
    }
  } else {
    for (let r = b; r < e; r++) {
      const m = mask[r] & ((time.at(r) <= bound ? 1 : 0) ^ flip);
      mask[r] = m;
      live += m;
    }
  }
  return live;
}

/** A term's identity within a query: its text as written and what it was read with (time bound, pins). */
function termKey(q: ParsedQuery, t: Term): string {
  return `${t.field}\u0001${t.negated ? '-' : ''}${q.text.slice(t.start, t.end)}\u0001${t.timeMs ?? ''}${pinsKey(t)}`;
}

function queryKey(q: ParsedQuery): string {
  return `${q.s3Only ? 1 : 0}\u0000${q.terms.map((t) => termKey(q, t)).join('\u0000')}`;
}

/** A `pinned:` term means other rows once the pins change: its cached tables and results are keyed by them. */
function pinsKey(t: Term): string {
  return t.pinnedIDs ? `\u0002${t.pinnedIDs.join('\u0002')}` : '';
}
