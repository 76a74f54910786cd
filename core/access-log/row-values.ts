// An access-log line in the index's terms: the RecordValues columns it shares with CloudTrail records where they
// mean the same thing (bucket, key, requester as user and principal, remote IP as sourceIP, user agent, error code,
// request ID, the eventName its Operation is, that event's category and access), plus its own operation and
// numbers. Derived values are worked out once per distinct requester, operation and host, not per line.

import { eventNameForOperation, lookupEvent } from '../catalog';
import type { RecordValues } from '../record';
import { ACCESS_FIELD as F } from './fields';
import type { SplitBounds } from './split';
import { decodeKey, describeRequester, fieldNumber, fieldValue } from './values';

export const ACCESS_EVENT_SOURCE = 's3.amazonaws.com';

export interface AccessNumbers {
  status: number; bytesSent: number; objectSize: number; totalTime: number; turnAroundTime: number;
}

export interface RequesterValues { userArn?: string; principal?: string; identityType?: string; account?: string; anonymous: string }
export interface OperationValues { eventName?: string; category?: string; access?: string }

/** Reads lines into RecordValues; keeps small caches, so one reader per thread. */
export class AccessRowReader {
  private readonly requesters = new Map<string, RequesterValues>();
  private readonly operations = new Map<string, OperationValues>();
  private readonly regions = new Map<string, string | undefined>();
  private lastTime = NaN;
  private lastTimeText = '';

  /** RecordValues of the split line s (time already checked, epoch ms). */
  values(s: string, bounds: SplitBounds, time: number): RecordValues {
    const b = bounds.b;
    const v = (i: number): string | undefined => fieldValue(s, b[2 * i], b[2 * i + 1]);
    const rawKey = v(F.key);
    const operation = v(F.operation);
    const req = this.requester(v(F.requester));
    const op = operation === undefined ? {} : this.operation(operation, rawKey !== undefined, v(F.requestUri));
    const host = v(F.hostHeader);
    if (time !== this.lastTime) {
      this.lastTime = time;
      this.lastTimeText = new Date(time).toISOString().slice(0, 19) + 'Z';
    }
    return {
      eventTime: this.lastTimeText, eventName: op.eventName, eventSource: ACCESS_EVENT_SOURCE, bucket: v(F.bucket),
      key: rawKey === undefined ? undefined : decodeKey(rawKey), userArn: req.userArn, userName: undefined, principalId: undefined,
      issuerUserName: undefined, principal: req.principal, identityType: req.identityType, account: req.account, recipient: undefined,
      region: host === undefined ? undefined : this.region(host), sourceIP: v(F.remoteIp), userAgent: v(F.userAgent),
      errorCode: v(F.errorCode), category: op.category, access: op.access, crossAccount: 'false', anonymous: req.anonymous,
      requestID: v(F.requestId), eventID: undefined, accessKeyId: undefined, sessionName: undefined, issuerArn: undefined,
      sourceIdentity: undefined, mfa: undefined, console: 'false', issuedAccessKeyId: undefined, issuedArn: undefined,
      invokedBy: undefined, sessionCreated: undefined,
    };
  }

  /** The line's numbers (NaN = `-`; Bytes Sent `-` is 0). */
  numbers(s: string, bounds: SplitBounds): AccessNumbers {
    const b = bounds.b;
    const n = (i: number): number => fieldNumber(s, b[2 * i], b[2 * i + 1]) ?? NaN;
    const status = n(F.httpStatus);
    const bytes = n(F.bytesSent);
    return {
      status: status >= 100 && status <= 999 ? status : NaN, bytesSent: Number.isNaN(bytes) ? 0 : bytes,
      objectSize: n(F.objectSize), totalTime: n(F.totalTime), turnAroundTime: n(F.turnAroundTime),
    };
  }

  private requester(value: string | undefined): RequesterValues {
    const k = value ?? '-';
    let r = this.requesters.get(k);
    if (!r) {
      r = requesterValues(value);
      if (this.requesters.size > 10_000) this.requesters.clear();
      this.requesters.set(k, r);
    }
    return r;
  }

  private operation(operation: string, hasKey: boolean, uri: string | undefined): OperationValues {
    const listable = uri !== undefined && !/[?&]id=/.test(uri);
    const k = `${operation}\u0000${hasKey ? 1 : 0}${listable ? 1 : 0}`;
    let o = this.operations.get(k);
    if (!o) {
      o = operationValues(operation, hasKey, listable);
      this.operations.set(k, o);
    }
    return o;
  }

  private region(host: string): string | undefined {
    if (this.regions.has(host)) return this.regions.get(host);
    const r = regionOfHost(host);
    if (this.regions.size > 10_000) this.regions.clear();
    this.regions.set(host, r);
    return r;
  }
}

/** The Region an S3 endpoint names (`b.s3.us-west-1.amazonaws.com`, `s3-us-west-2…`, `…s3-website-eu-west-1…`,
 *  `s3.dualstack.ap-south-1…`); `s3.amazonaws.com` is us-east-1. */
export function regionOfHost(host: string): string | undefined {
  const m = /(?:^|\.)s3(?:-website)?[.-](?:dualstack\.|website[.-])?([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)\.amazonaws\.com/.exec(host);
  if (m) return m[1];
  return /(?:^|\.)s3(?:-external-1)?\.amazonaws\.com$/.test(host) ? 'us-east-1' : undefined;
}

/** The CloudTrail event a line's Operation is (eventNameForOperation), with that event's category and access.
 *  `listable`: the Request-URI names no configuration id (`?id=`), so a bucket GET of a configuration lists them. */
export function operationValues(operation: string, hasKey: boolean, listable: boolean): OperationValues {
  const eventName = eventNameForOperation(operation, hasKey, listable ? '' : '?id=');
  const e = eventName ? lookupEvent(eventName, ACCESS_EVENT_SOURCE) : undefined;
  return { eventName, category: e?.category, access: e ? (e.readOnly === null ? undefined : e.readOnly ? 'read' : 'write') : undefined };
}

/** What a Requester field gives the columns it shares with CloudTrail (user ARN, principal, identity type, ...). */
export function requesterValues(value: string | undefined): RequesterValues {
  const info = describeRequester(value);
  switch (info.kind) {
    case 'anonymous':
      return { principal: 'anonymous', anonymous: 'true' };
    case 'amazon-s3':
      return { principal: 'AmazonS3', identityType: 'AWSService', anonymous: 'false' };
    case 'service':
      return { principal: info.principal, identityType: 'AWSService', anonymous: 'false' };
    case 'canonical-id':
      return { principal: value, anonymous: 'false' };
    case 'arn': {
      const arn = value!;
      const res = arn.slice(arn.indexOf(':', arn.indexOf('::') + 2) + 1);
      const slash = res.indexOf('/');
      const type = slash < 0 ? res : res.slice(0, slash);
      const identityType = type === 'assumed-role' ? 'AssumedRole' : type === 'user' ? 'IAMUser' : type === 'federated-user' ? 'FederatedUser' : type === 'root' ? 'Root' : undefined;
      const principal = type === 'root' ? 'root' : type === 'user' || type === 'role' ? res.slice(res.lastIndexOf('/') + 1) : slash < 0 ? res : res.slice(slash + 1);
      return { userArn: arn, principal, identityType, account: info.account, anonymous: 'false' };
    }
    default:
      return { principal: value, anonymous: 'false' };
  }
}
