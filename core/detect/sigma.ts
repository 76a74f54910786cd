// Sigma rules (logsource product aws, service cloudtrail) compiled to a predicate over a raw record:
// selections as field maps (AND) or lists of maps (OR), value lists (OR, or AND with `all`), the modifiers
// contains / startswith / endswith / all / re / cidr / exists, wildcards `*` `?` in plain values, dotted field
// paths, and conditions with and / or / not / parentheses / `1 of x*` / `all of x*` / `them`. Anything else is
// a per-rule error naming the construct, never a rule that silently matches nothing.

import yaml from 'js-yaml';
import type { Problem } from '../problem';
import type { RawRecord } from '../record';
import { cidrContainsText, parseCidr } from '../query';
import { valuesAtPath } from './engine';
import type { FindingSeverity, Rule } from './rules';

export interface SigmaRule {
  id: string;
  title: string;
  matches(r: RawRecord): boolean;
  /** The rule on the index's columns (see narrowSigma): per row, whether it matches (TRUE), cannot match
   *  (FALSE), or needs the whole record to tell (MAYBE). */
  narrow(columns: SigmaColumns): (row: number) => Tri;
  /** The rule as findings carry it (severity from `level`, MITRE from `attack.tNNNN` tags). */
  asRule: Pick<Rule, 'id' | 'title' | 'severity' | 'detection' | 'mitre' | 'meaning' | 'next' | 'source'>;
}

type Pred = (r: RawRecord) => boolean;

/** Three-valued answers on the index's columns (Kleene logic: not MAYBE is MAYBE). */
export const FALSE = 0;
export const TRUE = 1;
export const MAYBE = 2;
export type Tri = typeof FALSE | typeof TRUE | typeof MAYBE;
type TriFn = (row: number) => Tri;

/** An index column that holds exactly the text a record has at a Sigma field path (code 0: the record has
 *  no text there, which the column cannot tell from other values: MAYBE). */
export interface SigmaColumn {
  code(row: number): number;
  value(code: number): string | undefined;
}
export type SigmaColumns = (field: string) => SigmaColumn | undefined;

/** A compiled part: the predicate on a whole record, and its three-valued form on columns. */
interface Part {
  pred: Pred;
  narrow(columns: SigmaColumns): TriFn;
}

const maybe: TriFn = () => MAYBE;

function triAnd(fns: TriFn[]): TriFn {
  return (row) => {
    let out: Tri = TRUE;
    for (const f of fns) {
      const t = f(row);
      if (t === FALSE) return FALSE;
      if (t === MAYBE) out = MAYBE;
    }
    return out;
  };
}

function triOr(fns: TriFn[]): TriFn {
  return (row) => {
    let out: Tri = FALSE;
    for (const f of fns) {
      const t = f(row);
      if (t === TRUE) return TRUE;
      if (t === MAYBE) out = MAYBE;
    }
    return out;
  };
}

function triNot(f: TriFn): TriFn {
  return (row) => {
    const t = f(row);
    return t === MAYBE ? MAYBE : t === TRUE ? FALSE : TRUE;
  };
}

function andPart(parts: Part[]): Part {
  return { pred: (r) => parts.every((p) => p.pred(r)), narrow: (c) => triAnd(parts.map((p) => p.narrow(c))) };
}

function orPart(parts: Part[]): Part {
  return { pred: (r) => parts.some((p) => p.pred(r)), narrow: (c) => triOr(parts.map((p) => p.narrow(c))) };
}

class SigmaError extends Error {}

const LEVELS: Record<string, FindingSeverity> = { informational: 'info', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };
const SUPPORTED_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'all', 're', 'cidr', 'exists']);

/** A Sigma plain value with `*` and `?` wildcards (`\` escapes them) as a case-insensitive regular expression. */
function wildcardRegex(value: string, mode: 'exact' | 'contains' | 'startswith' | 'endswith'): RegExp {
  let src = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length && '*?\\'.includes(value[i + 1])) {
      src += value[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const start = mode === 'exact' || mode === 'startswith' ? '^' : '';
  const end = mode === 'exact' || mode === 'endswith' ? '$' : '';
  return new RegExp(`${start}${src}${end}`, 'is');
}

function scalarText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A field's test on a column: the answer for a text value (TRUE/FALSE) per distinct code; MAYBE without one. */
function columnTri(field: string, onText: (s: string) => boolean): (columns: SigmaColumns) => TriFn {
  return (columns) => {
    const c = columns(field);
    if (!c) return maybe;
    const memo = new Map<number, Tri>();
    return (row) => {
      const code = c.code(row);
      if (code === 0) return MAYBE;
      let t = memo.get(code);
      if (t === undefined) {
        const v = c.value(code);
        memo.set(code, (t = v === undefined ? MAYBE : onText(v) ? TRUE : FALSE));
      }
      return t;
    };
  };
}

function fieldPredicate(key: string, value: unknown): Part {
  const [field, ...mods] = key.split('|');
  if (field === '') throw new SigmaError(`a selection key "${key}" has no field name (keyword searches are not supported)`);
  for (const m of mods) if (!SUPPORTED_MODIFIERS.has(m)) throw new SigmaError(`modifier "${m}" is not supported (field ${field})`);
  if (mods.includes('exists')) {
    if (typeof value !== 'boolean') throw new SigmaError(`${field}|exists needs true or false`);
    return {
      pred: (r) => (valuesAtPath(r, field).some((v) => v !== undefined && v !== null)) === value,
      narrow: columnTri(field, () => value),
    };
  }
  const all = mods.includes('all');
  const mode = mods.includes('contains') ? 'contains' : mods.includes('startswith') ? 'startswith' : mods.includes('endswith') ? 'endswith' : 'exact';
  const values = Array.isArray(value) ? value : [value];
  const tests: ((s: string | undefined, raw: unknown) => boolean)[] = values.map((v) => {
    if (v === null) return (_s, raw) => raw === undefined || raw === null;
    if (typeof v === 'object') throw new SigmaError(`${field}: a value must be a string, number, boolean or null`);
    const text = String(v);
    if (mods.includes('re')) {
      let re: RegExp;
      try {
        re = new RegExp(text);
      } catch (e) {
        throw new SigmaError(`${field}|re: ${(e as Error).message}`);
      }
      return (s) => s !== undefined && re.test(s);
    }
    if (mods.includes('cidr')) {
      const block = parseCidr(text);
      if (!block) throw new SigmaError(`${field}|cidr: "${text}" is not a CIDR block`);
      return (s) => s !== undefined && cidrContainsText(block, s);
    }
    const re = wildcardRegex(text, mode);
    return (s) => s !== undefined && re.test(s);
  });
  return {
    pred: (r) => {
      const found = valuesAtPath(r, field);
      const present = found.length > 0 ? found : [undefined];
      const one = (t: (s: string | undefined, raw: unknown) => boolean): boolean => present.some((raw) => t(scalarText(raw), raw));
      return all ? tests.every(one) : tests.some(one);
    },
    // A record whose field is this one text: what pred gives for found = [text].
    narrow: columnTri(field, (text) => (all ? tests.every((t) => t(text, text)) : tests.some((t) => t(text, text)))),
  };
}

function selectionPredicate(name: string, sel: unknown): Part {
  if (Array.isArray(sel)) {
    if (sel.some((m) => m === null || typeof m !== 'object' || Array.isArray(m))) {
      throw new SigmaError(`selection "${name}": keyword lists are not supported (use field: value)`);
    }
    return orPart(sel.map((m, i) => selectionPredicate(`${name}[${i}]`, m)));
  }
  if (sel === null || typeof sel !== 'object') throw new SigmaError(`selection "${name}" must be a map of fields or a list of maps`);
  return andPart(Object.entries(sel as Record<string, unknown>).map(([k, v]) => fieldPredicate(k, v)));
}

/** Condition grammar: or-expr := and-expr ('or' and-expr)*; and-expr := unary ('and' unary)*;
 *  unary := 'not' unary | '(' or-expr ')' | ('1'|'all') 'of' (name|pattern|'them') | name. */
function compileCondition(text: string, selections: Map<string, Part>): Part {
  if (text.includes('|')) throw new SigmaError(`condition "${text}": aggregations (| count() ...) are not supported`);
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos]?.toLowerCase();
  const expect = (t: string): void => {
    if (peek() !== t) throw new SigmaError(`condition "${text}": expected "${t}" at "${tokens[pos] ?? 'end'}"`);
    pos++;
  };
  const matching = (pattern: string): Part[] => {
    const names = pattern === 'them' ? [...selections.keys()] : [...selections.keys()].filter((n) => wildcardRegex(pattern, 'exact').test(n));
    if (names.length === 0) throw new SigmaError(`condition "${text}": no selection matches "${pattern}"`);
    return names.map((n) => selections.get(n)!);
  };
  const unary = (): Part => {
    const t = peek();
    if (t === undefined) throw new SigmaError(`condition "${text}": ends too early`);
    if (t === 'not') {
      pos++;
      const p = unary();
      return { pred: (r) => !p.pred(r), narrow: (c) => triNot(p.narrow(c)) };
    }
    if (t === '(') {
      pos++;
      const p = orExpr();
      expect(')');
      return p;
    }
    if ((t === '1' || t === 'all' || /^\d+$/.test(t)) && tokens[pos + 1]?.toLowerCase() === 'of') {
      if (t !== '1' && t !== 'all') throw new SigmaError(`condition "${text}": "${t} of" is not supported (1 of, all of)`);
      pos += 2;
      const pattern = tokens[pos++];
      if (pattern === undefined) throw new SigmaError(`condition "${text}": "of" needs a selection name or pattern`);
      const parts = matching(pattern);
      return t === '1' ? orPart(parts) : andPart(parts);
    }
    if (t === 'and' || t === 'or' || t === ')') throw new SigmaError(`condition "${text}": unexpected "${tokens[pos]}"`);
    pos++;
    const p = selections.get(tokens[pos - 1]);
    if (!p) throw new SigmaError(`condition "${text}": no selection named "${tokens[pos - 1]}"`);
    return p;
  };
  const andExpr = (): Part => {
    const parts = [unary()];
    while (peek() === 'and') {
      pos++;
      parts.push(unary());
    }
    return parts.length === 1 ? parts[0] : andPart(parts);
  };
  const orExpr = (): Part => {
    const parts = [andExpr()];
    while (peek() === 'or') {
      pos++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0] : orPart(parts);
  };
  const p = orExpr();
  if (pos < tokens.length) throw new SigmaError(`condition "${text}": unexpected "${tokens[pos]}"`);
  return p;
}

/** One Sigma rule document, or the reason it cannot be evaluated. */
export function compileSigma(doc: unknown, file: string): { rule?: SigmaRule; error?: string; skipped?: boolean } {
  const d = doc as Record<string, unknown>;
  if (!d || typeof d !== 'object') return { error: 'not a Sigma rule (a YAML mapping)' };
  const title = typeof d.title === 'string' ? d.title : undefined;
  if (!title) return { error: 'a Sigma rule needs a title' };
  const ls = d.logsource as Record<string, unknown> | undefined;
  if (String(ls?.product ?? '').toLowerCase() !== 'aws' || String(ls?.service ?? '').toLowerCase() !== 'cloudtrail') {
    return { skipped: true, error: `"${title}": logsource is not product aws, service cloudtrail` };
  }
  try {
    const det = d.detection as Record<string, unknown> | undefined;
    if (!det || typeof det !== 'object') throw new SigmaError('no detection section');
    const selections = new Map<string, Part>();
    for (const [name, sel] of Object.entries(det)) {
      if (name === 'condition' || name === 'timeframe') continue;
      selections.set(name, selectionPredicate(name, sel));
    }
    if (det.timeframe !== undefined) throw new SigmaError('timeframe (correlation) is not supported');
    const cond = det.condition;
    const conds = Array.isArray(cond) ? cond : [cond];
    if (conds.length === 0 || conds.some((c) => typeof c !== 'string')) throw new SigmaError('detection.condition must be a string');
    const matched = orPart((conds as string[]).map((c) => compileCondition(c, selections)));
    const id = typeof d.id === 'string' ? d.id : title;
    const tags = Array.isArray(d.tags) ? d.tags.map(String) : [];
    const technique = tags.map((t) => /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(t)?.[1]).find((t) => t !== undefined);
    const level = LEVELS[String(d.level ?? 'medium').toLowerCase()];
    if (!level) throw new SigmaError(`level "${String(d.level)}" is not one of ${Object.keys(LEVELS).join(', ')}`);
    const ruleId = `sigma:${id}`;
    return {
      rule: {
        id: ruleId, title,
        matches: matched.pred,
        narrow: (columns) => matched.narrow(columns),
        asRule: {
          id: ruleId, title, severity: level, meaning: typeof d.description === 'string' ? d.description.trim() : '',
          next: Array.isArray(d.falsepositives) ? `Known false positives: ${d.falsepositives.map(String).join('; ')}` : '', source: file,
          ...(technique ? { mitre: technique.toUpperCase() } : {}),
        },
      },
    };
  } catch (e) {
    if (e instanceof SigmaError) return { error: `"${title}": ${e.message}` };
    throw e;
  }
}

/** Every Sigma rule in one YAML text (several documents separated by ---). */
export function loadSigmaText(text: string, file: string): { rules: SigmaRule[]; problems: Problem[]; skipped: number } {
  const problems: Problem[] = [];
  const rules: SigmaRule[] = [];
  let skipped = 0;
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text, undefined, { filename: file });
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number; position: number } }).mark;
    problems.push({
      file, code: 'sigma-syntax', severity: 'error', message: `YAML: ${(e as { reason?: string }).reason ?? (e as Error).message}`,
      ...(mark ? { position: { offset: mark.position, line: mark.line, column: mark.column } } : {}),
    });
    return { rules, problems, skipped };
  }
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    const r = compileSigma(doc, file);
    if (r.rule) rules.push(r.rule);
    else if (r.skipped) skipped++;
    else problems.push({ file, code: 'sigma-unsupported', severity: 'error', message: `Sigma rule ${r.error}` });
  }
  return { rules, problems, skipped };
}

/** A YAML text is a Sigma rule file when a document has `logsource` and `detection` (else it is a rule-pack file). */
export function isSigmaText(text: string): boolean {
  return /^logsource\s*:/m.test(text) && /^detection\s*:/m.test(text);
}
