// Loads S3 locations into an index: each location opened (engine/s3/trail-fetch.ts), its files handed to
// the index as they arrive (IndexFeed), its failures collected as messages. Shared by the language server
// (the editor's S3 locations) and the CLI (`s3://` paths).

import { formatS3Url, parseS3Url, type S3Location } from '../../core/remote';
import type { S3Access } from './access';
import type { S3Failure } from './errors';
import { IndexFeed } from './index-feed';
import type { ObjectCache } from './object-cache';
import { openLocation, type FetchProgress } from './trail-fetch';

/** What an index must offer: the service's addFiles / removeFiles. */
export interface FileSink {
  addFiles(files: readonly string[]): Promise<void>;
  removeFiles(files: readonly string[]): Promise<void>;
}

export interface LocationOutcome {
  url: string;
  /** The files this load fetched or found (a refresh: the new objects). */
  files: string[];
  /** Every file of the location in the cache. */
  locationFiles: string[];
  failures: S3Failure[];
  cancelled: boolean;
  /** Whether the bucket was listed (false: opened from the cache's record, offline). */
  listed: boolean;
  fetched: number;
  cached: number;
}

export interface LoadOptions {
  refresh?: boolean;
  signal?: AbortSignal;
  concurrency?: number;
  onProgress?(url: string, p: FetchProgress): void;
  /** The first file of all locations is in the index (the explorer has rows). */
  onFirstRows?(): void;
}

/** Opens every location one after the other (each fetches in parallel); resolves once all is indexed. */
export async function loadLocations(sink: FileSink, access: S3Access, cache: ObjectCache, locations: readonly S3Location[], opts: LoadOptions = {}): Promise<LocationOutcome[]> {
  let first = true;
  const feed = new IndexFeed(async (files) => {
    await sink.addFiles(files);
    if (first) {
      first = false;
      opts.onFirstRows?.();
    }
  });
  const outcomes: LocationOutcome[] = [];
  for (const loc of locations) {
    if (opts.signal?.aborted) break;
    const u = parseS3Url(loc.url);
    const url = u.ok ? formatS3Url(u) : loc.url;
    try {
      const r = await openLocation(access, cache, loc, {
        refresh: opts.refresh, signal: opts.signal, concurrency: opts.concurrency,
        onFile: (file) => feed.push(file),
        onProgress: (p) => opts.onProgress?.(url, p),
      });
      if (r.evicted.length > 0) await sink.removeFiles(r.evicted);
      outcomes.push({ url, files: r.files, locationFiles: r.locationFiles, failures: r.failures, cancelled: r.cancelled, listed: r.listed, fetched: r.files.length - r.objectsCached, cached: r.objectsCached });
    } catch (e) {
      // A location that cannot even be planned (a bad URL) is one failure; the other locations still load.
      outcomes.push({ url, files: [], locationFiles: [], failures: [{ kind: 'other', bucket: u.ok ? u.bucket : '', where: u.ok ? u.prefix : '', message: e instanceof Error ? e.message : String(e) }], cancelled: opts.signal?.aborted ?? false, listed: false, fetched: 0, cached: 0 });
    }
  }
  await feed.idle();
  return outcomes;
}
