// The S3 trail locations as the client stores them (workspace state) and as the server receives them, and the
// folder their objects are cached in: read the same way on both sides of the language server, so the client's
// "is this file an S3 copy" and the server's cache agree.

import path from 'node:path';
import { parseS3Url } from './s3-url';
import type { S3Location } from './trail-layout';

/** Locations read defensively (workspace state may hold anything an older version wrote): bad URLs, odd types and
 *  bad days are dropped. */
export function readLocations(raw: unknown): S3Location[] {
  if (!Array.isArray(raw)) return [];
  const out: S3Location[] = [];
  for (const r of raw) {
    if (!r || typeof r !== 'object') continue;
    const { url, selection } = r as { url?: unknown; selection?: unknown };
    if (typeof url !== 'string' || !parseS3Url(url).ok) continue;
    const s = (selection && typeof selection === 'object' ? selection : {}) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
    const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
    out.push({ url, selection: { orgs: list(s.orgs), accounts: list(s.accounts), regions: list(s.regions), since: day(s.since), until: day(s.until), digests: s.digests === true } });
  }
  return out;
}

/** The cache folder of S3 objects: the setting `s3.cacheFolder` when it is an absolute path, else the extension's
 *  storage folder (a relative setting has no folder to be relative to). */
export function s3CacheFolder(setting: string | undefined, storageFolder: string): string {
  const s = setting?.trim();
  return s && path.isAbsolute(s) ? s : storageFolder;
}
