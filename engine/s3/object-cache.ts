// The local cache of fetched S3 objects, on disk: each object at `<folder>/objects/<bucket>/<key's segments>`
// (core/remote cacheSegments: no key reaches outside the folder), a manifest of what each file is (bucket,
// key, ETag, size, last use) and, per location, the objects it selected and where a refresh resumes listing.
// A download goes to a temporary name and is renamed into place once complete, so a cut-off or cancelled
// download never sits in the cache as if it were the object. Least recently used files go first when the
// cache is over its cap.

import fs from 'node:fs';
import path from 'node:path';
import { cacheId, cacheSegments, evictions, isCurrent, type CacheEntry, type ListMarkers } from '../../core/remote';

export interface LocationRecord {
  /** Keys of the objects the location selected at its last listing. */
  keys: string[];
  markers: ListMarkers;
  /** When it was last listed (ms). */
  listedAt: number;
}

interface Manifest {
  version: 1;
  entries: Record<string, CacheEntry>;
  locations: Record<string, LocationRecord>;
}

const MANIFEST = 'manifest.json';

export class ObjectCache {
  private manifest: Manifest;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(readonly folder: string, private readonly capBytes: number, private readonly now: () => number = Date.now) {
    this.manifest = readManifest(path.join(folder, MANIFEST));
  }

  /** Where an object's copy lives (whether or not it is there): under `objects/`, so no bucket name (`manifest.json`
   *  is a valid one) meets the manifest. */
  pathOf(bucket: string, key: string): string {
    return path.join(objectsFolder(this.folder), ...cacheSegments(bucket, key));
  }

  /** The path of a current copy of the listed object (same ETag and size, file present), marked as used; else undefined. */
  hit(bucket: string, key: string, etag: string, size: number): string | undefined {
    const id = cacheId(bucket, key);
    const entry = this.manifest.entries[id];
    if (!isCurrent(entry, etag, size)) return undefined;
    const file = this.pathOf(bucket, key);
    try {
      if (fs.statSync(file).size !== size) return undefined;
    } catch {
      delete this.manifest.entries[id];
      return undefined;
    }
    entry.usedAt = this.now();
    this.scheduleSave();
    return file;
  }

  /** A temporary file beside the object's place, for its download. */
  temporaryPath(bucket: string, key: string): string {
    const file = this.pathOf(bucket, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return `${file}.part-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /** A complete download: moved into place and recorded. */
  commit(bucket: string, key: string, etag: string, size: number, temporary: string): string {
    const file = this.pathOf(bucket, key);
    fs.renameSync(temporary, file);
    this.manifest.entries[cacheId(bucket, key)] = { bucket, key, etag, size, usedAt: this.now() };
    this.scheduleSave();
    return file;
  }

  location(id: string): LocationRecord | undefined {
    return this.manifest.locations[id];
  }

  setLocation(id: string, record: LocationRecord): void {
    this.manifest.locations[id] = record;
    this.scheduleSave();
  }

  dropLocation(id: string): void {
    delete this.manifest.locations[id];
    this.scheduleSave();
  }

  /** Cached files of a location's last listing that are still here. */
  filesOf(id: string, bucket: string): string[] {
    const rec = this.manifest.locations[id];
    if (!rec) return [];
    return rec.keys.filter((k) => this.manifest.entries[cacheId(bucket, k)] !== undefined).map((k) => this.pathOf(bucket, k)).filter((f) => fs.existsSync(f));
  }

  /** Bytes the cache holds. */
  get bytes(): number {
    return Object.values(this.manifest.entries).reduce((n, e) => n + e.size, 0);
  }

  /** Evicts least recently used copies beyond the cap, never those of `keep` (ids); the paths removed. */
  evict(keep: ReadonlySet<string>): { removed: string[]; bytes: number } {
    const { evict, bytes } = evictions(Object.entries(this.manifest.entries), this.capBytes, keep);
    const removed: string[] = [];
    for (const id of evict) {
      const e = this.manifest.entries[id];
      delete this.manifest.entries[id];
      const file = this.pathOf(e.bucket, e.key);
      try {
        fs.rmSync(file, { force: true });
        removed.push(file);
      } catch { /* a file that cannot be removed is forgotten; the next eviction tries no more */ }
    }
    if (evict.length > 0) this.scheduleSave();
    return { removed, bytes };
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), 500);
    this.saveTimer.unref();
  }

  /** Writes the manifest now (temporary file, then rename: a crash leaves the old one). */
  save(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    fs.mkdirSync(this.folder, { recursive: true });
    const file = path.join(this.folder, MANIFEST);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.manifest));
    fs.renameSync(tmp, file);
  }
}

/** The folder of the cached objects in a cache folder. */
export function objectsFolder(cacheFolder: string): string {
  return path.join(cacheFolder, 'objects');
}

/** The manifest on disk, read defensively (anything else than what we write starts an empty cache). */
function readManifest(file: string): Manifest {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Manifest>;
    if (m && m.version === 1 && typeof m.entries === 'object' && m.entries && typeof m.locations === 'object' && m.locations) return m as Manifest;
  } catch { /* missing or damaged: start empty */ }
  return { version: 1, entries: {}, locations: {} };
}
