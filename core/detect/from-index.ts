// Findings from the workspace index instead of a full parse of every record: each rule's query is answered
// by the index's columns (candidates come from the index), only the candidates of rules that test request
// details are re-read from their files by location, and each file's share of the workspace history (first
// times of principals, addresses and clients; own accounts; public use of buckets) is computed from the
// columns, per file, so a changed file costs a pass over its rows and a re-read of its own candidates.
// Re-read candidates are kept only when their rule's checks could hold in some workspace (the checks with
// an empty context): the whole record stays in memory for the few that may. First-seen rules keep no
// candidates per file: their history is merged on integer ids (IndexHistory), and one pass over the index
// takes only the records of pairs that are new, whatever file they are in.

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
import { PAIR_SPAN, pairId, type FileFirstTimes, type IndexHistory } from './history';
import type { GroupField, Rule } from './rules';
import { MAYBE, TRUE, type SigmaColumn } from './sigma';
import type { FileShare, FindingsStore } from './store';

type Shape = Parameters<typeof readRecordsAt>[2];

export interface FromIndexOptions {
  /** The files to (re)compute; all live files of the index when absent. */
  files?: readonly string[];
  /** The shape each file was indexed with (what re-reading a record by location needs). */
  shapeOf?(file: string): Shape;
  /** Files read at once when re-reading candidates (gunzip runs on libuv's pool). */
  concurrency?: number;
}

const FIELD_COLUMN: Record<Exclude<GroupField, 'principal'>, RecordValueKey> = {
  bucket: 'bucket', ip: 'sourceIP', agent: 'userAgent', account: 'account', recipient: 'recipient', region: 'region', eventName: 'eventName', key: 'key',
};

/** A field's value of a row as the history's id (0 = no value): plain columns by their codes, the principal
 *  derived from several columns the way principalKey derives it. */
interface FieldIds {
  id(row: number): number;
}

/** Threshold rules whose candidates the index path finds over the whole index (thresholdRows on its ids, then
 *  only the rows of windows that reach the threshold become records): those whose checks read no context
 *  and test no path, so which rows take part in a window does not depend on the workspace context. Their
 *  windows span files, so a changed file recomputes them whole (matching rows come from the index's columns). */
export function isWindowRule(rule: Rule): boolean {
  return rule.threshold !== undefined && !rule.firstSeen && rule.where.length === 0
    && rule.checks.every((c) => !CONTEXT_CHECKS.has(c) && !Object.hasOwn(VALUE_CHECKS, c));
}

/** The rows a rule's query takes over the whole index, kept between calls for the rules evaluated over the
 *  whole index on every change (first-seen and window rules): rows only die or get appended until the index
 *  compacts (its layout changes), so a changed file costs its new rows tested one by one (the query's
 *  reference evaluator, as the few-files path does) instead of the index answering the query again. */
interface MatchCache {
  index: TrailIndex;
  layout: number;
  /** Per rule, its rows among the first `upTo` rows of the index. */
  rows: Map<number, { rows: Uint32Array; upTo: number }>;
}
const matchCaches = new WeakMap<FindingsStore, MatchCache>();

function globalMatchingRows(store: FindingsStore, index: TrailIndex, rule: Rule, i: number, valuesOf: (row: number) => RecordValues): Uint32Array {
  const s = index.store;
  let cache = matchCaches.get(store);
  if (!cache || cache.index !== index || cache.layout !== s.layout) {
    matchCaches.set(store, (cache = { index, layout: s.layout, rows: new Map() }));
  }
  const perRow = rule.query.terms.every((t) => !t.path && t.field !== 'pinned' && !ROW_SET_FIELDS.includes(t.field));
  const cached = cache.rows.get(i);
  const before = cached?.rows;
  let rows: Uint32Array;
  if (!cached || !before || !perRow) rows = index.matchingRows(rule.query);
  else {
    const added: number[] = [];
    for (let row = cached.upTo; row < s.rowCount; row++) if (s.isAlive(row) && matchesValues(rule.query, valuesOf(row))) added.push(row);
    let alive = 0;
    for (let k = 0; k < before.length; k++) if (s.isAlive(before[k])) alive++;
    rows = new Uint32Array(alive + added.length);
    let w = 0;
    for (let k = 0; k < before.length; k++) if (s.isAlive(before[k])) rows[w++] = before[k];
    for (const row of added) rows[w++] = row;
  }
  cache.rows.set(i, { rows, upTo: s.rowCount });
  return rows;
}

/** The plan the index workers work out request-detail facts with (engine/index-worker.ts): the same rules,
 *  so a row's bits mean the same here. */
let factPlan: FactPlan | undefined;

/** Computes the shares of the given files (all when none given) from the index and hands them to the store. */
export async function setFilesFromIndex(store: FindingsStore, index: TrailIndex, opts: FromIndexOptions = {}): Promise<void> {
  const s = index.store;
  const paths = s.filePaths();
  const wantedPaths = new Set(opts.files ?? s.livePaths());
  const wanted = new Uint8Array(paths.length);
  paths.forEach((p, id) => { if (wantedPaths.has(p)) wanted[id] = 1; });
  const col = (k: RecordValueKey) => s.columns[k];
  // Dictionary values decode from UTF-8 on each call: each code is decoded once here.
  const decoded = new Map<RecordValueKey, (string | undefined)[]>();
  const valueOf = (k: RecordValueKey, row: number): string | undefined => {
    const c = col(k);
    // eventID, requestID: kept in the row, read there (nearly every value is another: nothing to memoise).
    if (c instanceof RowIdColumn) return c.valueAt(row);
    const code = c.codes[row];
    if (code === 0) return undefined;
    let memo = decoded.get(k);
    if (!memo) decoded.set(k, (memo = []));
    let v = memo[code];
    if (v === undefined) memo[code] = v = c.dict.value(code);
    return v;
  };
  const codeIs = (k: RecordValueKey, test: (v: string) => boolean): ((row: number) => boolean) => {
    const c = col(k);
    const memo = new Map<number, boolean>();
    return (row) => {
      const code = c.codes[row];
      if (code === 0) return false;
      let m = memo.get(code);
      if (m === undefined) memo.set(code, (m = test(c.dict.value(code) ?? '')));
      return m;
    };
  };
  const failed = codeIs('errorCode', (v) => v !== '' && v.toLowerCase() !== 'success');
  const anonymous = codeIs('anonymous', (v) => v === 'true');
  const website = codeIs('eventName', (v) => v === 'PutBucketWebsite');

  const valuesOf = (row: number): RecordValues => {
    const v: Partial<Record<RecordValueKey, string>> = {};
    for (const k of RECORD_VALUE_KEYS) {
      const x = valueOf(k, row);
      if (x !== undefined) v[k] = x;
    }
    return v as RecordValues;
  };
  const locOf = (row: number): RecordLocation => ({ file: paths[s.fileIds[row]], offset: s.offsets[row], length: s.lengths[row], ordinal: s.ordinals[row] });
  // The request-detail facts of a row (DetectRecord.facts), when the reader worked them out: which checks
  // were worked out depends on the row's eventName (FactPlan), remembered per code.
  const plan = (factPlan ??= new FactPlan(builtinRules()));
  const factValues = s.facts.values;
  const eventNames = col('eventName');
  const knownByCode = new Map<number, number>();
  const factsOf = (row: number): number | undefined => {
    const f = factValues[row];
    if ((f & FACTS_READ) === 0) return undefined;
    const code = eventNames.codes[row];
    let known = knownByCode.get(code);
    if (known === undefined) knownByCode.set(code, (known = plan.knownMask(code === 0 ? undefined : eventNames.dict.value(code))));
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
  const fewLimit = opts.files ? s.rowCount / 20 : 0;
  for (let row = 0; row < s.rowCount && fewRows; row++) {
    if (wanted[s.fileIds[row]] !== 0 && s.isAlive(row) && fewRows.push(row) > fewLimit) fewRows = undefined;
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
        const code = c.codes[row];
        let m = memo.get(code);
        if (m === undefined) memo.set(code, (m = VALUE_CHECKS[name]({ [column]: code === 0 ? undefined : c.dict.value(code) } as unknown as RecordValues, EMPTY_CONTEXT)));
        return m;
      }));
    }
    return t;
  };
  store.rules.forEach((rule, i) => {
    if (rule.firstSeen || isWindowRule(rule)) return;
    const raw = needsRaw(rule);
    const valueChecks = rule.checks.filter((c) => Object.hasOwn(VALUE_CHECK_COLUMNS, c)).map(valueTestOf);
    // What the facts answer for this rule: its record checks' bits; without path conditions nor a check
    // that reads the context, a row with its facts needs no re-read at all.
    const mask = factMask(rule);
    const factsSuffice = rule.where.length === 0 && !rule.checks.some((c) => CONTEXT_CHECKS.has(c));
    const perRow = fewRows && values && rule.query.terms.every((t) => !t.path && t.field !== 'pinned' && !ROW_SET_FIELDS.includes(t.field));
    const rows = perRow ? fewRows!.filter((row) => matchesValues(rule.query, values.get(row)!)) : index.matchingRows(rule.query);
    for (const row of rows) {
      if (wanted[s.fileIds[row]] === 0) continue;
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
        records.set(row, (r = { values: values?.get(row) ?? valuesOf(row), time: s.time[row], loc: locOf(row) }));
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
  if (store.sigmaRules.length > 0) await matchSigma(store, index, wanted, shareOf, records, valuesOf, opts);

  // History: one pass over the rows of the wanted files, first times on the history's integer ids.
  const history = store.history();
  // The ids of each field, kept between calls while the index keeps its row ids (no compaction): a change
  // then computes the ids of its new rows only. The history (store.history()) keeps its ids for good.
  let idCache = idCaches.get(store);
  if (!idCache || idCache.index !== index || idCache.layout !== s.layout) idCaches.set(store, (idCache = { index, layout: s.layout, fields: new Map() }));
  const fields = idCache.fields;
  const idsOf = (f: GroupField): FieldIds => {
    let ids = fields.get(f);
    if (!ids) fields.set(f, (ids = f === 'principal' ? rowCached(principalIds(s, valueOf, anonymous, history), s.rowCount) : columnIds(s.columns[FIELD_COLUMN[f]], history)));
    return ids;
  };
  const keyFields = [...new Set(store.seenPairs.flatMap((p) => [p.per, p.value]))].map((field) => ({ field }));
  const pairs = store.seenPairs.map(({ per, value }) => ({
    perIds: idsOf(per), valueIds: idsOf(value), perKey: keyFields.findIndex((k) => k.field === per), valueKey: keyFields.findIndex((k) => k.field === value),
  }));
  const partial = new Map<number, FileFirstTimes>();
  const min = (m: Map<number, number>, k: number, t: number): void => {
    const p = m.get(k);
    if (p === undefined || t < p) m.set(k, t);
  };
  const recipient = col('recipient');
  const bucketCol = col('bucket');
  const sourceIP = col('sourceIP');
  const shareByFid: FileShare[] = [];
  paths.forEach((p, fid) => { if (wanted[fid] !== 0) shareByFid[fid] = shareOf(p); });
  const fileIds = s.fileIds;
  const flags = s.flags;
  let lastFid = -1;
  let p: FileFirstTimes | undefined;
  let keyMaps: Map<number, number>[] = [];
  const lastK = new Int32Array(pairs.length).fill(-1);
  const lastV = new Int32Array(pairs.length);
  const lastT = new Float64Array(pairs.length);
  for (let row = 0; row < s.rowCount; row++) {
    const fid = fileIds[row];
    if (wanted[fid] === 0 || (flags[row] & FLAG_DEAD) !== 0) continue;
    const e = shareByFid[fid];
    const rc = recipient.codes[row];
    if (rc !== 0) e.accounts.add(recipient.dict.value(rc)!);
    const time = s.time[row];
    const finite = Number.isFinite(time);
    if (finite && pairs.length > 0) {
      if (fid !== lastFid) {
        lastFid = fid;
        p = partial.get(fid);
        if (!p) partial.set(fid, (p = { keys: new Map(keyFields.map(({ field }) => [field, new Map()])), pairs: pairs.map(() => new Map()) }));
        keyMaps = keyFields.map(({ field }) => p!.keys.get(field)!);
        lastK.fill(-1);
      }
      // As the record path keeps it: a key's first time when it has one, a value's only beside a key.
      for (let i = 0; i < pairs.length; i++) {
        const k = pairs[i].perIds.id(row);
        if (k === 0) continue;
        const v = pairs[i].valueIds.id(row);
        // The same key and value as this pair's last row of the file, no earlier: its times are in already
        // (a file's rows come in time order, a caller's requests in runs).
        if (k === lastK[i] && v === lastV[i] && time >= lastT[i]) continue;
        lastK[i] = k;
        lastV[i] = v;
        lastT[i] = time;
        min(keyMaps[pairs[i].perKey], k, time);
        if (v === 0) continue;
        min(keyMaps[pairs[i].valueKey], v, time);
        min(p!.pairs[i], pairId(k, v), time);
      }
    }
    const bc = bucketCol.codes[row];
    if (bc !== 0 && !failed(row)) {
      const isWebsite = website(row);
      const anon = finite && anonymous(row);
      if (isWebsite || anon) {
        const name = bucketCol.dict.value(bc)!;
        let b = e.buckets.get(name);
        if (!b) e.buckets.set(name, (b = { website: false, anonFirst: Infinity, anonLast: -Infinity, anonIps: new Set() }));
        if (isWebsite) b.website = true;
        if (anon) {
          b.anonFirst = Math.min(b.anonFirst, time);
          b.anonLast = Math.max(b.anonLast, time);
          const ip = sourceIP.codes[row];
          if (ip !== 0) b.anonIps.add(sourceIP.dict.value(ip)!);
        }
      }
    }
  }
  paths.forEach((path, fid) => {
    if (wanted[fid] !== 0) history.setFile(path, s.hasFile(path) ? partial.get(fid) : undefined);
  });
  for (const [file, share] of shares) {
    if (s.hasFile(file)) store.setShare(file, share);
    else store.removeFile(file);
  }
  await setFirstSeenCandidates(store, index, history, idsOf, valuesOf, locOf, outcomeFails, opts.files ? wanted : undefined, opts);
  await setWindowCandidates(store, index, idsOf, valuesOf, locOf, outcomeFails, factsOf, opts);
}

/** Window rules (isWindowRule) over every live row: the rows the query and outcome take whose checks hold
 *  (by the facts, or by re-reading the rows without them), then only those in a window that reaches the
 *  threshold become records. */
async function setWindowCandidates(store: FindingsStore, index: TrailIndex, idsOf: (f: GroupField) => FieldIds,
  valuesOf: (row: number) => RecordValues, locOf: (row: number) => RecordLocation, outcomeFails: (rule: Rule, row: number) => boolean,
  factsOf: (row: number) => number | undefined, opts: FromIndexOptions): Promise<void> {
  const s = index.store;
  for (const [i, rule] of store.rules.entries()) {
    if (!isWindowRule(rule)) continue;
    const mask = factMask(rule);
    let rows: number[] = [];
    const unknown = new Map<number, DetectRecord>();
    for (const row of globalMatchingRows(store, index, rule, i, valuesOf)) {
      if (!s.isAlive(row) || outcomeFails(rule, row)) continue;
      if (mask !== 0) {
        const f = factsOf(row);
        if (f === undefined || ((f >>> 16) & mask) !== mask) {
          unknown.set(row, { values: valuesOf(row), time: s.time[row], loc: locOf(row) });
          continue;
        }
        if ((f & mask) !== mask) continue;
      }
      rows.push(row);
    }
    if (unknown.size > 0) {
      // Rows whose facts were not worked out (read by a reader without the plan): their checks on the
      // records, which keep their whole record for the engine's own test.
      await attachRaw([...unknown.values()], opts);
      for (const [row, r] of unknown) if (r.raw !== undefined && detailsHoldOf(rule, r, EMPTY_CONTEXT)) rows.push(row);
    }
    rows = thresholdRows(s, rows, rule.threshold!, idsOf);
    store.setRuleCandidates(i, rows.map((row): DetectRecord => {
      const known = unknown.get(row);
      if (known) return known;
      const r: DetectRecord = { values: valuesOf(row), time: s.time[row], loc: locOf(row) };
      const f = factsOf(row);
      if (f !== undefined) r.facts = f;
      return r;
    }));
  }
}

/** First-seen rules over every live row: a row is a candidate when its (key, value) pair is new by the merged
 *  history and the row falls within the rule's window of the pair's first time (the engine's filter, which
 *  runs again on these few, decides the rest). One verdict per distinct pair of ids. */
async function setFirstSeenCandidates(store: FindingsStore, index: TrailIndex, history: IndexHistory, idsOf: (f: GroupField) => FieldIds,
  valuesOf: (row: number) => RecordValues, locOf: (row: number) => RecordLocation, outcomeFails: (rule: Rule, row: number) => boolean,
  changed: Uint8Array | undefined, opts: FromIndexOptions): Promise<void> {
  const s = index.store;
  const raw: DetectRecord[] = [];
  const lists: { i: number; recs: DetectRecord[] }[] = [];
  let state = seenStates.get(store);
  if (!state || state.index !== index || state.layout !== s.layout || !changed) seenStates.set(store, (state = { index, layout: s.layout, rules: new Map() }));
  store.rules.forEach((rule, i) => {
    const f = rule.firstSeen;
    if (!f) return;
    const perIds = idsOf(f.per);
    const before = state.rules.get(i);
    const tests = [{ value: f.value, global: true }, ...(f.also ? [{ value: f.also, global: false }] : [])].map(({ value, global }, j) => ({
      valueIds: idsOf(value), pair: history.pairIndex(f.per, value), value, global, verdicts: before?.verdicts[j] ?? new Map<number, number>(), lastId: -1, lastFirst: NaN,
    }));
    // A change: a verdict can change only for keys and values the changed files hold (their first times are
    // the only ones that moved), so the rows of other keys and values keep their previous answer.
    let isTouched: ((row: number) => boolean) | undefined;
    let kept: number[] = [];
    if (before && changed) {
      // The ids first (asking may intern new ones), then flags over every id.
      const keyIds: number[] = [];
      const valueIds: number[][] = tests.map(() => []);
      for (let row = 0; row < s.rowCount; row++) {
        if (changed[s.fileIds[row]] === 0) continue;
        keyIds.push(perIds.id(row));
        tests.forEach((t, j) => valueIds[j].push(t.valueIds.id(row)));
      }
      const n = history.idCount;
      const keys = new Uint8Array(n);
      const values = tests.map(() => new Uint8Array(n));
      for (const id of keyIds) keys[id] = 1;
      valueIds.forEach((ids, j) => { for (const id of ids) values[j][id] = 1; });
      tests.forEach((t, j) => {
        for (const id of t.verdicts.keys()) {
          const k = Math.floor(id / PAIR_SPAN);
          if (keys[k] === 1 || values[j][id - k * PAIR_SPAN] === 1) t.verdicts.delete(id);
        }
      });
      // An id past the flags is one interned since (a value not seen before): touched. Written out for one or
      // two value fields: this runs for every matching row of the workspace.
      const ids0 = tests[0].valueIds;
      const flags0 = values[0];
      const ids1 = tests.length > 1 ? tests[1].valueIds : undefined;
      const flags1 = tests.length > 1 ? values[1] : keys;
      const touched = (row: number): boolean => {
        const k = perIds.id(row);
        if (k >= n || keys[k] === 1) return true;
        const a = ids0.id(row);
        if (a >= n || flags0[a] === 1) return true;
        if (ids1 === undefined) return false;
        const b = ids1.id(row);
        return b >= n || flags1[b] === 1;
      };
      isTouched = touched;
      kept = before.rows.filter((row) => s.isAlive(row) && !touched(row));
    }
    let rows: number[] = [];
    for (const row of globalMatchingRows(store, index, rule, i, valuesOf)) {
      // Only rows of touched keys or values are decided again (the others are in `kept` or were not new).
      if (isTouched && !isTouched(row)) continue;
      if (outcomeFails(rule, row)) continue;
      const k = perIds.id(row);
      if (k === 0) continue;
      let isNew = true;
      for (const t of tests) {
        const v = t.valueIds.id(row);
        if (v === 0) {
          isNew = false;
          break;
        }
        const id = pairId(k, v);
        // Rows come in runs of one caller and address: the last verdict first, then the map.
        let first = id === t.lastId ? t.lastFirst : t.verdicts.get(id);
        if (first === undefined) {
          // newPairFirst (engine.ts) on the history's ids.
          first = NaN;
          const keyFirst = history.keyFirst(f.per, k);
          const pairFirst = history.pairFirst(t.pair, k, v);
          const valueFirst = t.global ? history.keyFirst(t.value, v) : undefined;
          if (keyFirst !== undefined && pairFirst !== undefined && pairFirst - keyFirst >= f.historyMs && (valueFirst === undefined || valueFirst >= pairFirst)) first = pairFirst;
          t.verdicts.set(id, first);
        }
        t.lastId = id;
        t.lastFirst = first;
        if (Number.isNaN(first) || s.time[row] - first > f.withinMs) {
          isNew = false;
          break;
        }
      }
      if (isNew) rows.push(row);
    }
    if (isTouched) rows = kept.concat(rows).sort((a, b) => a - b);
    state.rules.set(i, { verdicts: tests.map((t) => t.verdicts), rows });
    // Rows in no window that reaches the threshold are dropped here (the engine's threshold then marks the
    // same rows: every window it finds lies inside what is kept). Not for rules with record checks, which
    // drop records before their threshold counts.
    if (rule.threshold && !needsRaw(rule)) rows = thresholdRows(s, rows, rule.threshold, idsOf);
    const recs = rows.map((row): DetectRecord => ({ values: valuesOf(row), time: s.time[row], loc: locOf(row) }));
    if (needsRaw(rule)) raw.push(...recs);
    lists.push({ i, recs });
  });
  await attachRaw(raw, opts);
  for (const { i, recs } of lists) store.setRuleCandidates(i, recs);
}

/** The rows that belong to a window of `count` rows (or `count` distinct values) within `windowMs` of their
 *  group: thresholdRuns (engine.ts) on the index's ids, before any record is built. */
function thresholdRows(s: TrailIndex['store'], rows: number[], t: NonNullable<Rule['threshold']>, idsOf: (f: GroupField) => FieldIds): number[] {
  const by = t.by.map(idsOf);
  const distinct = t.distinct ? idsOf(t.distinct) : undefined;
  const groups = new Map<number | string, number[]>();
  // One number per group for one or two fields (text when a second id would not fit in 26 bits), else text.
  const keyOf = by.length === 1 ? (row: number): number | string => by[0].id(row)
    : by.length === 2 ? (row: number): number | string => {
      const b = by[1].id(row);
      return b < 2 ** 26 ? by[0].id(row) * 2 ** 26 + b : `${by[0].id(row)},${b}`;
    }
      : (row: number): number | string => by.map((ids) => ids.id(row)).join(',');
  for (const row of rows) {
    const k = keyOf(row);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(row);
  }
  const time = s.time;
  const out: number[] = [];
  for (const g of groups.values()) {
    if (g.length < t.count && !distinct) continue;
    g.sort((a, b) => time[a] - time[b]);
    const marked = new Uint8Array(g.length);
    const seen = new Map<number, number>();
    let j = 0;
    for (let i = 0; i < g.length; i++) {
      if (distinct) {
        const v = distinct.id(g[i]);
        seen.set(v, (seen.get(v) ?? 0) + 1);
      }
      while (time[g[i]] - time[g[j]] > t.windowMs) {
        if (distinct) {
          const v = distinct.id(g[j]);
          const n = seen.get(v)! - 1;
          if (n === 0) seen.delete(v);
          else seen.set(v, n);
        }
        j++;
      }
      if ((distinct ? seen.size : i - j + 1) >= t.count) marked.fill(1, j, i + 1);
    }
    for (let i = 0; i < g.length; i++) if (marked[i]) out.push(g[i]);
  }
  return out;
}

/** The ids of a field derived from several columns (the principal), remembered per row: the history pass,
 *  the first-seen and the window rules ask for the same rows again. */
function rowCached(ids: FieldIds, rows: number): FieldIds {
  let cache = new Int32Array(rows).fill(-1);
  return {
    id(row) {
      if (row >= cache.length) {
        // Rows appended since (a changed file): room for them, unknown until asked.
        const grown = new Int32Array(Math.max(row + 1, cache.length * 1.25)).fill(-1);
        grown.set(cache);
        cache = grown;
      }
      let id = cache[row];
      if (id < 0) cache[row] = id = ids.id(row);
      return id;
    },
  };
}

/** First-seen rules' verdicts per pair and new rows (before their threshold), kept between calls while the
 *  index keeps its row ids: a change decides again only the rows of the keys and values it touches. */
const seenStates = new WeakMap<FindingsStore, { index: TrailIndex; layout: number; rules: Map<number, { verdicts: Map<number, number>[]; rows: number[] }> }>();

/** Field ids kept between calls (see setFilesFromIndex). */
const idCaches = new WeakMap<FindingsStore, { index: TrailIndex; layout: number; fields: Map<GroupField, FieldIds> }>();

function columnIds(c: { codes: ArrayLike<number>; dict: { value(code: number): string | undefined } }, history: IndexHistory): FieldIds {
  const byCode: number[] = [];
  return {
    id(row) {
      const code = c.codes[row];
      if (code === 0) return 0;
      let id = byCode[code];
      if (id === undefined) byCode[code] = id = history.idOf(c.dict.value(code) ?? '');
      return id;
    },
  };
}

/** principalKey over the columns: the ARN (most rows; memoised by its code), else account:principalId, else
 *  the short name; anonymous callers are one key. Interned to small ids. */
function principalIds(s: TrailIndex['store'], valueOf: (k: RecordValueKey, row: number) => string | undefined, anonymous: (row: number) => boolean, history: IndexHistory): FieldIds {
  const idOf = (name: string): number => history.idOf(name);
  const arn = s.columns.userArn;
  const byArn: number[] = [];
  const byPair = new Map<number, number>();
  const byPrincipal = new Map<number, number>();
  const anonymousId = idOf('ANONYMOUS_PRINCIPAL');
  return {
    id(row) {
      if (anonymous(row)) return anonymousId;
      const a = arn.codes[row];
      if (a !== 0) {
        let id = byArn[a];
        if (id === undefined) byArn[a] = id = idOf(arn.dict.value(a)!);
        return id;
      }
      // By the codes it is made of: rows without an ARN repeat a few callers (services, root, federated).
      const key = s.columns.account.codes[row] * 2 ** 32 + s.columns.principalId.codes[row];
      let id = byPair.get(key);
      if (id === undefined) {
        const account = valueOf('account', row);
        const principalId = valueOf('principalId', row);
        id = account && principalId ? idOf(`${account}:${principalId}`) : -1;
        byPair.set(key, id);
      }
      if (id >= 0) return id;
      const p = s.columns.principal.codes[row];
      let pid = byPrincipal.get(p * 2 ** 32 + s.columns.principalId.codes[row]);
      if (pid === undefined) {
        pid = idOf(valueOf('principal', row) ?? valueOf('principalId', row) ?? '');
        byPrincipal.set(p * 2 ** 32 + s.columns.principalId.codes[row], pid);
      }
      return pid;
    },
  };
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
    return { code: (row) => c.codes[row], value: (code) => c.dict.value(code) };
  };
  const tests = store.sigmaRules.map((rule) => rule.narrow(columns));
  const recordOf = (row: number): DetectRecord => {
    let r = records.get(row);
    if (!r) records.set(row, (r = { values: valuesOf(row), time: s.time[row], loc: { file: s.filePath(s.fileIds[row]), offset: s.offsets[row], length: s.lengths[row], ordinal: s.ordinals[row] } }));
    return r;
  };
  const unsure: { r: DetectRecord; rules: number[] }[] = [];
  for (let row = 0; row < s.rowCount; row++) {
    if (wanted[s.fileIds[row]] === 0 || !s.isAlive(row)) continue;
    let maybe: number[] | undefined;
    for (let i = 0; i < tests.length; i++) {
      const t = tests[i](row);
      if (t === TRUE) shareOf(s.filePath(s.fileIds[row])).sigma[i].push(recordOf(row));
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
export async function resolveLineColumns(findings: readonly Finding[]): Promise<void> {
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
