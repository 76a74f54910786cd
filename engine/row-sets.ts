// The rows of the workspace-computed query terms for one index: story:<id> (core/identity) and
// integrity:failed (the log files the last "Verify Trail Integrity" found damaged or unlisted).

import { identityRows } from '../core/identity';
import type { RowSets, TrailIndex } from '../core/index';
import type { Term } from '../core/query';

export class WorkspaceRowSets implements RowSets {
  version = 0;
  private failedFiles = new Set<string>();
  private stories = new Map<string, { generation: number; rows: Uint8Array }>();

  constructor(private readonly index: () => TrailIndex) {}

  /** Log files whose records cannot be trusted (integrity:failed). */
  setIntegrityFailures(files: Iterable<string>): void {
    this.failedFiles = new Set(files);
    this.version++;
  }

  get integrityFailures(): ReadonlySet<string> {
    return this.failedFiles;
  }

  rows(term: Term, termText: string): Uint8Array | undefined {
    const index = this.index();
    if (term.field === 'integrity') return this.failedRows(index);
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

  private failedRows(index: TrailIndex): Uint8Array {
    const store = index.store;
    const out = new Uint8Array(store.rowCount);
    if (this.failedFiles.size === 0) return out;
    const paths = store.filePaths();
    const failed = new Uint8Array(paths.length);
    paths.forEach((p, id) => (failed[id] = this.failedFiles.has(p) ? 1 : 0));
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
