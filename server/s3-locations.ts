// The workspace's S3 trail locations in the language server: answers the pickers of "Add S3 Trail
// Location..." (layout, size of a selection, buckets), opens the locations into the index (engine/s3
// loadLocations: objects indexed as they arrive), reports progress and honours cancellation. The engine does
// the work; this adapts it to LSP.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import {
  S3BucketsRequest, S3LayoutRequest, S3PlanRequest, S3ProgressNotification, SetS3LocationsRequest,
  type S3BucketsResult, type S3LayoutParams, type S3LayoutResult, type S3PlanParams, type S3PlanResult, type SetS3LocationsParams, type SetS3LocationsResult,
} from '../core/protocol';
import { cacheSegments, parseS3Url, locationId, readLocations, s3CacheFolder, type S3Location } from '../core/remote';
import type { Settings } from '../core/settings';
import { describeS3Error, discoverLayout, loadLocations, ObjectCache, objectsFolder, planLocation, S3Access, type FileSink } from '../engine/s3';
import { onRequest, sendNotification } from './protocol-server';
import { LocationFiles } from './s3-location-files';

const PROGRESS_INTERVAL_MS = 200;
const MB = 1048576;

export interface S3Hooks {
  settings(): Settings;
  /** The index to feed (started when there is none: a window with S3 locations only). */
  sink(): FileSink;
  /** The files added to the index are now exactly these (the index drops the rest: rows of a saved index that
   *  no location holds any more). */
  retain(files: string[]): Promise<void>;
  log(msg: string): void;
}

export class S3Locations {
  private locations: S3Location[] = [];
  /** Files of the locations in the cache: a new index service reads them (WorkspaceIndexOptions.files). */
  private readonly files = new LocationFiles();
  private defaultCacheFolder = path.join(os.tmpdir(), 'cloudtrail-s3-cache');
  private running: Promise<unknown> = Promise.resolve();
  private openedOnce = false;
  /** The object cache of the current folder and size setting (cache()). */
  private objectCache: { folder: string; capBytes: number; cache: ObjectCache } | undefined;

  constructor(connection: Connection, private readonly hooks: S3Hooks) {
    onRequest(connection, SetS3LocationsRequest, (p, token) => this.set(connection, p, token));
    onRequest(connection, S3LayoutRequest, (p) => this.layout(p));
    onRequest(connection, S3PlanRequest, (p) => this.plan(p));
    onRequest(connection, S3BucketsRequest, () => this.buckets());
  }

  /** initializationOptions: the stored locations and the extension's cache folder. */
  init(options: { s3Locations?: unknown; s3CacheFolder?: unknown } | undefined): void {
    this.locations = readLocations(options?.s3Locations);
    if (typeof options?.s3CacheFolder === 'string' && path.isAbsolute(options.s3CacheFolder)) this.defaultCacheFolder = options.s3CacheFolder;
  }

  /** Whether the locations have been opened (or found to be none) this session: from then on a new index service
   *  keeps only their files of a saved index (WorkspaceIndexService.retainFiles). */
  get opened(): boolean {
    return this.openedOnce;
  }

  get count(): number {
    return this.locations.length;
  }

  /** Every cached file of the locations (read by a new index service). */
  allFiles(): string[] {
    return this.files.all();
  }

  /** The cache folders of the locations' buckets (their keys keep the trail layout below): "Verify Trail
   *  Integrity" reads the fetched log and digest files there. */
  cacheRoots(): string[] {
    const folders = new Set<string>();
    for (const loc of this.locations) {
      const u = parseS3Url(loc.url);
      if (u.ok) folders.add(path.join(objectsFolder(this.cacheFolder()), cacheSegments(u.bucket, '')[0]));
    }
    return [...folders].filter((f) => fs.existsSync(f));
  }

  /** Opens the stored locations from the cache (no network: the client's Refresh lists again). */
  openStored(connection: Connection): void {
    if (this.locations.length > 0) void this.set(connection, { locations: this.locations }, undefined);
    // None left (the last one was removed before the index was saved again): a saved index's S3 rows go.
    else {
      this.openedOnce = true;
      void this.hooks.retain([]).catch((e: unknown) => this.hooks.log(`S3: ${String(e)}`));
    }
  }

  private cacheFolder(): string {
    return s3CacheFolder(this.hooks.settings()['s3.cacheFolder'], this.defaultCacheFolder);
  }

  private access(): S3Access {
    const s = this.hooks.settings();
    return new S3Access({ endpoint: s['s3.endpoint'], profile: s['s3.profile'] });
  }

  /** The object cache, kept while its folder and size setting stay: its view of the manifest, the objects it holds
   *  and its pending save outlive a load (one per load read the manifest again each time, and a plan request's
   *  marks of use went to a cache of their own). Each load's first write merges the other windows' changes in. */
  private cache(): ObjectCache {
    const folder = this.cacheFolder();
    const capBytes = Math.max(1, this.hooks.settings()['s3.cacheSizeMB']) * MB;
    const kept = this.objectCache;
    if (kept?.folder === folder && kept.capBytes === capBytes) return kept.cache;
    const cache = new ObjectCache(folder, capBytes);
    this.objectCache = { folder, capBytes, cache };
    return cache;
  }

  private async set(connection: Connection, p: SetS3LocationsParams, token: CancellationToken | undefined): Promise<SetS3LocationsResult> {
    // One load at a time: a second waits for the first (they share the cache's manifest).
    const work = this.running.then(() => this.load(connection, p, token));
    this.running = work.catch(() => undefined);
    return work;
  }

  private async load(connection: Connection, p: SetS3LocationsParams, token: CancellationToken | undefined): Promise<SetS3LocationsResult> {
    const next = readLocations(p.locations);
    const keep = new Set(next.map(locationId));
    // Locations removed: their files leave the index (unless another location holds them too).
    const gone = this.files.retain(keep);
    const sink = this.hooks.sink();
    if (gone.length > 0) await sink.removeFiles(gone);
    this.locations = next;
    if (next.length === 0) {
      this.openedOnce = true;
      // Nothing read from the cache any more: another window may evict what the removed locations held.
      this.cache().setHeld([]);
      await this.hooks.retain([]);
      return { outcomes: [] };
    }
    const abort = new AbortController();
    token?.onCancellationRequested(() => abort.abort());
    const access = this.access();
    const cache = this.cache();
    const started = Date.now();
    let last = 0;
    // Every location's objects are held before any is opened: opening the first (its eviction) must not remove
    // those of the others, which the index reads too. The held set is replaced: a removed location's objects are
    // no longer spared.
    const held: string[] = [];
    for (const loc of next) {
      const u = parseS3Url(loc.url);
      if (u.ok) held.push(...cache.heldOf(locationId(loc), u.bucket));
    }
    cache.setHeld(held);
    const outcomes = [];
    let cancelled = false;
    try {
      for (const loc of next) {
        const tracking = this.files.track(locationId(loc), sink);
        const [o] = await loadLocations(tracking, access, cache, [loc], {
          refresh: p.refresh, signal: abort.signal, concurrency: this.hooks.settings()['s3.concurrency'],
          onProgress: (url, pr) => {
            const t = Date.now();
            if (t - last < PROGRESS_INTERVAL_MS && pr.objectsDone < pr.objectsTotal) return;
            last = t;
            void sendNotification(connection, S3ProgressNotification, { url, ...pr, elapsedMs: t - started });
          },
        });
        for (const f of o.failures) this.hooks.log(`S3: ${f.message}`);
        this.hooks.log(`S3: ${o.url}: ${o.fetched} objects fetched, ${o.cached} from the cache, ${o.failures.length} not read${o.cancelled ? ' (cancelled)' : ''}`);
        outcomes.push({ url: o.url, fetched: o.fetched, cached: o.cached, failures: o.failures.map((f) => f.message), cancelled: o.cancelled });
        if (o.cancelled) {
          cancelled = true;
          break;
        }
      }
    } finally {
      access.dispose();
      cache.save();
    }
    // Every location opened: the index's added files are exactly theirs (a saved index may hold objects of a location
    // removed or evicted since). A cancelled load has not opened them all, so nothing is dropped then.
    if (!cancelled) {
      this.openedOnce = true;
      await this.hooks.retain(this.allFiles());
    }
    return { outcomes };
  }

  private async layout(p: S3LayoutParams): Promise<S3LayoutResult> {
    const u = parseS3Url(String(p.url ?? ''));
    if (!u.ok) return { ok: false, message: u.message };
    const access = this.access();
    try {
      const l = await discoverLayout(access, p.url);
      if (!l.trail && l.failures.length > 0) return { ok: false, message: l.failures[0].message };
      return { ok: true, trail: l.trail, orgs: l.orgs, accounts: l.accounts, regions: l.regions, digests: l.digests, failures: l.failures.map((f) => f.message) };
    } catch (e) {
      return { ok: false, message: describeS3Error(e, { bucket: u.bucket, where: u.prefix, action: 'list', profile: access.profile, endpoint: access.endpoint }).message };
    } finally {
      access.dispose();
    }
  }

  private async plan(p: S3PlanParams): Promise<S3PlanResult> {
    const loc = readLocations([p.location])[0];
    if (!loc) return { ok: false, message: 'not an s3:// location' };
    const access = this.access();
    const cache = this.cache();
    try {
      const plan = await planLocation(access, loc);
      const cachedBytes = plan.objects.reduce((n, o) => n + (cache.hit(plan.bucket, o.key, o.etag, o.size) ? o.size : 0), 0);
      return { ok: true, objects: plan.objects.length, bytes: plan.bytes, cachedBytes, failures: plan.failures.map((f) => f.message) };
    } catch (e) {
      const u = parseS3Url(loc.url);
      return { ok: false, message: describeS3Error(e, { bucket: u.ok ? u.bucket : '', where: u.ok ? u.prefix : '', action: 'list', profile: access.profile, endpoint: access.endpoint }).message };
    } finally {
      access.dispose();
    }
  }

  private async buckets(): Promise<S3BucketsResult> {
    const access = this.access();
    try {
      const all = await access.buckets();
      const withTrail: string[] = [];
      // A bucket that holds AWSLogs/ at its top; the others (denied, other regions' errors) are left out.
      await Promise.all(all.slice(0, 200).map(async (b) => {
        try {
          const level = await access.listLevel(b, 'AWSLogs/');
          if (level.prefixes.length > 0 || level.objects.length > 0) withTrail.push(b);
        } catch { /* not listable with these credentials */ }
      }));
      return { ok: true, buckets: withTrail.sort() };
    } catch (e) {
      return { ok: false, message: describeS3Error(e, { bucket: '*', where: '', action: 'list', profile: access.profile, endpoint: access.endpoint }).message.replace('s3://*/', 'your buckets') };
    } finally {
      access.dispose();
    }
  }
}
