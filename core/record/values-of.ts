// recordValues and rowValues: the flat values of a record that the query language, the index and the
// explorer table read, built once from the accessors.

import type { RowData } from '../protocol';
import { accessOf, bucketOf, categoryOf, isAnonymous, isCrossAccount, keyOf, principalOf, text, type RawRecord } from './accessors';
import {
  accessKeyIdOf, consoleOf, invokedByOf, issuedAccessKeyIdOf, issuedArnOf, issuerArnOf, mfaOf, sessionCreationDateOf, sessionNameOfArn, sourceIdentityOf,
} from './session';
import type { RecordValues } from './values';

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function recordValues(r: RawRecord): RecordValues {
  const ui = obj(r.userIdentity);
  const p = principalOf(r);
  return {
    // SIEM exports (Logstash/Elastic) move eventTime to @timestamp; the record is otherwise whole.
    eventTime: text(r.eventTime) ?? text(r['@timestamp']),
    eventName: text(r.eventName),
    eventSource: text(r.eventSource),
    bucket: bucketOf(r),
    key: keyOf(r),
    userArn: p.arn,
    userName: p.userName,
    principalId: p.principalId,
    issuerUserName: p.issuerUserName,
    principal: p.short === '' ? undefined : p.short,
    identityType: text(ui?.type),
    account: text(ui?.accountId),
    recipient: text(r.recipientAccountId),
    region: text(r.awsRegion),
    sourceIP: text(r.sourceIPAddress),
    userAgent: text(r.userAgent),
    errorCode: text(r.errorCode),
    category: categoryOf(r),
    access: accessOf(r),
    crossAccount: isCrossAccount(r) ? 'true' : 'false',
    anonymous: isAnonymous(r) ? 'true' : 'false',
    requestID: text(r.requestID),
    eventID: text(r.eventID),
    accessKeyId: accessKeyIdOf(r),
    sessionName: sessionNameOfArn(p.arn),
    issuerArn: issuerArnOf(r),
    sourceIdentity: sourceIdentityOf(r),
    mfa: mfaOf(r),
    console: consoleOf(r),
    issuedAccessKeyId: issuedAccessKeyIdOf(r),
    issuedArn: issuedArnOf(r),
    invokedBy: invokedByOf(r),
    sessionCreated: sessionCreationDateOf(r),
  };
}

/** The explorer table's values of a record ('' for what it lacks); the caller adds `id` and `file`. */
export function rowValues(r: RawRecord): Omit<RowData, 'id' | 'file'> {
  const v = recordValues(r);
  return {
    time: v.eventTime ?? '',
    eventName: v.eventName ?? '',
    bucket: v.bucket ?? '',
    key: v.key ?? '',
    principal: v.principal ?? '',
    principalArn: v.userArn ?? '',
    identityType: v.identityType ?? '',
    sourceIP: v.sourceIP ?? '',
    account: v.account ?? '',
    recipient: v.recipient ?? '',
    region: v.region ?? '',
    error: v.errorCode ?? '',
    access: v.access ?? '',
    category: v.category ?? '',
    eventSource: v.eventSource ?? '',
    userAgent: v.userAgent ?? '',
    // A record read as JSON is a CloudTrail record (access-log lines are rows of their own reader).
    kind: 'cloudtrail',
    operation: '',
    requestID: v.requestID ?? '',
    eventID: v.eventID ?? '',
  };
}
