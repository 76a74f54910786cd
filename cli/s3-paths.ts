// `s3://bucket/prefix` PATHs of the CLI: the options that choose what of a trail to read (--since, --until,
// --account, --region, --digests), how to reach it (--profile, --endpoint) and where fetched objects are
// kept (--s3-cache); and the fetch itself, into the cache, before the index reads the files like any others.

import os from 'node:os';
import path from 'node:path';
import { checkDays, isS3Url, parseS3Url, type S3Location, type TrailSelection } from '../core/remote';
import { loadLocations, ObjectCache, S3Access, type LocationOutcome } from '../engine/s3';
import { printable } from './printable';

export const S3_OPTIONS_HELP = `S3 (PATH s3://bucket/prefix: the trail is listed and fetched into a local cache, then read):
  --since DAY / --until DAY   only the objects of these days (UTC, YYYY-MM-DD, inclusive)
  --account ID[,ID]           only these accounts (default: every one)
  --region NAME[,NAME]        only these regions (default: every one)
  --digests                   fetch the digest files too (for verify)
  --profile NAME              AWS profile (default: AWS_PROFILE, else the standard credential chain)
  --endpoint URL              S3-compatible endpoint (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL)
  --s3-cache DIR              cache folder (default: $XDG_CACHE_HOME/cloudtrail-s3/s3 or ~/.cache/...)`;

export interface S3Args {
  selection: TrailSelection;
  profile?: string;
  endpoint?: string;
  cache?: string;
}

export function emptyS3Args(): S3Args {
  return { selection: {} };
}

/** Takes an S3 option into `a`: true when `name` is one, a message when its value is wrong. */
export function s3Option(a: S3Args, name: string, value: () => string | undefined): boolean | { error: string } {
  const list = (): string[] | { error: string } => {
    const v = (value() ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    return v.length > 0 ? v : { error: `${name} needs a value` };
  };
  switch (name) {
    case '--since':
    case '--until': {
      const v = value();
      if (v === undefined) return { error: `${name} needs a day (YYYY-MM-DD)` };
      a.selection[name === '--since' ? 'since' : 'until'] = v;
      const bad = checkDays(a.selection);
      return bad ? { error: bad } : true;
    }
    case '--account':
    case '--region': {
      const v = list();
      if (!Array.isArray(v)) return v;
      a.selection[name === '--account' ? 'accounts' : 'regions'] = v;
      return true;
    }
    case '--digests':
      a.selection.digests = true;
      return true;
    case '--profile':
    case '--endpoint':
    case '--s3-cache': {
      const v = value();
      if (!v) return { error: `${name} needs a value` };
      if (name === '--profile') a.profile = v;
      else if (name === '--endpoint') a.endpoint = v;
      else a.cache = v;
      return true;
    }
    default:
      return false;
  }
}

/** The cache folder of the CLI. */
export function cliCacheFolder(a: S3Args, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (a.cache) return path.resolve(a.cache);
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cloudtrail-s3', 's3');
}

/** CLI cache cap: large (a command line has no settings), LRU beyond it. */
const CLI_CACHE_CAP = 20 * 1024 ** 3;

export interface FetchedPaths {
  /** The PATHs with every s3:// one replaced by its cached files. */
  paths: string[];
  /** Objects or prefixes that could not be read (each said on stderr). */
  notRead: number;
}

/** Fetches the s3:// PATHs (listing them again: new objects are fetched, cached ones are not). */
export async function fetchS3Paths(paths: readonly string[], a: S3Args, io: { err(s: string): void; errIsTTY?: boolean }): Promise<FetchedPaths | { error: string }> {
  const urls = paths.filter(isS3Url);
  if (urls.length === 0) return { paths: paths.slice(), notRead: 0 };
  const locations: S3Location[] = [];
  for (const u of urls) {
    const p = parseS3Url(u);
    if (!p.ok) return { error: p.message };
    locations.push({ url: u, selection: a.selection });
  }
  const access = new S3Access({ profile: a.profile, endpoint: a.endpoint });
  const cache = new ObjectCache(cliCacheFolder(a), CLI_CACHE_CAP);
  let last = 0;
  // The index reads the files once all are here (a command line shows no rows before the end).
  const sink = { addFiles: async () => undefined, removeFiles: async () => undefined };
  let outcomes: LocationOutcome[];
  try {
    outcomes = await loadLocations(sink, access, cache, locations, {
      refresh: true,
      onProgress: (url, p) => {
        if (!io.errIsTTY || Date.now() - last < 250) return;
        last = Date.now();
        io.err(`\rfetching ${printable(url)}: ${p.objectsDone}/${p.objectsTotal} objects, ${(p.bytesDone / 1048576).toFixed(1)} MB\u001b[K`);
      },
    });
  } finally {
    access.dispose();
    cache.save();
  }
  if (io.errIsTTY) io.err('\r\u001b[K');
  let notRead = 0;
  const fetched = new Set<string>();
  for (const o of outcomes) {
    for (const f of o.locationFiles) fetched.add(f);
    for (const f of o.failures) io.err(`cloudtrail-s3: ${printable(f.message)}`);
    notRead += o.failures.length;
  }
  return { paths: [...paths.filter((p) => !isS3Url(p)), ...fetched], notRead };
}
