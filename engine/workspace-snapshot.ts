// What the workspace index service saves besides the index itself: per file, the shape it was read with
// (re-reading a record needs it) and its fingerprint; the problems found and the files skipped as not CloudTrail;
// and the read limits the files were read under (other limits: other rows, so such a snapshot is not used).

import { SnapshotFormatError, TrailIndex, type SnapshotReader, type SnapshotWriter } from '../core/index';
import type { Shape } from '../core/parse';
import type { Problem } from '../core/problem';
import { FileFingerprints } from './file-fingerprint';

export interface WorkspaceSnapshot {
  index: TrailIndex;
  shapes: Map<string, Shape>;
  problems: Problem[];
  problemTotal: number;
  skipped: string[];
  fingerprints: FileFingerprints;
  /** The read limits (and anything else that changes what a file gives) as one string. */
  readKey: string;
  /** Files read besides the roots (addFiles: objects of S3 locations in their cache), so that a reopen checks
   *  them like the files under the roots instead of taking their rows for orphans or reading them again. */
  extraFiles: string[];
}

export function writeWorkspaceSnapshot(w: SnapshotWriter, s: WorkspaceSnapshot): void {
  w.tag('workspace');
  w.string(s.readKey);
  s.index.writeSnapshot(w);
  const shapes = [...s.shapes];
  w.strings(shapes.map(([p]) => p));
  w.strings(shapes.map(([, shape]) => shape));
  // The added files ride in this JSON value rather than a section of their own: a file saved before they were
  // (no extraFiles) stays readable, and its added files' rows are then dropped as orphans by the reopen.
  w.json({ problems: s.problems, total: s.problemTotal, extraFiles: s.extraFiles });
  w.strings(s.skipped);
  s.fingerprints.writeSnapshot(w);
}

export function readWorkspaceSnapshot(r: SnapshotReader): WorkspaceSnapshot {
  r.tag('workspace');
  const readKey = r.string();
  const index = TrailIndex.readSnapshot(r);
  const paths = r.strings();
  const kinds = r.strings();
  if (kinds.length !== paths.length) throw new SnapshotFormatError('shapes of another length');
  const shapes = new Map(paths.map((p, i) => [p, kinds[i] as Shape]));
  const saved = r.json() as { problems?: unknown; total?: unknown; extraFiles?: unknown };
  if (!Array.isArray(saved?.problems) || typeof saved.total !== 'number') throw new SnapshotFormatError('problems of another form');
  const extra = saved.extraFiles ?? [];
  if (!Array.isArray(extra) || !extra.every((f) => typeof f === 'string')) throw new SnapshotFormatError('added files of another form');
  const skipped = r.strings();
  const fingerprints = FileFingerprints.readSnapshot(r);
  if (!r.atEnd) throw new SnapshotFormatError('bytes after the last section');
  return { index, shapes, problems: saved.problems as Problem[], problemTotal: saved.total, skipped, fingerprints, readKey, extraFiles: extra as string[] };
}
