// Every custom message between the language server, the extension client and the explorer webview.
// Client, server and webview import names and types from here; nobody invents a message name inline.

import type { Problem } from './problem';
import type { Finding } from './detect';
import type { IdentityStory } from './identity';
import type { IntegrityMark, IntegrityReport } from './integrity';
import type { S3Location } from './remote';

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
  'kind',
  'operation',
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
  category: 'Category',
  eventSource: 'eventSource',
  userAgent: 'User agent',
  requestID: 'requestID',
  eventID: 'eventID',
  kind: 'Kind',
  operation: 'Operation',
  file: 'File',
};

/** Facets shown beside the table. */
export const FACET_COLUMNS: readonly ColumnId[] = [
  'eventName', 'bucket', 'principal', 'sourceIP', 'error', 'account', 'region', 'identityType',
  'eventSource', 'category', 'kind', 'operation',
];

/** The record-kind facets: they say something only when access-log lines are among the rows. */
const ACCESS_FACET_COLUMNS: readonly ColumnId[] = ['kind', 'operation'];

/** The facets the explorer asks for: the record-kind ones only once the index holds access-log lines (IndexStatus.
 *  accessLines); without any, the panel would drop them, and they cost a scan of the result each. */
export function facetColumnsFor(accessLines: number | undefined): ColumnId[] {
  return accessLines ? [...FACET_COLUMNS] : FACET_COLUMNS.filter((c) => !ACCESS_FACET_COLUMNS.includes(c));
}

/** One table row. Every value is display text ('' when the record lacks it); `id` is the index row id.
 *  `integrity`: set when the last "Verify Trail Integrity" failed the record's log file (or could not vouch for it). */
export type RowData = { id: number; principalArn: string;
  /** Rule ids of the workspace's findings that hold this record (comma-separated); absent when none. */
  findings?: string; integrity?: IntegrityMark } & Record<ColumnId, string>;

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
  /** Files skipped as JSON that is not CloudTrail (package.json, tsconfig.json, ...): not counted in `problems`. */
  skipped?: number;
  /** S3 server access log lines indexed (not in `records`), and repeated deliveries of lines dropped. */
  accessLines?: number;
  accessDuplicates?: number;
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

/**
 * Client -> server: the log folders indexed besides the workspace folders ("Add Log Folder...", "Open in S3
 * Explorer" on a folder), absolute paths; replaces the previous list and re-indexes when it changed. The same
 * list goes in `initializationOptions.logFolders` at start. Result: the index status.
 */
export const SetLogFoldersRequest = 'cloudtrail/setLogFolders';
export interface SetLogFoldersParams {
  folders: string[];
}

/**
 * Client -> server: the S3 trail locations of the workspace ("Add S3 Trail Location...": URL and selection),
 * replacing the previous list. The server opens each one: from its cache's record (no network) unless
 * `refresh` (list again, fetch what is new) or it was never listed; objects are indexed as they arrive.
 * Progress: S3ProgressNotification. Cancellable (what arrived stays). The same list goes in
 * `initializationOptions.s3Locations` at start, the cache folder in `initializationOptions.s3CacheFolder`.
 */
export const SetS3LocationsRequest = 'cloudtrail/setS3Locations';
export interface SetS3LocationsParams {
  locations: S3Location[];
  refresh?: boolean;
}
export interface S3LocationOutcome {
  url: string;
  fetched: number;
  cached: number;
  /** Objects and prefixes that could not be read, each a message naming it and what to do. */
  failures: string[];
  cancelled: boolean;
}
export interface SetS3LocationsResult {
  outcomes: S3LocationOutcome[];
}

/** Server -> client: progress of the S3 fetch in progress. */
export const S3ProgressNotification = 'cloudtrail/s3Progress';
export interface S3ProgressParams {
  url: string;
  objectsTotal: number;
  objectsDone: number;
  objectsCached: number;
  objectsFailed: number;
  bytesTotal: number;
  bytesDone: number;
  elapsedMs: number;
}

/** Client -> server: what an S3 URL holds (organizations, accounts, regions, digests), for the pickers. */
export const S3LayoutRequest = 'cloudtrail/s3Layout';
export interface S3LayoutParams {
  url: string;
}
export type S3LayoutResult =
  | { ok: true; trail: boolean; orgs: string[]; accounts: string[]; regions: string[]; digests: boolean; failures: string[] }
  | { ok: false; message: string };

/** Client -> server: how many objects and bytes a selection is, before anything is downloaded. */
export const S3PlanRequest = 'cloudtrail/s3Plan';
export interface S3PlanParams {
  location: S3Location;
}
export type S3PlanResult = { ok: true; objects: number; bytes: number; cachedBytes: number; failures: string[] } | { ok: false; message: string };

/** Client -> server: the buckets the credentials can list that hold `AWSLogs/` (at their top). */
export const S3BucketsRequest = 'cloudtrail/s3Buckets';
export type S3BucketsResult = { ok: true; buckets: string[] } | { ok: false; message: string };

/** Client -> server: run a query, returning the count and one window of rows. */
export const QueryRequest = 'cloudtrail/query';
export interface QueryParams {
  query: string;
  sort?: SortSpec;
  offset: number;
  limit: number;
  /** The caller takes the rows before their count when counting would hold them back (the explorer, which asks
   *  CountRequest after): the answer may then be `counting`. Without it `total` is always the count. */
  countLater?: boolean;
}
export type QueryResult =
  | { ok: true; total: number; /** S3 records in the index (access-log lines included) */ s3Total: number; /** all records in the index */ allTotal: number;
      /** S3 server access log lines among s3Total, when there are any (counts are worded by record-counts.ts). */ accessLines?: number; rows: RowData[]; tookMs: number;
      /** Only when `countLater` was asked: the rows were found before the matches were counted, `total` is the rows up
       *  to the window's end (at least that many match) and CountRequest gives the count. */ counting?: true }
  | { ok: false; error: QueryError };

/** Client -> server: the number of records a query matches (the total a `counting` answer left for later). */
export const CountRequest = 'cloudtrail/count';
export interface CountParams {
  query: string;
}
export type CountResult = { ok: true; total: number } | { ok: false; error: QueryError };

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

/** Client -> server: counts of one column's values against another's under a query (a pivot table). */
export const GroupByRequest = 'cloudtrail/groupBy';
/** Columns a group-by table can count (every column but the time and the file). */
export const GROUP_BY_COLUMNS: readonly ColumnId[] = COLUMN_IDS.filter((c) => c !== 'time' && c !== 'file');
export interface GroupByParams {
  query: string;
  /** The column whose values are the table's rows, and the one whose values are its columns. */
  rows: ColumnId;
  columns: ColumnId;
  /** How many of the most frequent values of each to show. */
  rowLimit: number;
  columnLimit: number;
}
export interface GroupByTable {
  /** The most frequent values ('' = the record lacks it), each with its count over every matching record. */
  rows: FacetValue[];
  columns: FacetValue[];
  /** counts[i][j]: records with rows[i] and columns[j]. */
  counts: number[][];
  /** Matching records. */
  total: number;
}
export type GroupByResult = ({ ok: true } & GroupByTable) | { ok: false; error: QueryError };

/** Client -> server: the eventIDs pinned in the explorer (what `pinned:true` matches); the whole set each time. */
export const SetPinnedRequest = 'cloudtrail/setPinned';
export interface SetPinnedParams {
  eventIDs: string[];
}

/** Client -> server: the full record of a row, re-read from its file. */
export const RecordRequest = 'cloudtrail/record';
export interface RecordParams {
  id: number;
}
export type RecordResult = {
  ok: true; json: string; location: RecordLocation;
  /** 'access': an S3 server access log line (json holds its fields by name and the line as written). */
  kind?: 'cloudtrail' | 'access';
  /** The other rows of the same request (same request ID): the CloudTrail record of an access line, the access lines
   *  of a record (one per key of a multi-object delete), each with its own JSON and location. */
  related?: RelatedRecord[];
} | { ok: false; message: string };

export interface RelatedRecord {
  id: number;
  kind: 'cloudtrail' | 'access';
  /** eventName, or the line's Operation and decoded Key. */
  title: string;
  json: string;
  location: RecordLocation;
}

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

/** Client -> server: the query rendered as a CloudWatch Logs JSON filter pattern (core/query/cloudwatch.ts);
 *  a term a pattern cannot say is an error at that term. `notes` say where its matching differs (case). */
export const CloudWatchPatternRequest = 'cloudtrail/cloudWatchPattern';
export interface CloudWatchPatternParams {
  query: string;
}
export type CloudWatchPatternResult = { ok: true; pattern: string; notes: string[] } | { ok: false; error: QueryError };

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

/** Client -> server: the workspace's findings (built-in detections, user rules, Sigma rules), most severe first. */
export const FindingsRequest = 'cloudtrail/findings';
export interface FindingsResult {
  /** 'working' while files are read; the findings then cover the files read so far. */
  state: 'idle' | 'working' | 'ready';
  findings: Finding[];
  /** Problems of the rule files (a rule that cannot be evaluated names its file and line). */
  ruleProblems: Problem[];
}
/** Server -> client: the findings changed (a file was read, changed or removed); ask FindingsRequest again. */
export const FindingsChangedNotification = 'cloudtrail/findingsChanged';

/** Client -> server: where each finding's first record is, for the Problems panel (the setting
 *  `cloudtrailS3.findings.problems`). Positions are in the text the editor shows: the file's own text, or
 *  for gzip files the pretty text of PrettyTextRequest. */
export const FindingPlacesRequest = 'cloudtrail/findingPlaces';
export interface FindingPlace {
  findingId: string;
  ruleId: string;
  title: string;
  severity: Finding['severity'];
  count: number;
  /** The trail file (a path); `gzip`: the position is in its pretty text. */
  file: string;
  gzip: boolean;
  line: number;
  column: number;
}
export interface FindingPlacesResult {
  places: FindingPlace[];
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
  [CountRequest]: [CountParams, CountResult];
  [FacetsRequest]: [FacetsParams, FacetsResult];
  [HistogramRequest]: [HistogramParams, HistogramResult];
  [GroupByRequest]: [GroupByParams, GroupByResult];
  [RecordRequest]: [RecordParams, RecordResult];
  [ProblemsRequest]: [Record<string, never>, ProblemsResult];
  [AthenaSqlRequest]: [AthenaSqlParams, AthenaSqlResult];
  [CloudWatchPatternRequest]: [CloudWatchPatternParams, CloudWatchPatternResult];
  [QueryCompletionRequest]: [QueryCompletionParams, QueryCompletionResult];
  [IndexStatusRequest]: [Record<string, never>, IndexStatus];
}
export type ServerMethod = keyof ServerRequests;
export const WEBVIEW_FORWARDED_METHODS: readonly ServerMethod[] = [
  QueryRequest, CountRequest, FacetsRequest, HistogramRequest, RecordRequest, ProblemsRequest, AthenaSqlRequest, QueryCompletionRequest, IndexStatusRequest,
  GroupByRequest,
  CloudWatchPatternRequest,
];

/**
 * Every custom message between the language server and the extension client, in one map: a request's method
 * maps to [params, result], a notification's to [params]. The client's sendRequest / onNotification
 * (client/protocol-client.ts) and the server's onRequest / sendNotification (server/protocol-server.ts) are
 * typed from it, so a method sent with the wrong params or answered with the wrong result does not compile.
 * A new message gets its line here (the webview's forwarded requests come from ServerRequests).
 */
export interface ProtocolMap extends ServerRequests {
  [ReindexRequest]: [Record<string, never>, IndexStatus];
  [CancelIndexRequest]: [Record<string, never>, IndexStatus];
  [SetLogFoldersRequest]: [SetLogFoldersParams, IndexStatus];
  [SetS3LocationsRequest]: [SetS3LocationsParams, SetS3LocationsResult];
  [S3LayoutRequest]: [S3LayoutParams, S3LayoutResult];
  [S3PlanRequest]: [S3PlanParams, S3PlanResult];
  [S3BucketsRequest]: [Record<string, never>, S3BucketsResult];
  [S3ProgressNotification]: [S3ProgressParams];
  [SetPinnedRequest]: [SetPinnedParams, { ok: boolean }];
  [PrettyTextRequest]: [PrettyTextParams, PrettyTextResult];
  [ExportRequest]: [ExportParams, ExportResult];
  [FindingsRequest]: [Record<string, never>, FindingsResult];
  [FindingPlacesRequest]: [Record<string, never>, FindingPlacesResult];
  [IdentityStoryRequest]: [IdentityStoryParams, IdentityStoryResult];
  [VerifyIntegrityRequest]: [VerifyIntegrityParams, VerifyIntegrityResult];
  [IndexStatusNotification]: [IndexStatus];
  [FindingsChangedNotification]: [undefined];
  [IntegrityProgressNotification]: [IntegrityProgressParams];
}
/** Methods of the requests (client -> server) of ProtocolMap. */
export type RequestMethod = { [M in keyof ProtocolMap]: ProtocolMap[M] extends [unknown, unknown] ? M : never }[keyof ProtocolMap];
/** Methods of the notifications (server -> client) of ProtocolMap. */
export type NotificationMethod = { [M in keyof ProtocolMap]: ProtocolMap[M] extends [unknown] ? M : never }[keyof ProtocolMap];
export type RequestParams<M extends RequestMethod> = ProtocolMap[M][0];
export type RequestResult<M extends RequestMethod> = ProtocolMap[M] extends [unknown, infer R] ? R : never;
export type NotificationParams<M extends NotificationMethod> = ProtocolMap[M][0];

// ---------------------------------------------------------------------------------------------
// Command ids and URI schemes named by more than one module (package.json declares the commands).

/** The read-only, pretty-printed view of a trail file (.json.gz too): the client's content provider serves
 *  it, the server treats documents of this scheme as read-only (no quick fixes). */
export const PRETTY_SCHEME = 'cloudtrail-gz';
/** Opens the explorer, optionally with a query (string argument). */
export const OPEN_EXPLORER_COMMAND = 'cloudtrailS3.openExplorer';
/** Opens the explorer on a query (string argument): hovers' code actions, views, notifications. */
export const SHOW_IN_EXPLORER_COMMAND = 'cloudtrailS3.showInExplorer';
/** The identity story of a value or of an index row: hover links (command URIs) and the explorer. */
export const SHOW_IDENTITY_STORY_COMMAND = 'cloudtrailS3.showIdentityStory';
/** Reopens a record by eventID: "Copy Link to Record" links and the investigation report. */
export const OPEN_RECORD_COMMAND = 'cloudtrailS3.openRecord';

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
  /** The detail pane's size: fraction of the table's area beside it (side) or below it (stacked). */
  detailSizes?: { side: number; stacked: number };
  /** The table of records, or the group-by table with its two fields. */
  view?: 'records' | 'groupBy';
  groupBy?: { rows: ColumnId; columns: ColumnId };
}

/** The table text of a pinned record as it was when pinned (every value may be ''). */
export interface PinnedRowText {
  time: string;
  eventName: string;
  bucket: string;
  key: string;
  principal: string;
  sourceIP: string;
  error: string;
  file: string;
}
export const PINNED_ROW_FIELDS: readonly (keyof PinnedRowText)[] = ['time', 'eventName', 'bucket', 'key', 'principal', 'sourceIP', 'error', 'file'];

/** A pinned record (kept per workspace by the host): its eventID, the user's note, when it was pinned. */
export interface Pin {
  eventID: string;
  note: string;
  /** ISO time the record was pinned. */
  pinnedAt: string;
  row: PinnedRowText;
}
/** Notes longer than this are cut (a note is a few lines of the analyst's own text). */
export const PIN_NOTE_MAX = 10_000;

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
  /** Pin or unpin a record (by eventID; the row's text is kept for the report). */
  | { type: 'pin'; eventID: string; pinned: boolean; row: PinnedRowText }
  /** The note on a pinned record. */
  | { type: 'pinNote'; eventID: string; note: string }
  /** Put a link that reopens the record (a command URI) on the clipboard. */
  | { type: 'copyLink'; eventID: string }
  /** Write the investigation report (Markdown) of this query and the pins. */
  | { type: 'exportReport'; query: string }
  /** Show the identity story of a record's identity (`id`: its access key, else its principal) or of a value. */
  | { type: 'story'; id?: number; identity?: string };

export type HostToWebview =
  | { type: 'init'; query?: string; status: IndexStatus }
  | { type: 'response'; id: number; result?: unknown; error?: string }
  | { type: 'status'; status: IndexStatus }
  /** Replace the query (command palette, code lens) and run it. */
  | { type: 'setQuery'; query: string }
  | { type: 'toast'; message: string }
  /** The workspace's pins (on init and after every change). */
  | { type: 'pins'; pins: Pin[] }
  /** Show this record (a "Copy Link to Record" link was opened). */
  | { type: 'openRecord'; eventID: string }
  /** The rows' marks changed ("Verify Trail Integrity" ran): fetch the current result again, in place. */
  | { type: 'rowsChanged' };

/** A PinnedRowText: an object of the known fields, each a string. */
export function isPinnedRowText(v: unknown): v is PinnedRowText {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return PINNED_ROW_FIELDS.every((f) => typeof r[f] === 'string');
}
