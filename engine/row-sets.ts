// The rows of the workspace-computed query terms for one index: story:<id> (core/identity),
// integrity:failed (the log files the last "Verify Trail Integrity" found damaged or unlisted),
// integrity:unverifiable (listed only by a digest that failed, or in the hours of a missing one), with the
// explorer's mark for the rows of each such file, and finding:<rule id glob> (the records of the workspace's
// findings, by their locations).

import type { Finding } from '../core/detect';
import type { RowData } from '../core/protocol';
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

  private findingRowsCache: { generation: number; version: number; byRule: Map<string, number[]>; byRow: Map<number, string[]> } | undefined;

  /** `findings`: the workspace's findings of the moment (finding: terms); call findingsChanged when they change. */
  constructor(private readonly index: () => TrailIndex, private readonly findings?: () => readonly Finding[]) {}

  /** The findings changed: finding: terms are answered again. */
  findingsChanged(): void {
    this.version++;
  }

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
    if (term.field === 'finding') return this.findingRows(index, term);
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

  /** Rows of the findings whose rule id the term's values match (globs, lists, case-insensitive). A finding
   *  record is found by its file and byte offset (what the index keeps), so rows stay right after edits. */
  private findingRows(index: TrailIndex, term: Term): Uint8Array {
    const out = new Uint8Array(index.store.rowCount);
    for (const [ruleId, rows] of this.findingCache(index).byRule) {
      if (!term.matchValue(ruleId)) continue;
      for (const r of rows) out[r] = 1;
    }
    return out;
  }

  /** Marks the table rows that belong to a finding with the findings' rule ids (the explorer's badge). */
  markFindings(index: TrailIndex, rows: RowData[]): void {
    if (!this.findings || rows.length === 0) return;
    const byRow = this.findingCache(index).byRow;
    if (byRow.size === 0) return;
    for (const row of rows) {
      const rules = byRow.get(row.id);
      if (rules) row.findings = rules.join(',');
    }
  }

  private findingCache(index: TrailIndex): NonNullable<WorkspaceRowSets['findingRowsCache']> {
    const store = index.store;
    let cache = this.findingRowsCache;
    if (!cache || cache.generation !== store.generation || cache.version !== this.version) {
      const findings = this.findings?.() ?? [];
      const paths = store.filePaths();
      const fileId = new Map(paths.map((p, id) => [p, id]));
      // (file id, offset) -> the rules whose findings hold that record
      const rulesAt = new Map<number, string[]>();
      for (const f of findings) {
        for (const loc of f.records) {
          const id = fileId.get(loc.file);
          if (id === undefined) continue;
          const k = id * 2 ** 32 + loc.offset;
          const l = rulesAt.get(k);
          if (!l) rulesAt.set(k, [f.ruleId]);
          else if (!l.includes(f.ruleId)) l.push(f.ruleId);
        }
      }
      const byRule = new Map<string, number[]>();
      const byRow = new Map<number, string[]>();
      if (rulesAt.size > 0) {
        for (let row = 0; row < store.rowCount; row++) {
          if (!store.isAlive(row)) continue;
          const rules = rulesAt.get(store.fileIds.at(row) * 2 ** 32 + store.offsets.at(row));
          if (!rules) continue;
          byRow.set(row, rules);
          for (const r of rules) {
            let l = byRule.get(r);
            if (!l) byRule.set(r, (l = []));
            l.push(row);
          }
        }
      }
      cache = this.findingRowsCache = { generation: store.generation, version: this.version, byRule, byRow };
    }
    return cache;
  }

  private fileRows(index: TrailIndex, files: ReadonlySet<string>): Uint8Array {
    const store = index.store;
    const out = new Uint8Array(store.rowCount);
    if (files.size === 0) return out;
    const paths = store.filePaths();
    const failed = new Uint8Array(paths.length);
    paths.forEach((p, id) => (failed[id] = files.has(p) ? 1 : 0));
    const fileIds = store.fileIds;
    for (let r = 0; r < out.length; r++) out[r] = failed[fileIds.at(r)];
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
