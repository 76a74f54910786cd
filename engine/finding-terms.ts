// The explorer's `finding:` query term: `finding:*` (records of any finding), `finding:s3-public-policy`,
// `finding:s3-public-*,cloudtrail-*`, `-finding:*`. The query language has no such field (findings live
// next to the index, not in it), so the server rewrites each term into the eventIDs of those findings'
// records before parsing; a finding term also lifts the S3-only scope (L3 records are CloudTrail's own).

import type { Finding } from '../core/detect';

const TERM = /(^|\s)(-?)finding:("[^"]*"|[^\s]+)/gi;
/** Matches no eventID: a finding term without findings selects nothing (or, negated, everything). */
const NONE = '"(no finding)"';

function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

/** The query with its `finding:` terms replaced by `eventid:` lists; unchanged when it has none. */
export function expandFindingTerms(query: string, findings: () => readonly Finding[]): string {
  if (!/(^|\s)-?finding:/i.test(query)) return query;
  const all = findings();
  let expanded = query.replace(TERM, (_m, lead: string, neg: string, raw: string) => {
    const patterns = raw.replace(/^"|"$/g, '').split(',').filter((p) => p !== '').map(globRegex);
    const ids = new Set<string>();
    for (const f of all) if (patterns.some((p) => p.test(f.ruleId))) for (const e of f.eventIDs) ids.add(e);
    return `${lead}${neg}eventid:${ids.size > 0 ? [...ids].join(',') : NONE}`;
  });
  if (!/(^|\s)-?source:/i.test(expanded)) expanded = `source:* ${expanded}`;
  return expanded;
}
