// Findings from the workspace index instead of a full parse of every record. The rules' queries are answered
// together in one scan of the index's columns (rule-scan.ts); only the candidates of rules that test request
// details the index's facts do not answer are re-read from their files by location. Per-file rules keep
// their candidates in each file's share, with the file's part of the context (own accounts, public use of
// buckets), so a changed file costs its own rows. First-seen and window rules look at the whole index: the
// history is rebuilt from per-row ids (row-ids.ts, history.ts) on typed arrays, first-seen verdicts are
// worked out once per distinct pair, and window rules decide again only the groups a change touched
// (windows.ts); what they keep between calls lives as long as the index keeps its row ids.

import type { TrailIndex } from '../index';
import { openText, readRecordsAt, TextPosition } from '../files';
import { ROW_SET_FIELDS, matchesValues } from '../query';
import { FLAG_DEAD, RowIdColumn } from '../index';
import type { RecordSpanAt } from '../files';
import { RECORD_VALUE_KEYS, type RawRecord, type RecordValueKey, type RecordValues } from '../record';
import type { DetectRecord, Finding, RecordLocation } from './engine';
import { detailsHoldOf, needsRaw } from './engine';
import { EMPTY_CONTEXT, VALUE_CHECKS, VALUE_CHECK_COLUMNS } from './checks';
import { CONTEXT_CHECKS, FACTS_READ, FactPlan, factMask } from './facts';
import { builtinRules } from './load';
import type { IndexHistory } from './history';
import { RowIds } from './row-ids';
import type { GroupField, Rule } from './rules';
import { scanQueries } from './rule-scan';
import { WindowRows } from './windows';
import { MAYBE, TRUE, type SigmaColumn } from './sigma';
import { noteBucketUse, type FileShare, type FindingsStore } from './store';

type Shape = Parameters<typeof readRecordsAt>[2];

export interface FromIndexOptions {
  /** The files to (re)compute; all live files of the index when absent. */
  files?: readonly string[];
  /** The shape each file was indexed with (what re-reading a record by location needs). */
  shapeOf?(file: string): Shape;
  /** Files read at once when re-reading candidates (gunzip runs on libuv's pool). */
  concurrency?: number;
}

/** The values of a record the engine reads (engine.ts: fieldValue, principalKey, the value checks, makeFinding;
 *  store.ts: Sigma findings' groups). */
const DETECT_VALUE_KEYS: readonly RecordValueKey[] = [
  'eventTime', 'eventName', 'bucket', 'key', 'userArn', 'principalId', 'principal', 'account', 'recipient', 'region', 'sourceIP', 'userAgent',
  'errorCode', 'anonymous', 'eventID',
];

/** Threshold rules whose candidates the index path finds over the whole index (thresholdRows on its ids, then
 *  only the rows of windows that reach the threshold become records): those whose checks read no context
 *  and test no path, so which rows take part in a window does not depend on the workspace context. Their
 *  windows span files, so a changed file recomputes them whole (matching rows come from the index's columns). */
function isWindowRule(rule: Rule): boolean {
  return rule.threshold !== undefined && !rule.firstSeen && rule.where.length === 0
    && rule.checks.every((c) => !CONTEXT_CHECKS.has(c) && !Object.hasOwn(VALUE_CHECKS, c));
}


/** What is kept between calls while the index keeps its row ids (its layout: rows are only appended or die in
 *  between), so that a changed file costs its own rows and the groups it touches, not the workspace. */
interface IndexState {
  rowIds: RowIds;
  /** Per rule evaluated over the whole index (first-seen and window rules), its rows among the first `upTo`
   *  rows of the index (see ruleRows). */
  matches: Map<number, { rows: Uint32Array; upTo: number }>;
  /** Which rows were seen dead, up to `upTo` (see rowChanges). */
  seen: { dead: Uint8Array; upTo: number };
  /** First-seen rules' rows as last decided (before their threshold) and the verdicts they were decided by. */
  firstSeen: Map<number, { rows: number[]; verdicts: Verdicts; windows: WindowRows | undefined }>;
  windows: Map<number, WindowRows>;
  /** Window rules' rows whose facts were not worked out, with their re-read record. */
  reread: Map<number, Map<number, DetectRecord>>;
  /** The candidate rows last handed to the store per rule: the same rows again leave its findings alone. */
  handed: Map<number, number[]>;
  /** Records of rows handed to the store (values, location, facts), made once per row. */
  records: Map<number, DetectRecord>;
}
const states = new WeakMap<FindingsStore, IndexState>();

/** The store's state for this index; a fresh one when the index is another or its row ids changed, or when
 *  every file is computed again (`fresh`). */
function stateOf(store: FindingsStore, index: TrailIndex, fresh: boolean): IndexState {
  let state = states.get(store);
  if (!state || fresh || !state.rowIds.fits(index)) {
    states.set(store, (state = {
      rowIds: new RowIds(index, index.store.layout), matches: new Map(), seen: { dead: new Uint8Array(0), upTo: 0 }, firstSeen: new Map(), windows: new Map(), reread: new Map(), handed: new Map(), records: new Map(),
    }));
  }
  return state;
}

/** Rows that died and rows added since the last call (rows are only appended or die while the index keeps its
 *  row ids); `fresh`: no last call. */
export interface RowChanges {
  fresh: boolean;
  dead: number[];
  added: number[];
}

function rowChanges(state: IndexState, s: TrailIndex['store']): RowChanges {
  const fresh = state.seen.upTo === 0 && state.seen.dead.length === 0;
  let dead = state.seen.dead;
  if (dead.length < s.rowCount) {
    const grown = new Uint8Array(Math.max(s.rowCount, Math.ceil(dead.length * 1.25)));
    grown.set(dead);
    dead = state.seen.dead = grown;
  }
  const flags = s.flags;
  const changes: RowChanges = { fresh, dead: [], added: [] };
  const upTo = state.seen.upTo;
  for (let row = 0; row < upTo; row++) {
    if ((flags[row] & FLAG_DEAD) !== 0 && dead[row] === 0) {
      dead[row] = 1;
      changes.dead.push(row);
    }
  }
  for (let row = upTo; row < s.rowCount; row++) {
    if ((flags[row] & FLAG_DEAD) !== 0) dead[row] = 1;
    else if (!fresh) changes.added.push(row);
  }
  state.seen.upTo = s.rowCount;
  return changes;
}

/** The rows a rule's query takes over the whole index (ascending; rows that died since they were taken stay
 *  in the list: readers skip dead rows), and the rows whose part changed since the last call (rows of the
 *  rule that died or were added; undefined: unknown, decide everything). A change costs its own rows tested
 *  one by one (the query's reference evaluator, as the few-files path does) instead of the index answering
 *  the query again. */
function ruleRows(state: IndexState, index: TrailIndex, rule: Rule, i: number, valuesOf: (row: number) => RecordValues,
  scanned: readonly (Uint32Array | undefined)[], changes: RowChanges): { rows: Uint32Array; changed: number[] | undefined } {
  const s = index.store;
  const perRow = rule.query.terms.every((t) => !t.path && t.field !== 'pinned' && !ROW_SET_FIELDS.includes(t.field));
  const cached = state.matches.get(i);
  let rows: Uint32Array;
  let changed: number[] | undefined;
  if (!cached || !perRow) rows = scanned[i] ?? index.matchingRows(rule.query);
  else {
    changed = changes.dead.filter((row) => row < cached.upTo && matchesValues(rule.query, valuesOf(row)));
    const added = changes.added.filter((row) => row >= cached.upTo && matchesValues(rule.query, valuesOf(row)));
    rows = cached.rows;
    if (added.length > 0) {
      rows = new Uint32Array(cached.rows.length + added.length);
      rows.set(cached.rows);
      rows.set(added, cached.rows.length);
      changed.push(...added);
    }
  }
  state.matches.set(i, { rows, upTo: s.rowCount });
  return { rows, changed };
}

function sameRows(a: readonly number[] | undefined, b: readonly number[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The plan the index workers work out request-detail facts with (engine/index-worker.ts): the same rules,
 *  so a row's bits mean the same here. */
let factPlan: FactPlan | undefined;

/** Computes the shares of the given files (all when none given) from the index and hands them to the store. */
export async function setFilesFromIndex(store: FindingsStore, index: TrailIndex, opts: FromIndexOptions = {}): Promise<void> {
  const s = index.store;
  const paths = s.filePaths();
  // What changed in the index since the last call: rows die in other files too (a changed file's records
  // shadow their copies in files whose paths sort later, removing a file brings such copies back), so the
  // files of every row that died or was added are computed again with the given ones. Without a last call
  // on these row ids (none yet, or the index compacted), every file is.
  const state = stateOf(store, index, opts.files === undefined);
  const changes = rowChanges(state, s);
  const wantedPaths = new Set(opts.files && !changes.fresh ? opts.files : s.livePaths());
  if (opts.files) {
    for (const f of opts.files) wantedPaths.add(f);
    for (const list of [changes.dead, changes.added]) for (const row of list) wantedPaths.add(paths[s.fileIds.at(row)]);
  }
  const wanted = new Uint8Array(paths.length);
  paths.forEach((p, id) => { if (wantedPaths.has(p)) wanted[id] = 1; });
  const col = (k: RecordValueKey) => s.columns[k];
  // Dictionary values decode from UTF-8 on each call: each code is decoded once here.
  const decoded = new Map<RecordValueKey, (string | undefined)[]>();
  const valueOf = (k: RecordValueKey, row: number): string | undefined => {
    const c = col(k);
    // eventID, requestID: kept in the row, read there (nearly every value is another: nothing to memoise).
    if (c instanceof RowIdColumn) return c.valueAt(row);
    const code = c.code(row);
    if (code === 0) return undefined;
    let memo = decoded.get(k);
    if (!memo) decoded.set(k, (memo = []));
    let v = memo[code];
    if (v === undefined) memo[code] = v = c.dict.value(code);
    return v;
  };
  const tables: Tables = {
    failed: codeTable(col('errorCode'), (v) => v !== '' && v.toLowerCase() !== 'success'),
    anonymous: codeTable(col('anonymous'), (v) => v === 'true'),
    website: Math.max(0, col('eventName').dict.lookup('PutBucketWebsite')),
  };
  const errorCodes = col('errorCode').codes;
  const failed = (row: number): boolean => tables.failed[errorCodes[row]] === 1;

  /** A row's values of `keys` (the ones it has). */
  const valuesIn = (keys: readonly RecordValueKey[], row: number): RecordValues => {
    const v: Partial<Record<RecordValueKey, string>> = {};
    for (const k of keys) {
      const x = valueOf(k, row);
      if (x !== undefined) v[k] = x;
    }
    return v as RecordValues;
  };
  const valuesOf = (row: number): RecordValues => valuesIn(RECORD_VALUE_KEYS, row);
  // Each changed row's values decoded once for every rule whose rows ruleRows keeps (not once per rule).
  const changedValues = new Map<number, RecordValues>();
  const changedValuesOf = (row: number): RecordValues => {
    let v = changedValues.get(row);
    if (!v) changedValues.set(row, (v = values?.get(row) ?? valuesOf(row)));
    return v;
  };
  // A record handed to the engine carries the values it reads (fieldValue, principalKey, the value checks,
  // makeFinding), not every column: most of a record's cost is decoding its values.
  const detectValuesOf = (row: number): RecordValues => valuesIn(DETECT_VALUE_KEYS, row);
  // Rows handed to the rules are live (matches skip dead rows): a dead one is a record no file holds any more, an error
  // here rather than a finding at a place where another record may be now.
  const locOf = (row: number): RecordLocation => {
    const loc = s.location(row);
    if (!loc) throw new Error(`row ${row} is no live record`);
    return loc;
  };
  // The request-detail facts of a row (DetectRecord.facts), when the reader worked them out: which checks
  // were worked out depends on the row's eventName (FactPlan), remembered per code.
  const plan = (factPlan ??= new FactPlan(builtinRules()));
  const factValues = s.facts.values;
  const eventNames = col('eventName');
  const knownByCode = new Int32Array(eventNames.dict.size).fill(-1);
  const factsOf = (row: number): number | undefined => {
    const f = factValues[row];
    if ((f & FACTS_READ) === 0) return undefined;
    const code = eventNames.code(row);
    let known = knownByCode[code];
    if (known < 0) knownByCode[code] = known = plan.knownMask(code === 0 ? undefined : eventNames.dict.value(code));
    return known === 0 ? undefined : (f & ~FACTS_READ) | (known << 16);
  };

  // Candidates per rule, per file: the index answers the query, the errorCode column the outcome.
  const shares = new Map<string, FileShare>();
  const shareOf = (file: string): FileShare => {
    let e = shares.get(file);
    if (!e) shares.set(file, (e = { candidates: store.rules.map(() => []), sigma: store.sigmaRules.map(() => []), accounts: new Set(), keyFirst: new Map(), pairFirst: new Map(), buckets: new Map() }));
    return e;
  };
  for (const p of wantedPaths) shareOf(p);
  const records = new Map<number, DetectRecord>();
  const rawRows = new Set<number>();
  const outcomeFails = (rule: Rule, row: number): boolean => (rule.outcome === 'success' ? failed(row) : rule.outcome === 'failure' ? !failed(row) : false);
  // A few changed files: their rows tested one by one with the query's reference evaluator (what the record
  // path uses) instead of the index answering each rule's query over every row again.
  let fewRows: number[] | undefined = [];
  const fewLimit = opts.files && !changes.fresh ? s.rowCount / 20 : 0;
  const fileIds = s.fileIds;
  const flags = s.flags;
  // A change's rows found from the wanted files' row ranges, not by a pass over every row of the index.
  const ranges = opts.files && !changes.fresh ? wantedRanges(s, wanted) : undefined;
  if (ranges) {
    for (let r = 0; r < ranges.length && fewRows; r += 2) {
      for (let row = ranges[r]; row < ranges[r + 1]; row++) {
        if ((flags[row] & FLAG_DEAD) === 0 && fewRows.push(row) > fewLimit) {
          fewRows = undefined;
          break;
        }
      }
    }
  } else {
    for (let row = 0; row < s.rowCount && fewRows; row++) {
      if (wanted[fileIds.at(row)] !== 0 && (flags[row] & FLAG_DEAD) === 0 && fewRows.push(row) > fewLimit) fewRows = undefined;
    }
  }
  const values = fewRows && new Map(fewRows.map((row) => [row, valuesOf(row)]));
  // Value checks that read one column, per distinct value of it with the empty context (see Check): a row
  // whose value fails can never be flagged, and needs no record.
  const valueTests = new Map<string, (row: number) => boolean>();
  const valueTestOf = (name: string): ((row: number) => boolean) => {
    let t = valueTests.get(name);
    if (!t) {
      const column = VALUE_CHECK_COLUMNS[name];
      const c = col(column);
      const memo = new Map<number, boolean>();
      valueTests.set(name, (t = (row) => {
        const code = c.code(row);
        let m = memo.get(code);
        if (m === undefined) memo.set(code, (m = VALUE_CHECKS[name]({ [column]: code === 0 ? undefined : c.dict.value(code) } as unknown as RecordValues, EMPTY_CONTEXT)));
        return m;
      }));
    }
    return t;
  };
  // The queries answered over every row, in one scan: the rules over the whole index whose rows are not kept
  // from the last call, and the per-file rules unless a few changed files are tested row by row.
  const perRowQuery = (rule: Rule): boolean => rule.query.terms.every((t) => !t.path && t.field !== 'pinned' && !ROW_SET_FIELDS.includes(t.field));
  const scanned = scanQueries(s, store.rules.map((rule, i) => {
    if (rule.firstSeen || isWindowRule(rule)) return state.matches.has(i) && perRowQuery(rule) ? undefined : rule.query;
    return fewRows && perRowQuery(rule) ? undefined : rule.query;
  }));
  store.rules.forEach((rule, i) => {
    if (rule.firstSeen || isWindowRule(rule)) return;
    const raw = needsRaw(rule);
    const valueChecks = rule.checks.filter((c) => Object.hasOwn(VALUE_CHECK_COLUMNS, c)).map(valueTestOf);
    // What the facts answer for this rule: its record checks' bits; without path conditions nor a check
    // that reads the context, a row with its facts needs no re-read at all.
    const mask = factMask(rule);
    const factsSuffice = rule.where.length === 0 && !rule.checks.some((c) => CONTEXT_CHECKS.has(c));
    const perRow = fewRows && values && perRowQuery(rule);
    const rows = perRow ? fewRows!.filter((row) => matchesValues(rule.query, values.get(row)!)) : scanned[i] ?? index.matchingRows(rule.query);
    for (const row of rows) {
      if (wanted[s.fileIds.at(row)] === 0) continue;
      if (outcomeFails(rule, row)) continue;
      if (valueChecks.length > 0 && !valueChecks.every((t) => t(row))) continue;
      let reread = raw;
      if (raw && mask !== 0) {
        const f = factsOf(row);
        if (f !== undefined && ((f >>> 16) & mask) === mask) {
          // Checks worked out with the empty context: a clear bit can never hold in any workspace.
          if ((f & mask) !== mask) continue;
          if (factsSuffice) reread = false;
        }
      }
      let r = records.get(row);
      if (!r) {
        records.set(row, (r = { values: values?.get(row) ?? detectValuesOf(row), time: s.time.at(row), loc: locOf(row) }));
        const f = factsOf(row);
        if (f !== undefined) r.facts = f;
      }
      if (reread) rawRows.add(row);
      shareOf(r.loc.file).candidates[i].push(r);
    }
  });
  await attachRaw([...rawRows].map((row) => records.get(row)!), opts);
  // Candidates whose checks fail even with nothing excused can never be flagged: dropped with their record.
  const kept = new Set<DetectRecord>();
  for (const share of shares.values()) {
    store.rules.forEach((rule, i) => {
      if (!needsRaw(rule)) return;
      share.candidates[i] = share.candidates[i].filter((r) => detailsHoldOf(rule, r, EMPTY_CONTEXT));
      for (const r of share.candidates[i]) kept.add(r);
    });
  }
  for (const row of rawRows) {
    const r = records.get(row)!;
    if (!kept.has(r)) delete r.raw;
  }
  if (store.sigmaRules.length > 0) await matchSigma(store, index, wanted, shareOf, records, detectValuesOf, opts);

  // Each wanted file's share of the context: the accounts it names, website and anonymous use of buckets.
  shareContext(s, wanted, shareByFid(paths, wanted, shareOf), tables, ranges);
  for (const [file, share] of shares) {
    if (s.hasFile(file)) store.setShare(file, share);
    else store.removeFile(file);
  }
  // Computed afresh (every file, another index, or its rows compacted): every file with live rows was computed;
  // any other share the store holds is of a file removed, or whose rows are all shadowed, meanwhile.
  if (changes.fresh) for (const file of store.sharedFiles()) if (!shares.has(file)) store.removeFile(file);
  // The rules over the whole index: the history rebuilt from the rows' ids, then first-seen and window rules.
  const history = store.history();
  const moved = history.update(s, state.rowIds, changes.fresh ? undefined : changes);
  const handedRecords = new Map<number, DetectRecord>();
  const recordOf = (row: number): DetectRecord => {
    let r = state.records.get(row);
    if (!r) {
      r = { values: detectValuesOf(row), time: s.time.at(row), loc: locOf(row) };
      const f = factsOf(row);
      if (f !== undefined) r.facts = f;
    }
    handedRecords.set(row, r);
    return r;
  };
  const hand = async (i: number, rows: number[], rereadOf?: Map<number, DetectRecord>): Promise<void> => {
    const rule = store.rules[i];
    if (!needsRaw(rule) || rereadOf) {
      if (!sameRows(state.handed.get(i), rows)) store.setRuleCandidates(i, rows.map((row) => rereadOf?.get(row) ?? recordOf(row)));
      else for (const row of rows) if (!rereadOf?.has(row)) recordOf(row);
    } else {
      // A rule testing request details the facts do not answer: its records re-read whole, every time.
      const recs = rows.map((row): DetectRecord => ({ values: detectValuesOf(row), time: s.time.at(row), loc: locOf(row) }));
      await attachRaw(recs, opts);
      store.setRuleCandidates(i, recs);
    }
    state.handed.set(i, rows);
  };
  for (const [i, rule] of store.rules.entries()) {
    if (!rule.firstSeen) continue;
    const { rows: taken, changed } = ruleRows(state, index, rule, i, changedValuesOf, scanned, changes);
    const before = state.firstSeen.get(i);
    let rows: number[];
    // The rows that joined or left the rule's new rows (undefined: all decided again).
    let moves: number[] | undefined;
    if (before && !moved && changed !== undefined) {
      // No first time moved, so every pair's verdict stands: the rows that died leave, the added ones (after
      // every earlier row) are decided.
      const added = firstSeenRows(s, rule, changed.filter((row) => s.isAlive(row)), before.verdicts, state.rowIds, outcomeFails);
      const left = before.rows.filter((row) => !s.isAlive(row));
      rows = left.length > 0 ? before.rows.filter((row) => s.isAlive(row)).concat(added) : before.rows.concat(added);
      moves = left.concat(added);
      state.firstSeen.set(i, { rows, verdicts: before.verdicts, windows: before.windows });
    } else {
      const verdicts = firstSeenVerdicts(rule, history);
      rows = firstSeenRows(s, rule, taken, verdicts, state.rowIds, outcomeFails);
      state.firstSeen.set(i, { rows, verdicts, windows: rule.threshold && new WindowRows(rule.threshold, state.rowIds) });
    }
    // Rows in no window that reaches the threshold are dropped here (the engine's threshold then marks the
    // same rows: every window it finds lies inside what is kept). Not for rules with record checks, which
    // drop records before their threshold counts.
    const windows = state.firstSeen.get(i)!.windows;
    await hand(i, windows && !needsRaw(rule) ? await windows.update(s, rows, async (list) => list, moves) : rows);
  }
  for (const [i, rule] of store.rules.entries()) {
    if (!isWindowRule(rule)) continue;
    const { rows, changed } = ruleRows(state, index, rule, i, changedValuesOf, scanned, changes);
    let windows = state.windows.get(i);
    if (!windows) state.windows.set(i, (windows = new WindowRows(rule.threshold!, state.rowIds)));
    let reread = state.reread.get(i);
    if (!reread || changed === undefined) state.reread.set(i, (reread = new Map()));
    const mask = factMask(rule);
    const rereadOf = reread;
    // The rows that may take part: the outcome, and the checks by the facts (or by re-reading rows without).
    const eligible = async (list: number[]): Promise<number[]> => {
      const out: number[] = [];
      const unknown: DetectRecord[] = [];
      const unknownRows: number[] = [];
      for (const row of list) {
        if ((s.flags[row] & FLAG_DEAD) !== 0 || outcomeFails(rule, row)) continue;
        if (mask !== 0) {
          const f = factsOf(row);
          if (f === undefined || ((f >>> 16) & mask) !== mask) {
            const r: DetectRecord = { values: detectValuesOf(row), time: s.time.at(row), loc: locOf(row) };
            rereadOf.set(row, r);
            unknown.push(r);
            unknownRows.push(row);
            continue;
          }
          if ((f & mask) !== mask) continue;
        }
        out.push(row);
      }
      if (unknown.length > 0) {
        // Rows whose facts were not worked out (read by a reader without the plan): their checks on the
        // records, which keep their whole record for the engine's own test.
        await attachRaw(unknown, opts);
        // Only the rows re-read now: rereadOf keeps earlier calls' rows too, dead ones or failing outcomes among them.
        for (const row of unknownRows) {
          const r = rereadOf.get(row);
          if (r?.raw !== undefined && detailsHoldOf(rule, r, EMPTY_CONTEXT)) out.push(row);
        }
        out.sort((a, b) => a - b);
      }
      return out;
    };
    await hand(i, await windows.update(s, rows, eligible, changed), rereadOf);
  }
  state.records = handedRecords;
}

/** Value tables of the few-valued columns the row loops test, one entry per dictionary code. */
interface Tables {
  /** errorCode: 1 when the code is a failure (anything but empty or "Success"). */
  failed: Uint8Array;
  /** anonymous: 1 for "true". */
  anonymous: Uint8Array;
  /** The eventName code of PutBucketWebsite (0: none). */
  website: number;
}

function codeTable(c: TrailIndex['store']['columns'][RecordValueKey], test: (v: string) => boolean): Uint8Array {
  const t = new Uint8Array(c.dict.size);
  for (let code = 1; code < t.length; code++) t[code] = test(c.dict.value(code) ?? '') ? 1 : 0;
  return t;
}

/** The row ranges [start, end) of the wanted files, flat pairs in row order. */
function wantedRanges(s: TrailIndex['store'], wanted: Uint8Array): number[] {
  const pairs: [number, number][] = [];
  wanted.forEach((w, fid) => {
    if (w === 0) return;
    const r = s.fileRanges(fid);
    for (let k = 0; k < r.length; k += 2) pairs.push([r[k], r[k + 1]]);
  });
  pairs.sort((a, b) => a[0] - b[0]);
  return pairs.flat();
}

function shareByFid(paths: readonly string[], wanted: Uint8Array, shareOf: (file: string) => FileShare): FileShare[] {
  const out: FileShare[] = [];
  paths.forEach((p, fid) => { if (wanted[fid] !== 0) out[fid] = shareOf(p); });
  return out;
}

/** One pass over the live rows of the wanted files: the accounts each names (recipientAccountId, decoded once
 *  per file and code), and website and anonymous use of buckets. */
function shareContext(s: TrailIndex['store'], wanted: Uint8Array, shares: FileShare[], tables: Tables, ranges?: readonly number[]): void {
  const recipient = s.columns.recipient.codes;
  const bucket = s.columns.bucket;
  const sourceIP = s.columns.sourceIP;
  const errorCodes = s.columns.errorCode.codes;
  const anonymousCodes = s.columns.anonymous.codes;
  const eventNames = s.columns.eventName.codes;
  const { failed, anonymous, website } = tables;
  const fileIds = s.fileIds;
  const flags = s.flags;
  const accounts: (Set<number> | undefined)[] = [];
  let lastFid = -1;
  let lastRc = -1;
  // Every row, or only the wanted files' row ranges when given.
  const spans = ranges ?? [0, s.rowCount];
  for (let r = 0; r < spans.length; r += 2) for (let row = spans[r]; row < spans[r + 1]; row++) {
    const fid = fileIds.at(row);
    if (wanted[fid] === 0 || (flags[row] & FLAG_DEAD) !== 0) continue;
    const rc = recipient[row];
    if (rc !== 0 && (rc !== lastRc || fid !== lastFid)) {
      lastRc = rc;
      lastFid = fid;
      (accounts[fid] ??= new Set()).add(rc);
    }
    const bc = bucket.code(row);
    if (bc === 0 || failed[errorCodes[row]] === 1) continue;
    const isWebsite = website !== 0 && eventNames[row] === website;
    const time = s.time.at(row);
    const anon = anonymous[anonymousCodes[row]] === 1 && time - time === 0;
    if (!isWebsite && !anon) continue;
    const ip = anon ? sourceIP.code(row) : 0;
    noteBucketUse(shares[fid].buckets, bucket.dict.value(bc)!, isWebsite, anon, time, ip !== 0 ? sourceIP.dict.value(ip) : undefined);
  }
  accounts.forEach((codes, fid) => {
    if (!codes) return;
    for (const rc of codes) shares[fid].accounts.add(s.columns.recipient.dict.value(rc)!);
  });
}

/** A first-seen rule's verdicts per pair slot, for its value and its `also` field: the pair's first time
 *  when the pair is new (newPairFirst of engine.ts on the history's ids), else NaN (slot 0, no pair: NaN). */
type Verdicts = { value: GroupField; newFirst: Float64Array }[];

function firstSeenVerdicts(rule: Rule, history: IndexHistory): Verdicts {
  const f = rule.firstSeen!;
  return [{ value: f.value, global: true }, ...(f.also ? [{ value: f.also, global: false }] : [])].map(({ value, global }) => {
    const { slots, first } = history.pairTimes(history.pairIndex(f.per, value));
    const newFirst = new Float64Array(slots.count).fill(NaN);
    for (let slot = 1; slot < slots.count; slot++) {
      const pairFirst = first[slot];
      if (pairFirst === Infinity) continue;
      const keyFirst = history.keyFirst(f.per, slots.keys[slot]);
      if (keyFirst === undefined || pairFirst - keyFirst < f.historyMs) continue;
      const valueFirst = global ? history.keyFirst(value, slots.values[slot]) : undefined;
      if (valueFirst !== undefined && valueFirst < pairFirst) continue;
      newFirst[slot] = pairFirst;
    }
    return { value, newFirst };
  });
}

/** A first-seen rule's live rows among `rows`: those whose pair is new (and, with `also`, whose (key, also)
 *  pair is new too) and that fall within the rule's window of the pair's first time (the engine's filter,
 *  which runs again on these few, decides the rest). A row costs a few array reads. */
function firstSeenRows(s: TrailIndex['store'], rule: Rule, rows: ArrayLike<number>, verdicts: Verdicts, rowIds: RowIds,
  outcomeFails: (rule: Rule, row: number) => boolean): number[] {
  const f = rule.firstSeen!;
  const time = s.time;
  const flags = s.flags;
  const within = f.withinMs;
  const a = { slots: rowIds.pairSlots(f.per, verdicts[0].value).rows, newFirst: verdicts[0].newFirst };
  const b = verdicts[1] && { slots: rowIds.pairSlots(f.per, verdicts[1].value).rows, newFirst: verdicts[1].newFirst };
  const out: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j];
    if ((flags[row] & FLAG_DEAD) !== 0) continue;
    // A row without an eventTime stays (as in the engine's filter: its distance to the first time is unknown).
    const first = a.newFirst[a.slots[row]];
    if (first !== first || time.at(row) - first > within) continue;
    if (b) {
      const also = b.newFirst[b.slots[row]];
      if (also !== also || time.at(row) - also > within) continue;
    }
    if (!outcomeFails(rule, row)) out.push(row);
  }
  return out;
}

/** Re-reads the whole records of these candidates from their files (one pass per file). A record that can
 *  no longer be read keeps no `raw`: rules testing request details then leave it out. */
async function attachRaw(recs: DetectRecord[], opts: FromIndexOptions): Promise<void> {
  const byFile = new Map<string, DetectRecord[]>();
  for (const r of recs) {
    let l = byFile.get(r.loc.file);
    if (!l) byFile.set(r.loc.file, (l = []));
    l.push(r);
  }
  const files = [...byFile];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const [file, list] = files[next++];
      const spans: RecordSpanAt[] = list.map((r) => ({ offset: r.loc.offset, length: r.loc.length }));
      const texts = await readRecordsAt(file, spans, opts.shapeOf?.(file));
      texts.forEach((t, k) => {
        if (!t.ok) return;
        try {
          list[k].raw = JSON.parse(t.text) as RawRecord;
        } catch {
          // Changed since indexed: left without raw.
        }
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, files.length) }, worker));
}

/** Sigma field paths whose index column holds exactly the record's text there (recordValues' `text` of the
 *  member: numbers and booleans as text, anything else missing). Columns derived another way (the principal's
 *  ARN, found case-insensitively; the bucket from ARNs; eventTime from @timestamp) are not used. */
export const SIGMA_COLUMNS: Readonly<Record<string, RecordValueKey>> = {
  eventName: 'eventName', eventSource: 'eventSource', awsRegion: 'region', sourceIPAddress: 'sourceIP', userAgent: 'userAgent',
  errorCode: 'errorCode', requestID: 'requestID', eventID: 'eventID', recipientAccountId: 'recipient',
  'userIdentity.type': 'identityType', 'userIdentity.accountId': 'account',
};

/** Sigma rules on the index's columns first (SigmaRule.narrow): a row a rule cannot match costs nothing, a
 *  row it matches by its columns alone needs no re-read; only rows whose answer needs other fields (request
 *  details, identity members without a column) are re-read, one pass per file, and tested whole. */
async function matchSigma(store: FindingsStore, index: TrailIndex, wanted: Uint8Array, shareOf: (file: string) => FileShare,
  records: Map<number, DetectRecord>, valuesOf: (row: number) => RecordValues, opts: FromIndexOptions): Promise<void> {
  const s = index.store;
  const columns = (field: string): SigmaColumn | undefined => {
    const k = SIGMA_COLUMNS[field];
    if (!k) return undefined;
    const c = s.columns[k];
    return { code: (row) => c.code(row), value: (code) => c.dict.value(code) };
  };
  const tests = store.sigmaRules.map((rule) => rule.narrow(columns));
  const recordOf = (row: number): DetectRecord => {
    let r = records.get(row);
    if (!r) records.set(row, (r = { values: valuesOf(row), time: s.time.at(row), loc: { file: s.filePath(s.fileIds.at(row)), offset: s.offsets.at(row), length: s.lengths[row], ordinal: s.ordinalOf(row) } }));
    return r;
  };
  const unsure: { r: DetectRecord; rules: number[] }[] = [];
  for (let row = 0; row < s.rowCount; row++) {
    if (wanted[s.fileIds.at(row)] === 0 || !s.isAlive(row)) continue;
    let maybe: number[] | undefined;
    for (let i = 0; i < tests.length; i++) {
      const t = tests[i](row);
      if (t === TRUE) shareOf(s.filePath(s.fileIds.at(row))).sigma[i].push(recordOf(row));
      else if (t === MAYBE) (maybe ??= []).push(i);
    }
    if (maybe) unsure.push({ r: recordOf(row), rules: maybe });
  }
  const read = unsure.map((u) => u.r).filter((r) => r.raw === undefined);
  await attachRaw(read, opts);
  for (const { r, rules } of unsure) {
    if (!r.raw) continue;
    const e = shareOf(r.loc.file);
    for (const i of rules) if (store.sigmaRules[i].matches(r.raw)) e.sigma[i].push(r);
  }
  // The whole records were read for the Sigma tests only: findings keep the values and the location.
  for (const r of read) delete r.raw;
}

/** Fills line and column of the findings' records that lack them (records taken from the index): one pass
 *  over each file's decompressed text, counting lines up to each record's offset. */
export async function resolveLineColumns(findings: readonly Pick<Finding, 'records'>[]): Promise<void> {
  const byFile = new Map<string, RecordLocation[]>();
  for (const f of findings) {
    for (const loc of f.records) {
      if (loc.line !== undefined) continue;
      let l = byFile.get(loc.file);
      if (!l) byFile.set(loc.file, (l = []));
      l.push(loc);
    }
  }
  for (const [file, locs] of byFile) {
    locs.sort((a, b) => a.offset - b.offset);
    let k = 0;
    let pos = 0;
    const where = new TextPosition();
    let stream: NodeJS.ReadableStream | undefined;
    try {
      stream = await openText(file);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let at = 0;
        while (k < locs.length && locs[k].offset < pos + chunk.length) {
          const to = Math.max(at, locs[k].offset - pos);
          where.advance(chunk, at, to);
          at = to;
          locs[k].line = where.line;
          locs[k].column = where.column;
          k++;
        }
        if (k >= locs.length) break;
        where.advance(chunk, at, chunk.length);
        pos += chunk.length;
      }
    } catch {
      // Unreadable now: those records keep only their file.
    } finally {
      (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    }
  }
}
