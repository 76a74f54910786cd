// The Problems panel entries of findings (setting cloudtrailS3.findings.problems), without vscode: one entry
// per open (not dismissed) finding, on its first record, with the finding's severity mapped to a diagnostic
// severity, a message that names the rule and the record count, and the rule id as the code.

import type { FindingSeverity } from '../core/detect';
import type { FindingPlace } from '../core/protocol';

export type ProblemSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface FindingProblemEntry {
  file: string;
  /** The position is in the file's pretty text (gzip files open as it). */
  gzip: boolean;
  line: number;
  column: number;
  severity: ProblemSeverity;
  message: string;
  /** The rule id (what the Problems panel shows as the code). */
  code: string;
}

/** What the Problems panel's own levels can say: what needs action now is an error. */
export const PROBLEM_SEVERITY: Readonly<Record<FindingSeverity, ProblemSeverity>> = {
  critical: 'error', high: 'error', medium: 'warning', low: 'information', info: 'hint',
};

export function findingProblemEntries(places: readonly FindingPlace[], dismissed: ReadonlySet<string>): FindingProblemEntry[] {
  return places.filter((p) => !dismissed.has(p.findingId)).map((p) => ({
    file: p.file, gzip: p.gzip, line: p.line, column: p.column, severity: PROBLEM_SEVERITY[p.severity],
    message: `${p.title} (rule ${p.ruleId}, ${p.count} record${p.count === 1 ? '' : 's'}, ${p.severity})`,
    code: p.ruleId,
  }));
}
