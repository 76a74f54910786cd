// The choices of "Add S3 Trail Location...", as plain data: the date ranges offered, the selection made of
// the picks (a list with every item picked means "all", so accounts and regions that appear later are read
// too), and how sizes and rates read. No editor calls: the command (client/s3-trail-locations.ts) shows them.

import { checkDays, lastDays, type TrailSelection } from '../core/remote';

export interface DateRangeChoice {
  label: string;
  /** Days back from today (inclusive of today); undefined: every day; 'custom': asked for. */
  days: number | undefined | 'custom';
}

export const DATE_RANGES: readonly DateRangeChoice[] = [
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 24 hours (today and yesterday)', days: 2 },
  { label: 'Last 30 days', days: 30 },
  { label: 'Last 90 days', days: 90 },
  { label: 'All days', days: undefined },
  { label: 'Custom range...', days: 'custom' },
];

/** The days of a range choice (UTC). */
export function rangeDays(choice: DateRangeChoice, now: number): { since?: string; until?: string } {
  return typeof choice.days === 'number' ? lastDays(now, choice.days) : {};
}

/** A custom range as typed: `YYYY-MM-DD..YYYY-MM-DD`, either side may be empty; a message when wrong. */
export function parseDayRange(text: string): { since?: string; until?: string } | { error: string } {
  const m = /^\s*(\d{4}-\d{2}-\d{2})?\s*\.\.\s*(\d{4}-\d{2}-\d{2})?\s*$/.exec(text) ?? /^\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(text);
  if (!m) return { error: 'Type YYYY-MM-DD..YYYY-MM-DD (either side may be left empty), or one day' };
  const single = !text.includes('..');
  const sel: TrailSelection = { since: m[1] || undefined, until: single ? m[1] : m[2] || undefined };
  const bad = checkDays(sel);
  return bad ? { error: bad } : { since: sel.since, until: sel.until };
}

/** A multi-pick as a selection list: undefined when everything was picked (future values included). */
export function pickedList(all: readonly string[], picked: readonly string[]): string[] | undefined {
  return picked.length === all.length ? undefined : [...picked];
}

/**
 * A message for a notification: object keys and prefixes in it are written by whoever can write to the bucket,
 * and notifications turn `[text](target)` into links (`command:` ones included). Brackets become look-alikes
 * and control, bidi and zero-width characters `\uXXXX`, so a key shows as what it is and links nowhere. The
 * output channel keeps the exact text.
 */
export function notificationText(message: string): string {
  return message
    .replace(/\[/g, '\uff3b').replace(/\]/g, '\uff3d')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1073741824) return `${(n / 1048576).toFixed(1)} MB`;
  return `${(n / 1073741824).toFixed(2)} GB`;
}

/** The progress line of a fetch: objects, bytes, rate. */
export function progressLine(p: { objectsDone: number; objectsTotal: number; objectsCached: number; bytesDone: number; bytesTotal: number; elapsedMs: number }): string {
  const rate = p.elapsedMs > 0 ? (p.bytesDone / 1048576) / (p.elapsedMs / 1000) : 0;
  const cached = p.objectsCached > 0 ? ` (${p.objectsCached} cached)` : '';
  return `${p.objectsDone} of ${p.objectsTotal} objects${cached}, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}, ${rate.toFixed(1)} MB/s`;
}

/** How a location is named in lists: its URL and what of it is read. */
export function describeSelection(s: TrailSelection): string {
  const parts: string[] = [];
  if (s.accounts) parts.push(`${s.accounts.length} account${s.accounts.length === 1 ? '' : 's'}`);
  if (s.regions) parts.push(s.regions.join(', '));
  if (s.since || s.until) parts.push(`${s.since ?? '…'} to ${s.until ?? '…'}`);
  else parts.push('all days');
  if (s.digests) parts.push('digests');
  return parts.join(' · ');
}
