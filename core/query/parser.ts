// Parses query text into terms with compiled matchers, or one error with the character range of the
// offending field name or value (an unknown field or a bad value is an error, never an empty result).

import type { QueryError } from '../protocol';
import { ENUM_VALUES, knownFieldNames, NUMERIC_QUERY_FIELDS, resolveField, type QueryField } from './fields';
import { parseCidr } from './cidr';
import { compareNumber, parseComparison, parseFieldPath, PATH_ROOTS, type FieldPath, type NumberComparison } from './path-terms';
import { eventTimeMs, parseTimeBound, type TimeBound } from './time';
import { tokenize, type RawValue } from './tokenizer';
import { compileMatcher, type ValueItem } from './value-match';

export interface Term {
  field: QueryField;
  negated: boolean;
  /** Character range of the whole term (including a leading '-') in the query text. */
  start: number;
  end: number;
  /**
   * String fields: does one value match (case-insensitive; glob, a,b lists, CIDR for ip, `*` = present).
   * Pure; the index calls it once per distinct column value.
   */
  matchValue(value: string): boolean;
  /** since/until: the bound in epoch ms, inclusive (since: eventTime >= timeMs; until: eventTime <= timeMs). */
  timeMs?: number;
  /** The parsed values (lower case), for SQL rendering and tooling. */
  items: readonly ValueItem[];
  /** since/until: how the bound was written (absolute or relative), for SQL rendering. */
  time?: TimeBound;
  /** field 'path': where in the record the term looks. */
  path?: FieldPath;
  /** field 'path' with `>N`, `>=N`, `<N` or `<=N`: the comparison (its items are then empty). */
  comparison?: NumberComparison;
  /** pinned: the eventIDs pinned when the query was parsed (sorted), for SQL rendering. */
  pinnedIDs?: readonly string[];
}

export interface ParseOptions {
  /** eventIDs of the records pinned in the explorer: what `pinned:true` matches (none by default). */
  pinned?: ReadonlySet<string>;
}

export interface ParsedQuery {
  text: string;
  terms: Term[];
  /** No `source:` term: only S3 event sources match. */
  s3Only: boolean;
}

export type ParseResult = { ok: true; query: ParsedQuery } | { ok: false; error: QueryError };

function closestField(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDist = Math.max(1, Math.floor(lower.length / 3)) + 1;
  for (const cand of knownFieldNames()) {
    const d = editDistance(lower, cand);
    if (d < bestDist) {
      bestDist = d;
      best = cand;
    }
  }
  return best && resolveField(best);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

function err(message: string, start: number, end: number): { ok: false; error: QueryError } {
  return { ok: false, error: { message, start, end } };
}

function stringItem(v: RawValue, freeText: boolean): ValueItem {
  const chunks = v.chunks.map((c) => c.toLowerCase());
  const text = chunks.join('*');
  if (chunks.length === 1) {
    return freeText ? { kind: 'contains', text, start: v.start, end: v.end } : { kind: 'exact', text, start: v.start, end: v.end };
  }
  if (chunks.every((c) => c === '')) return { kind: 'any', text: '*', start: v.start, end: v.end };
  return { kind: 'glob', text, chunks, start: v.start, end: v.end };
}

// since/until read eventTime like any other field, so the index can treat every term alike.
function timeMatcher(since: boolean, bound: number): (eventTime: string) => boolean {
  return (eventTime) => {
    const ms = eventTimeMs(eventTime);
    return ms !== undefined && (since ? ms >= bound : ms <= bound);
  };
}

/** `pinned:true` / `pinned:false` over a record's eventID (`*`: either, as for the other flags). */
function pinnedMatcher(items: readonly ValueItem[], pinned: ReadonlySet<string>): (eventID: string) => boolean {
  const wants = new Set(items.flatMap((i) => (i.kind === 'any' ? ['true', 'false'] : [i.text])));
  return (eventID) => wants.has(pinned.has(eventID) ? 'true' : 'false');
}

/** Parses a query; `now` (epoch ms) anchors relative times such as `since:-24h`. */
export function parseQuery(text: string, now: number = Date.now(), options: ParseOptions = {}): ParseResult {
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  const terms: Term[] = [];
  let hasSource = false;
  for (const raw of tokens.terms) {
    let field: QueryField = 'text';
    let fieldPath: FieldPath | undefined;
    if (raw.field?.name.includes('.')) {
      fieldPath = parseFieldPath(raw.field.name);
      if (!fieldPath) {
        return err(
          `Unknown field '${raw.field.name}': a path starts with ${PATH_ROOTS.slice(0, -1).map((r) => `${r}.`).join(', ')} or ${PATH_ROOTS[PATH_ROOTS.length - 1]}.; to search for text containing ':', put it in quotes`,
          raw.field.start,
          raw.field.end,
        );
      }
      field = 'path';
    } else if (raw.field) {
      const resolved = resolveField(raw.field.name);
      if (!resolved) {
        const hint = closestField(raw.field.name);
        const quoteHint = `; to search for text containing ':', put it in quotes`;
        return err(
          `Unknown field '${raw.field.name}'${hint ? `; did you mean '${hint}'?` : quoteHint}`,
          raw.field.start,
          raw.field.end,
        );
      }
      field = resolved;
    }
    if (field === 'source') hasSource = true;
    // Findings include CloudTrail's own records (a trail's event selectors): a positive finding: term shows
    // them whatever their source.
    if (field === 'finding' && !raw.negated) hasSource = true;
    const label = raw.field ? raw.field.name : 'text';
    const items: ValueItem[] = [];
    let time: TimeBound | undefined;
    let comparison: NumberComparison | undefined;

    if (fieldPath || NUMERIC_QUERY_FIELDS.includes(field)) {
      const compared = raw.values.map((v) => (!v.quoted && v.chunks.length === 1 ? parseComparison(v.chunks[0]) : undefined));
      if (compared.some((c) => c !== undefined) || raw.values.some((v) => !v.quoted && /^[<>]/.test(v.chunks[0]))) {
        const bad = raw.values.find((_, i) => !compared[i]);
        if (raw.values.length > 1) return err(`'${label}:' takes one comparison, not a list`, raw.values[1].start - 1, raw.end);
        if (bad) return err(`Bad comparison '${bad.chunks.join('*')}' for '${label}:': use >N, >=N, <N or <=N with a number`, bad.start, bad.end);
        comparison = compared[0];
      } else {
        for (const v of raw.values) items.push(stringItem(v, false));
      }
    } else if (field === 'since' || field === 'until') {
      if (raw.values.length > 1) {
        const second = raw.values[1];
        return err(`'${label}:' takes one time, not a list`, second.start - 1, raw.end);
      }
      const v = raw.values[0];
      const valueText = v.chunks.join('*');
      time = v.chunks.length === 1 ? parseTimeBound(valueText, now, field === 'until') : undefined;
      if (!time) {
        return err(
          `Bad time '${valueText}' for '${label}:': use an ISO date-time (2024-05-01, 2024-05-01T10:00:00Z) or a relative age (-30m, -24h, -7d)`,
          v.start,
          v.end,
        );
      }
    } else {
      const allowed = ENUM_VALUES[field];
      for (const v of raw.values) {
        const item = stringItem(v, field === 'text');
        if (allowed && item.kind !== 'any' && !(item.kind === 'exact' && allowed.includes(item.text))) {
          return err(`Bad value '${v.chunks.join('*')}' for '${label}:': expected ${allowed.join(' or ')}`, v.start, v.end);
        }
        if (field === 'ip' && item.kind === 'exact' && item.text.includes('/')) {
          const block = parseCidr(item.text);
          if (!block) {
            return err(`Bad CIDR '${v.chunks[0]}': expected an address block such as 10.0.0.0/8 or 2001:db8::/32`, v.start, v.end);
          }
          items.push({ kind: 'cidr', text: item.text, block, start: v.start, end: v.end });
          continue;
        }
        items.push(item);
      }
    }

    const c = comparison;
    const pinned = field === 'pinned' ? options.pinned ?? new Set<string>() : undefined;
    const matchValue = time ? timeMatcher(field === 'since', time.ms)
      : pinned ? pinnedMatcher(items, pinned)
        : c ? (v: string) => compareNumber(v, c) : compileMatcher(items, field === 'ip');
    const term: Term = { field, negated: raw.negated, start: raw.start, end: raw.end, matchValue, items };
    if (pinned) term.pinnedIDs = [...pinned].sort();
    if (time) {
      term.timeMs = time.ms;
      term.time = time;
    }
    if (fieldPath) term.path = fieldPath;
    if (comparison) term.comparison = comparison;
    terms.push(term);
  }
  return { ok: true, query: { text, terms, s3Only: !hasSource } };
}
