// Query-bar completion: field names (with their one-line docs) where a term starts, and values for
// the field being typed (enum values, relative times, or the caller's facet values).

import type { QueryCompletionItem } from '../protocol';
import { ENUM_VALUES, QUERY_FIELDS, resolveField, type QueryField } from './fields';
import { PATH_ROOTS } from './path-terms';

const TIME_SUGGESTIONS: readonly { value: string; detail: string }[] = [
  { value: '-1h', detail: 'the last hour' },
  { value: '-24h', detail: 'the last 24 hours' },
  { value: '-7d', detail: 'the last 7 days' },
  { value: '-30d', detail: 'the last 30 days' },
];

const ENUM_DETAILS: Record<string, string> = {
  data: 'data events (object-level: GetObject, PutObject, ...)',
  management: 'management events (bucket configuration, ...)',
  read: 'read-only calls',
  write: 'calls that change something',
};

const MAX_VALUES = 100;
const FIELD_PREFIX = /^[A-Za-z][A-Za-z0-9_]*:/;

/** Term boundaries around `offset`: whitespace outside double quotes separates terms. */
function termAround(text: string, offset: number): { start: number; end: number } {
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < offset; i++) {
    const ch = text[i];
    if (inQuote && ch === '\\') i++;
    else if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && /\s/.test(ch)) start = i + 1;
  }
  let end = offset;
  for (; end < text.length; end++) {
    const ch = text[end];
    if (inQuote && ch === '\\') end++;
    else if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && /\s/.test(ch)) break;
  }
  return { start, end: Math.min(end, text.length) };
}

/** A value as query text: quoted (with \" \\ \* escapes) when it holds a space, quote, comma or `*`. */
export function quoteValue(value: string): string {
  return /[\s",\\*]/.test(value) || value === '' ? `"${value.replace(/[\\"*]/g, '\\$&')}"` : value;
}

const PATH_EXAMPLES: Readonly<Record<string, string>> = {
  requestParameters: 'requestParameters.x-amz-acl:public-read',
  responseElements: 'responseElements.x-amz-version-id:*',
  additionalEventData: 'additionalEventData.bytesTransferredOut:>1000000',
  serviceEventDetails: 'serviceEventDetails.x:*',
};

function fieldItems(prefix: string, replaceStart: number, replaceEnd: number): QueryCompletionItem[] {
  const p = prefix.toLowerCase();
  const fields = QUERY_FIELDS.filter((f) => f.name.toLowerCase().startsWith(p) || f.aliases.some((a) => a.startsWith(p))).map((f) => ({
    label: `${f.name}:`,
    detail: f.description,
    insertText: `${f.name}:`,
    replaceStart,
    replaceEnd,
  }));
  // Paths into a record come after the fields (the index narrows by fields; paths re-read records).
  const paths = PATH_ROOTS.filter((r) => p !== '' && r.toLowerCase().startsWith(p)).map((r) => ({
    label: `${r}.`,
    detail: `A member of ${r}, e.g. ${PATH_EXAMPLES[r] ?? `${r}.x:*`} (numbers compare with > >= < <=)`,
    insertText: `${r}.`,
    replaceStart,
    replaceEnd,
  }));
  return [...fields, ...paths];
}

function valueCandidates(field: QueryField, values: (field: QueryField) => string[]): { value: string; detail?: string }[] {
  if (field === 'since' || field === 'until') return [...TIME_SUGGESTIONS];
  const enumValues = ENUM_VALUES[field];
  if (enumValues) return enumValues.map((v) => ({ value: v, detail: ENUM_DETAILS[v] }));
  const seen = new Set<string>();
  const out: { value: string }[] = [];
  for (const v of values(field)) {
    if (typeof v !== 'string' || seen.has(v)) continue;
    seen.add(v);
    out.push({ value: v });
  }
  return out;
}

/**
 * Completion items at `offset` of `text`. `values(field)` returns known values of a field (facet
 * values of the index), most frequent first.
 */
export function queryCompletions(text: string, offset: number, values: (field: QueryField) => string[]): QueryCompletionItem[] {
  const at = Math.max(0, Math.min(offset, text.length));
  const term = termAround(text, at);
  // A leading '-' stays: completion replaces what follows it.
  const base = text[term.start] === '-' && at > term.start ? term.start + 1 : term.start;
  const typed = text.slice(base, at);
  const fieldMatch = FIELD_PREFIX.exec(typed);
  if (!fieldMatch) {
    if (typed.includes('"')) return [];
    const colon = text.indexOf(':', at);
    const replaceEnd = colon >= 0 && colon < term.end && FIELD_PREFIX.test(text.slice(base, colon + 1)) ? colon + 1 : term.end;
    return fieldItems(typed, base, replaceEnd);
  }
  const field = resolveField(fieldMatch[0].slice(0, -1));
  if (!field || field === 'text') return [];
  const valueStart = base + fieldMatch[0].length;
  // The list item being typed: after the last ',' outside quotes.
  let itemStart = valueStart;
  let inQuote = false;
  for (let i = valueStart; i < at; i++) {
    const ch = text[i];
    if (inQuote && ch === '\\') i++;
    else if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && ch === ',') itemStart = i + 1;
  }
  let itemEnd = at;
  for (; itemEnd < term.end; itemEnd++) {
    const ch = text[itemEnd];
    if (inQuote && ch === '\\') itemEnd++;
    else if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && ch === ',') break;
  }
  itemEnd = Math.min(itemEnd, term.end);
  const typedValue = text.slice(itemStart, at).replace(/^"/, '').replace(/\\(.)/g, '$1').toLowerCase();
  const candidates = valueCandidates(field, values);
  const starts: QueryCompletionItem[] = [];
  const inner: QueryCompletionItem[] = [];
  for (const c of candidates) {
    const lower = c.value.toLowerCase();
    const item: QueryCompletionItem = { label: c.value, insertText: quoteValue(c.value), replaceStart: itemStart, replaceEnd: itemEnd };
    if (c.detail) item.detail = c.detail;
    if (lower.startsWith(typedValue)) starts.push(item);
    else if (typedValue && lower.includes(typedValue)) inner.push(item);
    if (starts.length >= MAX_VALUES) break;
  }
  return [...starts, ...inner].slice(0, MAX_VALUES);
}
