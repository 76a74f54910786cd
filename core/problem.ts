// Problems found while reading files: values, never exceptions, so one bad record loses nothing else.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Where something is in a file. Offsets count bytes of the decompressed text (UTF-8); line and column are 0-based. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

export interface Problem {
  /** File path (or URI string) the problem belongs to. */
  file: string;
  /** Stable machine code, e.g. `json-syntax`, `truncated-gzip`, `not-cloudtrail`. */
  code: string;
  severity: Severity;
  message: string;
  /** Where it is; absent when the problem concerns the whole file (unreadable, symlink loop). */
  position?: SourcePosition;
}

export function formatProblem(p: Problem): string {
  const where = p.position ? `:${p.position.line + 1}:${p.position.column + 1}` : '';
  return `${p.file}${where}: ${p.severity} ${p.code} ${p.message}`;
}
