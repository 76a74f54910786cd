// Opening an S3 trail location: its layout found with as few listings as the selection allows (only the
// selected organizations', accounts' and regions' folders are ever listed, each for its range of days
// only), then its objects fetched in parallel into the object cache, each handed on as soon as it is on
// disk (the index reads it while the rest downloads). A copy in the cache with the listed ETag is not
// fetched again. Failures are values: a denied prefix, a deleted or cut-off object, throttling beyond the
// retries each become an S3Failure naming what it concerns, and everything else is still fetched.

import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import {
  advanceMarker, awsLogsPrefix, cacheId, isAccountId, isOrgId, keyInDays, kindPrefix, lastSegment, locationId, parseS3Url, regionRange,
  resumeRange, selected, selectedKinds, splitTrailPrefix, type ListMarkers, type ListRange, type S3Location, type TrailKind,
} from '../../core/remote';
import type { ListedObject, S3Access } from './access';
import { describeS3Error, type S3ErrorContext, type S3Failure } from './errors';
import type { ObjectCache } from './object-cache';

/** What a location holds, for the pickers of "Add S3 Trail Location...". */
export interface TrailLayout {
  bucket: string;
  /** False: no `AWSLogs/` under the prefix (access logs, exports): the location reads the objects as they are. */
  trail: boolean;
  orgs: string[];
  accounts: string[];
  regions: string[];
  /** Whether digest folders exist (for "Verify Trail Integrity"). */
  digests: boolean;
  failures: S3Failure[];
}

export interface TrailPlan {
  bucket: string;
  ranges: ListRange[];
  objects: ListedObject[];
  bytes: number;
  failures: S3Failure[];
  markers: ListMarkers;
}

export interface FetchProgress {
  objectsTotal: number;
  objectsDone: number;
  /** Of objectsDone, those the cache already held. */
  objectsCached: number;
  bytesTotal: number;
  bytesDone: number;
  /** Objects that could not be fetched (each an S3Failure). */
  objectsFailed: number;
}

export interface FetchOptions {
  /** Downloads at once (default 16). */
  concurrency?: number;
  signal?: AbortSignal;
  /** A file is complete in the cache (fetched now, or already there). */
  onFile?(file: string, object: ListedObject, cached: boolean): void;
  onProgress?(p: FetchProgress): void;
  /** Attempts for an object that arrives cut off (default 3). */
  attempts?: number;
}

export interface FetchResult extends FetchProgress {
  files: string[];
  /** The keys of the objects now in the cache (fetched or found there): not those that failed or were cancelled. */
  keys: string[];
  failures: S3Failure[];
  cancelled: boolean;
}

/** Listings at once while planning. */
const LIST_CONCURRENCY = 8;

interface Owner { org?: string; account: string }

/** The accounts (with their organization) under a trail's base, as selected; the listings that found them. */
async function owners(base: string, fixed: { org?: string; account?: string }, sel: S3Location['selection'], ctx: Ctx, listed?: { prefixes: string[] }): Promise<{ owners: Owner[]; orgs: string[] }> {
  if (fixed.account) return { owners: [{ org: fixed.org, account: fixed.account }], orgs: fixed.org ? [fixed.org] : [] };
  const top = fixed.org ? { prefixes: [`${awsLogsPrefix(base)}${fixed.org}/`] } : listed ?? await ctx.level(awsLogsPrefix(base));
  const out: Owner[] = [];
  const orgs: string[] = [];
  for (const p of top.prefixes) {
    const seg = lastSegment(p);
    if (isAccountId(seg) && !fixed.org && selected(seg, sel.accounts)) out.push({ account: seg });
    else if (isOrgId(seg)) {
      orgs.push(seg);
      if (!selected(seg, sel.orgs)) continue;
      const level = await ctx.level(p);
      for (const a of level.prefixes.map(lastSegment)) if (isAccountId(a) && selected(a, sel.accounts)) out.push({ org: seg, account: a });
    }
  }
  return { owners: out, orgs };
}

/** Listing helpers bound to one bucket, collecting failures instead of throwing them. */
class Ctx {
  readonly failures: S3Failure[] = [];
  constructor(readonly access: S3Access, readonly bucket: string, readonly signal: AbortSignal | undefined) {}

  errorContext(where: string, action: S3ErrorContext['action']): S3ErrorContext {
    return { bucket: this.bucket, where, action, profile: this.access.profile, endpoint: this.access.endpoint };
  }

  async level(prefix: string): Promise<{ prefixes: string[]; objects: ListedObject[] }> {
    try {
      return await this.access.listLevel(this.bucket, prefix, this.signal);
    } catch (e) {
      if (this.signal?.aborted) throw e;
      this.failures.push(describeS3Error(e, this.errorContext(prefix, 'list')));
      return { prefixes: [], objects: [] };
    }
  }
}

/** Runs `work` over `items`, `n` at once. */
async function each<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** What a location holds: organizations, accounts, regions (the union over accounts) and whether it has digests. */
export async function discoverLayout(access: S3Access, url: string, signal?: AbortSignal): Promise<TrailLayout> {
  const u = parseS3Url(url);
  if (!u.ok) throw new Error(u.message);
  const ctx = new Ctx(access, u.bucket, signal);
  const tp = splitTrailPrefix(u.prefix);
  const layout: TrailLayout = { bucket: u.bucket, trail: true, orgs: [], accounts: [], regions: [], digests: false, failures: ctx.failures };
  let top: { prefixes: string[] } | undefined;
  if (!tp.trail) {
    top = await ctx.level(awsLogsPrefix(tp.base));
    if (top.prefixes.length === 0) return { ...layout, trail: false };
  }
  const found = await owners(tp.base, tp, {}, ctx, top);
  layout.orgs = found.orgs;
  const accounts = new Set<string>();
  const regions = new Set<string>();
  await each(found.owners, LIST_CONCURRENCY, async (o) => {
    accounts.add(o.account);
    const kinds = await ctx.level(`${awsLogsPrefix(tp.base)}${o.org ? `${o.org}/` : ''}${o.account}/`);
    if (kinds.prefixes.some((p) => lastSegment(p) === 'CloudTrail-Digest')) layout.digests = true;
    if (tp.region) regions.add(tp.region);
    else for (const r of (await ctx.level(kindPrefix(tp.base, o.org, o.account, tp.kind ?? 'CloudTrail'))).prefixes) regions.add(lastSegment(r));
  });
  layout.accounts = [...accounts].sort();
  layout.regions = [...regions].sort();
  return layout;
}

/**
 * The objects a location selects: the ranges to list (only selected folders, each for its days) and what
 * they hold. With `markers` (a refresh), each range starts where the last listing left off (core/remote
 * resumeRange), so only new objects and a day of known ones are listed.
 */
export async function planLocation(access: S3Access, loc: S3Location, opts: { signal?: AbortSignal; markers?: ListMarkers } = {}): Promise<TrailPlan> {
  const u = parseS3Url(loc.url);
  if (!u.ok) throw new Error(u.message);
  const sel = loc.selection;
  const ctx = new Ctx(access, u.bucket, opts.signal);
  const tp = splitTrailPrefix(u.prefix);
  let ranges: ListRange[] = [];
  // A prefix above AWSLogs/: its listing tells whether there is a trail, and names its accounts.
  const top = tp.trail ? undefined : await ctx.level(awsLogsPrefix(tp.base));
  if (top && top.prefixes.length === 0) {
    // No trail layout: everything under the prefix as typed (an access-log prefix may end inside a name).
    ranges = [{ prefix: u.prefix }];
  } else {
    const found = await owners(tp.base, tp, sel, ctx, top);
    const kinds: TrailKind[] = tp.kind ? [tp.kind] : selectedKinds(sel);
    await each(found.owners.flatMap((o) => kinds.map((kind) => ({ ...o, kind }))), LIST_CONCURRENCY, async (o) => {
      const kp = kindPrefix(tp.base, o.org, o.account, o.kind);
      // Regions named (in the prefix or the selection) are not listed: their folders are known.
      const regions = tp.region ? [tp.region] : sel.regions ? [...sel.regions] : (await ctx.level(kp)).prefixes.map(lastSegment);
      for (const r of regions) ranges.push(regionRange(`${kp}${r}/`, sel.since, sel.until));
    });
  }
  const markers: ListMarkers = { ...(opts.markers ?? {}) };
  const objects: ListedObject[] = [];
  await each(ranges, LIST_CONCURRENCY, async (range) => {
    const listed = opts.markers ? resumeRange(range, opts.markers[range.prefix]) : range;
    const keys: string[] = [];
    try {
      for await (const page of access.list(u.bucket, listed, opts.signal)) {
        for (const o of page.objects) {
          keys.push(o.key);
          if (keyInDays(o.key, sel) && !o.key.endsWith('/')) objects.push(o);
        }
      }
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      ctx.failures.push(describeS3Error(e, ctx.errorContext(range.prefix, 'list')));
    }
    advanceMarker(markers, range, keys);
  });
  // Newest first: the explorer opens on the latest activity, which arrives first.
  objects.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return { bucket: u.bucket, ranges, objects, bytes: objects.reduce((n, o) => n + o.size, 0), failures: ctx.failures, markers };
}

/** Fetches the objects into the cache (or finds them there), `concurrency` at once. */
export async function fetchObjects(access: S3Access, cache: ObjectCache, bucket: string, objects: readonly ListedObject[], opts: FetchOptions = {}): Promise<FetchResult> {
  const progress: FetchProgress = {
    objectsTotal: objects.length, objectsDone: 0, objectsCached: 0, bytesTotal: objects.reduce((n, o) => n + o.size, 0), bytesDone: 0, objectsFailed: 0,
  };
  const files: string[] = [];
  const failures: S3Failure[] = [];
  const signal = opts.signal;
  const attempts = Math.max(1, opts.attempts ?? 3);
  const ctx = (key: string): S3ErrorContext => ({ bucket, where: key, action: 'get', profile: access.profile, endpoint: access.endpoint });
  const keys: string[] = [];
  const done = (o: ListedObject, file: string | undefined, cached: boolean): void => {
    progress.objectsDone++;
    if (file) {
      files.push(file);
      keys.push(o.key);
      if (cached) { progress.objectsCached++; progress.bytesDone += o.size; }
      opts.onFile?.(file, o, cached);
    }
    opts.onProgress?.({ ...progress });
  };
  await each(objects, Math.max(1, opts.concurrency ?? 16), async (o) => {
    if (signal?.aborted) return;
    const hit = cache.hit(bucket, o.key, o.etag, o.size);
    if (hit) return done(o, hit, true);
    for (let attempt = 1; ; attempt++) {
      let tmp = '';
      let received = 0;
      let out: fs.WriteStream | undefined;
      try {
        // Inside the try: a key whose place is taken (`p/x` cached as a file, then `p/x/y`) fails alone.
        tmp = cache.temporaryPath(bucket, o.key);
        const got = await access.get(bucket, o.key, signal);
        got.body.on('data', (chunk: Buffer) => {
          received += chunk.length;
          progress.bytesDone += chunk.length;
        });
        out = fs.createWriteStream(tmp);
        await pipeline(got.body, out, { signal });
        const expected = got.length ?? o.size;
        if (received !== expected) throw new TruncatedError(received, expected);
        const file = cache.commit(bucket, o.key, got.etag || o.etag, received, tmp);
        return done(o, file, false);
      } catch (e) {
        // A write stream destroyed while it was still opening creates its file afterwards: remove the file
        // only once the stream has closed, or a cut-off copy would stay behind.
        if (out && !out.closed) await new Promise<void>((resolve) => out!.once('close', () => resolve()));
        if (tmp) fs.rmSync(tmp, { force: true });
        progress.bytesDone -= received;
        if (signal?.aborted) return;
        const cut = e instanceof TruncatedError || isCutOff(e);
        if (cut && attempt < attempts) continue;
        const failure = cut
          ? { kind: 'truncated' as const, bucket, where: o.key, message: `s3://${bucket}/${o.key} arrived cut off${e instanceof TruncatedError ? ` (${e.received} of ${e.expected} bytes)` : ''} ${attempts} times; it is skipped: refresh the location to try again.` }
          : describeS3Error(e, ctx(o.key));
        failures.push(failure);
        progress.objectsFailed++;
        return done(o, undefined, false);
      }
    }
  });
  return { ...progress, files, keys, failures, cancelled: signal?.aborted ?? false };
}

class TruncatedError extends Error {
  constructor(readonly received: number, readonly expected: number) {
    super(`received ${received} of ${expected} bytes`);
  }
}

/** A body stream that broke off (the connection dropped mid-object). */
function isCutOff(e: unknown): boolean {
  const err = e as { code?: string; message?: string; name?: string };
  return err?.code === 'ECONNRESET' || err?.code === 'ERR_STREAM_PREMATURE_CLOSE' || /aborted|premature|socket hang up/i.test(err?.message ?? '');
}

/** The result of opening a location: its files in the cache, and what could not be read. */
export interface OpenResult extends FetchResult {
  listed: boolean;
  /** Every file of the location in the cache: those of earlier listings too (a refresh's `files` are the new ones). */
  locationFiles: string[];
  /** Files evicted from the cache to stay under its cap (drop them from the index). */
  evicted: string[];
}

/**
 * Opens a location: from the cache's record of it when `refresh` is false and it was listed before (no
 * network), else listing (from its markers when it was listed before) and fetching what is new.
 */
export async function openLocation(access: S3Access, cache: ObjectCache, loc: S3Location, opts: FetchOptions & { refresh?: boolean } = {}): Promise<OpenResult> {
  const id = locationId(loc);
  const u = parseS3Url(loc.url);
  if (!u.ok) throw new Error(u.message);
  const before = cache.location(id);
  // Its objects are read from now on: no eviction (another location's, another window's) removes them.
  cache.holdLocation(id, u.bucket);
  if (before && !opts.refresh) {
    const files = cache.filesOf(id, u.bucket);
    for (const f of files) opts.onFile?.(f, { key: '', size: 0, etag: '' }, true);
    const missing = before.keys.length - files.length;
    const failures: S3Failure[] = missing > 0
      ? [{ kind: 'other', bucket: u.bucket, where: u.prefix, message: `${missing} objects of ${loc.url} are no longer in the cache (evicted): refresh the location to fetch them again.` }]
      : [];
    return {
      listed: false, evicted: [], files, keys: before.keys, locationFiles: files, failures, cancelled: false, objectsTotal: before.keys.length, objectsDone: files.length,
      objectsCached: files.length, bytesTotal: 0, bytesDone: 0, objectsFailed: 0,
    };
  }
  const plan = await planLocation(access, loc, { signal: opts.signal, markers: before?.markers });
  const result = await fetchObjects(access, cache, u.bucket, plan.objects, opts);
  // Only what is in the cache now: a failed or cancelled object is not known, so a refresh fetches it.
  const keys = new Set([...(before?.keys ?? []), ...result.keys]);
  // A cancelled listing keeps its old markers: the next refresh lists what this one did not finish. So does a range
  // with an object that failed (throttled, KMS, cut off): its marker would otherwise pass the object for good.
  const markers = result.cancelled ? { ...(before?.markers ?? {}) } : { ...plan.markers };
  for (const r of plan.ranges) {
    if (!result.failures.some((x) => x.where.startsWith(r.prefix))) continue;
    const old = before?.markers?.[r.prefix];
    if (old === undefined) delete markers[r.prefix];
    else markers[r.prefix] = old;
  }
  cache.setLocation(id, { keys: [...keys], markers, listedAt: Date.now() });
  const evicted = cache.evict(new Set([...keys].map((k) => cacheId(u.bucket, k)))).removed;
  cache.save();
  return { ...result, failures: [...plan.failures, ...result.failures], listed: true, evicted, locationFiles: cache.filesOf(id, u.bucket) };
}
