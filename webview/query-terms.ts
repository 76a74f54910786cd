// Edits to query text made by clicks (facets, timeline): which query field a column filters on,
// quoting of values, adding a term without duplicating it, replacing the time range.

import type { ColumnId } from '../core/protocol';
// The module, not core/query's index: the index also pulls in record evaluation and with it the event
// catalog, which the page loads only when the detail pane needs it (record-docs.ts).
import { quoteValue } from '../core/query/completion';
import { ENUM_VALUES, knownFieldNames, resolveField } from '../core/query/fields';

/** Query field that filters on each facet column. */
export const FACET_FIELD: Partial<Record<ColumnId, string>> = {
  eventName: 'eventName',
  bucket: 'bucket',
  principal: 'principal',
  sourceIP: 'ip',
  error: 'error',
  account: 'account',
  region: 'region',
  identityType: 'identity',
  key: 'key',
  recipient: 'recipient',
  userAgent: 'agent',
  eventSource: 'source',
  access: 'access',
  category: 'type',
  requestID: 'requestid',
  eventID: 'eventid',
  kind: 'kind',
  operation: 'operation',
};

/** Query text of a facet value, quoted as needed. Every facet column has a field that reads exactly
 *  the value the column shows (the Principal column's short name has `principal:`), so the value is
 *  matched as it is, whatever the column. */
export function facetValueText(_column: ColumnId, value: string): string {
  return quoteValue(value);
}

export function formatTerm(field: string, valueText: string, negated: boolean): string {
  return `${negated ? '-' : ''}${field}:${valueText}`;
}

/** Whitespace-separated terms of a query, keeping quoted values whole. */
export function splitTerms(query: string): string[] {
  const terms: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (quoted && c === '\\' && i + 1 < query.length) {
      current += c + query[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && /\s/.test(c)) {
      if (current) terms.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current) terms.push(current);
  return terms;
}

/** Adds `field:value` (or `-field:value`; valueText already quoted); an existing term for the same value
 *  flips instead of duplicating. */
export function addTerm(query: string, field: string, valueText: string, negated: boolean): string {
  const term = formatTerm(field, valueText, negated);
  const opposite = formatTerm(field, valueText, !negated);
  const terms = splitTerms(query).filter((t) => t.toLowerCase() !== opposite.toLowerCase());
  if (!terms.some((t) => t.toLowerCase() === term.toLowerCase())) terms.push(term);
  return terms.join(' ');
}

/** Replaces any since:/until: terms with the given range (ISO times). */
export function setTimeRange(query: string, sinceIso: string, untilIso: string): string {
  const terms = splitTerms(query).filter((t) => !/^-?(since|until):/i.test(t));
  terms.push(`since:${sinceIso}`, `until:${untilIso}`);
  return terms.join(' ');
}

/** What to run while the user is still typing (a pause, not Enter). */
export type TypingRun =
  | { run: true; query: string; /** the token under the caret was run as a prefix (`Get` as `Get*`) */ prefix?: string }
  | { run: false; /** why the last result stays */ hint: string };

/**
 * A half-typed token should not blank the table. The value being typed at the caret (`eventName:Get`)
 * runs as a prefix (`eventName:Get*`); a bare word that is the start of a field name (`eventNa`) is
 * not run at all (the last result stays) until it is a filter. Enter runs the text exactly as written.
 */
export function typingQuery(text: string, caret: number): TypingRun {
  // The caret must end a token: at the end of the text or before whitespace.
  if (caret < text.length && !/\s/.test(text[caret])) return { run: true, query: text };
  // Inside quotes (an odd number before the caret) the token is not what the spaces delimit.
  if ((text.slice(0, caret).match(/(?<!\\)"/g) ?? []).length % 2 === 1) return { run: true, query: text };
  let start = caret;
  while (start > 0 && !/\s/.test(text[start - 1])) start--;
  const token = text.slice(start, caret);
  if (!token || token.includes('"')) return { run: true, query: text };
  const bare = token.replace(/^-/, '');
  const colon = bare.indexOf(':');
  if (colon < 0) {
    const word = bare.toLowerCase();
    if (word.length > 0 && knownFieldNames().some((f) => f.startsWith(word))) {
      return { run: false, hint: `Type ":" after a field name to filter on it; Enter searches "${bare}" as text` };
    }
    return { run: true, query: text };
  }
  const field = resolveField(bare.slice(0, colon));
  const value = bare.slice(colon + 1);
  // Time bounds and closed sets are not prefixes; an empty value or one ending in a glob or list is as written.
  if (!field || field === 'since' || field === 'until' || ENUM_VALUES[field] || !value || /[*,:]$/.test(value) || (field === 'ip' && value.includes('/'))) {
    return { run: true, query: text };
  }
  const last = value.slice(value.lastIndexOf(',') + 1);
  return { run: true, query: `${text.slice(0, caret)}*${text.slice(caret)}`, prefix: last };
}
