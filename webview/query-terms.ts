// Edits to query text made by clicks (facets, timeline): which query field a column filters on,
// quoting of values, adding a term without duplicating it, replacing the time range.

import type { ColumnId } from '../core/protocol';
// The module, not core/query's index: the index also pulls in record evaluation and with it the event
// catalog, which the page loads only when the detail pane needs it (record-docs.ts).
import { quoteValue } from '../core/query/completion';

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
