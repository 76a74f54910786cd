// Named checks on a record's request details (requestParameters / additionalEventData / responseElements),
// the part of a detection the query language cannot express. Bodies are XML turned into JSON, so a list
// of one is an object and of several an array: every check normalises with `list()` before testing.

import type { RawRecord, RecordValues } from '../record';

/** What a check may know about the workspace beyond the record itself. */
export interface DetectContext {
  /** Every recipientAccountId seen, plus allow-listed accounts: "foreign" means outside this set. */
  ownAccounts: ReadonlySet<string>;
  /** Buckets the workspace shows to be public on purpose (website configuration, long-standing anonymous reads). */
  knownPublicBuckets: ReadonlySet<string>;
}

/** A check on the whole record. Every check may use the context only to exclude (a bigger ownAccounts or
 *  knownPublicBuckets never turns false into true): candidates are first filtered with an empty context
 *  (emptyContext), which keeps every record any workspace could flag, and checked again at evaluation. */
export type Check = (r: RawRecord, ctx: DetectContext) => boolean;
/** A check the index's columns answer (the record's flat values): no re-read of the record. */
export type ValueCheck = (v: RecordValues, ctx: DetectContext) => boolean;

/** The context that excludes nothing (see Check). */
export const EMPTY_CONTEXT: DetectContext = { ownAccounts: new Set(), knownPublicBuckets: new Set() };

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A value that may be one item or an array of them, as an array. */
export function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function params(r: RawRecord): Record<string, unknown> {
  return obj(r.requestParameters) ?? {};
}

/** The 12-digit account in an ARN (`arn:aws:kms:<region>:<account>:key/...`, `arn:aws:iam::<account>:...`) or a bare id. */
export function accountOfArn(v: string): string | undefined {
  if (/^\d{12}$/.test(v)) return v;
  const m = /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/.exec(v);
  return m ? m[1] : undefined;
}

/**
 * Elastic Load Balancing's regional log-delivery accounts (AWS documentation, "Enable access logs for your
 * Application Load Balancer"): a bucket policy must allow them to write access logs, so they are not a backdoor.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: ReadonlySet<string> = new Set([
  '127311923021', '033677994240', '027434742980', '797873946194', '098369216593', '985666609251', '054676820928',
  '156460612806', '652711504416', '635631232127', '009996457667', '897822967062', '754344448648', '582318560864',
  '600734575887', '383597477331', '114774131450', '783225319266', '718504428378', '076674570225', '507241528517',
  '048591011584', '190560391635',
]);

function isForeign(account: string | undefined, ctx: DetectContext): boolean {
  return account !== undefined && !ctx.ownAccounts.has(account) && !ELB_LOG_DELIVERY_ACCOUNTS.has(account);
}

const SSE_C_HEADER = 'x-amz-server-side-encryption-customer-algorithm';
/** The request header of an object's KMS key (foreign-kms-key). */
export const KMS_KEY_HEADER = 'x-amz-server-side-encryption-aws-kms-key-id';

/** Whether a KMS key (an ARN or a key id, as the request gave it) belongs to another account than the record's
 *  recipient (`owner`) and the workspace's: foreign-kms-key's test of one key, which the index reader also runs on
 *  the key it read without parsing the record (facts.ts). */
export function foreignKey(key: string | undefined, owner: string | undefined, ctx: DetectContext): boolean {
  const account = key === undefined ? undefined : accountOfArn(key);
  return account !== undefined && account !== owner && isForeign(account, ctx);
}

/** Condition keys that tie a `Principal: "*"` statement to a network, an organisation or a caller. */
const RESTRICTING_CONDITION_KEYS = [
  'aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:sourcearn',
  'aws:sourceaccount', 'aws:principalaccount', 'aws:principalarn', 'aws:sourceorgid', 'aws:sourceorgpaths',
  'aws:userid', 'aws:username', 's3:dataaccesspointaccount', 's3:dataaccesspointarn',
];

function restrictingCondition(cond: unknown): boolean {
  const c = obj(cond);
  if (!c) return false;
  for (const op of Object.values(c)) {
    for (const key of Object.keys(obj(op) ?? {})) {
      if (RESTRICTING_CONDITION_KEYS.includes(key.toLowerCase())) return true;
    }
  }
  return false;
}

function statements(r: RawRecord): Record<string, unknown>[] {
  const p = params(r);
  let policy: unknown = p.bucketPolicy;
  // Some pipelines keep the policy as JSON text in `policy` instead of the marker.
  if (policy === undefined && typeof p.policy === 'string' && p.policy.trim().startsWith('{')) {
    try {
      policy = JSON.parse(p.policy);
    } catch {
      policy = undefined;
    }
  }
  return list(obj(policy)?.Statement).map(obj).filter((s): s is Record<string, unknown> => s !== undefined);
}

function principalValues(principal: unknown): string[] {
  if (typeof principal === 'string') return [principal];
  const p = obj(principal);
  if (!p) return [];
  return list(p.AWS).map(str).filter((s): s is string => s !== undefined);
}

function isAllow(s: Record<string, unknown>): boolean {
  return str(s.Effect)?.toLowerCase() === 'allow';
}

const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/i;
const PUBLIC_CANNED = new Set(['public-read', 'public-read-write', 'authenticated-read']);

/** A ransom note's name: the words notes use, not documentation words alone (README.txt, info.txt, restore runbooks). */
const NOTE_NAME = /(ransom|decrypt|encrypted|files[-_ ]?deleted|recover[-_ ]?(your|all|the)?[-_ ]?(files|data)|restore[-_ ]?(your|all)[-_ ]?(files|data)|how[-_ ]?to[-_ ]?(recover|restore|decrypt|get[-_ ]?back)|your[-_ ]?(files|data)[-_ ]?(is|are|were|have))/i;

function selectorsKeepS3Writes(p: Record<string, unknown>): boolean {
  for (const sel of list(p.eventSelectors).map(obj)) {
    if (!sel) continue;
    const rw = str(sel.readWriteType) ?? 'All';
    if (rw === 'ReadOnly') continue;
    for (const dr of list(sel.dataResources).map(obj)) {
      if (str(dr?.type) === 'AWS::S3::Object' && list(dr?.values).length > 0) return true;
    }
  }
  for (const sel of list(p.advancedEventSelectors).map(obj)) {
    if (!sel) continue;
    let data = false, s3 = false, readOnly = false;
    for (const fs of list(sel.fieldSelectors).map(obj)) {
      const field = str(fs?.field ?? fs?.Field);
      const equals = list(fs?.equals ?? fs?.Equals).map(str);
      if (field === 'eventCategory' && equals.includes('Data')) data = true;
      if (field === 'resources.type' && equals.includes('AWS::S3::Object')) s3 = true;
      if (field === 'readOnly' && equals.includes('true')) readOnly = true;
    }
    if (data && s3 && !readOnly) return true;
  }
  return false;
}

/** Every named check a rule may list under `checks`. */
export const CHECKS: Readonly<Record<string, Check>> = {
  'sse-c': (r) => {
    const p = params(r);
    return p[SSE_C_HEADER] !== undefined || obj(r.responseElements)?.[SSE_C_HEADER] !== undefined
      || str(obj(r.additionalEventData)?.SSEApplied) === 'SSE_C';
  },
  'foreign-kms-key': (r, ctx) => {
    const p = params(r);
    const keys = [str(p[KMS_KEY_HEADER])];
    for (const rule of list(obj(p.ServerSideEncryptionConfiguration)?.Rule)) {
      keys.push(str(obj(obj(rule)?.ApplyServerSideEncryptionByDefault)?.KMSMasterKeyID));
    }
    const owner = str(r.recipientAccountId);
    return keys.some((k) => foreignKey(k, owner, ctx));
  },
  'version-id': (r) => {
    const v = params(r).versionId;
    return v !== undefined && v !== null && v !== '';
  },
  'versioning-suspended': (r) => {
    const vc = obj(params(r).VersioningConfiguration);
    return str(vc?.Status) === 'Suspended' || str(vc?.MfaDelete) === 'Disabled';
  },
  'short-expiration': (r) => {
    for (const rule of list(obj(params(r).LifecycleConfiguration)?.Rule).map(obj)) {
      if (!rule || str(rule.Status) !== 'Enabled') continue;
      const days = Number(str(obj(rule.Expiration)?.Days));
      const nonCurrent = Number(str(obj(rule.NoncurrentVersionExpiration)?.NoncurrentDays));
      if ((Number.isFinite(days) && days < 7) || (Number.isFinite(nonCurrent) && nonCurrent < 7)) return true;
    }
    return false;
  },
  'public-acl': (r) => {
    const p = params(r);
    if (list(p['x-amz-acl']).some((v) => PUBLIC_CANNED.has(String(v).toLowerCase()))) return true;
    for (const [k, v] of Object.entries(p)) {
      if (k.startsWith('x-amz-grant-') && list(v).some((g) => PUBLIC_GROUPS.test(String(g)))) return true;
    }
    const acl = obj(obj(p.AccessControlPolicy)?.AccessControlList);
    return list(acl?.Grant).some((g) => PUBLIC_GROUPS.test(str(obj(obj(g)?.Grantee)?.URI) ?? ''));
  },
  'public-policy': (r) =>
    statements(r).some((s) => isAllow(s) && principalValues(s.Principal).includes('*') && !restrictingCondition(s.Condition)),
  'bpa-off': (r) => {
    if (/^Delete/.test(str(r.eventName) ?? '')) return true;
    const c = obj(params(r).PublicAccessBlockConfiguration);
    if (!c) return false;
    return ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].some((f) => c[f] === false || c[f] === 'false');
  },
  'foreign-policy-principal': (r, ctx) => {
    const owner = str(r.recipientAccountId);
    return statements(r).some((s) => isAllow(s) && principalValues(s.Principal).some((v) => {
      if (v.startsWith('arn:aws:iam::cloudfront:')) return false;
      const account = accountOfArn(v);
      return account !== undefined && account !== owner && isForeign(account, ctx);
    }));
  },
  'foreign-replication': (r, ctx) => {
    const owner = str(r.recipientAccountId);
    return list(obj(params(r).ReplicationConfiguration)?.Rule).some((rule) => {
      const account = str(obj(obj(rule)?.Destination)?.Account);
      return account !== undefined && account !== owner && isForeign(account, ctx);
    });
  },
  'logging-disabled': (r) => {
    const status = obj(params(r).BucketLoggingStatus);
    return status !== undefined && status.LoggingEnabled === undefined;
  },
  's3-data-events-off': (r) => !selectorsKeepS3Writes(params(r)),
};

/** Checks on the values the index keeps (its `key` and `bucket` columns): answered without re-reading. */
export const VALUE_CHECKS: Readonly<Record<string, ValueCheck>> = {
  // The object's name (requestParameters.key, else the object ARN's key).
  'ransom-note-key': (v) => {
    const key = v.key ?? '';
    return NOTE_NAME.test(key.slice(key.lastIndexOf('/') + 1));
  },
  // The bucket (requestParameters.bucketName, else the bucket of the ARN): a record without one is not
  // excused.
  'not-known-public-bucket': (v, ctx) => v.bucket === undefined || v.bucket === '' || !ctx.knownPublicBuckets.has(v.bucket),
};

/** The one column each value check reads: the index answers it once per distinct value of that column (with
 *  the empty context, which excludes nothing) before any record is built. */
export const VALUE_CHECK_COLUMNS: Readonly<Record<string, 'key' | 'bucket'>> = {
  'ransom-note-key': 'key',
  'not-known-public-bucket': 'bucket',
};

/** Every check name a rule may list: record checks and value checks. */
export function isCheckName(name: string): boolean {
  return Object.hasOwn(CHECKS, name) || Object.hasOwn(VALUE_CHECKS, name);
}
