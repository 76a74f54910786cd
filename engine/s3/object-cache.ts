// The local cache of fetched S3 objects, on disk: each object at `<folder>/objects/<bucket>/<key's segments>`
// (core/remote cacheSegments: no key reaches outside the folder), a manifest of what each file is (bucket,
// key, ETag, size, last use) and, per location, the objects it selected and where a refresh resumes listing.
// A download goes to a temporary name and is renamed into place once complete, so a cut-off or cancelled
// download never sits in the cache as if it were the object. Least recently used files go first when the
// cache is over its cap.
//
// Several windows (each its language server) and CLI runs may share one cache folder: the manifest is never simply
// overwritten. Each write takes a lock file, reads the manifest on disk, applies this cache's changes since its last
// write (core/remote mergeManifest) and renames the result into place, so no window forgets the objects another
// fetched. Each window also names the objects it reads (its holder entry, by process id); an eviction leaves the
// objects of every live holder alone, so one window never deletes the files another's index reads.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { caseInsensitivePlatform, fold } from '../path-case';
import {
  cacheId, cacheSegments, emptyManifest, evictions, isCurrent, mergeManifest, noChanges, type CacheEntry, type LocationRecord, type Manifest, type ManifestChanges,
} from '../../core/remote';

export type { LocationRecord } from '../../core/remote';

const MANIFEST = 'manifest.json';
/** An entry's own place: '/'-separated names, no drive, no backslash (checked again for '.' and '..'). */
const SAFE_PLACE = /^[^/\\:]+(\/[^/\\:]+)*$/;
const LOCK = 'manifest.lock';
/** A lock older than this is a crashed writer's: taken over (a write holds it for one read and one write of the
 *  manifest, never for file deletions). Kept short because the wait is synchronous (below). */
export const LOCK_STALE_MS = 5_000;
/** How long a write waits for the lock before it writes anyway (a lost update beats a hung window). Longer than
 *  LOCK_STALE_MS: a crashed writer's lock is taken over before anyone gives up and writes without it. */
export const LOCK_WAIT_MS = 6_000;

export interface ObjectCacheOptions {
  now?: () => number;
  /** This window's name among the cache's holders (default: the process id). */
  holder?: string;
  /** Whether another holder is still running (default: its process exists). */
  isAlive?: (holder: string) => boolean;
  /** The folder's file system ignores case (default: on macOS and Windows): keys that differ only in case get
   *  places of their own (tests set it). */
  caseInsensitive?: boolean;
}

export class ObjectCache {
  private manifest: Manifest;
  private changes: ManifestChanges = noChanges();
  /** Ids of the objects this window reads (never evicted by another window while it runs). */
  private readonly held = new Set<string>();
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly holder: string;
  private readonly isAlive: (holder: string) => boolean;
  private readonly caseInsensitive: boolean;

  constructor(readonly folder: string, private readonly capBytes: number, opts: ObjectCacheOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.holder = opts.holder ?? String(process.pid);
    this.isAlive = opts.isAlive ?? processAlive;
    this.caseInsensitive = opts.caseInsensitive ?? caseInsensitivePlatform();
    this.manifest = readManifest(path.join(folder, MANIFEST));
  }

  /** Where an object's copy lives (whether or not it is there): under `objects/`, so no bucket name (`manifest.json`
   *  is a valid one) meets the manifest. */
  pathOf(bucket: string, key: string): string {
    const entry = this.manifest.entries[cacheId(bucket, key)];
    return entry ? this.fileOf(entry) : this.plainPath(bucket, key);
  }

  /** An entry's file: its own place when it has one that stays inside the objects folder, else the plain one. */
  private fileOf(e: CacheEntry): string {
    if (typeof e.file === 'string' && SAFE_PLACE.test(e.file) && !e.file.split('/').some((seg) => seg === '.' || seg === '..')) {
      return path.join(objectsFolder(this.folder), ...e.file.split('/'));
    }
    return this.plainPath(e.bucket, e.key);
  }

  private plainPath(bucket: string, key: string): string {
    return path.join(objectsFolder(this.folder), ...cacheSegments(bucket, key));
  }

  /**
   * Where a new copy of the object goes: its plain place, unless the file system ignores case and another object's
   * copy is at the same place in other case (`logs/A.json` and `logs/a.json` are one file there): then a name of its
   * own beside it, `A~<hash of the key>.json` (the extension kept, so the editor opens it as what it is).
   */
  private placeFor(bucket: string, key: string): { file: string; relative?: string } {
    const id = cacheId(bucket, key);
    const plain = this.plainPath(bucket, key);
    if (!this.caseInsensitive) return { file: plain };
    const holder = this.foldedPlaces().get(fold(plain));
    if (holder === undefined || holder === id) return { file: plain };
    const segments = cacheSegments(bucket, key);
    const name = segments[segments.length - 1];
    const dot = name.indexOf('.', 1);
    const tag = `~${crypto.createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
    segments[segments.length - 1] = dot > 0 ? `${name.slice(0, dot)}${tag}${name.slice(dot)}` : `${name}${tag}`;
    return { file: path.join(objectsFolder(this.folder), ...segments), relative: segments.join('/') };
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
      this.changes.entries.delete(id);
      this.changes.removed.set(id, { ...entry });
      return undefined;
    }
    entry.usedAt = this.now();
    this.changes.entries.set(id, { ...entry });
    this.scheduleSave();
    return file;
  }

  /** A temporary file beside the object's place, for its download. */
  temporaryPath(bucket: string, key: string): string {
    const file = this.pathOf(bucket, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return `${file}.part-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /** The manifest's copies by their folded path (which object holds each place), made once per manifest read. */
  private folded: { of: Manifest; places: Map<string, string> } | undefined;

  private foldedPlaces(): Map<string, string> {
    if (this.folded?.of !== this.manifest) {
      const places = new Map<string, string>();
      for (const [id, e] of Object.entries(this.manifest.entries)) places.set(fold(this.fileOf(e)), id);
      this.folded = { of: this.manifest, places };
    }
    return this.folded.places;
  }

  /** A complete download: moved into place and recorded. */
  commit(bucket: string, key: string, etag: string, size: number, temporary: string): string {
    const { file, relative } = this.placeFor(bucket, key);
    fs.renameSync(temporary, file);
    const id = cacheId(bucket, key);
    const entry = { bucket, key, etag, size, usedAt: this.now(), ...(relative ? { file: relative } : {}) };
    this.manifest.entries[id] = entry;
    if (this.caseInsensitive) this.foldedPlaces().set(fold(file), id);
    this.changes.entries.set(id, { ...entry });
    this.changes.removed.delete(id);
    this.scheduleSave();
    return file;
  }

  location(id: string): LocationRecord | undefined {
    return this.manifest.locations[id];
  }

  setLocation(id: string, record: LocationRecord): void {
    this.manifest.locations[id] = record;
    this.changes.locations.set(id, record);
    this.scheduleSave();
  }

  dropLocation(id: string): void {
    delete this.manifest.locations[id];
    this.changes.locations.set(id, undefined);
    this.scheduleSave();
  }

  /** The objects (ids) this window reads: no eviction, this window's or another's, removes them while it runs. New
   *  holds are written at once: another window's eviction only sees what is on disk. */
  hold(ids: Iterable<string>): void {
    const size = this.held.size;
    for (const id of ids) this.held.add(id);
    if (this.held.size !== size) this.save();
  }

  /** Replaces the objects this window reads (a removed location's objects are no longer spared), written at once. */
  setHeld(ids: Iterable<string>): void {
    this.held.clear();
    for (const id of ids) this.held.add(id);
    // No manifest and nothing held: nothing to write (no cache folder is made for it).
    if (this.held.size > 0 || fs.existsSync(path.join(this.folder, MANIFEST))) this.save();
  }

  /** hold() of the objects of a location's last listing. */
  holdLocation(id: string, bucket: string): void {
    this.hold(this.heldOf(id, bucket));
  }

  /** The ids of the objects of a location's last listing. */
  heldOf(id: string, bucket: string): string[] {
    const rec = this.manifest.locations[id];
    return rec ? rec.keys.map((k) => cacheId(bucket, k)) : [];
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

  /**
   * Evicts least recently used copies beyond the cap, never those of `keep` (ids, held from now on), of this
   * window's other holds, or of any other running window's; the paths removed. Decided on the manifest as it is on
   * disk now (other windows' objects and uses count), and written at once.
   */
  evict(keep: ReadonlySet<string>): { removed: string[]; bytes: number } {
    // Held without hold()'s own write: the eviction's write below records them.
    for (const id of keep) this.held.add(id);
    const removed: string[] = [];
    const doomed: string[] = [];
    let left = 0;
    this.write((merged) => {
      const spared = new Set(this.held);
      for (const [name, h] of Object.entries(merged.holders ?? {})) if (name !== this.holder && Array.isArray(h?.ids)) for (const id of h.ids) spared.add(id);
      const { evict, bytes } = evictions(Object.entries(merged.entries), this.capBytes, spared);
      left = bytes;
      for (const id of evict) {
        const e = merged.entries[id];
        delete merged.entries[id];
        doomed.push(this.fileOf(e));
      }
    });
    // Deleted after the lock is released: removing many files can take longer than other writers wait for it.
    // The entries are already gone from the manifest, so no window hands these files out meanwhile.
    for (const file of doomed) {
      try {
        fs.rmSync(file, { force: true });
        removed.push(file);
      } catch { /* a file that cannot be removed is forgotten; the next eviction tries no more */ }
    }
    return { removed, bytes: left };
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), 500);
    this.saveTimer.unref();
  }

  /** Writes the manifest now: this window's changes merged into the one on disk (temporary file, then rename: a
   *  crash leaves the old one). */
  save(): void {
    this.write(() => undefined);
  }

  /** Under the lock: the manifest on disk, this window's changes and holds applied, `edit`, written; then the
   *  window's view is the merged manifest (it learns the other windows' objects). */
  private write(edit: (merged: Manifest) => void): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    fs.mkdirSync(this.folder, { recursive: true });
    const file = path.join(this.folder, MANIFEST);
    const unlock = lock(path.join(this.folder, LOCK));
    try {
      const merged = mergeManifest(readManifest(file), this.changes);
      const holders = merged.holders ?? {};
      // Holders that stopped (a closed window, a crashed server) hold nothing any more.
      for (const name of Object.keys(holders)) if (name !== this.holder && !this.isAlive(name)) delete holders[name];
      // This window's entry is exactly what it holds now: ids it let go of are no longer spared.
      if (this.held.size > 0) holders[this.holder] = { ids: [...this.held], at: this.now() };
      else delete holders[this.holder];
      merged.holders = holders;
      edit(merged);
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(merged));
      fs.renameSync(tmp, file);
      this.manifest = merged;
      this.changes = noChanges();
    } finally {
      unlock();
    }
  }
}

/**
 * Takes the lock file (exclusive create, holding a random token); a stale one is taken over, and after LOCK_WAIT_MS
 * the write goes on without it. Returns its release, which removes the lock only while it still holds this token
 * (a writer that outlived LOCK_STALE_MS never removes the lock of the one that took over).
 *
 * The wait is synchronous because the manifest writes are (a save from a timer, an eviction in the middle of a
 * fetch): it polls in 5 ms sleeps and the lock is held for one manifest read and write, so it normally lasts
 * milliseconds; only a crashed writer's lock costs up to LOCK_STALE_MS of the calling thread.
 */
export function lock(file: string): () => void {
  const start = Date.now();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const token = crypto.randomBytes(12).toString('hex');
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, token);
      } finally {
        fs.closeSync(fd);
      }
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === token) fs.rmSync(file, { force: true });
        } catch { /* gone already */ }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return () => undefined;
    }
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > LOCK_STALE_MS) {
        takeOver(file);
        continue;
      }
    } catch {
      continue; // released meanwhile
    }
    if (Date.now() - start > LOCK_WAIT_MS) return () => undefined;
    // A few milliseconds: the other writer holds it for one read and one write of the manifest.
    Atomics.wait(pause, 0, 0, 5);
  }
}

/** Removes a stale lock so that exactly one waiter takes it: the lock is renamed to a name of this waiter's own
 *  first (of several waiters only one rename succeeds); if what was renamed turns out fresh (another waiter took
 *  over and a new writer locked in between), it is put back unless a newer lock is there already. */
function takeOver(file: string): void {
  const mine = `${file}.stale-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  try {
    fs.renameSync(file, mine);
  } catch {
    return; // another waiter took it over, or it was released
  }
  try {
    if (Date.now() - fs.statSync(mine).mtimeMs <= LOCK_STALE_MS) {
      try {
        fs.linkSync(mine, file);
      } catch { /* a newer lock is there: its writer holds it */ }
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

/** Whether a holder (a process id) still runs. */
function processAlive(holder: string): boolean {
  const pid = Number(holder);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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
    if (m && m.version === 1 && typeof m.entries === 'object' && m.entries && typeof m.locations === 'object' && m.locations) {
      if (typeof m.holders !== 'object' || !m.holders) m.holders = {};
      return m as Manifest;
    }
  } catch { /* missing or damaged: start empty */ }
  return emptyManifest();
}
