// Shapes of the catalog's data: S3 CloudTrail event entries and record field docs.

export type S3EventSource = 's3.amazonaws.com' | 's3express.amazonaws.com' | 's3-outposts.amazonaws.com';

export type EventGroup = 'bucket' | 'object' | 'account' | 'control' | 'express' | 'outposts';

export interface EventEntry {
  eventName: string;
  eventSource: S3EventSource;
  category: 'management' | 'data';
  /** null where no source states it (e.g. s3express CreateSession). */
  readOnly: boolean | null;
  /** REST request line / API name, e.g. "GET Bucket acl". */
  rest: string;
  /** SOAP operation name where the original S3 page lists one. */
  soap: string | null;
  /** IAM action(s) that allow or deny the call, several joined with ", "; null when IAM does not authorize it. */
  iamAction: string | null;
  apiUrl: string;
  description: string;
  /** Listed by the original S3 developer-guide page the project started from. */
  inSeed: boolean;
  /** Names that map to this entry: API operation names, seed misspellings, IAM action names used as eventNames. */
  aliases: string[];
  group: EventGroup;
  notes?: string;
}

export interface FieldValueDoc {
  value: string;
  description: string;
}

export interface FieldDoc {
  /** Dotted path without array indexes, e.g. "userIdentity.sessionContext.attributes.mfaAuthenticated". */
  path: string;
  type: string;
  /** eventVersion that introduced the field, as the docs write it ("1.01"). */
  since?: string;
  optional: boolean;
  description: string;
  values?: FieldValueDoc[];
}

export interface KeyIdPrefixDoc {
  prefix: string;
  meaning: string;
}

export interface EventVersionStep {
  version: string;
  fields: string[];
}

export interface RecordDocsData {
  fields: FieldDoc[];
  eventVersionHistory: EventVersionStep[];
  errorCodes: Record<string, string>;
  keyIdPrefixes: KeyIdPrefixDoc[];
  regions: string[];
}
