// Where a refresh starts listing again. A listing's keys come in key order; CloudTrail names its files
// `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>`, and a file for the end of a day can arrive after
// files of the next day were written. So a refresh lists again from the day before the newest day it has
// seen (a page or two of keys it knows, skipped without a fetch) rather than from the newest key alone,
// which would miss a late file whose name sorts before it.

import { dayFolder, previousDay, trailKeyDay, type ListRange } from './trail-layout';

/** The newest key seen per listing prefix: what a refresh resumes from. */
export type ListMarkers = Record<string, string>;

/** The range a refresh lists: the original range, starting no earlier than the day before the newest key seen. */
export function resumeRange(range: ListRange, newestKey: string | undefined): ListRange {
  if (newestKey === undefined || !newestKey.startsWith(range.prefix)) return range;
  const day = trailKeyDay(newestKey);
  // A key without a day (a flat prefix): everything after it is new; keys before it are known or were
  // skipped on purpose. Access-log names carry their time, so a late one still sorts after.
  const after = day === undefined ? newestKey : `${range.prefix}${dayFolder(previousDay(day))}`;
  if (range.startAfter !== undefined && range.startAfter >= after) return range;
  return { ...range, startAfter: after };
}

/** The marker of a range after a listing: the newest key it returned, or the one it had. */
export function advanceMarker(markers: ListMarkers, range: ListRange, keys: readonly string[]): void {
  let newest = markers[range.prefix];
  for (const k of keys) if (newest === undefined || k > newest) newest = k;
  if (newest !== undefined) markers[range.prefix] = newest;
}
