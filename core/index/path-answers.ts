// What re-reading told about the rows for path terms (`requestParameters.x:y`, which no column holds):
// per term, per row, "not read yet", "matches" or "does not match". The evaluator drops the rows known
// not to match; the service re-reads the candidates not read yet before it answers (TrailIndex
// unreadPathRows / recordPathAnswers). Answers outlive one query: the same term with another time
// range, or after files were added, re-reads only the rows it has not seen.

import type { ParsedQuery, Term } from '../query';

export const PATH_UNREAD = 0;
export const PATH_MATCH = 1;
export const PATH_NO_MATCH = 2;

/** Terms whose answers are kept (the oldest is forgotten beyond it). */
const MAX_TERMS = 16;

export class PathAnswers {
  /** Bumped whenever an answer is recorded: results cached before are stale. */
  version = 0;
  private byTerm = new Map<string, { layout: number; state: Uint8Array }>();

  /** The answers of a term over rows [0, rowCount) for the given row layout (zeros for rows not read). */
  stateOf(q: ParsedQuery, term: Term, rowCount: number, layout: number): Uint8Array {
    const key = termKey(q, term);
    let entry = this.byTerm.get(key);
    if (!entry || entry.layout !== layout) {
      // Row ids were renumbered (compaction): what was read is lost, not wrong.
      entry = { layout, state: new Uint8Array(rowCount) };
      this.byTerm.delete(key);
      this.byTerm.set(key, entry);
      if (this.byTerm.size > MAX_TERMS) this.byTerm.delete(this.byTerm.keys().next().value!);
    } else if (entry.state.length < rowCount) {
      const grown = new Uint8Array(Math.max(rowCount, entry.state.length * 2));
      grown.set(entry.state);
      entry.state = grown;
    }
    return entry.state;
  }
}

/** A path term's identity: its text without the leading '-' (negation reads the same answers). */
function termKey(q: ParsedQuery, term: Term): string {
  return q.text.slice(term.start, term.end).replace(/^-/, '');
}
