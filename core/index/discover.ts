// Finds the trail files to index under folders (include/exclude globs relative to each folder), named
// files and glob arguments. Follows symlinks but never the same folder twice (a symlink loop becomes a
// problem, not a hang); unreadable folders and oversized files become problems too.

import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../problem';
import { compileGlobs, hasGlobSyntax, type GlobMatcher } from './glob';

export interface TrailFile {
  path: string;
  size: number;
}

export interface DiscoverOptions {
  include: readonly string[];
  exclude: readonly string[];
  /** Larger files are skipped with a problem. */
  maxFileBytes: number;
  signal?: AbortSignal;
}

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
  const exclude = compileGlobs(opts.exclude);
  const addFile = (p: string, size: number): void => {
    if (seenFiles.has(p)) return;
    seenFiles.add(p);
    if (size > opts.maxFileBytes) {
      problems.push({ file: p, code: 'file-too-large', severity: 'warning', message: `Skipped: ${formatMB(size)} is over the ${formatMB(opts.maxFileBytes)} limit (setting index.maxFileSizeMB)` });
      return;
    }
    files.push({ path: p, size });
  };
  for (const input of inputs) {
    if (opts.signal?.aborted) break;
    const abs = path.resolve(input);
    let st: fs.Stats | undefined;
    try {
      st = await fs.promises.stat(abs);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) {
      addFile(abs, st.size);
    } else if (st?.isDirectory()) {
      await walk(abs, compileGlobs(opts.include), exclude, addFile, problems, opts.signal);
    } else if (hasGlobSyntax(input)) {
      const { base, pattern } = splitGlob(abs);
      await walk(base, compileGlobs([pattern]), exclude, addFile, problems, opts.signal);
    } else {
      problems.push({ file: abs, code: 'unreadable', severity: 'error', message: 'No such file or folder' });
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

async function walk(root: string, include: GlobMatcher, exclude: GlobMatcher, addFile: (p: string, size: number) => void,
  problems: Problem[], signal: AbortSignal | undefined): Promise<void> {
  const visited = new Set<string>();
  const visit = async (dir: string, rel: string): Promise<void> => {
    // A folder is read with blocking calls (its real path, its entries, their stats: a few ms for a day of
    // trail files), and the thread is given back between folders. As many promises, one a file, took 2-4x as
    // long, and the index workers wait for the list.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) return;
    let real: string;
    try {
      real = fs.realpathSync.native(dir);
    } catch (e) {
      problems.push({ file: dir, code: 'unreadable', severity: 'warning', message: `Cannot read folder: ${(e as Error).message}` });
      return;
    }
    if (visited.has(real)) {
      problems.push({ file: dir, code: 'symlink-loop', severity: 'information', message: `Skipped: a symbolic link back to ${real}, already read` });
      return;
    }
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ file: dir, code: 'unreadable', severity: 'warning', message: `Cannot read folder: ${(e as Error).message}` });
      return;
    }
    // Name order, folders one at a time: the result and its problems come out in the same order on every run.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const f = entryOf(dir, rel, e, include, exclude);
      if (f === undefined) continue;
      if ('problem' in f) problems.push(f.problem);
      else if (f.dir) await visit(f.path, f.rel);
      else addFile(f.path, f.size);
    }
  };
  await visit(root, '');
}

type Entry = { path: string; rel: string; dir: true } | { path: string; dir: false; size: number } | { problem: Problem };

/** What a folder entry is for the walk: a folder to visit, a file to take (with its size), a problem, or
 *  nothing (excluded, or not included). */
function entryOf(dir: string, rel: string, e: fs.Dirent, include: GlobMatcher, exclude: GlobMatcher): Entry | undefined {
  const p = path.join(dir, e.name);
  const r = rel ? `${rel}/${e.name}` : e.name;
  let isDir = e.isDirectory();
  let isFile = e.isFile();
  let size = -1;
  if (e.isSymbolicLink()) {
    try {
      const st = fs.statSync(p);
      isDir = st.isDirectory();
      isFile = st.isFile();
      size = st.size;
    } catch {
      return { problem: { file: p, code: 'unreadable', severity: 'warning', message: 'Broken symbolic link' } };
    }
  }
  if (isDir) {
    // '/\u0000' stands for "anything inside": prunes folders an exclude such as **/node_modules/** covers.
    return exclude(`${r}/\u0000`) || exclude(r) ? undefined : { path: p, rel: r, dir: true };
  }
  if (!isFile || !include(r) || exclude(r)) return undefined;
  if (size < 0) {
    try {
      size = fs.statSync(p).size;
    } catch (err) {
      return { problem: { file: p, code: 'unreadable', severity: 'warning', message: `Cannot read file: ${(err as Error).message}` } };
    }
  }
  return { path: p, dir: false, size };
}

function formatMB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
}
