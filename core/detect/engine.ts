// Evaluating rules: which records a rule takes (query, outcome, checks, path conditions), first-seen
// filtering, thresholds within a sliding window per group, and grouping the matches into findings.

import type { RawRecord, RecordValues } from '../record';
import { matchesValues } from '../query';
import { CHECKS, VALUE_CHECKS, list, type DetectContext } from './checks';
import { CONTEXT_CHECKS, factBit } from './facts';
import type { FindingSeverity, GroupField, PathCondition, Rule } from './rules';

/** Where a record is: its file and the byte span of its JSON in the decompressed text (what the index keeps). */
export interface RecordLocation {
  file: string;
  offset: number;
  length: number;
  ordinal: number;
  /** 0-based line and UTF-16 column of the record's first character; absent for records taken from the index
   *  (it keeps byte spans) until resolveLineColumns fills them for output that needs them (SARIF). */
  line?: number;
  column?: number;
}

export interface DetectRecord {
  values: RecordValues;
  /** eventTime in ms (NaN when missing or unreadable). */
  time: number;
  loc: RecordLocation;
  /** The whole record, kept only for rules that test request details. */
  raw?: RawRecord;
  /** The request-detail facts the index worked out for the record (facts.ts): the bits of the checks that
   *  hold (low 16 bits) and of the checks worked out for it (high 16 bits). */
  facts?: number;
}

export interface Finding {
  /** Stable across runs over the same files: rule id + the first record's eventID (or location). */
  id: string;
  ruleId: string;
  title: string;
  severity: FindingSeverity;
  detection?: string;
  mitre?: string;
  meaning: string;
  next: string;
  /** 'builtin', or the rule file. */
  source: string;
  count: number;
  firstTime: string;
  lastTime: string;
  principals: string[];
  buckets: string[];
  eventIDs: string[];
  records: RecordLocation[];
}

/** The principal as the reference keys it: the ARN, else account:principalId, else the short name. */
export function principalKey(v: RecordValues): string {
  if (v.anonymous === 'true') return 'ANONYMOUS_PRINCIPAL';
  if (v.userArn) return v.userArn;
  if (v.account && v.principalId) return `${v.account}:${v.principalId}`;
  return v.principal ?? v.principalId ?? '';
}

export function fieldValue(v: RecordValues, f: GroupField): string {
  switch (f) {
    case 'principal': return principalKey(v);
    case 'bucket': return v.bucket ?? '';
    case 'ip': return v.sourceIP ?? '';
    case 'agent': return v.userAgent ?? '';
    case 'account': return v.account ?? '';
    case 'recipient': return v.recipient ?? '';
    case 'region': return v.region ?? '';
    case 'eventName': return v.eventName ?? '';
    case 'key': return v.key ?? '';
  }
}

/** Success is the absence of errorCode; some pipelines write "Success" or an empty value. */
export function isSuccess(v: RecordValues): boolean {
  return v.errorCode === undefined || v.errorCode === '' || v.errorCode.toLowerCase() === 'success';
}

/** The first stage of a rule, on the flat values only: the query and the outcome. */
export function ruleTakes(rule: Rule, v: RecordValues): boolean {
  if (rule.outcome === 'success' && !isSuccess(v)) return false;
  if (rule.outcome === 'failure' && isSuccess(v)) return false;
  return matchesValues(rule.query, v);
}

/** Whether the rule tests the whole record (a record check or a path condition), not only the index's values. */
export function needsRaw(rule: Rule): boolean {
  return rule.checks.some((c) => Object.hasOwn(CHECKS, c)) || rule.where.length > 0;
}

/** The rule's value checks on the record's flat values (what the index keeps). */
export function valueChecksHold(rule: Rule, v: RecordValues, ctx: DetectContext): boolean {
  for (const name of rule.checks) {
    const check = VALUE_CHECKS[name];
    if (check && !check(v, ctx)) return false;
  }
  return true;
}

/** Values at a dotted path; arrays on the way fan out (XML-to-JSON lists of one are objects, of several arrays). */
export function valuesAtPath(r: unknown, path: string): unknown[] {
  let cur: unknown[] = [r];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const c of cur) {
      for (const item of list(c)) {
        if (item !== null && typeof item === 'object' && part in (item as object)) next.push((item as Record<string, unknown>)[part]);
      }
    }
    cur = next;
  }
  return cur.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

export function pathConditionHolds(r: RawRecord, c: PathCondition): boolean {
  const values = valuesAtPath(r, c.path).filter((v) => v !== undefined);
  if (c.exists !== undefined && (values.length > 0) !== c.exists) return false;
  if (c.equals && !values.some((v) => c.equals!.some((e) => String(e).toLowerCase() === String(v).toLowerCase()))) return false;
  if (c.contains !== undefined && !values.some((v) => typeof v === 'string' && v.toLowerCase().includes(c.contains!.toLowerCase()))) return false;
  if (c.lessThan !== undefined && !values.some((v) => Number(v) < c.lessThan!)) return false;
  return true;
}

/** The second stage, on the whole record: named checks and path conditions. */
export function detailsHold(rule: Rule, r: RawRecord, ctx: DetectContext): boolean {
  for (const name of rule.checks) {
    const check = CHECKS[name];
    if (check && !check(r, ctx)) return false;
  }
  for (const c of rule.where) if (!pathConditionHolds(r, c)) return false;
  return true;
}

/** detailsHold on what is known of the record: the whole record when it was read, else the facts the index
 *  worked out, which answer the checks that read no context (a rule with path conditions, or a check not
 *  worked out for the record, needs the whole record). */
export function detailsHoldOf(rule: Rule, r: DetectRecord, ctx: DetectContext): boolean {
  if (r.raw !== undefined) return detailsHold(rule, r.raw, ctx);
  if (r.facts === undefined || rule.where.length > 0) return false;
  for (const name of rule.checks) {
    if (!Object.hasOwn(CHECKS, name)) continue;
    const bit = factBit(name);
    if (CONTEXT_CHECKS.has(name) || ((r.facts >>> 16) & bit) === 0 || (r.facts & bit) === 0) return false;
  }
  return true;
}

/** First times of values per key in the whole workspace: the history first-seen rules compare against. */
export interface FirstSeen {
  /** `${per}` -> first time the key acted at all. */
  key(field: GroupField, key: string): number | undefined;
  /** `${per}\u0000${value}` -> first time the pair occurred. */
  pair(per: GroupField, value: GroupField, key: string, val: string): number | undefined;
}

/** The first time of the pair (key, val) when val is new for the key: the key acted at least `historyMs`
 *  before the pair first occurred and, `global`, the value was not used by anyone before; NaN when not new.
 *  The index's own pass (from-index.ts) applies the same test to the index's ids. */
export function newPairFirst(f: NonNullable<Rule['firstSeen']>, seen: FirstSeen, key: string, val: string, value: GroupField, global: boolean): number {
  const keyFirst = seen.key(f.per, key);
  const pairFirst = seen.pair(f.per, value, key, val);
  if (keyFirst === undefined || pairFirst === undefined) return NaN;
  // With `history`, the key must have acted that long before the value appeared (the first minutes of a log
  // are all "new"); an address another principal already used is not new to the workspace.
  if (pairFirst - keyFirst < f.historyMs) return NaN;
  const valueFirst = global ? seen.key(value, val) : undefined;
  return valueFirst === undefined || valueFirst >= pairFirst ? pairFirst : NaN;
}

/** Records of a first-seen rule whose value is new for its key: the key had history before the value first
 *  appeared, and the record falls within `within` of that first appearance. */
function firstSeenFilter(rule: Rule, recs: DetectRecord[], seen: FirstSeen): DetectRecord[] {
  const f = rule.firstSeen!;
  // The verdict of a (key, value) pair is the same for all its records but for the `within` test: it is
  // worked out once per pair.
  const verdicts = [new Map<string, number>(), new Map<string, number>()];
  const isNew = (r: DetectRecord, value: GroupField, global: boolean): boolean => {
    const key = fieldValue(r.values, f.per);
    const val = fieldValue(r.values, value);
    if (key === '' || val === '') return false;
    const memo = verdicts[global ? 0 : 1];
    const pairKey = `${key}\u0000${val}`;
    let pairFirst = memo.get(pairKey);
    if (pairFirst === undefined) {
      pairFirst = newPairFirst(f, seen, key, val, value, global);
      memo.set(pairKey, pairFirst);
    }
    return !Number.isNaN(pairFirst) && !(r.time - pairFirst > f.withinMs);
  };
  return recs.filter((r) => isNew(r, f.value, true) && (f.also === undefined || isNew(r, f.also, false)));
}

/** Records that belong to a window of `count` (or `count` distinct values) within `windowMs`. */
function thresholdRuns(recs: DetectRecord[], t: NonNullable<Rule['threshold']>): DetectRecord[][] {
  const marked = new Uint8Array(recs.length);
  const distinct = new Map<string, number>();
  let j = 0;
  // Records before `filled` are marked already (overlapping windows would mark them again and again).
  let filled = 0;
  for (let i = 0; i < recs.length; i++) {
    if (t.distinct) distinct.set(fieldValue(recs[i].values, t.distinct), (distinct.get(fieldValue(recs[i].values, t.distinct)) ?? 0) + 1);
    while (recs[i].time - recs[j].time > t.windowMs) {
      if (t.distinct) {
        const k = fieldValue(recs[j].values, t.distinct);
        const n = distinct.get(k)! - 1;
        if (n === 0) distinct.delete(k);
        else distinct.set(k, n);
      }
      j++;
    }
    const size = t.distinct ? distinct.size : i - j + 1;
    if (size >= t.count) {
      marked.fill(1, Math.max(j, filled), i + 1);
      filled = i + 1;
    }
  }
  const runs: DetectRecord[][] = [];
  let run: DetectRecord[] = [];
  for (let i = 0; i < recs.length; i++) {
    if (!marked[i]) continue;
    if (run.length > 0 && recs[i].time - run[run.length - 1].time > t.windowMs) {
      runs.push(run);
      run = [];
    }
    run.push(recs[i]);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Matches of a rule without a threshold: one finding per group, split where an hour passes without a match. */
const SESSION_GAP_MS = 3_600_000;

function byTime(a: DetectRecord, b: DetectRecord): number {
  return a.time - b.time || (a.loc.file < b.loc.file ? -1 : a.loc.file > b.loc.file ? 1 : a.loc.ordinal - b.loc.ordinal);
}

function groupBy(recs: DetectRecord[], fields: readonly GroupField[]): DetectRecord[][] {
  const groups = new Map<string, DetectRecord[]>();
  for (const r of recs) {
    const k = fields.map((f) => fieldValue(r.values, f)).join('\u0000');
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  return [...groups.values()];
}

function sessions(recs: DetectRecord[]): DetectRecord[][] {
  const out: DetectRecord[][] = [];
  let cur: DetectRecord[] = [];
  for (const r of recs) {
    if (cur.length > 0 && r.time - cur[cur.length - 1].time > SESSION_GAP_MS) {
      out.push(cur);
      cur = [];
    }
    cur.push(r);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

function isoOf(ms: number, fallback: string | undefined): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : fallback ?? '';
}

export function makeFinding(rule: Pick<Rule, 'id' | 'title' | 'severity' | 'detection' | 'mitre' | 'meaning' | 'next' | 'source'>, recs: DetectRecord[]): Finding {
  const principals = [...new Set(recs.map((r) => principalKey(r.values)).filter((p) => p !== ''))];
  const buckets = [...new Set(recs.map((r) => r.values.bucket).filter((b): b is string => b !== undefined && b !== ''))];
  const first = recs[0];
  const last = recs[recs.length - 1];
  const f: Finding = {
    id: `${rule.id}:${first.values.eventID ?? `${first.loc.file}#${first.loc.ordinal}`}`,
    ruleId: rule.id, title: rule.title, severity: rule.severity, meaning: rule.meaning, next: rule.next, source: rule.source,
    count: recs.length, firstTime: isoOf(first.time, first.values.eventTime), lastTime: isoOf(last.time, last.values.eventTime),
    principals, buckets,
    eventIDs: recs.map((r) => r.values.eventID).filter((e): e is string => e !== undefined),
    records: recs.map((r) => r.loc),
  };
  if (rule.detection) f.detection = rule.detection;
  if (rule.mitre) f.mitre = rule.mitre;
  return f;
}

/** Findings of one rule over its candidates (records that passed ruleTakes, raw kept when needsRaw). */
export function evaluateRule(rule: Rule, candidates: readonly DetectRecord[], ctx: DetectContext, seen: FirstSeen): Finding[] {
  const raw = needsRaw(rule);
  let recs = candidates.filter((r) => valueChecksHold(rule, r.values, ctx) && (!raw || detailsHoldOf(rule, r, ctx)));
  recs.sort(byTime);
  if (rule.firstSeen) recs = firstSeenFilter(rule, recs, seen);
  const findings: Finding[] = [];
  if (rule.threshold) {
    for (const g of groupBy(recs, rule.threshold.by)) {
      for (const run of thresholdRuns(g, rule.threshold)) findings.push(makeFinding(rule, run));
    }
  } else {
    for (const g of groupBy(recs, rule.group)) {
      for (const s of sessions(g)) findings.push(makeFinding(rule, s));
    }
  }
  return findings;
}

/** Findings in the order a reader wants them: most severe first, then by rule, then by time. */
export function sortFindings(findings: Finding[], rank: (s: FindingSeverity) => number): Finding[] {
  return findings.sort((a, b) => rank(b.severity) - rank(a.severity) || a.ruleId.localeCompare(b.ruleId) || a.firstTime.localeCompare(b.firstTime) || a.id.localeCompare(b.id));
}
