// The workspace index service: finds the trail files under the workspace folders, reads them in worker
// threads (engine/worker-pool.ts; in this thread when there are none), merges their column batches into one
// TrailIndex, keeps it current as files change (engine/change-worker.ts), and answers the explorer's
// requests from it. Node only: the language server adapts it to LSP, the CLI runs it directly.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import {
  compileGlobs, discoverFiles, partitionGlobs, readRecordAt, readRecordsAt, type GlobMatcher, type RecordTextResult, type TrailFile,
} from '../core/files';
import { FLAG_ACCESS, FLAG_DEAD, readAccessLineAt, RowIdColumn, TrailIndex, unpackBatch } from '../core/index';
import { isPlainObject, type Shape } from '../core/parse';
import type { Problem } from '../core/problem';
import type {
  AthenaSqlParams, AthenaSqlResult, CountParams, CountResult, ExportParams, ExportResult, FacetsParams, FacetsResult, GroupByParams, GroupByResult, HistogramParams,
  HistogramResult, IndexStatus, ProblemsResult, QueryCompletionParams, QueryCompletionResult, QueryError, QueryParams,
  QueryResult, RecordLocation, RecordParams, RecordResult, RelatedRecord,
} from '../core/protocol';
import { AthenaUnsupportedError, FIELD_VALUES, hasPathTerms, parseQuery, queryCompletions, toAthenaSql, type ParsedQuery, type QueryField } from '../core/query';
import type { RawRecord } from '../core/record';
import { readLimits, type ReadLimits, type Settings } from '../core/settings';
import type { Finding } from '../core/detect';
import { writeRows } from '../core/export';
import { WorkspaceRowSets } from './row-sets';
import { ChangeWorker } from './change-worker';
import { readTrailFile, type ReadFileRequest, type WorkerMessage } from './index-worker';
import { readWithWorkers, spawnEarly, type PoolRun } from './worker-pool';
import { builtinRules, FactPlan, type FactPlanSpec } from '../core/detect';
import { FileFingerprints, fingerprintFile, RACY_MS, sameByStat, sameFingerprint, type FileFingerprint } from './file-fingerprint';
import { loadSnapshot, saveSnapshot, snapshotPath } from './index-cache';
import { caseInsensitivePlatform, PathSpellings } from './path-case';

export interface WorkspaceIndexOptions {
  roots: string[];
  settings: Settings;
  onStatus(s: IndexStatus): void;
  log(msg: string): void;
  /**
   * The worker script. Default: index-worker.js next to this bundle (dist/). A `.ts` path runs through tsx
   * (tests). When the script does not exist, files are read in this thread.
   */
  workerScript?: string;
  /** Clock for relative query times (tests). */
  now?: () => number;
  /** The workspace's findings, for the query's `finding:` term (engine/row-sets.ts). */
  findings?: () => readonly Finding[];
  /** Folder to save the index in and load it from (open()); none: every start reads every file. */
  cacheDir?: string;
  /** Delay between a file change and saving the index again (default SAVE_DELAY_MS). */
  saveDelayMs?: number;
  /** Files read besides the roots (objects of S3 locations in their cache), whatever their names. */
  files?: readonly string[];
  /** Paths differing only in case are one file (default: on macOS and Windows; tests set it). */
  caseInsensitive?: boolean;
  /** How much older than its saved fingerprint a file's times must be for a reopen to trust its stat without
   *  reading it (default RACY_MS, engine/file-fingerprint.ts; tests set 0 to see files written a moment ago trusted). */
  racyMs?: number;
}

/** Problems kept for the problems list; the total counts all of them. */
const MAX_PROBLEMS = 1000;
const STATUS_INTERVAL_MS = 200;
/** How long the workers of added files wait for the next batch before they end. */
const ADD_POOL_IDLE_MS = 3000;
const COMPLETION_VALUES = 50;
/** Records re-read per pass over their files (bounds the texts held at once). */
const RECORD_CHUNK = 20000;
/** Files re-read at the same time. */
const REREAD_FILES_AT_ONCE = 4;
/** Changes come in bursts (a sync tool writing a day of files): the index is saved once they settle. */
const SAVE_DELAY_MS = 5000;
/** The findings facts' plan of the built-in pack (core/detect/facts.ts), made once: parsing the rule pack costs a
 *  few ms. Its signature keys a saved index; its spec goes to every reader (the index workers get it as data). */
let builtinFactPlan: FactPlan | undefined;
const factPlan = (): FactPlan => (builtinFactPlan ??= new FactPlan(builtinRules()));

/** Files fingerprinted at once (each a stat and two 64 KB reads on libuv's thread pool). */
const FINGERPRINTS_AT_ONCE = 16;
/** Files found to read again while a reopen removes rows (they held duplicates of removed ones) beyond which they are
 *  read with the worker pool rather than in this thread. The added and changed files go to workers whatever their
 *  number: they are read while this thread removes their old rows (readHeld). */
const REOPEN_THREAD_FILES = 16;

export class WorkspaceIndexService {
  private index = new TrailIndex();
  /** story: and integrity: rows, kept across reindexing (the integrity results outlive an index). */
  readonly rowSets: WorkspaceRowSets;
  private readonly shapes = new Map<string, Shape>();
  private problemList: Problem[] = [];
  private problemTotal = 0;
  /** Files of JSON that is not CloudTrail: skipped, not problems (a workspace's package.json is no fault). */
  private readonly skippedFiles = new Set<string>();
  private state: IndexStatus['state'] = 'idle';
  private filesTotal = 0;
  private filesDone = 0;
  private bytesTotal = 0;
  private bytesDone = 0;
  /** Whether this full load has sized the index for all of its bytes (expectRest). */
  private expected = false;
  private startedAt = 0;
  private finishedAt = 0;
  private run: PoolRun | undefined;
  private lastStatusAt = 0;
  private statusTimer: NodeJS.Timeout | undefined;
  private changeQueue = Promise.resolve();
  /** The full indexing in progress: file changes wait for it, so no file is read twice at once. */
  private running: Promise<void> | undefined;
  private completionCache: { generation: number; values: Map<QueryField, string[]> } | undefined;
  /** One worker of the last full indexing, kept to read changed files. */
  private readonly changeWorker: ChangeWorker;
  private readonly include: GlobMatcher;
  private readonly exclude: GlobMatcher;
  private disposed = false;
  private eventNameCache: { index: TrailIndex; generation: number; counts: Map<string, number> } | undefined;
  /** Re-reads for path terms in progress, by query text. */
  private readonly pathReads = new Map<string, Promise<unknown>>();
  /** eventIDs pinned in the explorer: what `pinned:true` matches. */
  private pinned: ReadonlySet<string> = new Set();
  /** What each file read into this index was like before it was read (engine/file-fingerprint.ts). */
  private fingerprints = new FileFingerprints();
  /** Where the index is saved (cacheDir), or undefined. */
  private readonly cacheFile: string | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  /** Files read besides the roots (addFiles): every full indexing reads them too. */
  private readonly extraFiles = new Set<string>();
  /** The workers of the last addFiles batch, kept warm for the next one (a fetch delivers many batches;
   *  new workers would compile the scanner and warm up again each time); ended after ADD_POOL_IDLE_MS idle. */
  private addPool: Worker[] = [];
  private addPoolTimer: NodeJS.Timeout | undefined;
  /** A loaded index's arrays are views over the saved file's one buffer: this copies those still views into buffers
   *  of their own once the index has changed (loadSnapshot ownArrays). Undefined once done. */
  private ownArrays: (() => number) | undefined;
  /** The addFiles batch being read by the pool: dispose ends its workers (they would keep the process alive). */
  private addRun: PoolRun | undefined;

  /** The one spelling of each file's path (engine/path-case.ts). */
  private readonly spellings: PathSpellings;

  constructor(private readonly opts: WorkspaceIndexOptions) {
    this.spellings = new PathSpellings(opts.caseInsensitive ?? caseInsensitivePlatform());
    this.rowSets = new WorkspaceRowSets(() => this.index, opts.findings);
    this.index.setRowSets(this.rowSets);
    this.changeWorker = new ChangeWorker(opts.log);
    // An invalid pattern is left out here; the indexing reports it as a problem (discoverFiles).
    for (const f of opts.files ?? []) this.extraFiles.add(this.pathOf(f));
    this.include = compileGlobs(partitionGlobs(opts.settings['index.include']).valid);
    this.exclude = compileGlobs(partitionGlobs(opts.settings['index.exclude']).valid);
    this.cacheFile = opts.cacheDir ? snapshotPath(opts.cacheDir, opts.roots) : undefined;
  }

  /** What findings are computed from (core/detect from-index): the index of the moment and the shape each
   *  file was read with (re-reading a record by location needs it). */
  detectSource(): { index: TrailIndex; shapeOf(file: string): Shape | undefined } {
    return { index: this.index, shapeOf: (file) => this.shapes.get(file) };
  }

  /** (Re)indexes every root; resolves when done or cancelled. What was read stays queryable after a cancel. */
  start(): Promise<void> {
    const running = this.indexAll();
    this.running = running;
    return running;
  }

  /**
   * Opens the index: the one saved in the cache folder when it checks out (then only the files added, changed or
   * deleted since it was saved are read; its rows are queryable from the moment it is loaded), else a full indexing.
   */
  open(): Promise<void> {
    if (!this.cacheFile) return this.start();
    const running = this.reopen(this.cacheFile);
    this.running = running;
    return running;
  }

  private async reopen(cacheFile: string): Promise<void> {
    this.cancel();
    this.changeWorker.drop();
    const abort = new AbortController();
    const run: PoolRun = { abort, workers: [] };
    this.run = run;
    this.startedAt = Date.now();
    this.finishedAt = 0;
    this.state = 'indexing';
    const loaded = await loadSnapshot(cacheFile);
    if (this.run !== run) return;
    if (!loaded.ok || loaded.snapshot.readKey !== this.readKey()) {
      this.opts.log(loaded.ok ? `Saved index ${cacheFile} was read under other size limits or findings facts: indexing every file`
        : loaded.missing ? `No saved index (${cacheFile}): indexing every file` : `Saved index ${cacheFile} discarded (${loaded.reason}): indexing every file`);
      this.run = undefined;
      return this.indexAll();
    }
    const snap = loaded.snapshot;
    // The saved spellings are the ones the rows and fingerprints are keyed by: they come first.
    for (const f of snap.index.store.filePaths()) this.spellings.adopt(f);
    for (const f of snap.fingerprints.byPath.keys()) this.spellings.adopt(f);
    const given = [...this.extraFiles];
    this.extraFiles.clear();
    for (const f of given) this.extraFiles.add(this.spellings.of(f));
    this.index = snap.index;
    this.ownArrays = loaded.ownArrays;
    this.index.setRowSets(this.rowSets);
    this.shapes.clear();
    for (const [file, shape] of snap.shapes) this.shapes.set(file, shape);
    this.problemList = snap.problems;
    this.problemTotal = snap.problemTotal;
    // The files added besides the roots when it was saved (S3 objects) are checked like the others; until the
    // S3 locations have opened again they are kept as they were (retainFiles then drops those no location holds).
    for (const f of snap.extraFiles) this.extraFiles.add(this.spellings.of(f));
    this.skippedFiles.clear();
    for (const f of snap.skipped) this.skippedFiles.add(f);
    this.fingerprints = snap.fingerprints;
    this.filesTotal = snap.fingerprints.byPath.size;
    this.filesDone = 0;
    this.bytesTotal = this.bytesDone = 0;
    // Sized already: no expect() from a few files read after the load.
    this.expected = true;
    // The rows are queryable now: the status brings the explorer's first window while the files are checked.
    this.emitStatus(true);
    this.opts.log(`Loaded the saved index (${this.index.store.records} records, ${(loaded.bytes / 1048576).toFixed(1)} MB) in ${Date.now() - this.startedAt} ms; checking ${this.filesTotal} files`);
    const tLoaded = Date.now();
    const s = this.opts.settings;
    // The same files a full indexing reads (the roots and the files added besides them). A saved added file that is
    // gone (evicted from the S3 cache) is a deleted file, not a path to report.
    const extras = [...this.extraFiles];
    const found = await discoverFiles([...this.opts.roots, ...extras], {
      include: s['index.include'], exclude: s['index.exclude'], maxFileBytes: readLimits(s).maxFileBytes, signal: abort.signal,
      missingOk: new Set(extras),
    });
    if (this.run !== run) return;
    found.files = this.oneSpelling(found.files);
    // A cancelled discovery lists only part of the files: the rest are not deleted. The loaded rows stay as saved.
    if (abort.signal.aborted) return this.reopenCancelled();
    // The saved problems of files read (their fingerprint saved) hold while the file does (a changed or deleted one
    // loses them below); the others came from finding the files (bad globs, unreadable folders, files too large):
    // they are found again now or no longer hold, so they go and today's are counted, each once.
    const foundPaths = new Set(found.files.map((f) => f.path));
    this.expireProblems((p) => this.fingerprints.byPath.has(p.file) && foundPaths.has(p.file));
    const known = new Set(this.problemList.map(problemKey));
    for (const p of found.problems) if (!known.has(problemKey(p))) this.addProblem(p);
    const tFound = Date.now();
    // A file whose stat (taken by the walk) is its saved fingerprint's, settled, is the file read (sameByStat, the
    // racy-git rule): no read. The others are fingerprinted again: their hashes decide, and an added or changed
    // file's fingerprint is the one saved for it once read.
    const racyMs = this.opts.racyMs ?? RACY_MS;
    const now: (FileFingerprint | undefined)[] = new Array(found.files.length);
    const toHash: number[] = [];
    found.files.forEach((f, i) => {
      const saved = this.fingerprints.byPath.get(f.path);
      if (saved && sameByStat(saved, f, racyMs)) now[i] = saved;
      else toHash.push(i);
    });
    const hashed = await mapLimit(toHash, FINGERPRINTS_AT_ONCE, (i) => fingerprintFile(found.files[i].path));
    toHash.forEach((i, k) => (now[i] = hashed[k]));
    if (this.run !== run) return;
    if (abort.signal.aborted) return this.reopenCancelled();
    const tChecked = Date.now();
    const current = new Set(found.files.map((f) => f.path));
    const deleted = [...this.fingerprints.byPath.keys()].filter((f) => !current.has(f));
    // Rows of files that were never fingerprinted (an index saved before added files were, a removed S3 location's
    // objects) and are no longer read: orphans, which would otherwise stay for good.
    const store = this.index.store;
    for (const f of store.filePaths()) if (store.hasFile(f) && !current.has(f) && !this.fingerprints.byPath.has(f)) deleted.push(f);
    const toRead = new Map<string, { file: TrailFile; fingerprint: FileFingerprint | undefined }>();
    let added = 0;
    // Files found unchanged by their hashes whose new fingerprint is settled: saved again, so that the next reopen
    // trusts their stat instead of hashing them once more.
    let refreshed = 0;
    found.files.forEach((f, i) => {
      const saved = this.fingerprints.byPath.get(f.path);
      const fp = now[i];
      if (saved && fp && sameFingerprint(saved, fp)) {
        if (fp !== saved) {
          this.fingerprints.byPath.set(f.path, fp);
          if (sameByStat(fp, fp, racyMs)) refreshed++;
        }
        return;
      }
      if (!saved) added++;
      toRead.set(f.path, { file: f, fingerprint: fp });
    });
    const changed = toRead.size - added;
    // The added and changed files go to the workers now, while this thread sizes the index for their rows and removes
    // their old rows: the workers' batches wait until then (held), in the order they came.
    const first = [...toRead.values()].map((t) => t.file).sort((a, b) => b.size - a.size);
    const script = first.length > 0 ? this.workerScript() : undefined;
    const early = script ? this.readHeld(first, script, run) : undefined;
    // Rows of deleted and changed files go; files that had dropped duplicates of those rows are read again too (as a
    // live change does), and their own rows must go first: a worklist, so every file read is removed exactly once.
    const work = [...deleted, ...toRead.keys()];
    const changing = work.length > 0;
    // Room for the rows to be read, sized once now (rows in proportion to the bytes to read): appended to arrays
    // loaded at their exact length they would double them (a copy of every column and a rehash of the eventID
    // table), and the trim after would copy them a third time. This copies the row arrays out of the saved file's
    // buffer, once; ownIndex copies the rest after the reading.
    const foundBytes = found.files.reduce((n, f) => n + f.size, 0);
    const readBytes = found.files.reduce((n, f) => n + (toRead.has(f.path) ? f.size : 0), 0);
    // New eventIDs come from added files; a changed file's records mostly keep theirs (and the places of their removed
    // rows in an eventID table of every row, when the index keeps one).
    const addedBytes = found.files.reduce((n, f) => n + (toRead.has(f.path) && !this.fingerprints.byPath.has(f.path) ? f.size : 0), 0);
    if (readBytes > 0 && foundBytes > 0) this.index.store.expect(1 + readBytes / foundBytes, 1 + addedBytes / foundBytes);
    const tOwned = Date.now();
    const removed = new Set<string>();
    while (work.length > 0) {
      const file = work.pop()!;
      if (removed.has(file)) continue;
      removed.add(file);
      this.forget(file);
      for (const other of this.index.removeFile(file).reread) {
        // A deleted file still in the worklist is not read (it is gone); it is removed in its turn.
        if (toRead.has(other) || !current.has(other)) continue;
        toRead.set(other, { file: { path: other, size: 0 }, fingerprint: await fingerprintFile(other) });
        // A reindex started meanwhile owns a new index: this one's worklist must not touch it.
        if (this.run !== run) return;
        work.push(other);
      }
    }
    // Files read again are counted as they finish, the others are done.
    this.filesTotal = found.files.length;
    this.filesDone = found.files.length - [...toRead.keys()].filter((f) => current.has(f)).length;
    const tRemoved = Date.now();
    const files = [...toRead.values()].map((t) => t.file).sort((a, b) => b.size - a.size);
    this.bytesTotal = files.reduce((n, f) => n + f.size, 0);
    if (early) {
      early.release();
      await early.done;
    } else {
      await this.readInThread(first, abort.signal);
    }
    // The files found to read again while removing rows (they held duplicates of removed ones).
    const firstPaths = new Set(first.map((f) => f.path));
    const rest = files.filter((f) => !firstPaths.has(f.path));
    if (this.run === run && rest.length > 0) {
      const restScript = rest.length > REOPEN_THREAD_FILES ? this.workerScript() : undefined;
      if (restScript) {
        const spawned = Array.from({ length: Math.min(this.workerCount(), rest.length) }, () => spawnEarly(restScript));
        await this.readWithWorkers(rest, spawned, run);
      } else {
        await this.readInThread(rest, abort.signal);
      }
    }
    if (this.run !== run) return;
    const tRead = Date.now();
    this.run = undefined;
    for (const { file, fingerprint } of toRead.values()) if (fingerprint) this.fingerprints.byPath.set(file.path, fingerprint);
    // The rows read went into the room sized above; only a guess far off (files that grew a lot) leaves spare
    // room worth a copy to drop.
    if (!this.index.store.compactIfWorthIt() && toRead.size > 0) this.index.store.trimIfLoose();
    const tTrimmed = Date.now();
    if (changing) this.ownIndex();
    const tOwned2 = Date.now();
    this.index.prepare();
    this.state = abort.signal.aborted ? 'cancelled' : 'ready';
    this.finishedAt = Date.now();
    // Where a reopen's time went, for the reopen bench (load, walk, fingerprints, sizing, removal, reading, trim,
    // copy-out of the arrays still views over the saved file's buffer, prepare).
    this.opts.log(`Reopen phases: load ${tLoaded - this.startedAt} ms, found ${tFound - tLoaded} ms, fingerprints ${tChecked - tFound} ms (${toHash.length} files hashed, ${found.files.length - toHash.length} unchanged by their stat), sizing ${tOwned - tChecked} ms, removal ${tRemoved - tOwned} ms, reading ${tRead - tRemoved} ms, trim ${tTrimmed - tRead} ms, copy-out ${tOwned2 - tTrimmed} ms, prepare ${this.finishedAt - tOwned2} ms`);
    this.opts.log(`Index loaded from cache, ${toRead.size} files re-read (${added} added, ${changed} changed, ${deleted.length} deleted): ${this.index.store.records} records from ${found.files.length} files in ${this.finishedAt - this.startedAt} ms`);
    this.emitStatus(true);
    if (toRead.size + deleted.length > 0) this.scheduleSave(0);
    else if (refreshed > 0) this.scheduleSave();
  }

  /** A reopen cancelled before its files were checked: the loaded rows stay, as saved, and nothing is saved. */
  private reopenCancelled(): void {
    this.run = undefined;
    this.state = 'cancelled';
    this.finishedAt = Date.now();
    this.emitStatus(true);
  }

  private async indexAll(): Promise<void> {
    this.cancel();
    this.changeWorker.drop();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const abort = new AbortController();
    const run: PoolRun = { abort, workers: [] };
    this.run = run;
    this.ownArrays = undefined;
    this.index = new TrailIndex();
    this.index.setRowSets(this.rowSets);
    this.shapes.clear();
    this.problemList = [];
    this.problemTotal = 0;
    this.skippedFiles.clear();
    this.filesTotal = this.filesDone = this.bytesTotal = this.bytesDone = 0;
    this.expected = false;
    this.startedAt = Date.now();
    this.finishedAt = 0;
    this.state = 'indexing';
    this.emitStatus(true);
    const s = this.opts.settings;
    // The workers start while the files are found (a worker takes ~50 ms to load and compile its scanner).
    const script = this.workerScript();
    const spawned = script ? Array.from({ length: this.workerCount() }, () => spawnEarly(script)) : [];
    let found: Awaited<ReturnType<typeof discoverFiles>>;
    try {
      found = await discoverFiles([...this.opts.roots, ...this.extraFiles], {
        include: s['index.include'], exclude: s['index.exclude'], maxFileBytes: readLimits(s).maxFileBytes, signal: abort.signal,
      });
    } catch (e) {
      // The early workers hold the process open: every way out of a run ends them.
      for (const w of spawned) void w.terminate();
      if (this.run === run) this.run = undefined;
      throw e;
    }
    // Workers beyond one per file (or all of them, when this run was replaced) are not needed.
    const count = this.run === run ? Math.min(spawned.length, found.files.length) : 0;
    for (const w of spawned.splice(count)) void w.terminate();
    if (this.run !== run) return;
    found.files = this.oneSpelling(found.files);
    for (const p of found.problems) this.addProblem(p);
    // Largest first keeps the workers evenly busy to the end.
    const files = found.files.sort((a, b) => b.size - a.size);
    this.filesTotal = files.length;
    this.bytesTotal = files.reduce((n, f) => n + f.size, 0);
    this.opts.log(`Indexing ${files.length} files (${(this.bytesTotal / 1048576).toFixed(1)} MB) under ${this.opts.roots.join(', ')}`);
    // Fingerprints are taken while the workers read, in no order with them. A file whose size or mtime is no longer
    // the one found before the reading began may have changed after its worker read it: no fingerprint, so the next
    // open reads it again rather than keep its rows under the new content's fingerprint (which the next open would
    // trust by its stat). A rewrite within the same mtime tick is not caught here; a live change event re-reads it.
    const fingerprints = new FileFingerprints();
    const asFound = (f: TrailFile, fp: FileFingerprint): boolean => fp.size === f.size && (f.mtimeMs === undefined || fp.mtimeMs === f.mtimeMs);
    const fingerprinting = this.cacheFile
      ? mapLimit(files, FINGERPRINTS_AT_ONCE, async (f) => { const fp = await fingerprintFile(f.path); if (fp && asFound(f, fp)) fingerprints.byPath.set(f.path, fp); })
      : undefined;
    if (count === 0) await this.readInThread(files, abort.signal);
    else await this.readWithWorkers(files, spawned, run);
    await fingerprinting;
    if (this.run !== run) return;
    this.fingerprints = fingerprints;
    this.run = undefined;
    this.index.store.trim();
    // The table opens sorted by time: "ready" includes that order.
    this.index.prepare();
    this.state = abort.signal.aborted ? 'cancelled' : 'ready';
    this.finishedAt = Date.now();
    this.opts.log(`Indexed ${this.index.store.records} records (${this.index.store.s3Records} S3, ${this.index.store.duplicates} duplicates dropped) from ${this.filesDone} files in ${this.finishedAt - this.startedAt} ms; ${this.problemTotal} problems; ${this.skippedFiles.size} files skipped (not CloudTrail)`);
    this.emitStatus(true);
    if (this.state === 'ready') this.scheduleSave(0);
  }

  /** What changes the rows a file gives besides its bytes: a saved index read under other limits is not used. */
  /** What a saved index must have been read under to be used: the same size limits, and the same plan of the
   *  findings' request-detail facts the readers work out per row (index-worker.ts). */
  private readKey(): string {
    return JSON.stringify([readLimits(this.opts.settings), factPlan().signature]);
  }

  /** Saves the index once changes settle (after the full indexing and the changes in progress: the index must not
   *  change while its arrays are written, core/index/snapshot.ts). */
  private scheduleSave(delay = this.opts.saveDelayMs ?? SAVE_DELAY_MS): void {
    if (!this.cacheFile || this.disposed) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.changeQueue = this.changeQueue.then(() => this.running).then(() => this.save()).catch((e: unknown) => this.opts.log(`Saving the index failed: ${String(e)}`));
    }, delay);
  }

  /** Saves now what a scheduled save would, and resolves once every save is written (the CLI before it exits). */
  async flushSave(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.changeQueue = this.changeQueue.then(() => this.running).then(() => this.save()).catch((e: unknown) => this.opts.log(`Saving the index failed: ${String(e)}`));
    }
    await this.changeQueue;
  }

  private async save(): Promise<void> {
    // A cancelled or running indexing holds part of the files: the previous saved index stays.
    if (!this.cacheFile || this.state !== 'ready' || this.disposed) return;
    const t0 = Date.now();
    const bytes = await saveSnapshot(this.cacheFile, {
      index: this.index, shapes: this.shapes, problems: this.problemList, problemTotal: this.problemTotal,
      skipped: [...this.skippedFiles], fingerprints: this.fingerprints, readKey: this.readKey(), extraFiles: [...this.extraFiles],
    });
    this.opts.log(`Saved the index (${this.index.store.records} records, ${(bytes / 1048576).toFixed(1)} MB) to ${this.cacheFile} in ${Date.now() - t0} ms`);
  }

  /**
   * Once a loaded index changes: its arrays get buffers of their own. They were views over the saved file's one
   * buffer, which a change does not free (arrays that grow are copied, the views of the others keep the whole
   * buffer): a 130 MB file would stay beside the index for good. Copied, the buffer goes at the next GC. A live change
   * calls it before it changes the index; a reopen after its reading, so that the arrays its rows grew are copied once.
   */
  private ownIndex(): void {
    const own = this.ownArrays;
    if (!own) return;
    this.ownArrays = undefined;
    const t0 = Date.now();
    const bytes = own();
    this.opts.log(`Copied ${(bytes / 1048576).toFixed(1)} MB of the loaded index out of the saved file's buffer (${Date.now() - t0} ms)`);
  }

  /** A file's per-file state besides its rows. */
  private forget(file: string): void {
    this.dropProblemsOf(file);
    this.shapes.delete(file);
    this.fingerprints.byPath.delete(file);
  }

  /** Stops indexing; rows already merged stay. */
  cancel(): void {
    const run = this.run;
    if (!run) return;
    run.abort.abort();
    for (const w of run.workers) void w.worker.terminate();
    run.workers.length = 0;
  }

  /** A file under a root was created, changed or deleted: update its rows (serialised, in this thread). */
  fileChanged(file: string, kind: 'created' | 'changed' | 'deleted'): Promise<void> {
    const abs = this.pathOf(file);
    if (!this.isIndexable(abs)) return Promise.resolve();
    // The spelling is taken again when the change runs: a reopen queued before it may adopt the saved index's.
    this.changeQueue = this.changeQueue.then(() => this.running).then(() => this.applyChange(this.pathOf(file), kind)).catch((e: unknown) => this.opts.log(`Updating ${abs} failed: ${String(e)}`));
    return this.changeQueue;
  }

  /**
   * Files that arrived outside the roots (objects of an S3 location, on disk in its cache): read now, a batch
   * at a time with the worker pool and one merge into the time order per batch (not per file: a refresh of
   * thousands of objects would otherwise sort the index thousands of times), and at every full indexing after.
   */
  addFiles(files: readonly string[]): Promise<void> {
    const abs = [...new Set(files.map((f) => this.pathOf(f)))];
    for (const f of abs) this.extraFiles.add(f);
    // Spelt again when read: a reopen queued before may adopt the saved index's spellings (its rows are keyed by them).
    this.changeQueue = this.changeQueue.then(() => this.running).then(() => this.readAdded(this.spelt(files))).catch((e: unknown) => this.opts.log(`Reading ${abs.length} added files failed: ${String(e)}`));
    return this.changeQueue;
  }

  /** Files of addFiles that go (a location removed, evicted from the cache): their rows leave the index. */
  removeFiles(files: readonly string[]): Promise<void> {
    const abs = [...new Set(files.map((f) => this.pathOf(f)))];
    for (const f of abs) this.extraFiles.delete(f);
    this.changeQueue = this.changeQueue.then(() => this.running).then(() => {
      // Spelt again: a reopen queued before may adopt (and add back to extraFiles) the saved index's spellings.
      const now = this.spelt(files);
      for (const f of now) this.extraFiles.delete(f);
      return this.replaceFiles(now, []);
    }).catch((e: unknown) => this.opts.log(`Removing ${abs.length} files failed: ${String(e)}`));
    return this.changeQueue;
  }

  /** The files added besides the roots are now exactly `files` (the S3 locations opened at start): those of a saved
   *  index that no location holds any more (removed, or its object evicted) leave the index. */
  retainFiles(files: readonly string[]): Promise<void> {
    // Decided in the change queue: after the reopen in progress has added the saved index's files.
    this.changeQueue = this.changeQueue.then(() => this.running).then(async () => {
      const keep = new Set(files.map((f) => this.pathOf(f)));
      const gone = [...this.extraFiles].filter((f) => !keep.has(f));
      for (const f of gone) this.extraFiles.delete(f);
      if (gone.length > 0) await this.replaceFiles(gone, []);
    }).catch((e: unknown) => this.opts.log(`Removing the files no S3 location holds failed: ${String(e)}`));
    return this.changeQueue;
  }

  /** A worker that died: the files it held become problems (counted as done), the rest goes on. */
  private workerFailed(e: Error, held: readonly TrailFile[]): void {
    this.opts.log(`Index worker failed: ${e.stack ?? e.message}`);
    for (const f of held) {
      this.addProblem({ file: f.path, code: 'unreadable', severity: 'error', message: `indexing failed: ${e.message}` });
      this.filesDone++;
      this.bytesDone += f.size;
    }
  }

  private endAddPool(): void {
    if (this.addPoolTimer) clearTimeout(this.addPoolTimer);
    this.addPoolTimer = undefined;
    for (const w of this.addPool.splice(0)) void w.terminate();
  }

  private async readAdded(all: string[]): Promise<void> {
    if (this.disposed || all.length === 0) return;
    // With a saved index, a file it holds under the same fingerprint is not read again (S3 objects opened from the
    // cache at every start); the others are fingerprinted before they are read, as a full indexing does.
    const before = this.cacheFile ? await mapLimit(all, FINGERPRINTS_AT_ONCE, (f) => fingerprintFile(f)) : [];
    if (this.disposed) return;
    const files = all.filter((f, i) => {
      const saved = this.fingerprints.byPath.get(f);
      return !(saved && before[i] && sameFingerprint(saved, before[i]!));
    });
    if (files.length === 0) return;
    this.ownIndex();
    const reread = this.removeRows(files, (f) => this.dropProblemsOf(f));
    for (const other of reread) this.index.removeFile(other);
    // The files re-read for the duplicates they held are fingerprinted as well.
    const fingerprinted = new Map(all.map((f, i) => [f, before[i]]));
    if (this.cacheFile) for (const other of reread) fingerprinted.set(other, await fingerprintFile(other));
    const list: TrailFile[] = [...files, ...reread].map((f) => ({ path: f, size: fingerprinted.get(f)?.size ?? fileSize(f) }));
    this.filesTotal += list.length;
    this.bytesTotal += list.reduce((n, f) => n + f.size, 0);
    const script = this.workerScript();
    const count = script ? Math.min(this.workerCount(), list.length) : 0;
    if (count <= 1) {
      // One file (the first of a fetch): the kept worker reads it at once, no pool to start.
      for (const f of list) {
        await this.readChanged(f.path);
        this.filesDone++;
        this.bytesDone += f.size;
      }
    } else {
      const run: PoolRun = { abort: new AbortController(), workers: [] };
      this.addRun = run;
      if (this.addPoolTimer) clearTimeout(this.addPoolTimer);
      const workers = this.addPool.splice(0, count);
      for (const w of workers) w.ref();
      while (workers.length < count) workers.push(spawnEarly(script!));
      await readWithWorkers(list.sort((a, b) => b.size - a.size), workers, run, this.readOptions(), {
        current: () => !this.disposed,
        message: (m) => {
          this.onMessage(m);
          return true;
        },
        fileDone: (f) => { this.bytesDone += f.size; },
        failed: (e, held) => this.workerFailed(e, held),
        keep: (worker) => {
          if (this.disposed) return false;
          // Its listeners of this batch go: the next batch adds its own.
          worker.removeAllListeners('message');
          worker.removeAllListeners('error');
          worker.on('error', () => { this.addPool = this.addPool.filter((w) => w !== worker); });
          // Idle, it must not keep the process alive (CLI, tests).
          worker.unref();
          this.addPool.push(worker);
          return true;
        },
        readRest: (rest) => this.readInThread(rest, undefined, false),
      });
      if (this.addRun === run) this.addRun = undefined;
      if (this.disposed) return;
      this.addPoolTimer = setTimeout(() => this.endAddPool(), ADD_POOL_IDLE_MS);
      this.addPoolTimer.unref();
    }
    if (this.disposed) return;
    for (const f of list) {
      const fp = fingerprinted.get(f.path);
      if (fp) this.fingerprints.byPath.set(f.path, fp);
    }
    this.index.store.compactIfWorthIt();
    this.index.prepare();
    this.emitStatus(true);
    this.scheduleSave();
  }

  status(): IndexStatus {
    const store = this.index.store;
    const indexing = this.state === 'indexing';
    const accessDuplicates = store.access ? store.accessDuplicateRids().length : 0;
    return {
      state: this.state,
      filesTotal: this.filesTotal,
      filesDone: this.filesDone,
      // Access-log lines are rows of the same index, counted apart (a second record kind).
      records: store.records - store.accessLines + store.duplicates - accessDuplicates,
      s3Records: store.s3Records - store.accessLines,
      duplicates: store.duplicates - accessDuplicates,
      ...(store.accessLines + accessDuplicates > 0 ? { accessLines: store.accessLines, accessDuplicates } : {}),
      problems: this.problemTotal,
      skipped: this.skippedFiles.size,
      percent: indexing ? (this.bytesTotal > 0 ? Math.min(99, Math.floor((this.bytesDone * 100) / this.bytesTotal)) : 0) : this.state === 'idle' ? 0 : 100,
      elapsedMs: this.startedAt === 0 ? 0 : (this.finishedAt || Date.now()) - this.startedAt,
    };
  }

  query(p: QueryParams): QueryResult {
    const t0 = performance.now();
    const q = this.parse(p.query);
    if (!q.ok) return q;
    const { total, rows } = p.countLater ? this.index.windowBeforeCount(q.query, p.sort, p.offset, p.limit) : this.index.window(q.query, p.sort, p.offset, p.limit);
    this.rowSets.markFindings(this.index, rows);
    // The last verification's mark on rows of the log files it failed.
    for (const row of rows) {
      const mark = this.rowSets.integrityMark(row.file);
      if (mark) row.integrity = mark;
    }
    const store = this.index.store;
    return {
      ok: true, total: total ?? p.offset + rows.length, ...(total === undefined ? { counting: true } : {}), s3Total: store.s3Records, allTotal: store.records,
      ...(store.accessLines > 0 ? { accessLines: store.accessLines } : {}), rows, tookMs: Math.round((performance.now() - t0) * 10) / 10,
    };
  }

  /** The count a `counting` query answer left for later. */
  count(p: CountParams): CountResult {
    const q = this.parse(p.query);
    return q.ok ? { ok: true, total: this.index.count(q.query) } : q;
  }

  facets(p: FacetsParams): FacetsResult {
    const steps = this.facetSteps(p);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** Facets one column per step (the server yields to row requests between them), merged into one answer.
   *  The query is parsed once, so relative times (`since:-24h`) mean the same instant for every column. */
  *facetSteps(p: FacetsParams): Generator<void, FacetsResult> {
    const q = this.parse(p.query);
    if (!q.ok) return q;
    const facets: Extract<FacetsResult, { ok: true }>['facets'] = {};
    for (const column of p.columns) {
      Object.assign(facets, this.index.facets(q.query, [column], p.limit));
      yield;
    }
    return { ok: true, facets };
  }

  /** The explorer's pins changed (the client sends the whole set). */
  setPinned(eventIDs: readonly string[]): void {
    this.pinned = new Set(eventIDs.filter((id) => typeof id === 'string' && id !== ''));
  }

  groupBy(p: GroupByParams): GroupByResult {
    const q = this.parse(p.query);
    if (!q.ok) return q;
    const table = this.index.groupBy(q.query, p.rows, p.columns, clampLimit(p.rowLimit), clampLimit(p.columnLimit));
    return table ? { ok: true, ...table } : { ok: false, error: { message: `Cannot group by ${p.rows} and ${p.columns} (time and file have no groups)`, start: 0, end: 0 } };
  }

  histogram(p: HistogramParams): HistogramResult {
    const q = this.parse(p.query);
    if (!q.ok) return q;
    return { ok: true, ...this.index.histogram(q.query, p.buckets) };
  }

  async record(p: RecordParams): Promise<RecordResult> {
    const one = await this.recordOf(p.id);
    if (!one.ok) return one;
    const related: RelatedRecord[] = [];
    for (const id of this.sameRequest(p.id)) {
      const r = await this.recordOf(id);
      if (r.ok) related.push({ id, kind: r.kind, title: r.title, json: r.json, location: r.location });
    }
    return { ok: true, json: one.json, location: one.location, kind: one.kind, ...(related.length > 0 ? { related } : {}) };
  }

  /** One row's JSON and location: a CloudTrail record re-read, or an access-log line re-read and named field by field. */
  private async recordOf(id: number): Promise<{ ok: true; json: string; location: RecordLocation; kind: 'cloudtrail' | 'access'; title: string } | { ok: false; message: string }> {
    const at = this.index.location(id);
    if (!at) return { ok: false, message: `No record ${id} in the index (it was reindexed or its file removed); run the query again.` };
    const store = this.index.store;
    if (store.flags[id] & FLAG_ACCESS) {
      // Access lines: the ordinal is the line number, the offset the line's first byte.
      const r = await readAccessLineAt(at.file, at.offset, at.length, at.ordinal, this.opts.settings['index.maxInflatedMB'] * 1048576);
      if (!r.ok) return r;
      const op = store.access?.operation.dict.value(store.access.operation.code(id)) ?? '-';
      const key = store.columns.key.dict.value(store.columns.key.code(id));
      return {
        ok: true, json: r.json, kind: 'access', title: key === undefined ? op : `${op} ${key}`,
        location: { uri: pathToFileURL(at.file).href, offset: at.offset, length: at.length, line: at.ordinal, column: 0, gzip: r.gzip, ordinal: at.ordinal },
      };
    }
    const r = await readRecordAt(at.file, at.offset, at.length, this.shapes.get(at.file));
    if (!r.ok) return r;
    return {
      ok: true, json: r.json, kind: 'cloudtrail', title: store.columns.eventName.dict.value(store.columns.eventName.code(id)) ?? '(no eventName)',
      location: { uri: pathToFileURL(at.file).href, offset: at.offset, length: at.length, line: r.line, column: r.column, gzip: r.gzip, ordinal: at.ordinal },
    };
  }

  /** The other live S3 rows with this row's request ID (the join), CloudTrail records first, at most 100. Read off
   *  the row-kept requestID slots (no coded view of the column built for one detail). */
  private sameRequest(id: number): number[] {
    const store = this.index.store;
    const col = store.columns.requestID;
    if (!(col instanceof RowIdColumn) || col.tagAt(id) === 0 || !store.access) return [];
    const live = (r: number): boolean => r !== id && (store.flags[r] & FLAG_DEAD) === 0;
    // Lines from the access lines' Request ID table; CloudTrail records by one pass over the slots.
    const lines: number[] = [];
    const place = store.accessPlaceOf(id);
    if (place >= 0) store.accessRowsAt(place, (r) => { if (live(r) && lines.length < 100) lines.push(r); });
    const ct: number[] = [];
    for (let r = 0; r < store.rowCount && ct.length + lines.length < 100; r++) {
      if ((store.flags[r] & FLAG_ACCESS) === 0 && live(r) && col.sameAt(r, id)) ct.push(r);
    }
    return [...ct, ...lines].slice(0, 100);
  }

  /**
   * Re-reads the candidates of the query's path terms (`requestParameters.x:y`) that were not read yet, so
   * that the index's answers to it are final: the other terms narrow the rows first, and each file is read
   * once per chunk of its candidates. Resolves at once for a query without path terms. `unreadable`: records
   * that could not be read again (their file changed or went away since it was indexed).
   */
  async readPathTerms(q: ParsedQuery): Promise<{ read: number; unreadable: number }> {
    let read = 0;
    let unreadable = 0;
    // The index may be rebuilt or compacted while files are read (row ids change): then start over.
    for (let attempt = 0; attempt < 3; attempt++) {
      const index = this.index;
      const layout = index.store.layout;
      const ids = index.unreadPathRows(q);
      if (ids.length === 0) break;
      for await (const chunk of this.recordTexts(ids)) {
        if (this.index !== index || index.store.layout !== layout) break;
        const records = chunk.map(({ result }): RawRecord | undefined => {
          if (result.ok) {
            try {
              const r: unknown = JSON.parse(result.text);
              if (isPlainObject(r)) return r as RawRecord;
            } catch {
              // counted below
            }
          }
          unreadable++;
          return undefined;
        });
        index.recordPathAnswers(q, chunk.map((c) => c.id), records);
        read += chunk.length;
      }
    }
    return { read, unreadable };
  }

  /** The re-reading a query's path terms need before it is answered, or undefined when it needs none. */
  pathWork(queryText: string): Promise<unknown> | undefined {
    // The explorer asks for rows, facets and the histogram of a query at once: one re-read serves them all.
    const running = this.pathReads.get(queryText);
    if (running) return running;
    const q = this.parse(queryText);
    if (!q.ok || !hasPathTerms(q.query) || this.index.unreadPathRows(q.query).length === 0) return undefined;
    const work = this.readPathTerms(q.query).finally(() => this.pathReads.delete(queryText));
    this.pathReads.set(queryText, work);
    return work;
  }

  /**
   * The record texts (as written in their files) of row ids, in the order given, a chunk at a time: each
   * file a chunk touches is read once for all of its records there.
   */
  async *recordTexts(ids: ArrayLike<number>, chunk = RECORD_CHUNK): AsyncGenerator<{ id: number; result: RecordTextResult }[]> {
    for (let from = 0; from < ids.length; from += chunk) {
      const to = Math.min(ids.length, from + chunk);
      const results: RecordTextResult[] = new Array(to - from);
      const byFile = new Map<string, { at: number; offset: number; length: number }[]>();
      for (let i = from; i < to; i++) {
        const at = this.index.location(ids[i]);
        if (!at) {
          results[i - from] = { ok: false, message: `No record ${ids[i]} in the index (its file was removed)` };
          continue;
        }
        let list = byFile.get(at.file);
        if (!list) byFile.set(at.file, (list = []));
        list.push({ at: i - from, offset: at.offset, length: at.length });
      }
      // A few files at once: gunzip runs on libuv's thread pool, so reads overlap on several cores.
      const files = [...byFile];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < files.length) {
          const [file, spans] = files[next++];
          const texts = await readRecordsAt(file, spans, this.shapes.get(file));
          spans.forEach((s, k) => { results[s.at] = texts[k]; });
        }
      };
      await Promise.all(Array.from({ length: Math.min(REREAD_FILES_AT_ONCE, files.length) }, worker));
      const out: { id: number; result: RecordTextResult }[] = [];
      for (let i = from; i < to; i++) out.push({ id: ids[i], result: results[i - from] });
      yield out;
    }
  }

  problems(): ProblemsResult {
    return { problems: this.problemList.slice(), total: this.problemTotal };
  }

  async export(p: ExportParams): Promise<ExportResult> {
    const q = this.parse(p.query);
    if (!q.ok) return { ok: false, message: `Query error: ${q.error.message}` };
    const ids = this.index.sortedRows(q.query, p.sort);
    const index = this.index;
    function* rows() {
      for (let i = 0; i < ids.length; i++) yield index.rowData(ids[i]);
    }
    try {
      const n = await writeRows(p.path, p.format, p.columns, rows());
      return { ok: true, rows: n };
    } catch (e) {
      return { ok: false, message: `Cannot write ${p.path}: ${(e as Error).message}` };
    }
  }

  athenaSql(p: AthenaSqlParams): AthenaSqlResult {
    const q = this.parse(p.query);
    if (!q.ok) return q;
    try {
      return { ok: true, sql: toAthenaSql(q.query, p.table || this.opts.settings['athena.table']) };
    } catch (e) {
      if (!(e instanceof AthenaUnsupportedError)) throw e;
      return { ok: false, error: { message: e.message, start: e.start, end: e.end } };
    }
  }

  queryCompletion(p: QueryCompletionParams): QueryCompletionResult {
    return { items: queryCompletions(p.query, p.offset, (field) => this.completionValues(field)) };
  }

  dispose(): void {
    this.disposed = true;
    this.endAddPool();
    // The workers of a batch still reading are not in the pool yet: they are ended too.
    if (this.addRun) {
      this.addRun.abort.abort();
      for (const w of this.addRun.workers) void w.worker.terminate();
      this.addRun.workers.length = 0;
    }
    this.cancel();
    this.changeWorker.drop();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    // A change not saved yet is found again by the next open (its file's fingerprint differs).
    if (this.saveTimer) clearTimeout(this.saveTimer);
  }

  /** How many live records have each eventName (ranks eventName completion in the editor); cached per index state. */
  eventNameCounts(): ReadonlyMap<string, number> {
    const store = this.index.store;
    if (this.eventNameCache?.index === this.index && this.eventNameCache.generation === store.generation) return this.eventNameCache.counts;
    const col = store.columns.eventName;
    const byCode = new Uint32Array(col.dict.size);
    for (let r = 0; r < store.rowCount; r++) if (store.isAlive(r)) byCode[col.code(r)]++;
    const counts = new Map<string, number>();
    for (let c = 1; c < byCode.length; c++) if (byCode[c] > 0) counts.set(col.dict.value(c)!, byCode[c]);
    this.eventNameCache = { index: this.index, generation: store.generation, counts };
    return counts;
  }

  /** The index itself (CLI, tests, benchmark). */
  get trailIndex(): TrailIndex {
    return this.index;
  }

  // -------------------------------------------------------------------------------------------

  private parse(text: string): { ok: true; query: ParsedQuery } | { ok: false; error: QueryError } {
    return parseQuery(text, this.opts.now?.() ?? Date.now(), { pinned: this.pinned });
  }

  private completionValues(field: QueryField): string[] {
    const gen = this.index.store.generation;
    if (!this.completionCache || this.completionCache.generation !== gen) this.completionCache = { generation: gen, values: new Map() };
    const cached = this.completionCache.values.get(field);
    if (cached) return cached;
    const keys = field === 'text' || field === 'since' || field === 'until' ? [] : FIELD_VALUES[field];
    const store = this.index.store;
    const counts = new Map<string, number>();
    for (const k of keys) {
      const col = store.columns[k];
      const byCode = new Uint32Array(col.dict.size);
      for (let r = 0; r < store.rowCount; r++) if (store.isAlive(r)) byCode[col.code(r)]++;
      const top = Array.from(byCode.keys()).filter((c) => c > 0 && byCode[c] > 0).sort((a, b) => byCode[b] - byCode[a]).slice(0, COMPLETION_VALUES);
      for (const c of top) {
        const v = col.dict.value(c)!;
        if (v !== '') counts.set(v, (counts.get(v) ?? 0) + byCode[c]);
      }
    }
    const values = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, COMPLETION_VALUES).map(([v]) => v);
    this.completionCache.values.set(field, values);
    return values;
  }

  private isIndexable(abs: string): boolean {
    for (const root of this.opts.roots) {
      const rel = path.relative(path.resolve(root), abs);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const r = rel.split(path.sep).join('/');
      if (this.include(r) && !this.exclude(r)) return true;
    }
    return false;
  }

  /** Removes the rows of `files` (`drop`: the rest of each one's state); the other files that held dropped duplicates
   *  of those rows, to be read again (their own rows are still in). */
  private removeRows(files: readonly string[], drop: (file: string) => void): Set<string> {
    const reread = new Set<string>();
    for (const f of files) {
      for (const other of this.index.removeFile(f).reread) reread.add(other);
      drop(f);
    }
    for (const f of files) reread.delete(f);
    return reread;
  }

  private applyChange(file: string, kind: 'created' | 'changed' | 'deleted'): Promise<void> {
    return this.replaceFiles([file], kind === 'deleted' ? [] : [file]);
  }

  /**
   * Removes the rows of `files` and reads `read` (those of them still there); the other files that held dropped
   * duplicates of the removed rows are read again too, so those records come back. Then the time order, status
   * and saved index follow.
   */
  private async replaceFiles(files: readonly string[], read: readonly string[]): Promise<void> {
    this.ownIndex();
    const reread = this.removeRows(files, (f) => this.forget(f));
    // Every file read again is removed before any is read: one read while another still held its rows would find
    // the copies it dropped gone, and keep its own without the mark that reads the other again when it goes.
    for (const other of reread) this.index.removeFile(other);
    for (const f of read) await this.readChangedFingerprinted(f);
    for (const other of reread) await this.readChangedFingerprinted(other);
    this.index.store.compactIfWorthIt();
    // Merges the new rows into the time order now, so the next query walks it.
    this.index.prepare();
    this.emitStatus(true);
    this.scheduleSave();
  }

  /** readChanged, the fingerprint taken first (see indexAll) when the index is saved. */
  private async readChangedFingerprinted(file: string): Promise<void> {
    const fp = this.cacheFile ? await fingerprintFile(file) : undefined;
    await this.readChanged(file);
    if (fp) this.fingerprints.byPath.set(file, fp);
  }

  private workerScript(): string | undefined {
    const script = this.opts.workerScript ?? path.join(__dirname, 'index-worker.js');
    return fs.existsSync(script) ? script : undefined;
  }

  /** The folders and files this index reads. */
  get roots(): readonly string[] {
    return this.opts.roots;
  }

  /** Worker threads the settings ask for (also files hashed at once by "Verify Trail Integrity"). */
  get workers(): number {
    return this.workerCount();
  }

  private workerCount(): number {
    const n = this.opts.settings['index.workers'];
    return n > 0 ? Math.floor(n) : Math.max(1, os.availableParallelism());
  }

  private limits(file: string): ReadFileRequest {
    return { type: 'read', file, ...this.readOptions() };
  }

  /** What every reader of this service reads under: the size limits and the facts plan. */
  private readOptions(): ReadLimits & { facts: FactPlanSpec } {
    return { ...readLimits(this.opts.settings), facts: factPlan().spec };
  }

  private onMessage(m: WorkerMessage, counted = true): void {
    switch (m.type) {
      case 'batch':
        this.index.addBatch(m.facts ? { ...unpackBatch(m.file, m.buffer), facts: new Uint16Array(m.facts) } : unpackBatch(m.file, m.buffer));
        break;
      case 'problem':
        this.addProblem(m.problem);
        break;
      case 'shape':
        this.shapes.set(m.file, m.shape);
        break;
      case 'restart': {
        // A second top-level Records key: the file's rows from ordinal keep on were the earlier array's, which
        // JSON.parse (and the editor) drops; the rows before keep (objects concatenated before this one) and those
        // that follow are the file's. Files that held duplicates of the dropped rows are read again.
        const others = this.index.removeFile(m.file, m.keep).reread.filter((f) => f !== m.file);
        if (others.length > 0) {
          this.changeQueue = this.changeQueue.then(() => this.running).then(() => this.replaceFiles(others, others))
            .catch((e: unknown) => this.opts.log(`Reading ${others.length} files again failed: ${String(e)}`));
        }
        break;
      }
      case 'done':
        if (counted) this.filesDone++;
        break;
    }
    this.emitStatus(false);
  }

  private async readInThread(files: readonly TrailFile[], signal: AbortSignal | undefined, counted = true): Promise<void> {
    for (const f of files) {
      if (signal?.aborted || this.disposed) return;
      await readTrailFile(this.limits(f.path), (m) => this.onMessage(m, counted), signal);
      this.bytesDone += f.size;
      if (counted) this.expectRest();
    }
  }

  /** Once a full load has read a few percent of its bytes, sizes the index for all of them (RecordIndex.expect). */
  private expectRest(): void {
    if (this.expected || this.state !== 'indexing' || this.bytesDone < this.bytesTotal * 0.02 || this.index.store.records < 4096) return;
    this.expected = true;
    this.index.store.expect(this.bytesTotal / this.bytesDone);
  }

  /** Reads a changed file into the index: in the kept worker, or in this thread when there is none or it
   *  fails (then whatever it delivered of the file is dropped and the file read again here). */
  private async readChanged(file: string): Promise<void> {
    const outcome = await this.changeWorker.read(this.limits(file), (m) => {
      if (!this.disposed) this.onMessage(m, false);
    });
    if (outcome !== undefined) {
      // 'dropped': a full indexing started (it reads the file) or the service was disposed.
      if (outcome !== 'failed' || this.disposed) return;
      this.opts.log(`The index worker kept for file changes stopped; reading ${file} in this thread`);
      this.changeWorker.drop();
      this.index.removeFile(file);
      this.dropProblemsOf(file);
    }
    await this.readInThread([{ path: file, size: 0 }], undefined, false);
  }

  private readWithWorkers(files: TrailFile[], workers: Worker[], run: PoolRun): Promise<void> {
    return readWithWorkers(files, workers, run, this.readOptions(), {
      current: () => this.run === run,
      message: (m) => {
        this.onMessage(m);
        return true;
      },
      fileDone: (f) => {
        this.bytesDone += f.size;
        this.expectRest();
      },
      failed: (e, held) => this.workerFailed(e, held),
      keep: (worker) => this.keepForChanges(worker),
      readRest: (rest) => this.readInThread(rest, run.abort.signal),
    });
  }

  /**
   * Reads `files` with workers started now, holding back what they deliver until release(): a reopen's added and
   * changed files are read while this thread sizes the loaded index for their rows and removes their old rows (a
   * worker takes ~50 ms to start, and reads on the other core). Then their messages are taken in the
   * order they came, as readWithWorkers would have taken them. `done` settles once every worker has finished and
   * release() was called.
   */
  private readHeld(files: TrailFile[], script: string, run: PoolRun): { release(): void; done: Promise<void> } {
    let held: (() => void)[] | undefined = [];
    let opened!: () => void;
    const released = new Promise<void>((resolve) => (opened = resolve));
    const later = (f: () => void): void => {
      if (held) held.push(f);
      else f();
    };
    const spawned = Array.from({ length: Math.min(this.workerCount(), files.length) }, () => spawnEarly(script));
    const reading = readWithWorkers(files, spawned, run, this.readOptions(), {
      current: () => this.run === run,
      // Held until release(): the batches' buffers stay with this thread.
      message: (m) => {
        later(() => this.onMessage(m));
        return false;
      },
      fileDone: (f) => later(() => (this.bytesDone += f.size)),
      failed: (e, lost) => later(() => this.workerFailed(e, lost)),
      keep: (worker) => this.keepForChanges(worker),
      readRest: async (rest) => {
        await released;
        await this.readInThread(rest, run.abort.signal);
      },
    });
    const release = (): void => {
      const todo = held ?? [];
      held = undefined;
      // A run replaced meanwhile: what its workers delivered belongs to no index.
      if (this.run === run) for (const f of todo) f();
      opened();
    };
    return { release, done: Promise.all([reading, released]).then(() => undefined) };
  }

  /** A worker of a finished read kept to read changed files, unless one is kept already. */
  private keepForChanges(worker: Worker): boolean {
    if (this.changeWorker.kept || this.disposed) return false;
    this.changeWorker.keep(worker);
    return true;
  }

  private addProblem(p: Problem): void {
    if (isNotCloudTrailFile(p)) {
      this.skippedFiles.add(p.file);
      return;
    }
    this.problemTotal++;
    if (this.problemList.length < MAX_PROBLEMS) this.problemList.push(p);
  }

  /** The absolute path of `file` in the spelling this index knows it by (engine/path-case.ts). */
  private pathOf(file: string): string {
    return this.spellings.of(path.resolve(file));
  }

  /** Each file once, in the spelling this index knows it by now. */
  private spelt(files: readonly string[]): string[] {
    return [...new Set(files.map((f) => this.pathOf(f)))];
  }

  /** Found files in the index's spellings, each file once (two spellings of one file on a case-insensitive system). */
  private oneSpelling(files: TrailFile[]): TrailFile[] {
    if (!this.spellings.caseInsensitive) return files;
    const seen = new Set<string>();
    const out: TrailFile[] = [];
    for (const f of files) {
      const p = this.spellings.of(f.path);
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(p === f.path ? f : { ...f, path: p });
    }
    return out;
  }

  /** Drops the listed problems that `keep` refuses (the total follows, as in dropProblemsOf). */
  private expireProblems(keep: (p: Problem) => boolean): void {
    const before = this.problemList.length;
    this.problemList = this.problemList.filter(keep);
    this.problemTotal -= before - this.problemList.length;
  }

  private dropProblemsOf(file: string): void {
    this.skippedFiles.delete(file);
    const before = this.problemList.length;
    this.problemList = this.problemList.filter((p) => p.file !== file);
    this.problemTotal -= before - this.problemList.length;
  }

  /** Status to the client at most every STATUS_INTERVAL_MS, and always on state changes. */
  private emitStatus(now: boolean): void {
    if (this.disposed) return;
    const t = Date.now();
    if (now || t - this.lastStatusAt >= STATUS_INTERVAL_MS) {
      if (this.statusTimer) clearTimeout(this.statusTimer);
      this.statusTimer = undefined;
      this.lastStatusAt = t;
      this.opts.onStatus(this.status());
    } else if (!this.statusTimer) {
      this.statusTimer = setTimeout(() => this.emitStatus(true), STATUS_INTERVAL_MS - (t - this.lastStatusAt));
    }
  }
}

/**
 * A whole file of JSON that is simply not CloudTrail (information, no position): the file is skipped. Look-alikes
 * (S3 Event Notifications, CSV exports, other services' Records: warnings) and damaged elements stay problems.
 */
export function isNotCloudTrailFile(p: Problem): boolean {
  return p.code === 'not-cloudtrail' && p.severity === 'information' && !p.position;
}

/** f over items, at most `limit` at once; results in the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

function problemKey(p: Problem): string {
  return `${p.file}\0${p.code}\0${p.message}\0${p.position?.offset ?? ''}`;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Group-by tables show at most this many values each way (the webview asks for fewer). */
function clampLimit(n: number): number {
  return Math.max(1, Math.min(100, Math.floor(Number.isFinite(n) ? n : 10)));
}
