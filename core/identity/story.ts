// The identity story over the index: the records of an identity (an access key, a principal or role ARN,
// a role session name, a principal, a source IP) and of the sessions it created, grouped into sessions,
// with each session's credential chain computed from the sts records of the workspace
// (responseElements.credentials.accessKeyId and assumedRoleUser.arn link a session to its caller), its S3
// activity per bucket, and the addresses and clients it used. Everything comes from the index's columns:
// no file is read again.

import { FLAG_DEAD, FLAG_S3, formatEventTime, type TrailIndex } from '../index';
import type { RecordValueKey } from '../record';

// Local copies: a transpiled import can be a getter, read on every iteration of the row loops.
const DEAD = FLAG_DEAD;
const S3 = FLAG_S3;
const DAY_MS = 86_400_000;
import type { BucketActivity, ChainStep, CredentialChain, IdentityKind, IdentityStory, SeenValue, SessionSummary, StoryFinding } from './types';

/** sts calls whose response carries new credentials. */
export const ISSUING_EVENTS: readonly string[] = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'GetSessionToken', 'GetFederationToken'];

/** Where an id is looked for, in this order (the first column holding it decides what it is). */
const SEED_COLUMNS: readonly [RecordValueKey, IdentityKind][] = [
  ['accessKeyId', 'accessKey'], ['userArn', 'principalArn'], ['issuerArn', 'role'], ['sessionName', 'session'],
  ['principal', 'principal'], ['userName', 'user'], ['sourceIP', 'ip'], ['issuedAccessKeyId', 'accessKey'], ['issuedArn', 'principalArn'],
];

/** Chains longer than this are cut (role chaining is limited to a few hops in practice; a loop is not). */
const MAX_DEPTH = 12;
const SAMPLE_ROWS = 5;

export interface StoryOptions {
  /** The findings module's hook: findings that cover any of the story's rows. */
  findings?: (rows: Uint8Array) => StoryFinding[];
}

interface Links {
  generation: number;
  /** Issued access key -> the issuing row. */
  byKey: Map<string, number>;
  /** Issued session ARN -> issuing rows, in time order. */
  byArn: Map<string, number[]>;
  /** userArn code -> ConsoleLogin rows, in time order. */
  consoleLogins: Map<number, number[]>;
  /** Live rows of sts calls that issued credentials (a key or a session ARN). */
  issuingRows: Uint32Array;
  /** Live rows grouped by accessKeyId code and by userArn code (rows of code c: rows[start[c] .. start[c + 1])). */
  byKeyCode: RowGroups;
  byArnCode: RowGroups;
}

interface RowGroups {
  start: Uint32Array;
  rows: Uint32Array;
}

/** Live rows grouped by a column's code (a counting sort): the rows of one key or ARN without a scan. */
function groupRows(codes: ArrayLike<number>, size: number, flags: Uint8Array, n: number): RowGroups {
  const start = new Uint32Array(size + 2);
  for (let r = 0; r < n; r++) if ((flags[r] & DEAD) === 0 && codes[r] !== 0) start[codes[r] + 1]++;
  for (let c = 1; c < start.length; c++) start[c] += start[c - 1];
  const rows = new Uint32Array(start[start.length - 1]);
  const at = start.slice();
  for (let r = 0; r < n; r++) if ((flags[r] & DEAD) === 0 && codes[r] !== 0) rows[at[codes[r]]++] = r;
  return { start, rows };
}

const linkCache = new WeakMap<TrailIndex, Links>();

/** The credential links of the whole index, computed once per change of the index. */
function linksOf(index: TrailIndex): Links {
  const store = index.store;
  const cached = linkCache.get(index);
  if (cached && cached.generation === store.generation) return cached;
  const n = store.rowCount;
  const flags = store.flags;
  const time = store.time;
  const keyCol = store.columns.issuedAccessKeyId;
  const arnCol = store.columns.issuedArn;
  const byKey = new Map<string, number>();
  const byArn = new Map<string, number[]>();
  const keyCodes = keyCol.codes;
  const arnCodes = arnCol.codes;
  const keyText: (string | undefined)[] = [];
  const arnText: (string | undefined)[] = [];
  const issuing = issuingNames(index);
  const names = store.columns.eventName.codes;
  for (let r = 0; r < n; r++) {
    if ((flags[r] & DEAD) !== 0 || issuing[names[r]] !== 1) continue;
    const k = keyCodes[r];
    if (k !== 0) {
      // A key is issued once; should two records claim it, the earlier call is the one that issued it.
      const key = (keyText[k] ??= keyCol.dict.value(k)) as string;
      const had = byKey.get(key);
      if (had === undefined || time.at(r) < time.at(had)) byKey.set(key, r);
    }
    const a = arnCodes[r];
    if (a !== 0) {
      const s = (arnText[a] ??= arnCol.dict.value(a)) as string;
      const list = byArn.get(s);
      if (list) list.push(r);
      else byArn.set(s, [r]);
    }
  }
  for (const list of byArn.values()) list.sort((x, y) => time.at(x) - time.at(y));
  const consoleLogins = new Map<number, number[]>();
  const login = store.columns.eventName.dict.lookup('ConsoleLogin');
  if (login > 0) {
    const names = store.columns.eventName.codes;
    const users = store.columns.userArn.codes;
    for (let r = 0; r < n; r++) {
      if (names[r] !== login || (flags[r] & DEAD) !== 0 || users[r] === 0) continue;
      const list = consoleLogins.get(users[r]);
      if (list) list.push(r);
      else consoleLogins.set(users[r], [r]);
    }
    for (const list of consoleLogins.values()) list.sort((x, y) => time.at(x) - time.at(y));
  }
  const issuingList: number[] = [];
  for (let r = 0; r < n; r++) {
    if ((keyCodes[r] !== 0 || arnCodes[r] !== 0) && issuing[names[r]] === 1 && (flags[r] & DEAD) === 0) issuingList.push(r);
  }
  const links = {
    generation: store.generation, byKey, byArn, consoleLogins, issuingRows: Uint32Array.from(issuingList),
    byKeyCode: groupRows(store.columns.accessKeyId.codes, store.columns.accessKeyId.dict.size, flags, n),
    byArnCode: groupRows(store.columns.userArn.codes, store.columns.userArn.dict.size, flags, n),
  };
  linkCache.set(index, links);
  return links;
}

/** Per eventName code, 1 for the sts calls that issue credentials (S3 Express CreateSession also returns
 *  credentials.accessKeyId, but for the bucket's zonal endpoint, not an identity). */
function issuingNames(index: TrailIndex): Uint8Array {
  const dict = index.store.columns.eventName.dict;
  const out = new Uint8Array(dict.size + 1);
  for (const name of ISSUING_EVENTS) {
    const c = dict.lookup(name);
    if (c > 0) out[c] = 1;
  }
  return out;
}

/** What the id is in this index: the first column that holds it (exactly, else ignoring case). */
export function resolveIdentity(index: TrailIndex, id: string): { kind: IdentityKind; column: RecordValueKey; codes: number[] } | undefined {
  const cols = index.store.columns;
  for (const [column, kind] of SEED_COLUMNS) {
    const code = cols[column].dict.lookup(id);
    if (code > 0) return { kind, column, codes: [code] };
  }
  const lower = id.toLowerCase();
  for (const [column, kind] of SEED_COLUMNS) {
    const values = cols[column].dict.values();
    const codes: number[] = [];
    for (let c = 1; c < values.length; c++) if (values[c]?.toLowerCase() === lower) codes.push(c);
    if (codes.length > 0) return { kind, column, codes };
  }
  return undefined;
}

/** Rows of the identity and of the sessions it created (mask over row ids), and its own sessions' keys. */
function storyRows(index: TrailIndex, id: string): { mask: Uint8Array; kind?: IdentityKind; depthOfKey: Map<number, number>; depthOfArn: Map<number, number> } {
  const store = index.store;
  const n = store.rowCount;
  const mask = new Uint8Array(n);
  const depthOfKey = new Map<number, number>();
  const depthOfArn = new Map<number, number>();
  const seed = resolveIdentity(index, id);
  if (!seed) return { mask, depthOfKey, depthOfArn };
  const flags = store.flags;
  const seedCodes = store.columns[seed.column].codes;
  const wanted = new Uint8Array(store.columns[seed.column].dict.size + 1);
  for (const c of seed.codes) wanted[c] = 1;
  const keyCodes = store.columns.accessKeyId.codes;
  for (let r = 0; r < n; r++) {
    if (wanted[seedCodes[r]] === 1 && (flags[r] & DEAD) === 0) {
      mask[r] = 1;
      if (keyCodes[r] !== 0 && !depthOfKey.has(keyCodes[r])) depthOfKey.set(keyCodes[r], 0);
    }
  }
  // Forward: credentials issued by calls among the rows (their access key, their session ARN), and the rows
  // made with them, hop by hop; only the issuing calls and the rows of each new key or ARN are visited.
  const links = linksOf(index);
  const issued = store.columns.issuedAccessKeyId;
  const issuedArn = store.columns.issuedArn;
  const keyDict = store.columns.accessKeyId.dict;
  const arnDict = store.columns.userArn.dict;
  const isIssuing = new Uint8Array(n);
  for (const r of links.issuingRows) isIssuing[r] = 1;
  const seenArns = new Set<number>();
  let frontier: number[] = [];
  for (const r of links.issuingRows) if (mask[r] === 1) frontier.push(r);
  const take = (groups: RowGroups, code: number, depth: number, next: number[]): void => {
    for (let j = groups.start[code]; j < groups.start[code + 1]; j++) {
      const r = groups.rows[j];
      if (mask[r] !== 0) continue;
      mask[r] = 1;
      if (isIssuing[r] === 1) next.push(r);
      if (keyCodes[r] !== 0 && !depthOfKey.has(keyCodes[r])) depthOfKey.set(keyCodes[r], depth);
    }
  };
  for (let depth = 1; depth <= MAX_DEPTH && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const r of frontier) {
      if (issued.code(r) !== 0) {
        const code = keyDict.lookup(issued.dict.value(issued.code(r)) as string);
        if (code > 0 && !depthOfKey.has(code)) {
          depthOfKey.set(code, depth);
          take(links.byKeyCode, code, depth, next);
        }
      }
      if (issuedArn.code(r) !== 0) {
        const code = arnDict.lookup(issuedArn.dict.value(issuedArn.code(r)) as string);
        if (code > 0 && !seenArns.has(code)) {
          seenArns.add(code);
          if (!depthOfArn.has(code)) depthOfArn.set(code, depth);
          take(links.byArnCode, code, depth, next);
        }
      }
    }
    frontier = next;
  }
  return { mask, kind: seed.kind, depthOfKey, depthOfArn };
}

/** The story: sessions, chains, activity. */
export function identityStory(index: TrailIndex, id: string, opts: StoryOptions = {}): IdentityStory {
  const store = index.store;
  const { mask, kind, depthOfKey, depthOfArn } = storyRows(index, id);
  const depthOf = (s: { key: number; arn: number }): number => (s.key ? depthOfKey.get(s.key) ?? 0 : depthOfArn.get(s.arn) ?? 0);
  const n = store.rowCount;
  const col = store.columns;
  const time = store.time;
  const t = (r: number): string => index.eventTimeText(r);
  const text = (k: RecordValueKey, r: number): string | undefined => store.valueOf(k, r);

  // Sessions: one per access key; records without a key, one per principal ARN (or principal).
  const sessions = new Map<number, { rows: number[]; first: number; last: number; firstRow: number; lastRow: number; count: number; key: number; arn: number }>();
  let records = 0;
  let s3 = 0;
  let first = Infinity;
  let last = -Infinity;
  const keyCodes = col.accessKeyId.codes;
  const arnCodes = col.userArn.codes;
  const principalCodes = col.principal.codes;
  const flags = store.flags;
  for (let r = 0; r < n; r++) {
    if (mask[r] === 0) continue;
    records++;
    if ((flags[r] & S3) !== 0) s3++;
    const tm = time.at(r);
    if (tm < first) first = tm;
    if (tm > last) last = tm;
    // One number per session: the key's code, else the ARN's (negative), else the principal's (below those).
    const k = keyCodes[r] !== 0 ? keyCodes[r] : arnCodes[r] !== 0 ? -arnCodes[r] : -4294967296 - principalCodes[r];
    let s = sessions.get(k);
    if (!s) sessions.set(k, (s = { rows: [], first: tm, last: tm, firstRow: r, lastRow: r, count: 0, key: keyCodes[r], arn: arnCodes[r] }));
    s.count++;
    if (s.rows.length < SAMPLE_ROWS) s.rows.push(r);
    if (tm < s.first || Number.isNaN(s.first)) [s.first, s.firstRow] = [tm, r];
    if (tm > s.last || Number.isNaN(s.last)) [s.last, s.lastRow] = [tm, r];
  }
  const summaries: SessionSummary[] = [];
  for (const s of sessions.values()) {
    const r = s.firstRow;
    const identityType = text('identityType', r);
    const consoleSession = text('console', r) === 'true';
    const invokedBy = text('invokedBy', r);
    const mfa = text('mfa', r);
    summaries.push({
      ...(s.key ? { accessKeyId: text('accessKeyId', r) } : {}),
      ...opt('arn', text('userArn', r)), ...opt('principal', text('principal', r)), ...opt('identityType', identityType),
      ...opt('issuer', text('issuerArn', r) ?? text('issuerUserName', r)), ...opt('created', text('sessionCreated', r)),
      ...(mfa === 'true' || mfa === 'false' ? { mfa } : {}), ...opt('sourceIdentity', text('sourceIdentity', r)),
      via: consoleSession ? 'console' : identityType === 'AWSService' || invokedBy ? 'service' : 'api', ...opt('invokedBy', invokedBy),
      first: t(s.firstRow), last: t(s.lastRow), records: s.count, sampleRows: [s.firstRow, ...s.rows.filter((x) => x !== s.firstRow)].slice(0, SAMPLE_ROWS),
      depth: depthOf(s),
    });
  }
  summaries.sort((a, b) => a.depth - b.depth || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));

  // Chains: from each of the identity's own sessions back to its origin; sessions sharing a chain share it.
  const links = linksOf(index);
  const chains: CredentialChain[] = [];
  const seenChains = new Set<string>();
  for (const s of sessions.values()) {
    if (depthOf(s) > 0) continue; // created by the identity: its chain is the identity's own plus one hop
    const steps = chainOf(index, links, s.firstRow);
    // Sessions of one chain (the same calls, linked the same way) show it once.
    const sig = JSON.stringify(steps.map((st) => ('row' in st ? `${st.row}/${st.linkedBy}` : st.description)));
    if (seenChains.has(sig)) continue;
    seenChains.add(sig);
    chains.push({ session: text('accessKeyId', s.firstRow) ?? text('userArn', s.firstRow) ?? text('principal', s.firstRow) ?? '?', steps });
  }

  // Credentials the identity issued that no record here used.
  const issuedUnused: IdentityStory['issuedUnused'] = [];
  const issuedCodes = col.issuedAccessKeyId.codes;
  const issuing = issuingNames(index);
  for (let r = 0; r < n; r++) {
    if (mask[r] === 0 || issuedCodes[r] === 0 || issuing[col.eventName.code(r)] !== 1) continue;
    const key = text('issuedAccessKeyId', r) as string;
    if (col.accessKeyId.dict.lookup(key) > 0) continue;
    issuedUnused.push({ accessKeyId: key, ...opt('arn', text('issuedArn', r)), eventName: text('eventName', r) ?? '?', time: t(r), row: r });
  }

  return {
    id, ...(kind ? { kind } : {}), records, s3Records: s3,
    ...(records > 0 ? { first: formatEventTime(first), last: formatEventTime(last) } : {}),
    principals: [...new Set(summaries.map((s) => s.arn ?? s.principal).filter((x): x is string => !!x))],
    sessions: summaries, chains, issuedUnused,
    buckets: bucketActivity(index, mask), ips: seen(index, mask, 'sourceIP'), userAgents: seen(index, mask, 'userAgent'),
    findings: opts.findings?.(mask) ?? [],
  };
}

/** The rows of `story:<id>`: the identity's records and those of the sessions it created. */
export function identityRows(index: TrailIndex, id: string): Uint8Array {
  return storyRows(index, id).mask;
}

/** From a record back through the calls that issued its credentials, to an origin or a missing link. */
function chainOf(index: TrailIndex, links: Links, row: number): ChainStep[] {
  const col = index.store.columns;
  const text = (k: RecordValueKey, r: number): string | undefined => index.store.valueOf(k, r);
  const steps: ChainStep[] = [];
  const visited = new Set<number>();
  let r = row;
  for (let hop = 0; hop < MAX_DEPTH; hop++) {
    const key = text('accessKeyId', r);
    const arn = text('userArn', r);
    const type = text('identityType', r);
    const origin = originOf(index, r);
    if (origin) {
      steps.push(origin);
      return steps;
    }
    let issuing: number | undefined = key ? links.byKey.get(key) : undefined;
    let linkedBy: 'accessKeyId' | 'sessionArn' = 'accessKeyId';
    if (issuing === undefined && arn) {
      // The last AssumeRole* before the session's record that created this session ARN.
      const rows = links.byArn.get(arn);
      const before = rows?.filter((x) => index.store.time.at(x) <= index.store.time.at(r));
      issuing = before && before.length > 0 ? before[before.length - 1] : undefined;
      linkedBy = 'sessionArn';
    }
    if (issuing === undefined && text('console', r) === 'true' && arn && (type === 'IAMUser' || type === 'Root')) {
      const logins = links.consoleLogins.get(col.userArn.code(r))?.filter((x) => index.store.time.at(x) <= index.store.time.at(r));
      if (logins && logins.length > 0) {
        const l = logins[logins.length - 1];
        steps.push({ kind: 'console-sign-in', time: index.eventTimeText(l), ...opt('eventID', text('eventID', l)), row: l, linkedBy: 'userAndTime', caller: { ...opt('arn', text('userArn', l)), ...opt('principal', text('principal', l)), ...opt('sourceIP', text('sourceIP', l)) } });
        steps.push({ kind: 'origin', origin: type === 'Root' ? 'root' : 'iam-user', ...opt('arn', arn), description: `${type === 'Root' ? 'the root user' : 'IAM user'} ${arn} signed in to the console` });
        return steps;
      }
    }
    if (issuing === undefined || visited.has(issuing)) {
      steps.push({ kind: 'missing', ...opt('accessKeyId', key), ...opt('arn', arn), description: missingText(type, key, arn, text('console', r) === 'true') });
      return steps;
    }
    visited.add(issuing);
    steps.push({
      kind: 'issued', eventName: text('eventName', issuing) ?? '?', time: index.eventTimeText(issuing), ...opt('eventID', text('eventID', issuing)), row: issuing, linkedBy,
      caller: { ...opt('arn', text('userArn', issuing)), ...opt('accessKeyId', text('accessKeyId', issuing)), ...opt('identityType', text('identityType', issuing)), ...opt('principal', text('principal', issuing)), ...opt('sourceIP', text('sourceIP', issuing)) },
      issued: { ...opt('accessKeyId', text('issuedAccessKeyId', issuing)), ...opt('arn', text('issuedArn', issuing)) },
    });
    r = issuing;
  }
  steps.push({ kind: 'missing', description: `the chain is longer than ${MAX_DEPTH} hops; cut here` });
  return steps;
}

/** The identity of a record when nobody in AWS issued it (the start of every chain). */
function originOf(index: TrailIndex, r: number): ChainStep | undefined {
  const text = (k: RecordValueKey): string | undefined => index.store.valueOf(k, r);
  const type = text('identityType');
  const key = text('accessKeyId');
  const arn = text('userArn');
  const base = { ...opt('arn', arn), ...opt('accessKeyId', key) };
  if ((type === 'IAMUser' || type === 'Root') && (!key || key.startsWith('AKIA'))) {
    return { kind: 'origin', origin: type === 'Root' ? 'root' : 'iam-user', ...base, description: `${type === 'Root' ? 'the root user' : 'IAM user'} ${arn ?? text('userName') ?? ''}${key ? ` with its long-term access key ${key}` : ''}`.trim() };
  }
  if (type === 'SAMLUser' || type === 'WebIdentityUser') {
    return { kind: 'origin', origin: 'external', ...base, description: `external identity ${text('userName') ?? text('principalId') ?? '?'} (${type}, through ${type === 'SAMLUser' ? 'a SAML provider' : 'an OIDC provider'})` };
  }
  if (type === 'AWSService') return { kind: 'origin', origin: 'service', ...base, description: `the AWS service ${text('invokedBy') ?? text('principal') ?? '?'}` };
  if (type === 'AWSAccount') return { kind: 'origin', origin: 'account', ...base, description: `another AWS account (${text('account') ?? '?'}); its own trail would say who` };
  return undefined;
}

function missingText(type: string | undefined, key: string | undefined, arn: string | undefined, console: boolean): string {
  const what = key ? `the credentials ${key}` : arn ? `the session ${arn}` : 'these credentials';
  if (console) return `${what} come from a console sign-in, and no ConsoleLogin of ${arn ?? 'this user'} is in these files`;
  if (type === 'IAMUser') return `no GetSessionToken record in these files issued ${what}: it was logged in a trail (account or region) that is not here`;
  if (type === 'FederatedUser') return `no GetFederationToken record in these files issued ${what}: it was logged in a trail (account or region) that is not here`;
  return `no AssumeRole* record in these files issued ${what}: the call was logged in a trail (account or region) that is not here`;
}

function bucketActivity(index: TrailIndex, mask: Uint8Array): BucketActivity[] {
  const col = index.store.columns;
  const buckets = col.bucket.codes;
  const access = col.access.codes;
  const errors = col.errorCode.codes;
  const names = col.eventName.codes;
  const read = col.access.dict.lookup('read');
  const write = col.access.dict.lookup('write');
  const isDelete = Uint8Array.from(col.eventName.dict.values(), (v) => (v !== undefined && /^Delete/.test(v) ? 1 : 0));
  const time = index.store.time;
  const flags = index.store.flags;
  // Per bucket code, in typed arrays (a Map probe per record costs more than the rest of the loop).
  const size = col.bucket.dict.size + 1;
  const reads = new Uint32Array(size);
  const writes = new Uint32Array(size);
  const deletes = new Uint32Array(size);
  const errs = new Uint32Array(size);
  const t0 = new Float64Array(size).fill(Infinity);
  const t1 = new Float64Array(size).fill(-Infinity);
  const days = new Map<number, Map<number, number>>();
  const used: number[] = [];
  let lastBucket = -1;
  let lastDays: Map<number, number> | undefined;
  for (let r = 0; r < mask.length; r++) {
    const b = buckets[r];
    if (mask[r] === 0 || b === 0 || (flags[r] & S3) === 0) continue;
    if (t0[b] === Infinity && t1[b] === -Infinity && reads[b] + writes[b] + deletes[b] + errs[b] === 0) used.push(b);
    if (isDelete[names[r]] === 1) deletes[b]++;
    else if (read > 0 && access[r] === read) reads[b]++;
    else if (write > 0 && access[r] === write) writes[b]++;
    if (errors[r] !== 0) errs[b]++;
    const tm = time.at(r);
    if (tm < t0[b]) t0[b] = tm;
    if (tm > t1[b]) t1[b] = tm;
    if (tm === tm) {
      if (b !== lastBucket) {
        lastBucket = b;
        lastDays = days.get(b);
        if (!lastDays) days.set(b, (lastDays = new Map()));
      }
      const day = Math.floor(tm / DAY_MS);
      lastDays!.set(day, (lastDays!.get(day) ?? 0) + 1);
    }
  }
  return [...new Set(used)]
    .map((b) => ({
      bucket: col.bucket.dict.value(b) as string, reads: reads[b], writes: writes[b], deletes: deletes[b], errors: errs[b], first: fmt(t0[b]), last: fmt(t1[b]),
      days: [...(days.get(b) ?? [])].sort((x, y) => x[0] - y[0]).map(([day, count]) => ({ day: formatEventTime(day * DAY_MS).slice(0, 10), count })),
    }))
    .sort((a, b) => b.reads + b.writes + b.deletes - (a.reads + a.writes + a.deletes) || (a.bucket < b.bucket ? -1 : 1));
}

function seen(index: TrailIndex, mask: Uint8Array, column: 'sourceIP' | 'userAgent'): SeenValue[] {
  const c = index.store.columns[column];
  const codes = c.codes;
  const time = index.store.time;
  const size = c.dict.size + 1;
  const count = new Uint32Array(size);
  const t0 = new Float64Array(size).fill(Infinity);
  const t1 = new Float64Array(size).fill(-Infinity);
  const used: number[] = [];
  for (let r = 0; r < mask.length; r++) {
    const code = codes[r];
    if (mask[r] === 0 || code === 0) continue;
    if (count[code]++ === 0) used.push(code);
    const tm = time.at(r);
    if (tm < t0[code]) t0[code] = tm;
    if (tm > t1[code]) t1[code] = tm;
  }
  return used.map((code) => ({ value: c.dict.value(code) as string, count: count[code], first: fmt(t0[code]), last: fmt(t1[code]) }))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : b.count - a.count));
}

function fmt(t: number): string {
  return Number.isFinite(t) ? formatEventTime(t) : '';
}

function opt<K extends string>(k: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: string };
}

/** The identity a row stands for, as "Show Identity Story" on a record takes it: its access key, else
 *  its principal ARN, else its principal, else its source IP. */
export function identityOfRow(index: TrailIndex, row: number): string | undefined {
  const store = index.store;
  if (row < 0 || row >= store.rowCount || !store.isAlive(row)) return undefined;
  for (const k of ['accessKeyId', 'userArn', 'principal', 'sourceIP'] as const) {
    const v = store.columns[k].dict.value(store.columns[k].code(row));
    if (v) return v;
  }
  return undefined;
}
