// Every custom message between the language server, the extension client and the explorer webview.
// Client, server and webview import names and types from here; nobody invents a message name inline.

import type { Problem } from './problem';
import type { IdentityStory } from './identity';
import type { IntegrityReport } from './integrity';

// ---------------------------------------------------------------------------------------------
// Table columns (also the sortable fields and the facet fields).

/** Columns of the explorer table, in default order. */
export const COLUMN_IDS = [
  'time',
  'eventName',
  'bucket',
  'key',
  'principal',
  'identityType',
  'sourceIP',
  'account',
  'recipient',
  'region',
  'error',
  'access',
  'category',
  'eventSource',
  'userAgent',
  'requestID',
  'eventID',
  'file',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

/** Columns shown when the user has not chosen any. */
export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'time', 'eventName', 'bucket', 'key', 'principal', 'identityType', 'sourceIP', 'account', 'region', 'error', 'access', 'category',
];

export const COLUMN_TITLES: Record<ColumnId, string> = {
  time: 'Time (UTC)',
  eventName: 'eventName',
  bucket: 'Bucket',
  key: 'Key',
  principal: 'Principal',
  identityType: 'Identity type',
  sourceIP: 'Source IP',
  account: 'Account',
  recipient: 'Recipient account',
  region: 'Region',
  error: 'Error',
  access: 'Read/Write',
  category: 'Data/Mgmt',
  eventSource: 'eventSource',
  userAgent: 'User agent',
  requestID: 'requestID',
  eventID: 'eventID',
  file: 'File',
};

/** Facets shown beside the table. */
export const FACET_COLUMNS: readonly ColumnId[] = [
  'eventName', 'bucket', 'principal', 'sourceIP', 'error', 'account', 'region', 'identityType',
];

/** One table row. Every value is display text ('' when the record lacks it); `id` is the index row id. */
export type RowData = { id: number; principalArn: string } & Record<ColumnId, string>;

export interface SortSpec {
  column: ColumnId;
  descending: boolean;
}

/** A query error: the message and the character range in the query text it concerns. */
export interface QueryError {
  message: string;
  start: number;
  end: number;
}

export interface RecordLocation {
  /** File URI (file:///...) of the trail file. */
  uri: string;
  /** Byte offset and length of the record in the decompressed text. */
  offset: number;
  length: number;
  /** 0-based line and column of the record's first character in the decompressed text. */
  line: number;
  column: number;
  /** True when the file is gzip-compressed (reveal goes to the pretty view). */
  gzip: boolean;
  /** Index of the record in its file (0-based), for the pretty view of .gz files. */
  ordinal: number;
}

// ---------------------------------------------------------------------------------------------
// Language server <-> extension client (LSP custom messages).

/** Server -> client notification: the workspace index's progress and totals. */
export const IndexStatusNotification = 'cloudtrail/indexStatus';
export interface IndexStatus {
  state: 'idle' | 'indexing' | 'ready' | 'cancelled';
  filesTotal: number;
  filesDone: number;
  /** Records counted as they are in the files (all event sources). */
  records: number;
  /** Records of S3 event sources. */
  s3Records: number;
  /** Exact duplicates (same eventID) dropped from the index. */
  duplicates: number;
  problems: number;
  /** 0..100 */
  percent: number;
  /** Time spent indexing so far, ms. */
  elapsedMs: number;
}

/** Client -> server: current index status. */
export const IndexStatusRequest = 'cloudtrail/indexStatusGet';

/** Client -> server: (re)index the workspace folders. */
export const ReindexRequest = 'cloudtrail/reindex';

/** Client -> server: cancel indexing in progress (what was indexed stays queryable). */
export const CancelIndexRequest = 'cloudtrail/cancelIndex';

/** Client -> server: run a query, returning the count and one window of rows. */
export const QueryRequest = 'cloudtrail/query';
export interface QueryParams {
  query: string;
  sort?: SortSpec;
  offset: number;
  limit: number;
}
export type QueryResult =
  | { ok: true; total: number; /** S3 records in the index */ s3Total: number; /** all records in the index */ allTotal: number; rows: RowData[]; tookMs: number }
  | { ok: false; error: QueryError };

/**
 * The first rows of the page, answered before the page exists: the host asks for them and puts them in the
 * panel's HTML (a JSON data block), so the first screen paints without a round trip. The page uses them
 * only when `params` are the query and sort it opens with.
 */
export interface FirstWindow {
  params: QueryParams;
  result: QueryResult;
}
/** Rows in a FirstWindow: a screenful on a tall panel (the page asks for the rest of the window after). */
export const FIRST_WINDOW_ROWS = 60;
/** The id of the HTML element that carries the FirstWindow. */
export const FIRST_WINDOW_ELEMENT = 'first-window';

/** Client -> server: top values with counts of some columns under a query. */
export const FacetsRequest = 'cloudtrail/facets';
export interface FacetsParams {
  query: string;
  columns: ColumnId[];
  limit: number;
}
export interface FacetValue {
  value: string;
  count: number;
}
export type FacetsResult = { ok: true; facets: Partial<Record<ColumnId, FacetValue[]>> } | { ok: false; error: QueryError };

/** Client -> server: events per time bucket under a query (errors counted separately). */
export const HistogramRequest = 'cloudtrail/histogram';
export interface HistogramParams {
  query: string;
  /** Wanted number of buckets; the server picks a round bucket size near it. */
  buckets: number;
}
export type HistogramResult =
  | { ok: true; startMs: number; bucketMs: number; counts: number[]; errors: number[] }
  | { ok: false; error: QueryError };

/** Client -> server: the full record of a row, re-read from its file. */
export const RecordRequest = 'cloudtrail/record';
export interface RecordParams {
  id: number;
}
export type RecordResult = { ok: true; json: string; location: RecordLocation } | { ok: false; message: string };

/** Client -> server: problems met while indexing (capped). */
export const ProblemsRequest = 'cloudtrail/problems';
export interface ProblemsResult {
  problems: Problem[];
  total: number;
}

/** Client -> server: readable text of a (possibly gzip) CloudTrail file, pretty-printed. */
export const PrettyTextRequest = 'cloudtrail/prettyText';
export interface PrettyTextParams {
  /** file:// URI of the file on disk. */
  uri: string;
}
/** `recordLines[i]` is the 0-based line where record i (its ordinal) starts in `text`. */
export type PrettyTextResult = { ok: true; text: string; recordLines: number[] } | { ok: false; message: string };

/** Client -> server: write the rows of a query to a file. */
export const ExportRequest = 'cloudtrail/export';
export interface ExportParams {
  query: string;
  sort?: SortSpec;
  columns: ColumnId[];
  format: 'csv' | 'json';
  /** Absolute path to write. */
  path: string;
}
export type ExportResult = { ok: true; rows: number } | { ok: false; message: string };

/** Client -> server: the query rendered as Athena SQL for the standard CloudTrail table. */
export const AthenaSqlRequest = 'cloudtrail/athenaSql';
export interface AthenaSqlParams {
  query: string;
  table: string;
}
export type AthenaSqlResult = { ok: true; sql: string } | { ok: false; error: QueryError };

/** Client -> server: completion items for the query bar at a character offset. */
export const QueryCompletionRequest = 'cloudtrail/queryCompletion';
export interface QueryCompletionParams {
  query: string;
  offset: number;
}
export interface QueryCompletionItem {
  label: string;
  detail?: string;
  /** Text replacing query[replaceStart, replaceEnd). */
  insertText: string;
  replaceStart: number;
  replaceEnd: number;
}
export interface QueryCompletionResult {
  items: QueryCompletionItem[];
}

/** Client -> server: the identity story of an id (access key, ARN, session name, principal, IP), or of
 *  the identity of an index row (its access key, else its principal ARN, else its principal). */
export const IdentityStoryRequest = 'cloudtrail/identityStory';
export interface IdentityStoryParams {
  id?: string;
  row?: number;
}
export type IdentityStoryResult = { ok: true; story: IdentityStory } | { ok: false; message: string };

/** Client -> server: validate the digests, log files and signatures of the workspace folders (offline).
 *  Progress comes as IntegrityProgressNotification; a cancelled request answers what was checked so far. */
export const VerifyIntegrityRequest = 'cloudtrail/verifyIntegrity';
export interface VerifyIntegrityParams {
  /** Output of `aws cloudtrail list-public-keys` (absolute path); without it signatures are not checked. */
  publicKeysFile?: string;
  /** Digest signatures saved from S3 object metadata (absolute path). */
  signaturesFile?: string;
}
export type VerifyIntegrityResult = { ok: true; report: IntegrityReport } | { ok: false; message: string };
export const IntegrityProgressNotification = 'cloudtrail/integrityProgress';
export interface IntegrityProgressParams {
  phase: 'files' | 'digests' | 'logs';
  done: number;
  total: number;
}

/** Every request the webview may forward to the server through the client, with its params and result. */
export interface ServerRequests {
  [QueryRequest]: [QueryParams, QueryResult];
  [FacetsRequest]: [FacetsParams, FacetsResult];
  [HistogramRequest]: [HistogramParams, HistogramResult];
  [RecordRequest]: [RecordParams, RecordResult];
  [ProblemsRequest]: [Record<string, never>, ProblemsResult];
  [AthenaSqlRequest]: [AthenaSqlParams, AthenaSqlResult];
  [QueryCompletionRequest]: [QueryCompletionParams, QueryCompletionResult];
  [IndexStatusRequest]: [Record<string, never>, IndexStatus];
}
export type ServerMethod = keyof ServerRequests;
export const WEBVIEW_FORWARDED_METHODS: readonly ServerMethod[] = [
  QueryRequest, FacetsRequest, HistogramRequest, RecordRequest, ProblemsRequest, AthenaSqlRequest, QueryCompletionRequest, IndexStatusRequest,
];

// ---------------------------------------------------------------------------------------------
// Extension client <-> explorer webview (postMessage; JSON only).

/** State the webview keeps across hide/show and reloads (vscode.setState + panel serializer). */
export interface ExplorerState {
  query: string;
  sort?: SortSpec;
  columns: ColumnId[];
  columnWidths?: Partial<Record<ColumnId, number>>;
  selectedId?: number;
  scrollTop?: number;
  history?: string[];
}

export type WebviewToHost =
  /** The webview is loaded and listening; the host answers with `init`. */
  | { type: 'ready' }
  /** Forward a request to the language server. */
  | { type: 'request'; id: number; method: ServerMethod; params: unknown }
  /** Open the source file at a record. */
  | { type: 'reveal'; id: number }
  /** Open a file at a problem's position. */
  | { type: 'openProblem'; problem: Problem }
  /** Ask the host for a save dialog and export the rows of a query. */
  | { type: 'export'; format: 'csv' | 'json'; query: string; sort?: SortSpec; columns: ColumnId[] }
  /** Put text on the clipboard. */
  | { type: 'copy'; text: string }
  /** Save the query to the workspace's saved-queries file. */
  | { type: 'saveQuery'; query: string }
  /** The query the user ran (for the recent-queries list of the command palette). */
  | { type: 'queryRan'; query: string }
  /** Show the identity story of a record's identity (`id`: its access key, else its principal) or of a value. */
  | { type: 'story'; id?: number; identity?: string };

export type HostToWebview =
  | { type: 'init'; query?: string; status: IndexStatus }
  | { type: 'response'; id: number; result?: unknown; error?: string }
  | { type: 'status'; status: IndexStatus }
  /** Replace the query (command palette, code lens) and run it. */
  | { type: 'setQuery'; query: string }
  | { type: 'toast'; message: string };

const WEBVIEW_TO_HOST_TYPES = new Set(['ready', 'request', 'reveal', 'openProblem', 'export', 'copy', 'saveQuery', 'queryRan', 'story']);

/** Validates a message from the webview before the host acts on it (the webview renders untrusted text). */
export function isWebviewToHost(m: unknown): m is WebviewToHost {
  if (typeof m !== 'object' || m === null) return false;
  const msg = m as { type?: unknown; id?: unknown; method?: unknown; query?: unknown; text?: unknown; format?: unknown };
  if (typeof msg.type !== 'string' || !WEBVIEW_TO_HOST_TYPES.has(msg.type)) return false;
  switch (msg.type) {
    case 'request':
      return typeof msg.id === 'number' && typeof msg.method === 'string' && (WEBVIEW_FORWARDED_METHODS as readonly string[]).includes(msg.method);
    case 'reveal':
      return typeof msg.id === 'number';
    case 'story': {
      const identity = (m as { identity?: unknown }).identity;
      return typeof msg.id === 'number' || (typeof identity === 'string' && identity.length > 0 && identity.length <= 4096);
    }
    case 'export':
      return (msg.format === 'csv' || msg.format === 'json') && typeof msg.query === 'string';
    case 'copy':
      return typeof msg.text === 'string';
    case 'saveQuery':
    case 'queryRan':
      return typeof msg.query === 'string';
    default:
      return true;
  }
}
