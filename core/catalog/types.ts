// Shapes of the catalog's data: S3 CloudTrail event entries and record field docs.

/** An eventSource of the S3 family (the catalog's sources.json lists them: s3, s3express, s3-outposts, s3tables ...). */
export type S3EventSource = string;

export type EventGroup =
  | 'bucket' | 'object' | 'account' | 'control' | 'service' | 'express' | 'outposts' | 'outposts-object' | 'outposts-endpoint'
  | 'tables' | 'vectors' | 'object-lambda';

/** Where an entry comes from. */
export interface Provenance {
  /** 'itemised': an AWS CloudTrail page names this eventName for this source; 'inferred': the name is an API model's
   *  operation (eventName assumed equal to it) or the category/source follows from the docs without being listed. */
  evidence: 'itemised' | 'inferred';
  /** Keys of catalogReferences(), e.g. S3CT-NOW, MODEL-S3TABLES. */
  sources: string[];
}

/** One event source of the S3 family, with what it covers and where its entries come from. */
export interface EventSourceInfo {
  eventSource: string;
  name: string;
  description: string;
  /** API models whose operations the source's entries are (name and version). */
  apiModels: string[];
  /** Keys of catalogReferences(). */
  sources: string[];
  /** resources.type values of its data events (what a trail's data-event selectors name). */
  dataResourceTypes: string[];
  /** How many catalog entries it has. */
  events: number;
}

export interface ReferenceDoc {
  key: string;
  title: string;
  url: string;
}

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
  /** Set for events a service emits itself (no caller): S3 Batch Operations job events. */
  eventType?: 'AwsServiceEvent';
  provenance: Provenance;
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
