// The workspace's findings, next to the index: reads every trail file of the workspace folders once, then
// only the files that change (FindingsStore keeps each file's share, so a change costs that file's read),
// and tells the client when the findings changed. User rules come from the `detect.rulesFolder` setting.

import path from 'node:path';
import { FindingsStore, loadRules, readFileRecords, type Finding } from '../core/detect';
import { discoverFiles, compileGlobs, type GlobMatcher } from '../core/index';
import type { Problem } from '../core/problem';
import type { FindingsResult } from '../core/protocol';
import type { Settings } from '../core/settings';

export interface WorkspaceFindingsOptions {
  roots: string[];
  settings: Settings;
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

  /** Reads every file of the roots (serialised with changes). */
  start(): Promise<void> {
    return this.enqueue(async () => {
      this.state = 'working';
      const s = this.opts.settings;
      const found = await discoverFiles(this.opts.roots, { include: s['index.include'], exclude: s['index.exclude'], maxFileBytes: s['index.maxFileSizeMB'] * 1048576 });
      const t0 = Date.now();
      for (const f of found.files) {
        if (this.disposed) return;
        await this.readFile(f.path);
      }
      this.state = 'ready';
      this.opts.log(`Findings: ${this.store.findings().length} from ${found.files.length} files in ${Date.now() - t0} ms`);
      this.opts.onChanged();
    });
  }

  private async readFile(file: string): Promise<void> {
    const limits = { maxFileBytes: this.opts.settings['index.maxFileSizeMB'] * 1048576, maxInflatedBytes: this.opts.settings['index.maxInflatedMB'] * 1048576 };
    // Problems of the records are the index's to report; the findings only skip what cannot be read.
    this.store.setFile(file, await readFileRecords(file, () => undefined, limits));
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

  /** A watched file changed: a trail file is re-read (or dropped); a rule file reloads the rules and re-reads all. */
  fileChanged(file: string, kind: 'created' | 'changed' | 'deleted'): Promise<void> {
    const abs = path.resolve(file);
    if (this.rulesDirs.some((d) => path.dirname(abs) === d) && /\.ya?ml$/i.test(abs)) {
      const { store, problems } = this.loadStore();
      this.store = store;
      this.ruleProblems = problems;
      return this.start();
    }
    if (!this.isTrailFile(abs)) return Promise.resolve();
    return this.enqueue(async () => {
      if (kind === 'deleted') this.store.removeFile(abs);
      else await this.readFile(abs);
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
