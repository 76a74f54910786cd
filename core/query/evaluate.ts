// The reference evaluator: does one record's RecordValues satisfy a parsed query. The index must
// agree with it on every record (its tests compare the two).

import { isS3EventSource } from '../catalog';
import { recordValues, type RawRecord } from '../record';
import type { RecordValues } from '../record';
import { FIELD_VALUES } from './fields';
import type { ParsedQuery, Term } from './parser';
import { valuesAtPath } from './path-terms';

/** A positive match: some value the term's field reads is present and matches. */
export function termMatches(term: Term, v: RecordValues): boolean {
  // RecordValues are a CloudTrail record's; access-log lines live in the index only.
  if (term.field === 'kind') return term.matchValue('cloudtrail');
  for (const key of FIELD_VALUES[term.field]) {
    const value = v[key];
    if (value !== undefined && term.matchValue(value)) return true;
  }
  return false;
}

/** Whether the query has terms on paths into the record (they need the record, not its RecordValues). */
export function hasPathTerms(q: ParsedQuery): boolean {
  return q.terms.some((t) => t.path !== undefined);
}

/** A path term's positive match on a raw record: some value at its path is present and matches. */
export function pathTermMatches(term: Term, r: RawRecord): boolean {
  return term.path !== undefined && valuesAtPath(r, term.path).some((v) => term.matchValue(v));
}

/** Whether a raw record satisfies every path term of the query (negated ones by not matching). */
export function matchesPathTerms(q: ParsedQuery, r: RawRecord): boolean {
  for (const term of q.terms) if (term.path && pathTermMatches(term, r) === term.negated) return false;
  return true;
}

/**
 * The query's terms over RecordValues. Path terms read the record itself, which RecordValues do not
 * hold: they are left to matchesPathTerms (the index's columns narrow the rows the same way, and the
 * candidates are re-read for the rest).
 */
export function matchesValues(q: ParsedQuery, v: RecordValues): boolean {
  if (q.s3Only && !isS3EventSource(v.eventSource)) return false;
  for (const term of q.terms) {
    if (term.path) continue;
    // A record lacking the field fails the positive term, so it passes the negated one.
    if (termMatches(term, v) === term.negated) return false;
  }
  return true;
}

/** The reference evaluator over a raw record (documents, the CLI): its RecordValues, then matchesValues,
 *  and the path terms on the record. */
export function matchesRecord(q: ParsedQuery, r: RawRecord): boolean {
  return matchesValues(q, recordValues(r)) && matchesPathTerms(q, r);
}
