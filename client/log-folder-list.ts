// The list of log folders indexed besides the workspace folders: plain paths in, plain lists out. A folder
// already covered (a workspace folder or a listed folder holds it) is not added again; one that holds listed
// folders replaces them.

import path from 'node:path';

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export type AddFolderResult =
  | { added: true; list: string[] }
  | { added: false; list: string[]; coveredBy: string };

export function addLogFolder(list: readonly string[], folder: string, workspaceFolders: readonly string[]): AddFolderResult {
  const abs = path.resolve(folder);
  const cover = [...workspaceFolders, ...list].find((f) => isInside(abs, f));
  if (cover !== undefined) return { added: false, list: list.slice(), coveredBy: cover };
  return { added: true, list: [...list.filter((f) => !isInside(f, abs)), abs] };
}

export function removeLogFolder(list: readonly string[], folder: string): string[] {
  const abs = path.resolve(folder);
  return list.filter((f) => path.resolve(f) !== abs);
}

/** Reads the stored list defensively: workspace state may hold anything an older version wrote. */
export function readLogFolders(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((f): f is string => typeof f === 'string' && path.isAbsolute(f));
}
