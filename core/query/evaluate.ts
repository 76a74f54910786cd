// The reference evaluator: does one record's RecordValues satisfy a parsed query. The index must
// agree with it on every record (its tests compare the two).

import { recordValues, type RawRecord } from '../record';
import type { RecordValues } from '../record/values';
import { FIELD_VALUES, S3_SCOPE_SOURCES } from './fields';
import type { ParsedQuery, Term } from './parser';

/** A positive match: some value the term's field reads is present and matches. */
export function termMatches(term: Term, v: RecordValues): boolean {
  for (const key of FIELD_VALUES[term.field]) {
    const value = v[key];
    if (value !== undefined && term.matchValue(value)) return true;
  }
  return false;
}

export function isS3Source(eventSource: string | undefined): boolean {
  return eventSource !== undefined && S3_SCOPE_SOURCES.includes(eventSource.toLowerCase());
}

export function matchesValues(q: ParsedQuery, v: RecordValues): boolean {
  if (q.s3Only && !isS3Source(v.eventSource)) return false;
  for (const term of q.terms) {
    // A record lacking the field fails the positive term, so it passes the negated one.
    if (termMatches(term, v) === term.negated) return false;
  }
  return true;
}

/** The reference evaluator over a raw record (documents, the CLI): its RecordValues, then matchesValues. */
export function matchesRecord(q: ParsedQuery, r: RawRecord): boolean {
  return matchesValues(q, recordValues(r));
}
