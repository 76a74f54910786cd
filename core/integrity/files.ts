// The trail files of a set of folders, as integrity sees them: digest files and log files under
// AWSLogs/, each with its key from AWSLogs/ on (where it lives in the trail bucket).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathFacets } from '../parse';
import { trailKey } from './signatures';

export interface TrailFileRef {
  file: string;
  key: string;
  kind: 'digest' | 'log';
  account?: string;
  region?: string;
  orgId?: string;
  /** Delivery time from the file name (<YYYYMMDDTHHmm[ss]Z>), epoch ms; undefined when the name has none. */
  time?: number;
}

/** Every digest and log file under the roots (files or folders); symbolic links to folders are not
 *  followed (loops), the first root holding a key wins. */
export async function findTrailFiles(roots: readonly string[], signal?: AbortSignal): Promise<TrailFileRef[]> {
  const out: TrailFileRef[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = trailKey(file);
    const f = pathFacets(key);
    if (!key.startsWith('AWSLogs/') || seen.has(key)) return;
    const kind = f.kind === 'CloudTrail-Digest' ? 'digest' : f.kind === 'CloudTrail' ? 'log' : undefined;
    if (!kind) return;
    seen.add(key);
    out.push({ file, key, kind, account: f.account, region: f.region, orgId: f.orgId, time: nameTime(path.basename(file)) });
  };
  const walk = async (dir: string): Promise<void> => {
    if (signal?.aborted) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) add(p);
      else if (e.isSymbolicLink()) {
        const st = await fs.promises.stat(p).catch(() => undefined);
        if (st?.isFile()) add(p);
      }
    }
  };
  for (const root of roots) {
    const st = await fs.promises.stat(root).catch(() => undefined);
    if (st?.isDirectory()) await walk(path.resolve(root));
    else if (st?.isFile()) add(path.resolve(root));
  }
  return out;
}

/** `..._20260103T1120Z_...` (log files) or `..._20260103T112546Z.json.gz` (digests). */
export function nameTime(name: string): number | undefined {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z/.exec(name);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
  return Number.isNaN(t) ? undefined : t;
}
