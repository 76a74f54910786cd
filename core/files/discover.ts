// Finds the trail files to index under folders (include/exclude globs relative to each folder), named
// files and glob arguments. Follows symlinks but never the same folder twice (a symlink loop becomes a
// problem, not a hang); unreadable folders, oversized files and invalid glob patterns become problems too.

import fs from 'node:fs';
import path from 'node:path';
import { fileKind, whyUnreadable } from '../parse';
import type { Problem } from '../problem';
import { compileGlobs, GlobSyntaxError, hasGlobSyntax, partitionGlobs, type GlobMatcher } from './glob';

export interface TrailFile {
  path: string;
  size: number;
  /** The stat's mtime and ctime when the walk found the file (a reopen compares them with the saved fingerprint's
   *  rather than stat the file again); absent for files not found by a walk. */
  mtimeMs?: number;
  ctimeMs?: number;
}

export interface DiscoverOptions {
  include: readonly string[];
  exclude: readonly string[];
  /** Larger files are skipped with a problem. */
  maxFileBytes: number;
  signal?: AbortSignal;
  /** A folder that takes longer than this to read with blocking calls turns the rest of the walk to
   *  asynchronous reads (default SLOW_FOLDER_MS; tests set 0). */
  slowFolderMs?: number;
  /** Inputs whose absence (or any failed stat) is no problem (a saved index's S3 objects, evicted from their cache
   *  since): they are simply not found, without an existence check of their own before. */
  missingOk?: ReadonlySet<string>;
}

/** A slower folder means a slow file system (a network mount): blocking calls would hold up the thread's
 *  other work (the language server's requests), and the stats of a folder are better made at once. */
const SLOW_FOLDER_MS = 20;

export interface DiscoverResult {
  files: TrailFile[];
  problems: Problem[];
}

/**
 * Files under `inputs`: a folder is walked with the include/exclude globs; a file is taken as named
 * (whatever its name); a path with glob syntax is walked from its literal prefix folder.
 */
export async function discoverFiles(inputs: readonly string[], opts: DiscoverOptions): Promise<DiscoverResult> {
  const files: TrailFile[] = [];
  const problems: Problem[] = [];
  const seenFiles = new Set<string>();
  // A pattern that does not compile is an error to report, not a reason to read nothing (or everything).
  const settingGlobs = (key: 'include' | 'exclude'): GlobMatcher => {
    const { valid, errors } = partitionGlobs(opts[key]);
    for (const e of errors) {
      problems.push({ file: inputs[0] ?? '', code: 'bad-glob', severity: 'error', message: `the index.${key} setting: ${e.message}; the pattern is ignored` });
    }
    return compileGlobs(valid);
  };
  const include = settingGlobs('include');
  const exclude = settingGlobs('exclude');
  const addFile = (p: string, st: fs.Stats): void => {
    if (seenFiles.has(p)) return;
    seenFiles.add(p);
    const size = st.size;
    if (size > opts.maxFileBytes) {
      problems.push({ file: p, code: 'file-too-large', severity: 'error', message: `Skipped: ${formatMB(size)} is over the ${formatMB(opts.maxFileBytes)} limit (setting index.maxFileSizeMB)` });
      return;
    }
    files.push({ path: p, size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
  };
  for (const input of inputs) {
    if (opts.signal?.aborted) break;
    const abs = path.resolve(input);
    let st: fs.Stats | undefined;
    let statError: unknown;
    try {
      st = await fs.promises.stat(abs);
    } catch (err) {
      statError = err;
    }
    if (!st && opts.missingOk?.has(input)) continue;
    if (st?.isFile()) {
      addFile(abs, st);
    } else if (st?.isDirectory()) {
      await walk(abs, include, exclude, addFile, problems, opts);
    } else if (!st && hasGlobSyntax(input)) {
      const { base, pattern } = splitGlob(abs);
      let matcher: GlobMatcher;
      try {
        matcher = compileGlobs([pattern]);
      } catch (e) {
        if (!(e instanceof GlobSyntaxError)) throw e;
        problems.push({ file: abs, code: 'bad-glob', severity: 'error', message: `Not read: ${e.message}` });
        continue;
      }
      await walk(base, matcher, exclude, addFile, problems, opts);
    } else if (st) {
      // A path named on purpose that cannot be read (a FIFO would block the reader, /dev/zero never ends).
      problems.push({ file: abs, code: 'not-a-file', severity: 'error', message: `Not read: ${fileKind(st)}, not a file or folder` });
    } else {
      const code = (statError as { code?: string }).code;
      problems.push(code === 'ENOENT' || code === 'ENOTDIR'
        ? { file: abs, code: 'unreadable', severity: 'error', message: 'No such file or folder' }
        : { file: abs, code: 'unreadable', severity: 'error', message: `Cannot read: ${whyUnreadable(statError)}` });
    }
  }
  return { files, problems };
}

/** The literal folder a glob starts from, and the rest of the pattern relative to it. */
export function splitGlob(abs: string): { base: string; pattern: string } {
  const parts = abs.split(path.sep);
  const i = parts.findIndex(hasGlobSyntax);
  const base = parts.slice(0, i).join(path.sep) || path.sep;
  return { base, pattern: parts.slice(i).join('/') };
}

async function walk(root: string, include: GlobMatcher, exclude: GlobMatcher, addFile: (p: string, st: fs.Stats) => void,
  problems: Problem[], opts: DiscoverOptions): Promise<void> {
  const visited = new Set<string>();
  const slowMs = opts.slowFolderMs ?? SLOW_FOLDER_MS;
  // A folder is read with blocking calls (its real path, entries, stats: a few ms for a day of trail files,
  // where a promise a file took 2-4x as long while the index workers wait for the list), and the thread is
  // given back between folders; once a folder is slow, the rest are read asynchronously, stats at once.
  let slow = false;
  const visit = async (dir: string, rel: string): Promise<void> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (opts.signal?.aborted) return;
    const t = performance.now();
    const listed = slow ? await listFolder(dir, rel, include, exclude, visited) : listFolderSync(dir, rel, include, exclude, visited);
    if (performance.now() - t > slowMs) slow = true;
    if ('problem' in listed) {
      problems.push(listed.problem);
      return;
    }
    for (const f of listed) {
      if ('problem' in f) problems.push(f.problem);
      else if (f.dir) await visit(f.path, f.rel);
      else addFile(f.path, f.stat);
    }
  };
  await visit(root, '');
}

type Entry = { path: string; rel: string; dir: true } | { path: string; dir: false; stat: fs.Stats } | { problem: Problem };
type Listing = Entry[] | { problem: Problem };
/** A folder entry with its path and its path relative to the walk's root. */
type Item = { e: fs.Dirent; p: string; r: string };

/** What a folder's entries are for the walk, in name order (the result and its problems come out in the same
 *  order on every run); a problem when the folder cannot be read or is one already `visited` (its real path,
 *  added there). */
function listFolderSync(dir: string, rel: string, include: GlobMatcher, exclude: GlobMatcher, visited: Set<string>): Listing {
  let items: Item[];
  try {
    const loop = firstVisit(dir, fs.realpathSync.native(dir), visited);
    if (loop) return loop;
    items = itemsOf(dir, rel, fs.readdirSync(dir, { withFileTypes: true }));
  } catch (e) {
    return folderProblem(dir, e);
  }
  return entriesOf(items, include, exclude, items.map((it) => (needsStat(it, include, exclude) ? statSyncOrError(it.p) : undefined)));
}

/** listFolderSync with asynchronous calls, the entries' stats made at once. */
async function listFolder(dir: string, rel: string, include: GlobMatcher, exclude: GlobMatcher, visited: Set<string>): Promise<Listing> {
  let items: Item[];
  try {
    const loop = firstVisit(dir, await fs.promises.realpath(dir), visited);
    if (loop) return loop;
    items = itemsOf(dir, rel, await fs.promises.readdir(dir, { withFileTypes: true }));
  } catch (e) {
    return folderProblem(dir, e);
  }
  const stats = await Promise.all(items.map((it) => (needsStat(it, include, exclude) ? fs.promises.stat(it.p).catch((err: Error) => err) : undefined)));
  return entriesOf(items, include, exclude, stats);
}

/** A folder's entries in name order, with their paths. */
function itemsOf(dir: string, rel: string, dirents: fs.Dirent[]): Item[] {
  dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return dirents.map((e) => ({ e, p: path.join(dir, e.name), r: rel ? `${rel}/${e.name}` : e.name }));
}

/** The entries the walk takes (entryOf), given each item's stat where needsStat. */
function entriesOf(items: Item[], include: GlobMatcher, exclude: GlobMatcher, stats: (fs.Stats | Error | undefined)[]): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < items.length; i++) {
    const entry = entryOf(items[i], stats[i], include, exclude);
    if (entry) out.push(entry);
  }
  return out;
}

function statSyncOrError(p: string): fs.Stats | Error {
  try {
    return fs.statSync(p);
  } catch (err) {
    return err as Error;
  }
}

/** A symlink-loop problem when the folder's real path was visited already, else undefined (and now it is). */
function firstVisit(dir: string, real: string, visited: Set<string>): { problem: Problem } | undefined {
  if (visited.has(real)) {
    return { problem: { file: dir, code: 'symlink-loop', severity: 'information', message: `Skipped: a symbolic link back to ${real}, already read` } };
  }
  visited.add(real);
  return undefined;
}

/** An error: the files of a folder that cannot be listed are missing from the results. */
function folderProblem(dir: string, e: unknown): { problem: Problem } {
  return { problem: { file: dir, code: 'unreadable', severity: 'error', message: `Cannot read folder: ${(e as Error).message}` } };
}

/** Whether entryOf needs the entry's stat: a symbolic link (what it points to), or a file to take (its size). */
function needsStat({ e, r }: Item, include: GlobMatcher, exclude: GlobMatcher): boolean {
  return e.isSymbolicLink() || (e.isFile() && include(r) && !exclude(r));
}

/** What a folder entry is for the walk, given its stat when needsStat: a folder to visit, a file to take
 *  (with its stat), a problem, or nothing (excluded, or not included). */
function entryOf({ e, p, r }: Item, st: fs.Stats | Error | undefined, include: GlobMatcher, exclude: GlobMatcher): Entry | undefined {
  let isDir = e.isDirectory();
  let isFile = e.isFile();
  const wanted = (): boolean => include(r) && !exclude(r);
  if (e.isSymbolicLink()) {
    // A broken link named like a trail file is a file the results miss (an error); any other is a warning.
    if (!(st instanceof fs.Stats)) return { problem: { file: p, code: 'unreadable', severity: wanted() ? 'error' : 'warning', message: 'Broken symbolic link' } };
    isDir = st.isDirectory();
    isFile = st.isFile();
    if (!isDir && !isFile && wanted()) return { problem: { file: p, code: 'not-a-file', severity: 'error', message: `Not read: ${fileKind(st)}, not a file` } };
  } else if (!isDir && !isFile && wanted()) {
    return { problem: { file: p, code: 'not-a-file', severity: 'error', message: `Not read: ${describeDirent(e)}, not a file` } };
  }
  if (isDir) {
    // '/\u0000' stands for "anything inside": prunes folders an exclude such as **/node_modules/** covers.
    return exclude(`${r}/\u0000`) || exclude(r) ? undefined : { path: p, rel: r, dir: true };
  }
  if (!isFile || !include(r) || exclude(r)) return undefined;
  if (!(st instanceof fs.Stats)) {
    return { problem: { file: p, code: 'unreadable', severity: 'error', message: `Cannot read file: ${st?.message ?? 'no stat'}` } };
  }
  return { path: p, dir: false, stat: st };
}

function describeDirent(e: fs.Dirent): string {
  return e.isFIFO() ? 'a named pipe (FIFO)' : e.isCharacterDevice() ? 'a character device' : e.isBlockDevice() ? 'a block device' : e.isSocket() ? 'a socket' : 'not a regular file';
}

function formatMB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
}
