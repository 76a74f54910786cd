// Typed accessors over a raw CloudTrail record: the derived fields (bucket, key, principal, category,
// access, cross-account, anonymous) computed the same way for the table, the query language and hovers.
// Records are attacker-controlled JSON: every accessor checks types and never throws.

import { isS3EventSource, lookupEvent } from '../catalog';

export type RawRecord = Record<string, unknown>;

export interface Principal {
  arn?: string;
  userName?: string;
  principalId?: string;
  issuerUserName?: string;
  /** Short readable name: role/session, user name, "root", "anonymous", the invoking service ... ('' if none). */
  short: string;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A scalar as text: strings as they are, numbers and booleans printed (exports that turned ids into
 *  numbers); anything else is absent. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

function nonEmpty(v: unknown): string | undefined {
  const s = text(v);
  return s === undefined || s === '' ? undefined : s;
}

/** Member of an object looked up case-insensitively (sanitised data has `accountid`, `arn`). */
function member(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function userIdentity(r: RawRecord): Record<string, unknown> | undefined {
  return obj(r.userIdentity);
}

interface S3Arn {
  bucket: string;
  key?: string;
}

/** Bucket and key of an S3 ARN: arn:aws:s3:::bucket/key, s3express `...:bucket/name`, outposts `.../bucket/name`. */
export function parseS3Arn(arn: string): S3Arn | undefined {
  const plain = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/s.exec(arn);
  if (plain) return plain[2] === undefined ? { bucket: plain[1] } : { bucket: plain[1], key: plain[2] };
  const other = /^arn:aws[a-z-]*:s3(?:express|-outposts)?:[^:]*:[^:]*:(?:.*\/)?bucket\/([^/]+)(?:\/(.*))?$/s.exec(arn);
  if (other) return other[2] === undefined ? { bucket: other[1] } : { bucket: other[1], key: other[2] };
  return undefined;
}

/** A resources[] entry as the accessors read it: each member non-empty text, or absent. */
export interface ResourceEntry {
  type?: string;
  arn?: string;
  arnPrefix?: string;
}

function resources(r: RawRecord): ResourceEntry[] {
  if (!Array.isArray(r.resources)) return [];
  const out: ResourceEntry[] = [];
  for (const e of r.resources) {
    const o = obj(e);
    if (!o) continue;
    out.push({ type: nonEmpty(member(o, 'type')), arn: nonEmpty(member(o, 'ARN')), arnPrefix: nonEmpty(member(o, 'ARNPrefix')) });
  }
  return out;
}

/** requestParameters.bucketName, else the bucket of the first S3 ARN (or ARNPrefix) in resources. */
export function bucketOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(r.requestParameters)?.bucketName) ?? bucketOfResources(resources(r));
}

/** The bucket of the first S3 ARN (or ARNPrefix) among resource entries. */
export function bucketOfResources(entries: readonly ResourceEntry[]): string | undefined {
  for (const e of entries) {
    const a = (e.arn && parseS3Arn(e.arn)) || (e.arnPrefix && parseS3Arn(e.arnPrefix));
    if (a) return a.bucket;
  }
  return undefined;
}

/**
 * requestParameters.key, else the key of the first object ARN in resources. An ARNPrefix (ListObjects)
 * names a listing prefix, not an object, so it gives no key.
 */
export function keyOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(r.requestParameters)?.key) ?? keyOfResources(resources(r));
}

/** The key of the first object ARN among resource entries. */
export function keyOfResources(entries: readonly ResourceEntry[]): string | undefined {
  for (const e of entries) {
    if (!e.arn) continue;
    if (e.type && e.type.toLowerCase() !== 'aws::s3::object') continue;
    const a = parseS3Arn(e.arn);
    if (a?.key) return a.key;
  }
  return undefined;
}

export function isAnonymous(r: RawRecord): boolean {
  const account = text(userIdentity(r)?.accountId);
  return account === 'ANONYMOUS_PRINCIPAL' || account?.toLowerCase() === 'anonymous';
}

/** userIdentity.accountId and recipientAccountId are both present and differ. */
export function isCrossAccount(r: RawRecord): boolean {
  const caller = nonEmpty(userIdentity(r)?.accountId);
  const recipient = nonEmpty(r.recipientAccountId);
  return caller !== undefined && recipient !== undefined && caller !== recipient;
}

export function isS3Record(r: RawRecord): boolean {
  return isS3EventSource(r.eventSource);
}

/** What `type:` and the category column read: data and management events, and the record types that are no
 *  single call (aggregated summaries, Insights, network activity through a VPC endpoint). */
export type RecordCategory = 'data' | 'management' | 'aggregated' | 'insight' | 'networkactivity';

const OTHER_CATEGORIES = new Set<string>(['aggregated', 'insight', 'networkactivity']);

/** eventCategory (Data, Management, Aggregated, Insight, NetworkActivity), else managementEvent, else the catalog
 *  entry of the eventName. */
export function categoryOf(r: RawRecord): RecordCategory | undefined {
  const c = text(r.eventCategory)?.toLowerCase();
  if (c === 'data') return 'data';
  if (c === 'management') return 'management';
  if (c !== undefined && OTHER_CATEGORIES.has(c)) return c as RecordCategory;
  const m = bool(r.managementEvent);
  if (m !== undefined) return m ? 'management' : 'data';
  const entry = catalogEntry(r);
  return entry?.category;
}

/** readOnly (boolean, or "true"/"false" as lookup-events writes it), else the catalog entry. */
export function accessOf(r: RawRecord): 'read' | 'write' | undefined {
  const ro = bool(r.readOnly);
  if (ro !== undefined) return ro ? 'read' : 'write';
  const entry = catalogEntry(r);
  if (entry?.readOnly === true) return 'read';
  if (entry?.readOnly === false) return 'write';
  return undefined;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

function catalogEntry(r: RawRecord): ReturnType<typeof lookupEvent> {
  const name = nonEmpty(r.eventName);
  if (!name) return undefined;
  const source = nonEmpty(r.eventSource);
  return lookupEvent(name, source);
}

/** The part of an ARN after `<partition>:<service>:<region>:<account>:`. */
function arnResource(arn: string): string | undefined {
  const m = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:(.+)$/s.exec(arn);
  return m ? m[1] : undefined;
}

export function principalOf(r: RawRecord): Principal {
  const ui = userIdentity(r);
  if (!ui) return { short: '' };
  const arn = nonEmpty(ui.arn);
  const userName = nonEmpty(ui.userName);
  const principalId = nonEmpty(ui.principalId);
  const issuerUserName = nonEmpty(obj(obj(ui.sessionContext)?.sessionIssuer)?.userName);
  const p: Principal = { short: '' };
  if (arn !== undefined) p.arn = arn;
  if (userName !== undefined) p.userName = userName;
  if (principalId !== undefined) p.principalId = principalId;
  if (issuerUserName !== undefined) p.issuerUserName = issuerUserName;
  p.short = shortName(ui, arn, userName, principalId, issuerUserName, isAnonymous(r));
  return p;
}

function shortName(
  ui: Record<string, unknown>,
  arn: string | undefined,
  userName: string | undefined,
  principalId: string | undefined,
  issuerUserName: string | undefined,
  anonymous: boolean,
): string {
  if (anonymous) return 'anonymous';
  const type = text(ui.type);
  const invokedBy = nonEmpty(ui.invokedBy);
  const res = arn ? arnResource(arn) : undefined;
  switch (type) {
    case 'AssumedRole': {
      if (res?.startsWith('assumed-role/')) return res.slice('assumed-role/'.length);
      const session = principalId?.includes(':') ? principalId.slice(principalId.indexOf(':') + 1) : undefined;
      if (issuerUserName) return session ? `${issuerUserName}/${session}` : issuerUserName;
      break;
    }
    case 'Root':
      return userName ?? 'root';
    case 'AWSService':
      return invokedBy ?? principalId ?? 'AWS service';
    case 'FederatedUser':
      if (res?.startsWith('federated-user/')) return res.slice('federated-user/'.length);
      break;
    case 'IAMUser':
      if (userName) return userName;
      break;
  }
  if (userName) return userName;
  if (res) {
    if (res === 'root') return 'root';
    const slash = res.indexOf('/');
    if (slash < 0) return res;
    // IAM users and roles may have paths (user/ops/bob); sessions keep role/session.
    if (res.startsWith('user/') || res.startsWith('role/')) return res.slice(res.lastIndexOf('/') + 1);
    return res.slice(slash + 1);
  }
  if (invokedBy) return invokedBy;
  if (principalId) return principalId;
  return nonEmpty(ui.accountId) ?? '';
}
