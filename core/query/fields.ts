// The query language's fields: their names, aliases, one-line docs, allowed values, and which
// RecordValues each one reads (the contract the index compiles against).

import { S3_EVENT_SOURCES } from '../catalog';
import type { RecordValueKey } from '../record';

export type QueryField =
  | 'eventName' | 'source' | 'bucket' | 'key' | 'user' | 'principal' | 'identity' | 'account' | 'recipient'
  | 'region' | 'ip' | 'agent' | 'error' | 'type' | 'access' | 'crossaccount' | 'anonymous' | 'requestid' | 'eventid'
  | 'since' | 'until' | 'text' | 'pinned'
  | 'accesskey' | 'session' | 'issuer' | 'sourceidentity' | 'mfa' | 'console' | 'story' | 'integrity'
  /** S3 server access log rows (the second record kind) and the join by request ID. */
  | 'kind' | 'joined' | 'status' | 'operation' | 'bytes' | 'objectsize' | 'totaltime' | 'turnaround'
  | 'finding'
  /** A path into requestParameters, responseElements, additionalEventData or serviceEventDetails (path-terms.ts). */
  | 'path';

export interface QueryFieldDoc {
  name: QueryField;
  description: string;
  /** Other names accepted for the field (field names are case-insensitive anyway). */
  aliases: readonly string[];
}

/** Every field, in the order completion offers them. `text` is what a bare word searches. */
export const QUERY_FIELDS: readonly QueryFieldDoc[] = [
  { name: 'eventName', description: 'API call name, e.g. GetObject, Delete*', aliases: ['event'] },
  { name: 'bucket', description: 'Bucket: requestParameters.bucketName, else the bucket of the first S3 ARN in resources', aliases: ['bucketname'] },
  { name: 'key', description: "Object key: requestParameters.key, else the object ARN's key", aliases: ['objectkey'] },
  { name: 'user', description: 'Principal: userIdentity.arn, userName, principalId or the session issuer userName', aliases: [] },
  { name: 'principal', description: "The table's Principal column: role/session, user name, root, anonymous, or the AWS service that called", aliases: [] },
  { name: 'identity', description: 'userIdentity.type: IAMUser, AssumedRole, Root, AWSService, AWSAccount, ...', aliases: ['identitytype'] },
  { name: 'account', description: "userIdentity.accountId (the caller's account)", aliases: ['accountid'] },
  { name: 'recipient', description: 'recipientAccountId (the account that owns the resource / received the event)', aliases: ['recipientaccountid'] },
  { name: 'region', description: 'awsRegion, e.g. us-east-1', aliases: ['awsregion'] },
  { name: 'ip', description: 'sourceIPAddress: glob or CIDR (10.0.0.0/8, 2001:db8::/32)', aliases: ['sourceip', 'sourceipaddress'] },
  { name: 'agent', description: 'userAgent, e.g. *aws-cli*', aliases: ['useragent'] },
  { name: 'error', description: 'errorCode, e.g. AccessDenied; error:* = any error', aliases: ['errorcode'] },
  { name: 'type', description: 'data or management event (eventCategory, else the catalog); aggregated, insight or networkactivity for those record types', aliases: ['category', 'eventcategory'] },
  { name: 'access', description: 'read or write (readOnly, else the catalog)', aliases: [] },
  { name: 'crossaccount', description: 'true when the caller account differs from recipientAccountId', aliases: [] },
  { name: 'anonymous', description: 'true when the caller is ANONYMOUS_PRINCIPAL (unauthenticated request)', aliases: [] },
  { name: 'source', description: 'eventSource; without a source: term only S3 sources match (source:* = all)', aliases: ['eventsource'] },
  { name: 'requestid', description: 'requestID: the id S3 returned for the request', aliases: [] },
  { name: 'eventid', description: 'eventID: the GUID of the record', aliases: [] },
  { name: 'since', description: 'eventTime at or after: ISO date-time (2024-05-01T10:00Z) or relative (-24h, -7d, -30m)', aliases: ['from'] },
  { name: 'until', description: 'eventTime at or before: ISO date-time (a date covers the whole day) or relative', aliases: ['to'] },
  { name: 'text', description: 'Any string value contains the text (what a bare word searches)', aliases: [] },
  { name: 'pinned', description: 'true for the records pinned in the explorer (by eventID); false for the others', aliases: ['pin'] },
  { name: 'accesskey', description: 'userIdentity.accessKeyId: AKIA… (long-term key) or ASIA… (temporary credentials)', aliases: ['accesskeyid'] },
  { name: 'session', description: 'Role session name (assumed-role/Role/<session>) or federated user name', aliases: ['sessionname'] },
  { name: 'issuer', description: 'Session issuer: sessionContext.sessionIssuer ARN or name (the role behind a session)', aliases: ['sessionissuer'] },
  { name: 'sourceidentity', description: 'sessionContext.sourceIdentity: the identity a role chain carries', aliases: [] },
  { name: 'mfa', description: 'true or false: sessionContext.attributes.mfaAuthenticated', aliases: ['mfaauthenticated'] },
  { name: 'console', description: 'true for sessions from a console sign-in (sessionCredentialFromConsole)', aliases: [] },
  { name: 'story', description: 'Every record of an identity (key, principal ARN, session, role, IP) and of the sessions it created', aliases: [] },
  { name: 'integrity', description: 'failed: records from log files that failed "Verify Trail Integrity" (modified, or listed by no digest); unverifiable: listed only by a digest that failed its checks, or delivered in the hours of a missing digest', aliases: [] },
  { name: 'kind', description: 'cloudtrail (a CloudTrail record) or access (a line of an S3 server access log)', aliases: [] },
  { name: 'joined', description: 'true when the request is in both logs: a CloudTrail S3 record with an access-log line of its requestID, or the reverse', aliases: [] },
  { name: 'status', description: 'HTTP status of an access-log line: 403, 4*, >=500', aliases: ['httpstatus'] },
  { name: 'operation', description: 'Operation of an access-log line, e.g. REST.GET.OBJECT, S3.EXPIRE.OBJECT, WEBSITE.*', aliases: ['op'] },
  { name: 'bytes', description: 'Bytes Sent of an access-log line: bytes:>1000000', aliases: ['bytessent'] },
  { name: 'objectsize', description: 'Object Size of an access-log line: objectsize:>=5000000000', aliases: [] },
  { name: 'totaltime', description: 'Total Time of an access-log line in ms: totaltime:>1000', aliases: [] },
  { name: 'turnaround', description: 'Turn-Around Time of an access-log line in ms', aliases: ['turnaroundtime'] },
  { name: 'finding', description: 'Records of the workspace\'s findings by rule id: finding:* (any finding), finding:s3-public-policy, finding:s3-public-*', aliases: ['findings'] },
];

const FIELD_BY_NAME = new Map<string, QueryField>();
for (const f of QUERY_FIELDS) {
  FIELD_BY_NAME.set(f.name.toLowerCase(), f.name);
  for (const a of f.aliases) FIELD_BY_NAME.set(a.toLowerCase(), f.name);
}

/** The field a (case-insensitive) name or alias stands for. */
export function resolveField(name: string): QueryField | undefined {
  return FIELD_BY_NAME.get(name.toLowerCase());
}

/** Every accepted field name (canonical names and aliases), lower case. */
export function knownFieldNames(): string[] {
  return [...FIELD_BY_NAME.keys()];
}

/** Fields whose values are validated against a closed set (lower case). */
export const ENUM_VALUES: Partial<Record<QueryField, readonly string[]>> = {
  type: ['data', 'management', 'aggregated', 'insight', 'networkactivity'],
  access: ['read', 'write'],
  crossaccount: ['true', 'false'],
  anonymous: ['true', 'false'],
  pinned: ['true', 'false'],
  mfa: ['true', 'false'],
  console: ['true', 'false'],
  integrity: ['failed', 'unverifiable'],
  kind: ['cloudtrail', 'access'],
  joined: ['true', 'false'],
};

// Derived enums and flags have their own fields; a bare word matching 'read' or 'false' in them
// would match half the index, so free text leaves them out.
const TEXT_KEYS: readonly RecordValueKey[] = [
  'eventTime', 'eventName', 'eventSource', 'bucket', 'key', 'userArn', 'userName', 'principalId', 'issuerUserName',
  'principal', 'identityType', 'account', 'recipient', 'region', 'sourceIP', 'userAgent', 'errorCode', 'requestID', 'eventID',
];

/** Which RecordValues a field reads; a positive term matches when ANY present value matches. */
export const FIELD_VALUES: Record<QueryField, readonly RecordValueKey[]> = {
  eventName: ['eventName'],
  source: ['eventSource'],
  bucket: ['bucket'],
  key: ['key'],
  user: ['userArn', 'userName', 'principalId', 'issuerUserName'],
  principal: ['principal'],
  identity: ['identityType'],
  account: ['account'],
  recipient: ['recipient'],
  region: ['region'],
  ip: ['sourceIP'],
  agent: ['userAgent'],
  error: ['errorCode'],
  type: ['category'],
  access: ['access'],
  crossaccount: ['crossAccount'],
  anonymous: ['anonymous'],
  requestid: ['requestID'],
  eventid: ['eventID'],
  since: ['eventTime'],
  until: ['eventTime'],
  text: TEXT_KEYS,
  // No column holds these: the index narrows by the other terms, then re-reads the candidates.
  path: [],
  pinned: ['eventID'],
  accesskey: ['accessKeyId'],
  session: ['sessionName'],
  issuer: ['issuerArn', 'issuerUserName'],
  sourceidentity: ['sourceIdentity'],
  mfa: ['mfa'],
  console: ['console'],
  // Row sets computed over the workspace (credential chains, integrity results), not values of a record:
  // the index asks its row-set provider; a record on its own matches neither.
  story: [],
  integrity: [],
  // Access-log columns and the join: the index reads them (core/index/evaluate.ts); a CloudTrail record on its own
  // is kind:cloudtrail and lacks the others.
  kind: [],
  joined: [],
  status: [],
  operation: [],
  bytes: [],
  objectsize: [],
  totaltime: [],
  turnaround: [],
  finding: [],
};

/** Fields the index answers from its access-log columns and the join, not from RecordValues. */
export const ACCESS_QUERY_FIELDS: readonly QueryField[] = ['kind', 'joined', 'status', 'operation', 'bytes', 'objectsize', 'totaltime', 'turnaround'];
/** Fields that take a numeric comparison (`bytes:>1000000`) as well as values. */
export const NUMERIC_QUERY_FIELDS: readonly QueryField[] = ['status', 'bytes', 'objectsize', 'totaltime', 'turnaround'];

/** Fields whose rows come from the workspace (TrailIndex row sets), not from a record's values. */
export const ROW_SET_FIELDS: readonly QueryField[] = ['story', 'integrity', 'finding'];

/** Event sources an S3 tool shows when the query has no `source:` term: the catalog's S3 family. */
export const S3_SCOPE_SOURCES: readonly string[] = S3_EVENT_SOURCES;
