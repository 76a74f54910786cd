// How CloudTrail lays out its objects in a bucket, and which key ranges a selection (organization, accounts,
// regions, a range of days) needs listed — so that only those prefixes are ever listed and fetched:
//
//   <prefix>AWSLogs/[<o-orgid>/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz
//   <prefix>AWSLogs/[<o-orgid>/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<file>.json.gz
//   <prefix>AWSLogs/[<o-orgid>/]<account>/CloudTrail-Insight/<region>/YYYY/MM/DD/<file>.json.gz
//
// A prefix without that layout (an S3 server access log bucket, an export) is "flat": everything under it,
// with access-log object names (`YYYY-MM-DD-hh-mm-ss-UNIQUE`) kept to the range of days by name.

/** One trail folder kind under an account. */
export type TrailKind = 'CloudTrail' | 'CloudTrail-Digest' | 'CloudTrail-Insight';
const TRAIL_KINDS: readonly TrailKind[] = ['CloudTrail', 'CloudTrail-Digest', 'CloudTrail-Insight'];

/** What a location reads: the prefix the user named, cut at `AWSLogs/` (its fixed dimensions kept). */
export interface TrailPrefix {
  /** The part before `AWSLogs/` (the trail's S3 key prefix, with its trailing slash), or the whole prefix when flat. */
  base: string;
  /** False when the prefix names no place in the CloudTrail layout (access logs, exports): read as it is. */
  trail: boolean;
  org?: string;
  account?: string;
  kind?: TrailKind;
  region?: string;
}

export interface TrailSelection {
  /** Organization IDs (`o-...`) to read; undefined: every one found (and the accounts outside any). */
  orgs?: readonly string[];
  /** Accounts to read; undefined: every account found. */
  accounts?: readonly string[];
  /** Regions to read; undefined: every region found. */
  regions?: readonly string[];
  /** First day (UTC, `YYYY-MM-DD`), inclusive; undefined: from the oldest. */
  since?: string;
  /** Last day (UTC, `YYYY-MM-DD`), inclusive; undefined: up to the newest. */
  until?: string;
  /** Also read digest files (they feed "Verify Trail Integrity"). */
  digests?: boolean;
}

/** One listing: keys under `prefix` after `startAfter`, up to (not including) `stopAt`. */
export interface ListRange {
  prefix: string;
  startAfter?: string;
  stopAt?: string;
}

const ORG = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT = /^\d{12}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isOrgId(segment: string): boolean {
  return ORG.test(segment);
}

export function isAccountId(segment: string): boolean {
  return ACCOUNT.test(segment);
}

/** Splits a user's prefix at `AWSLogs/`: `logs/AWSLogs/123456789012/CloudTrail/` fixes the account and kind. */
export function splitTrailPrefix(prefix: string): TrailPrefix {
  let at = -1;
  if (prefix === 'AWSLogs' || prefix.startsWith('AWSLogs/')) at = 0;
  else {
    const i = prefix.indexOf('/AWSLogs');
    if (i >= 0 && (prefix.length === i + 8 || prefix[i + 8] === '/')) at = i + 1;
  }
  if (at < 0) {
    // Not inside a trail's layout: the trail may be below it (a base prefix) — the engine looks for AWSLogs/.
    return { base: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`, trail: false };
  }
  const base = prefix.slice(0, at);
  const parts = prefix.slice(at + 'AWSLogs/'.length).split('/').filter((s) => s !== '');
  const out: TrailPrefix = { base, trail: true };
  let i = 0;
  if (parts[i] !== undefined && isOrgId(parts[i])) out.org = parts[i++];
  if (parts[i] !== undefined && isAccountId(parts[i])) out.account = parts[i++];
  if (parts[i] !== undefined && (TRAIL_KINDS as readonly string[]).includes(parts[i])) out.kind = parts[i++] as TrailKind;
  if (parts[i] !== undefined && out.kind) out.region = parts[i++];
  return out;
}

/** The `AWSLogs/` folder of a base prefix. */
export function awsLogsPrefix(base: string): string {
  return `${base}AWSLogs/`;
}

/** The folder of one account's trail kind: `<base>AWSLogs/[org/]account/<kind>/`. */
export function kindPrefix(base: string, org: string | undefined, account: string, kind: TrailKind): string {
  return `${awsLogsPrefix(base)}${org ? `${org}/` : ''}${account}/${kind}/`;
}

/** The last segment of a CommonPrefix (`a/b/c/` -> `c`). */
export function lastSegment(commonPrefix: string): string {
  const s = commonPrefix.endsWith('/') ? commonPrefix.slice(0, -1) : commonPrefix;
  return s.slice(s.lastIndexOf('/') + 1);
}

/** Whether a day string is a real `YYYY-MM-DD` date. */
function isDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** `YYYY-MM-DD` of an instant (UTC). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day after `day`. */
export function nextDay(day: string): string {
  const m = DAY.exec(day)!;
  return dayOf(Date.UTC(+m[1], +m[2] - 1, +m[3]) + 86400000);
}

/** The day before `day`. */
export function previousDay(day: string): string {
  const m = DAY.exec(day)!;
  return dayOf(Date.UTC(+m[1], +m[2] - 1, +m[3]) - 86400000);
}

/** `YYYY-MM-DD` as the layout's folders: `YYYY/MM/DD`. */
export function dayFolder(day: string): string {
  return day.replaceAll('-', '/');
}

/**
 * The listing of one region folder for a range of days. Keys sort by `YYYY/MM/DD/`, so one listing that
 * starts after the day before `since` and stops at the day after `until` reads exactly those days, whatever
 * their number, in as few requests as their keys need (1,000 keys a page).
 */
export function regionRange(regionPrefix: string, since: string | undefined, until: string | undefined): ListRange {
  const range: ListRange = { prefix: regionPrefix };
  // `<region>/2026/01/03` sorts after every key of 2026/01/02 and before every key of 2026/01/03/.
  if (since) range.startAfter = `${regionPrefix}${dayFolder(since)}`;
  if (until) range.stopAt = `${regionPrefix}${dayFolder(nextDay(until))}`;
  return range;
}

/** The day a trail object belongs to, from its key (`.../YYYY/MM/DD/file`), or undefined. */
export function trailKeyDay(key: string): string | undefined {
  const m = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/.exec(key);
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  return isDay(day) ? day : undefined;
}

/** The day of an S3 server access log object from its name (`YYYY-MM-DD-hh-mm-ss-UNIQUE`), or undefined. */
export function accessLogKeyDay(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const m = /^(\d{4}-\d{2}-\d{2})-\d{2}-\d{2}-\d{2}-[0-9A-Za-z]+$/.exec(name);
  return m && isDay(m[1]) ? m[1] : undefined;
}

/** Whether a key's day (when it has one) is inside the selection's days. */
export function keyInDays(key: string, sel: TrailSelection): boolean {
  const day = trailKeyDay(key) ?? accessLogKeyDay(key);
  if (day === undefined) return true;
  return (!sel.since || day >= sel.since) && (!sel.until || day <= sel.until);
}

/** Whether a listed value passes a selection's list (undefined: all). */
export function selected(value: string, list: readonly string[] | undefined): boolean {
  return list === undefined || list.includes(value);
}

/** The kinds a selection reads. */
export function selectedKinds(sel: TrailSelection): TrailKind[] {
  return sel.digests ? ['CloudTrail', 'CloudTrail-Digest'] : ['CloudTrail'];
}

/** Checks a selection's days: `since` and `until` real days, in order. */
export function checkDays(sel: TrailSelection): string | undefined {
  for (const k of ['since', 'until'] as const) {
    const d = sel[k];
    if (d !== undefined && !isDay(d)) return `--${k} "${d}" is not a day (YYYY-MM-DD)`;
  }
  if (sel.since && sel.until && sel.since > sel.until) return `the range of days is empty (${sel.since} is after ${sel.until})`;
  return undefined;
}

/** The default range of a new location: the last `days` days up to today (UTC). */
export function lastDays(now: number, days: number): { since: string; until: string } {
  return { since: dayOf(now - (days - 1) * 86400000), until: dayOf(now) };
}

/** An S3 trail location as kept per workspace: the URL the user named and what of it to read. */
export interface S3Location {
  url: string;
  selection: TrailSelection;
}

/** A location's identity in the cache's manifest: the same URL and selection are the same location. */
export function locationId(loc: S3Location): string {
  const s = loc.selection;
  const list = (l: readonly string[] | undefined) => (l ? [...l].sort().join(',') : '*');
  return `${loc.url}|${list(s.orgs)}|${list(s.accounts)}|${list(s.regions)}|${s.since ?? ''}|${s.until ?? ''}|${s.digests ? 'd' : ''}`;
}
