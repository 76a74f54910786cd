// Detection rules as data: the YAML shape of a rule, its validation into a typed Rule, and loading a rule
// file (the built-in pack or a user's `.cloudtrail/rules/*.yml`). A bad rule is a Problem naming the file
// and the rule's line; the other rules of the file still load.

import yaml from 'js-yaml';
import type { Problem } from '../problem';
import { parseQuery, type ParsedQuery } from '../query';
import { CHECKS, VALUE_CHECKS, isCheckName } from './checks';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type FindingSeverity = (typeof SEVERITIES)[number];

export function severityRank(s: FindingSeverity): number {
  return SEVERITIES.indexOf(s);
}

/** Fields a rule can group, count distinct or track first-seen values by. */
export const GROUP_FIELDS = ['principal', 'bucket', 'ip', 'agent', 'account', 'recipient', 'region', 'eventName', 'key'] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

/** A test on one path of the record (dots between members; arrays on the way mean "any element"). */
export interface PathCondition {
  path: string;
  exists?: boolean;
  equals?: (string | number | boolean)[];
  contains?: string;
  lessThan?: number;
}

export interface Rule {
  id: string;
  /** The reference's detection id (R1, P2, ...), when the rule implements one. */
  detection?: string;
  title: string;
  severity: FindingSeverity;
  /** MITRE ATT&CK technique id, e.g. T1486. */
  mitre?: string;
  queryText: string;
  query: ParsedQuery;
  outcome: 'success' | 'failure' | 'any';
  checks: string[];
  where: PathCondition[];
  group: GroupField[];
  threshold?: { count: number; windowMs: number; by: GroupField[]; distinct?: GroupField };
  firstSeen?: { value: GroupField; per: GroupField; withinMs: number; historyMs: number; also?: GroupField };
  meaning: string;
  next: string;
  /** The file the rule came from ('builtin' for the pack). */
  source: string;
}

/** `10s`, `30m`, `24h`, `7d` in milliseconds. */
export function parseDuration(v: unknown): number | undefined {
  const m = typeof v === 'string' ? /^(\d+)\s*(s|m|h|d)$/.exec(v.trim()) : undefined;
  if (!m) return undefined;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

function isGroupField(v: unknown): v is GroupField {
  return typeof v === 'string' && (GROUP_FIELDS as readonly string[]).includes(v);
}

/** The 0-based line of `id: <id>` in the text, for a problem's position. */
function lineOfId(text: string, id: string | undefined, index: number): number {
  const lines = text.split('\n');
  if (id !== undefined) {
    const i = lines.findIndex((l) => new RegExp(`^\\s*-?\\s*id:\\s*['"]?${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*$`).test(l));
    if (i >= 0) return i;
  }
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^-\s/.test(lines[i]) && ++seen === index) return i;
  }
  return 0;
}

function validate(raw: unknown, source: string): { rule?: Rule; error?: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { error: 'a rule must be a mapping' };
  const o = raw as Record<string, unknown>;
  const known = new Set(['id', 'detection', 'title', 'severity', 'mitre', 'query', 'outcome', 'checks', 'where', 'group', 'threshold', 'firstSeen', 'meaning', 'next']);
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  if (unknown.length > 0) return { error: `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` };
  const text = (k: string, required: boolean): string | undefined => {
    const v = o[k];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw new Error(`${k} must be a non-empty string`);
    return v.trim();
  };
  try {
    const id = text('id', true)!;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw new Error(`id "${id}" may hold only letters, digits, . _ -`);
    const severity = text('severity', true)!.toLowerCase();
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw new Error(`severity must be one of ${SEVERITIES.join(', ')}`);
    const queryText = typeof o.query === 'string' ? o.query : '';
    const parsed = parseQuery(queryText);
    if (!parsed.ok) throw new Error(`query: ${parsed.error.message}`);
    const outcome = (o.outcome ?? 'success') as string;
    if (!['success', 'failure', 'any'].includes(outcome)) throw new Error('outcome must be success, failure or any');
    const checks = o.checks === undefined ? [] : o.checks;
    if (!Array.isArray(checks) || checks.some((c) => typeof c !== 'string' || !isCheckName(c))) {
      throw new Error(`checks must be a list of: ${[...Object.keys(CHECKS), ...Object.keys(VALUE_CHECKS)].join(', ')}`);
    }
    const where = (o.where === undefined ? [] : o.where) as unknown;
    if (!Array.isArray(where)) throw new Error('where must be a list of {path, exists|equals|contains|lessThan}');
    const conditions: PathCondition[] = where.map((w, i) => {
      const c = w as Record<string, unknown>;
      if (!c || typeof c.path !== 'string') throw new Error(`where[${i}] needs a path`);
      const cond: PathCondition = { path: c.path };
      if (c.exists !== undefined) cond.exists = c.exists === true;
      if (c.equals !== undefined) cond.equals = (Array.isArray(c.equals) ? c.equals : [c.equals]) as (string | number | boolean)[];
      if (c.contains !== undefined) cond.contains = String(c.contains);
      if (c.lessThan !== undefined) {
        if (typeof c.lessThan !== 'number') throw new Error(`where[${i}].lessThan must be a number`);
        cond.lessThan = c.lessThan;
      }
      if (cond.exists === undefined && !cond.equals && cond.contains === undefined && cond.lessThan === undefined) {
        throw new Error(`where[${i}] needs exists, equals, contains or lessThan`);
      }
      return cond;
    });
    const groupList = (v: unknown, what: string): GroupField[] => {
      const a = v === undefined ? [] : Array.isArray(v) ? v : [v];
      if (!a.every(isGroupField)) throw new Error(`${what} must name fields among ${GROUP_FIELDS.join(', ')}`);
      return a;
    };
    const rule: Rule = {
      id, title: text('title', true)!, severity: severity as FindingSeverity, queryText, query: parsed.query,
      outcome: outcome as Rule['outcome'], checks: checks as string[], where: conditions,
      group: groupList(o.group, 'group'), meaning: text('meaning', false) ?? '', next: text('next', false) ?? '', source,
    };
    const detection = text('detection', false);
    if (detection) rule.detection = detection;
    const mitre = text('mitre', false);
    if (mitre) rule.mitre = mitre;
    if (o.threshold !== undefined) {
      const t = o.threshold as Record<string, unknown>;
      const windowMs = parseDuration(t?.window);
      if (typeof t?.count !== 'number' || t.count < 1 || windowMs === undefined) throw new Error('threshold needs count (>= 1) and window (e.g. 10m)');
      rule.threshold = { count: t.count, windowMs, by: groupList(t.by, 'threshold.by') };
      if (t.distinct !== undefined) rule.threshold.distinct = groupList(t.distinct, 'threshold.distinct')[0];
    }
    if (o.firstSeen !== undefined) {
      const f = o.firstSeen as Record<string, unknown>;
      if (!isGroupField(f?.value) || !isGroupField(f?.per)) throw new Error(`firstSeen needs value and per among ${GROUP_FIELDS.join(', ')}`);
      const withinMs = f.within === undefined ? 86_400_000 : parseDuration(f.within);
      if (withinMs === undefined) throw new Error('firstSeen.within must be a duration such as 24h');
      const historyMs = f.history === undefined ? 0 : parseDuration(f.history);
      if (historyMs === undefined) throw new Error('firstSeen.history must be a duration such as 1h');
      rule.firstSeen = { value: f.value, per: f.per, withinMs, historyMs };
      if (f.also !== undefined) {
        if (!isGroupField(f.also)) throw new Error('firstSeen.also must be a field');
        rule.firstSeen.also = f.also;
      }
    }
    return { rule };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Rules of one YAML text: a list of rules, or `{rules: [...]}`. */
export function loadRuleText(text: string, file: string): { rules: Rule[]; problems: Problem[] } {
  const problems: Problem[] = [];
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file });
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number; position: number } }).mark;
    problems.push({
      file, code: 'rule-syntax', severity: 'error', message: `YAML: ${(e as { reason?: string }).reason ?? (e as Error).message}`,
      ...(mark ? { position: { offset: mark.position, line: mark.line, column: mark.column } } : {}),
    });
    return { rules: [], problems };
  }
  const items = Array.isArray(doc) ? doc : Array.isArray((doc as { rules?: unknown })?.rules) ? (doc as { rules: unknown[] }).rules : undefined;
  if (!items) {
    problems.push({ file, code: 'rule-invalid', severity: 'error', message: 'a rule file holds a list of rules (or rules: [...])' });
    return { rules: [], problems };
  }
  const rules: Rule[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const id = (item as { id?: unknown })?.id;
    const { rule, error } = validate(item, file);
    const line = lineOfId(text, typeof id === 'string' ? id : undefined, i);
    if (rule && seen.has(rule.id)) {
      problems.push({ file, code: 'rule-invalid', severity: 'error', message: `rule ${rule.id}: a second rule with this id`, position: { offset: 0, line, column: 0 } });
    } else if (rule) {
      seen.add(rule.id);
      rules.push(rule);
    } else {
      problems.push({ file, code: 'rule-invalid', severity: 'error', message: `rule ${typeof id === 'string' ? id : `#${i + 1}`}: ${error}`, position: { offset: 0, line, column: 0 } });
    }
  });
  return { rules, problems };
}
