// Checks of one CloudTrail record object, without positions: each finding names the JSON path it is about,
// so positions are resolved (and a record's tree built) only for records that have findings.

import {
  childFields, lookupEvent, NEAR_MISS_DISTANCE, nearEventNames, resolveAlias, s3EventSource, suggestEventNames,
} from '../catalog';
import type { Severity } from '../problem';
import type { DiagnosticCode } from './codes';
import { DIAGNOSTIC_CODES } from './codes';

export type JsonPath = (string | number)[];

export interface Finding {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** Where: the value at path, the key of the member at path, or the record itself (path []). */
  path: JsonPath;
  part: 'value' | 'key';
  /** replacement: the fix; alternatives: every fix offered, nearest first (replacement is the first). */
  data?: { replacement?: string; alternatives?: string[] };
}

export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const VERSION = /^\d+\.\d+$/;
const ACCOUNT_ID = /^\d{12}$/;
/** accountId values that are not account numbers by design. */
const NON_NUMERIC_ACCOUNTS = new Set(['ANONYMOUS_PRINCIPAL', 'anonymous', 'AWS Internal']);

const STRING_FIELDS = ['eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage',
  'requestID', 'eventID', 'eventType', 'recipientAccountId', 'sharedEventID', 'vpcEndpointId', 'vpcEndpointAccountId', 'eventCategory'];
/** Object fields; requestParameters and responseElements are also legitimately null. */
const OBJECT_FIELDS = ['userIdentity', 'requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails',
  'tlsDetails', 'addendum', 'edgeDeviceDetails', 'insightDetails'];
const NULLABLE = new Set(['requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails']);

export interface RecordContext {
  /** Shape of the file: lookup-events documents keep ReadOnly as text. */
  lookupEvents: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finding(code: DiagnosticCode, message: string, path: JsonPath, part: 'value' | 'key' = 'value', severity?: Severity): Finding {
  return { code, severity: severity ?? DIAGNOSTIC_CODES[code].severity, message, path, part };
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** eventVersion "1.05" as a comparable number (major * 1000 + minor); NaN when not "major.minor". */
function versionNumber(v: string): number {
  const dot = v.indexOf('.');
  if (dot <= 0 || !VERSION.test(v)) return NaN;
  return Number(v.slice(0, dot)) * 1000 + Number(v.slice(dot + 1));
}

/** Top-level fields with the eventVersion that introduced them, from the catalog (built once). */
const FIELD_SINCE = new Map<string, { since: string; n: number }>();
for (const f of childFields([])) if (f.since) FIELD_SINCE.set(f.path, { since: f.since, n: versionNumber(f.since) });

// The minimum set of a CloudTrail record, with the eventVersion each field appeared in.
const REQUIRED: [string, number][] = [['eventVersion', 1000], ['eventTime', 1000], ['awsRegion', 1000], ['eventID', 1001], ['eventType', 1002]];
const REQUIRED_UNLESS_INSIGHT: [string, number][] = [['eventSource', 1000], ['eventName', 1000]];
const REQUIRED_AGGREGATED: [string, number][] = [['eventVersion', 0], ['eventType', 0], ['eventCategory', 0], ['eventId', 0], ['awsRegion', 0], ['summary', 0]];

/** Adds the fields of list the record lacks (and its eventVersion has) to found; no allocation when none. */
function missingFields(r: Record<string, unknown>, list: readonly [string, number][], vn: number, found: string[] | undefined): string[] | undefined {
  for (let i = 0; i < list.length; i++) {
    const [k, since] = list[i];
    if (k in r || vn < since || (k === 'eventTime' && '@timestamp' in r)) continue;
    (found ??= []).push(k);
  }
  return found;
}

export function checkRecord(r: unknown, ctx: RecordContext): Finding[] {
  if (!isObject(r)) {
    return [finding('not-a-record', `Expected a CloudTrail record object, found ${jsonType(r)}.`, [])];
  }
  const out: Finding[] = [];
  const vn = typeof r.eventVersion === 'string' ? versionNumber(r.eventVersion) : NaN;
  const version = Number.isNaN(vn) ? undefined : (r.eventVersion as string);
  const insight = r.eventType === 'AwsCloudTrailInsight' || r.insightDetails !== undefined;
  const serviceEvent = r.eventType === 'AwsServiceEvent';
  // Aggregated events summarise many data events: no caller, no single eventTime, their own eventVersion
  // numbering and an id spelled eventId.
  const aggregated = r.eventType === 'AwsAggregatedEvent' || r.eventCategory === 'Aggregated';
  // Network activity events record a call through a VPC endpoint, whatever its category as an API call.
  const networkActivity = r.eventType === 'AwsVpceEvent' || r.eventCategory === 'NetworkActivity';
  // The catalog's spelling of the source: its events are looked up by it.
  const s3Source = s3EventSource(r.eventSource);

  // Required fields (CloudTrail record contents, "minimum set"). SIEM exports (Logstash/Elastic) move
  // eventTime to @timestamp: the record is whole, only renamed.
  const missing = aggregated
    ? missingFields(r, REQUIRED_AGGREGATED, 0, undefined)
    : missingFields(r, insight ? [] : REQUIRED_UNLESS_INSIGHT, vn, missingFields(r, REQUIRED, vn, undefined));
  if (missing) {
    const kind = aggregated ? 'aggregated event' : 'CloudTrail record';
    out.push(finding('missing-required-field', `Record lacks ${missing.map((m) => `"${m}"`).join(', ')}, which every ${kind}${version && !aggregated ? ` of eventVersion ${version}` : ''} has.`, []));
  }
  if (!insight && !serviceEvent && !aggregated && (!('userIdentity' in r) || !('sourceIPAddress' in r))) {
    const usual = ['userIdentity', 'sourceIPAddress'].filter((k) => !(k in r));
    out.push(finding('missing-field', `Record lacks ${usual.map((m) => `"${m}"`).join(', ')}.`, []));
  }

  // Field types.
  for (const k of STRING_FIELDS) {
    if (k in r && typeof r[k] !== 'string') out.push(finding('invalid-field-type', `"${k}" should be a string, found ${jsonType(r[k])}.`, [k]));
  }
  for (const k of OBJECT_FIELDS) {
    if (!(k in r)) continue;
    const v = r[k];
    if (isObject(v) || (v === null && NULLABLE.has(k))) continue;
    out.push(finding('invalid-field-type', `"${k}" should be an object${NULLABLE.has(k) ? ' or null' : ''}, found ${jsonType(v)}.`, [k]));
  }
  if ('resources' in r && !Array.isArray(r.resources)) out.push(finding('invalid-field-type', `"resources" should be an array, found ${jsonType(r.resources)}.`, ['resources']));
  if ('managementEvent' in r && typeof r.managementEvent !== 'boolean') {
    out.push(finding('invalid-field-type', `"managementEvent" should be a boolean, found ${jsonType(r.managementEvent)}.`, ['managementEvent']));
  }

  // eventVersion / eventTime / readOnly.
  if ('eventVersion' in r && version === undefined) {
    out.push(finding('invalid-event-version', `eventVersion ${JSON.stringify(r.eventVersion)} is not "major.minor" (e.g. "1.08").`, ['eventVersion']));
  }
  if ('eventTime' in r && !(typeof r.eventTime === 'string' && ISO_TIME.test(r.eventTime) && !Number.isNaN(Date.parse(r.eventTime)))) {
    out.push(finding('invalid-event-time', `eventTime ${truncate(JSON.stringify(r.eventTime))} is not an ISO-8601 time like "2026-01-31T12:00:00Z".`, ['eventTime']));
  }
  if ('readOnly' in r && typeof r.readOnly !== 'boolean') {
    const textual = r.readOnly === 'true' || r.readOnly === 'false';
    if (!(textual && ctx.lookupEvents)) {
      out.push(finding('invalid-read-only', textual
        ? `readOnly is the text ${JSON.stringify(r.readOnly)}; trail records use a boolean (lookup-events output uses text).`
        : `readOnly should be true or false, found ${truncate(JSON.stringify(r.readOnly))}.`, ['readOnly'], 'value', textual ? 'information' : undefined));
    }
  }

  // Account ids: sanitised data (000000000, 13 digits) is common, so these are information only.
  if (typeof r.recipientAccountId === 'string' && !ACCOUNT_ID.test(r.recipientAccountId)) {
    out.push(finding('invalid-account-id', `recipientAccountId "${truncate(r.recipientAccountId)}" is not a 12-digit account id (sanitised?).`, ['recipientAccountId']));
  }
  const uid = r.userIdentity;
  if (isObject(uid) && typeof uid.accountId === 'string' && !ACCOUNT_ID.test(uid.accountId) && !NON_NUMERIC_ACCOUNTS.has(uid.accountId)) {
    out.push(finding('invalid-account-id', `userIdentity.accountId "${truncate(uid.accountId)}" is not a 12-digit account id (sanitised?).`, ['userIdentity', 'accountId']));
  }

  // Fields newer than the record's eventVersion (aggregated events number their versions on their own).
  if (version !== undefined && !aggregated) {
    for (const k in r) {
      const since = FIELD_SINCE.get(k);
      if (since && since.n > vn) {
        out.push(finding('field-newer-than-version', `"${k}" was added in eventVersion ${since.since}, but this record is ${version}.`, [k], 'key'));
      }
    }
  }

  // An empty eventName names no call, whatever the service.
  if (r.eventName === '') {
    out.push(finding('unknown-event-name', 'eventName is empty: every CloudTrail record names the API call it logs (e.g. "GetObject").', ['eventName'], 'value', 'warning'));
  } else if (typeof r.eventName === 'string' && s3Source !== undefined && !aggregated) {
    // eventName against the catalog, for S3 event sources only.
    out.push(...checkEventName(r, r.eventName, s3Source, { serviceEvent, networkActivity }));
  }
  return out;
}

interface RecordKind {
  serviceEvent: boolean;
  networkActivity: boolean;
}

function checkEventName(r: Record<string, unknown>, name: string, source: string, kind: RecordKind): Finding[] {
  const entry = lookupEvent(name, source);
  // A call through a VPC endpoint is a network activity event, whatever the API's own category and access.
  if (entry) return kind.networkActivity ? [] : checkAgainstCatalog(r, entry);
  const alias = resolveAlias(name, source);
  if (alias) {
    const f = finding('unknown-event-name', `"${truncate(name)}" is not an eventName CloudTrail logs for ${source}; it logs "${alias.eventName}".`, ['eventName']);
    f.data = { replacement: alias.eventName };
    return [f];
  }
  // Within NEAR_MISS_DISTANCE edits of a catalog name: a typo, with every such name as a fix, nearest first.
  const near = nearEventNames(name, source).map((c) => c.eventName);
  if (near.length > 0) {
    const others = near.length > 1 ? ` (or ${near.slice(1, 4).map((n) => `"${n}"`).join(', ')})` : '';
    const f = finding('unknown-event-name', `Unknown eventName "${truncate(name)}" for ${source}: did you mean "${near[0]}"${others}?`, ['eventName']);
    f.data = { replacement: near[0], alternatives: near.slice(0, 5) };
    return [f];
  }
  // Services emit events of their own (S3 Tables maintenance, ...) that are no API operation: an unknown name
  // there is nothing to report.
  if (kind.serviceEvent) return [];
  const suggestions = suggestEventNames(name, source, 3);
  const hint = suggestions.length > 0 ? ` Closest known: ${suggestions.join(', ')}.` : '';
  return [finding('unknown-event-name', `eventName "${truncate(name)}" is not in the S3 catalog and more than ${NEAR_MISS_DISTANCE} edits from any name in it (a newer API, an S3 Control or console-internal name?).${hint}`, ['eventName'], 'value', 'information')];
}

function checkAgainstCatalog(r: Record<string, unknown>, entry: NonNullable<ReturnType<typeof lookupEvent>>): Finding[] {
  const out: Finding[] = [];
  const cat = typeof r.eventCategory === 'string' ? r.eventCategory : undefined;
  const mgmt = typeof r.managementEvent === 'boolean' ? r.managementEvent : undefined;
  const fromCategory = cat === 'Management' ? 'management' : cat === 'Data' ? 'data' : undefined;
  const fromFlag = mgmt === undefined ? undefined : mgmt ? 'management' : 'data';
  if (fromCategory && fromFlag && fromCategory !== fromFlag) {
    out.push(finding('category-mismatch', `eventCategory "${cat}" contradicts managementEvent ${String(mgmt)} in the same record.`, ['eventCategory'], 'value', 'warning'));
  } else {
    const own = fromCategory ?? fromFlag;
    if (own && own !== entry.category) {
      out.push(finding('category-mismatch', `${entry.eventName} is a ${entry.category} event in the S3 catalog, but this record says ${own}.`,
        fromCategory ? ['eventCategory'] : ['managementEvent']));
    }
  }
  if (typeof r.readOnly === 'boolean' && entry.readOnly !== null && r.readOnly !== entry.readOnly) {
    out.push(finding('read-only-mismatch', `${entry.eventName} is a ${entry.readOnly ? 'read' : 'write'} call in the S3 catalog, but readOnly is ${String(r.readOnly)}.`, ['readOnly']));
  }
  return out;
}

export function truncate(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
