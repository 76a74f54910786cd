// The server side of the explorer protocol for the Chromium tests and the bench: answers each
// forwarded request (WEBVIEW_FORWARDED_METHODS) from a real core TrailIndex.

import { pathToFileURL } from 'node:url';
import {
  AthenaSqlRequest, CountRequest, FacetsRequest, GroupByRequest, HistogramRequest, IndexStatusRequest, ProblemsRequest, QueryCompletionRequest, QueryRequest, RecordRequest,
  type ColumnId, type IndexStatus, type RecordResult, type ServerMethod, type ServerRequests,
} from '../../../core/protocol';
import type { Problem } from '../../../core/problem';
import { CloudWatchPatternRequest } from '../../../core/protocol';
import { cloudWatchPattern } from '../../../server/cloudwatch-pattern';
import type { IntegrityMark } from '../../../core/integrity';
import { TrailIndex, type RowLocation } from '../../../core/index';
import { parseQuery, queryCompletions, toAthenaSql, type ParsedQuery, type QueryField } from '../../../core/query';

/** A record sliced out of its file's decompressed bytes by its location, with its line and column there: what the
 *  server's RecordRequest answers, for the backends that hold or read the file's text (file-backend.ts,
 *  saved-backend.ts). */
export function recordInText(loc: RowLocation, bytes: Buffer, gzip: boolean): RecordResult {
  const before = bytes.subarray(0, loc.offset).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    ok: true,
    json: bytes.subarray(loc.offset, loc.offset + loc.length).toString('utf8'),
    location: {
      uri: pathToFileURL(loc.file).href, offset: loc.offset, length: loc.length, gzip, ordinal: loc.ordinal,
      line: before.split('\n').length - 1, column: before.length - lineStart,
    },
  };
}

/** Which table column holds the values offered for a query field in completion. */
const COMPLETION_COLUMN: Partial<Record<QueryField, ColumnId>> = {
  eventName: 'eventName', bucket: 'bucket', key: 'key', user: 'principal', identity: 'identityType', account: 'account',
  recipient: 'recipient', region: 'region', ip: 'sourceIP', agent: 'userAgent', error: 'error', source: 'eventSource',
};

export interface Backend {
  index: TrailIndex;
  problems: Problem[];
  status(): IndexStatus;
  /** The record's JSON text and location. */
  record(id: number): RecordResult;
  /** Extra delay per answer (ms), to show loading states; 0 by default. */
  latencyMs?: number;
  /** Extra delay of the answers of some methods (ms), instead of latencyMs: to show a state that lasts until they come. */
  methodLatencyMs?: Partial<Record<ServerMethod, number>>;
  /** eventIDs pinned (what the client tells the server): what `pinned:true` matches. */
  pinned?: Set<string>;
  /** Row id -> rule ids of the findings holding the record (what the server's row sets mark). */
  findings?: Map<number, string>;
  /** The last verification's marks by log file (what the server puts on the rows of failed files). */
  integrity?: Map<string, IntegrityMark>;
}

export function indexStatus(index: TrailIndex, problems: number, filesTotal: number): IndexStatus {
  const s = index.store;
  return {
    state: 'ready', filesTotal, filesDone: filesTotal, records: s.records - s.accessLines, s3Records: s.s3Records - s.accessLines, duplicates: s.duplicates, problems,
    percent: 100, elapsedMs: 0, ...(s.accessLines > 0 ? { accessLines: s.accessLines } : {}),
  };
}

type Answer<M extends ServerMethod> = ServerRequests[M][1];

/** Answers one forwarded request the way the language server does. */
export function answer<M extends ServerMethod>(b: Backend, method: M, params: ServerRequests[M][0]): Answer<M> {
  return answerAny(b, method, params as never) as Answer<M>;
}

let pinned: ReadonlySet<string> | undefined;
const completionCache = new WeakMap<TrailIndex, { generation: number; values: Map<ColumnId, string[]> }>();
function parsed(text: string): { ok: true; query: ParsedQuery } | { ok: false; error: { message: string; start: number; end: number } } {
  return parseQuery(text, Date.now(), { pinned });
}

function answerAny(b: Backend, method: ServerMethod, params: unknown): unknown {
  const index = b.index;
  pinned = b.pinned;
  switch (method) {
    case QueryRequest: {
      const p = params as ServerRequests[typeof QueryRequest][0];
      const t0 = performance.now();
      const q = parsed(p.query);
      if (!q.ok) return { ok: false, error: q.error };
      const w = p.countLater ? index.windowBeforeCount(q.query, p.sort, p.offset, p.limit) : index.window(q.query, p.sort, p.offset, p.limit);
      for (const row of w.rows) {
        const f = b.findings?.get(row.id);
        if (f) row.findings = f;
        const mark = b.integrity?.get(row.file);
        if (mark) row.integrity = mark;
      }
      return {
        ok: true, total: w.total ?? p.offset + w.rows.length, ...(w.total === undefined ? { counting: true } : {}),
        s3Total: index.store.s3Records, allTotal: index.store.records, rows: w.rows, tookMs: performance.now() - t0,
      };
    }
    case CountRequest: {
      const q = parsed((params as ServerRequests[typeof CountRequest][0]).query);
      return q.ok ? { ok: true, total: index.count(q.query) } : { ok: false, error: q.error };
    }
    case FacetsRequest: {
      const p = params as ServerRequests[typeof FacetsRequest][0];
      const q = parsed(p.query);
      if (!q.ok) return { ok: false, error: q.error };
      return { ok: true, facets: index.facets(q.query, p.columns, p.limit) };
    }
    case HistogramRequest: {
      const p = params as ServerRequests[typeof HistogramRequest][0];
      const q = parsed(p.query);
      if (!q.ok) return { ok: false, error: q.error };
      return { ok: true, ...index.histogram(q.query, p.buckets) };
    }
    case GroupByRequest: {
      const p = params as ServerRequests[typeof GroupByRequest][0];
      const q = parsed(p.query);
      if (!q.ok) return { ok: false, error: q.error };
      const table = index.groupBy(q.query, p.rows, p.columns, p.rowLimit, p.columnLimit);
      return table ? { ok: true, ...table } : { ok: false, error: { message: 'cannot group', start: 0, end: 0 } };
    }
    case RecordRequest:
      return b.record((params as { id: number }).id);
    case ProblemsRequest:
      return { problems: b.problems.slice(0, 500), total: b.problems.length };
    case CloudWatchPatternRequest:
      return cloudWatchPattern(params as ServerRequests[typeof CloudWatchPatternRequest][0]);
    case AthenaSqlRequest: {
      const p = params as ServerRequests[typeof AthenaSqlRequest][0];
      const q = parsed(p.query);
      if (!q.ok) return { ok: false, error: q.error };
      return { ok: true, sql: toAthenaSql(q.query, p.table) };
    }
    case QueryCompletionRequest: {
      const p = params as ServerRequests[typeof QueryCompletionRequest][0];
      const all = parseQuery('source:*');
      // Kept per index state, as the server keeps its completion values (engine/workspace-index.ts): a request
      // while typing costs no pass over every row, and the last query's cached result stays.
      let cache = completionCache.get(index);
      if (!cache || cache.generation !== index.store.generation) completionCache.set(index, cache = { generation: index.store.generation, values: new Map() });
      const values = (field: QueryField): string[] => {
        const column = COMPLETION_COLUMN[field];
        if (!column || !all.ok) return [];
        let v = cache.values.get(column);
        if (!v) cache.values.set(column, v = (new TrailIndex(index.store).facets(all.query, [column], 50)[column] ?? []).map((f) => f.value));
        return v;
      };
      return { items: queryCompletions(p.query, p.offset, values) };
    }
    case IndexStatusRequest:
      return b.status();
    default:
      throw new Error(`unknown method ${String(method)}`);
  }
}

/** The SQL the server renders for a query (what "Copy as Athena SQL" must put on the clipboard). */
export function athenaSql(query: string, table: string): string | undefined {
  const q = parseQuery(query);
  return q.ok ? toAthenaSql(q.query, table) : undefined;
}

/** The pattern the server renders for a query (what the explorer's CloudWatch button must copy). */
export function cloudWatchPatternOf(query: string): string | undefined {
  const r = cloudWatchPattern({ query });
  return r.ok ? r.pattern : undefined;
}
