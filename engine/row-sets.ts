// The rows of the workspace-computed query terms for one index: story:<id> (core/identity) and
// integrity:failed (the log files the last "Verify Trail Integrity" found damaged or unlisted) and
// integrity:unverifiable (listed only by a digest that failed, or in the hours of a missing one), with the
// explorer's mark for the rows of each such file.

import { identityRows } from '../core/identity';
import { integrityMarks, type IntegrityMark, type IntegrityReport } from '../core/integrity';
import type { RowSets, TrailIndex } from '../core/index';
import type { Term } from '../core/query';

export class WorkspaceRowSets implements RowSets {
  version = 0;
  private failedFiles = new Set<string>();
  private unverifiableFiles = new Set<string>();
  private marks = new Map<string, IntegrityMark>();
  private stories = new Map<string, { generation: number; rows: Uint8Array }>();

  constructor(private readonly index: () => TrailIndex) {}

  /** The results of a verification: log files whose records cannot be trusted (integrity:failed), those nothing
   *  vouches for (integrity:unverifiable), and the explorer's mark of each. */
  setIntegrityResults(report: IntegrityReport): void {
    this.marks = integrityMarks(report);
    this.failedFiles = new Set(report.failedLogFiles);
    this.unverifiableFiles = new Set([...this.marks].filter(([, m]) => m.severity === 'unverifiable').map(([f]) => f));
    this.version++;
  }

  get integrityFailures(): ReadonlySet<string> {
    return this.failedFiles;
  }

  /** The explorer's mark on rows of this log file, if the last verification failed it. */
  integrityMark(file: string): IntegrityMark | undefined {
    return this.marks.get(file);
  }

  rows(term: Term, termText: string): Uint8Array | undefined {
    const index = this.index();
    if (term.field === 'integrity') {
      const values = new Set(termValues(termText).map((v) => v.toLowerCase()));
      const files = values.has('unverifiable') ? (values.has('failed') ? new Set([...this.failedFiles, ...this.unverifiableFiles]) : this.unverifiableFiles) : this.failedFiles;
      return this.fileRows(index, files);
    }
    if (term.field !== 'story') return undefined;
    const ids = termValues(termText);
    const out = new Uint8Array(index.store.rowCount);
    for (const id of ids) {
      let cached = this.stories.get(id);
      if (!cached || cached.generation !== index.store.generation) {
        cached = { generation: index.store.generation, rows: identityRows(index, id) };
        if (this.stories.size > 16) this.stories.clear();
        this.stories.set(id, cached);
      }
      const rows = cached.rows;
      for (let r = 0; r < rows.length; r++) if (rows[r] !== 0) out[r] = 1;
    }
    return out;
  }

  private fileRows(index: TrailIndex, files: ReadonlySet<string>): Uint8Array {
    const store = index.store;
    const out = new Uint8Array(store.rowCount);
    if (files.size === 0) return out;
    const paths = store.filePaths();
    const failed = new Uint8Array(paths.length);
    paths.forEach((p, id) => (failed[id] = files.has(p) ? 1 : 0));
    const fileIds = store.fileIds;
    for (let r = 0; r < out.length; r++) out[r] = failed[fileIds[r]];
    return out;
  }
}

/** The values of a term as written: `story:a,b` or `story:"a b"` (quotes kept out, case kept). */
export function termValues(termText: string): string[] {
  const text = termText.replace(/^-/, '');
  const value = text.slice(text.indexOf(':') + 1);
  if (value.startsWith('"')) return [value.replace(/^"|"$/g, '').replace(/\\"/g, '"')];
  return value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
}
