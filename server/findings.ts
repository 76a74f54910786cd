// The workspace's findings, on the workspace index: once the index is built, every rule runs on its columns
// (core/detect from-index: only the candidates of rules testing request details are re-read), then only the
// files that change are recomputed once the index has re-read them (FindingsStore keeps each file's share),
// and the client is told when the findings changed. User rules come from the `detect.rulesFolder` setting.

import path from 'node:path';
import { FindingsStore, loadRules, setFilesFromIndex, type Finding } from '../core/detect';
import { compileGlobs, type GlobMatcher } from '../core/files';
import type { WorkspaceIndexService } from '../engine/workspace-index';
import type { Problem } from '../core/problem';
import type { FindingsResult } from '../core/protocol';
import type { Settings } from '../core/settings';

export interface WorkspaceFindingsOptions {
  roots: string[];
  settings: Settings;
  /** The index the findings are computed from (its full load is awaited before the first findings). */
  index: WorkspaceIndexService;
  /** Settles when the index's full load ends. */
  indexed: Promise<void>;
  onChanged(): void;
  log(msg: string): void;
}

export class WorkspaceFindings {
  private store: FindingsStore;
  private ruleProblems: Problem[];
  private state: FindingsResult['state'] = 'idle';
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly include: GlobMatcher;
  private readonly exclude: GlobMatcher;
  private readonly rulesDirs: string[];

  constructor(private readonly opts: WorkspaceFindingsOptions) {
    this.include = compileGlobs(opts.settings['index.include']);
    this.exclude = compileGlobs(opts.settings['index.exclude']);
    this.rulesDirs = opts.roots.map((r) => path.resolve(r, opts.settings['detect.rulesFolder']));
    const { store, problems } = this.loadStore();
    this.store = store;
    this.ruleProblems = problems;
  }

  private loadStore(): { store: FindingsStore; problems: Problem[] } {
    // The first root's folder holds the rules (a multi-root workspace keeps one rule set).
    const set = loadRules(this.rulesDirs[0]);
    for (const p of set.problems) this.opts.log(`rule problem: ${p.file}:${(p.position?.line ?? 0) + 1}: ${p.message}`);
    return { store: new FindingsStore(set.rules, set.sigma), problems: set.problems };
  }

  /** Every file of the index, once it is built (serialised with changes). */
  start(): Promise<void> {
    this.state = 'working';
    return this.enqueue(async () => {
      await this.opts.indexed;
      if (this.disposed) return;
      const t0 = Date.now();
      const { index, shapeOf } = this.opts.index.detectSource();
      await setFilesFromIndex(this.store, index, { shapeOf });
      this.state = 'ready';
      this.opts.log(`Findings: ${this.store.findings().length} from ${this.store.fileCount} files in ${Date.now() - t0} ms`);
      this.opts.onChanged();
    });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(job).catch((e: unknown) => this.opts.log(`findings: ${e instanceof Error ? e.message : String(e)}`));
    return this.queue;
  }

  private isTrailFile(abs: string): boolean {
    return this.opts.roots.some((root) => {
      const rel = path.relative(root, abs).split(path.sep).join('/');
      return !rel.startsWith('..') && this.include(rel) && !this.exclude(rel);
    });
  }

  /** A watched file changed: once the index has its rows (`indexed`: the index's own update of it), a trail
   *  file's share is recomputed (or dropped); a rule file reloads the rules and recomputes all. */
  fileChanged(file: string, indexed: Promise<void>): Promise<void> {
    const abs = path.resolve(file);
    if (this.rulesDirs.some((d) => path.dirname(abs) === d) && /\.ya?ml$/i.test(abs)) {
      const { store, problems } = this.loadStore();
      this.store = store;
      this.ruleProblems = problems;
      return this.start();
    }
    if (!this.isTrailFile(abs)) return Promise.resolve();
    return this.enqueue(async () => {
      await indexed;
      if (this.disposed) return;
      const { index, shapeOf } = this.opts.index.detectSource();
      // A file the index no longer has (deleted, or no longer readable) is dropped from the findings.
      await setFilesFromIndex(this.store, index, { shapeOf, files: [abs] });
      this.opts.onChanged();
    });
  }

  result(): FindingsResult {
    return { state: this.state, findings: this.store.findings(), ruleProblems: this.ruleProblems };
  }

  findings(): Finding[] {
    return this.store.findings();
  }

  dispose(): void {
    this.disposed = true;
  }
}
