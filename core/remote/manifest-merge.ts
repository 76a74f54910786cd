// The shared S3 object cache's manifest when several windows (language servers, CLI runs) use one cache folder:
// each writes it by reading the one on disk and applying its own changes since its last write (under a lock,
// engine/s3/object-cache.ts), so no window forgets the objects another fetched, and each names the objects it is
// reading (its holder entry) so that another's eviction leaves them alone.

import { isCurrent, type CacheEntry } from './cache-policy';
import type { ListMarkers } from './list-marker';

export interface LocationRecord {
  /** Keys of the objects the location selected at its last listing. */
  keys: string[];
  markers: ListMarkers;
  /** When it was last listed (ms). */
  listedAt: number;
}

/** A window that reads objects of the cache: their ids, and when it said so. */
export interface CacheHolder {
  ids: string[];
  at: number;
}

export interface Manifest {
  version: 1;
  entries: Record<string, CacheEntry>;
  locations: Record<string, LocationRecord>;
  /** By holder (engine: the process id). Absent in manifests written before holders existed. */
  holders?: Record<string, CacheHolder>;
}

/** One window's changes since it last wrote the manifest. */
export interface ManifestChanges {
  /** Entries it committed or used (their usedAt moved). */
  entries: Map<string, CacheEntry>;
  /** Entries whose copy it removed (evicted, or found missing), as they were when removed. */
  removed: Map<string, CacheEntry>;
  /** Location records it set, or dropped (undefined). */
  locations: Map<string, LocationRecord | undefined>;
}

export function emptyManifest(): Manifest {
  return { version: 1, entries: {}, locations: {}, holders: {} };
}

export function noChanges(): ManifestChanges {
  return { entries: new Map(), removed: new Map(), locations: new Map() };
}

/**
 * The manifest on disk with one window's changes applied. An entry both wrote keeps the later use; of two
 * different copies (ETags) the one written later wins, as its rename did on disk. A removal drops the entry only
 * when the disk still names the copy that was removed (another window may have fetched a new one since).
 */
export function mergeManifest(disk: Manifest, changes: ManifestChanges): Manifest {
  const entries = { ...disk.entries };
  for (const [id, mine] of changes.entries) {
    const theirs = entries[id];
    if (!theirs) entries[id] = { ...mine };
    else if (isCurrent(theirs, mine.etag, mine.size)) entries[id] = { ...mine, usedAt: Math.max(mine.usedAt, theirs.usedAt) };
    else if (mine.usedAt >= theirs.usedAt) entries[id] = { ...mine };
  }
  for (const [id, gone] of changes.removed) {
    const theirs = entries[id];
    if (theirs && isCurrent(theirs, gone.etag, gone.size) && theirs.usedAt <= gone.usedAt) delete entries[id];
  }
  const locations = { ...disk.locations };
  for (const [id, record] of changes.locations) {
    if (record) locations[id] = record;
    else delete locations[id];
  }
  return { version: 1, entries, locations, holders: { ...(disk.holders ?? {}) } };
}
