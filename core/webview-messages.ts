// What the extension host accepts from the explorer webview. The webview renders attacker-controlled log
// text, so the host treats it as untrusted: every message is checked for its type and shape and rebuilt
// from the checked fields (nothing else passes through), and the things that name a place on disk or a
// record (a problem to open, a row to reveal or re-read) must be ones the host itself handed to the webview.
// A compromised webview can then do no more than its user could do with the UI.

import type { Problem, Severity, SourcePosition } from './problem';
import {
  AthenaSqlRequest, CloudWatchPatternRequest, COLUMN_IDS, CountRequest, FacetsRequest, GroupByRequest, HistogramRequest, IndexStatusRequest, isPinnedRowText, PIN_NOTE_MAX,
  PINNED_ROW_FIELDS, ProblemsRequest, QueryCompletionRequest, QueryRequest, RecordRequest, type ColumnId, type PinnedRowText,
  type QueryResult, type RowData, type ServerMethod, type SortSpec, type WebviewToHost,
} from './protocol';

/** Longest query text accepted (the query bar's text; a long IP list is a few KB). */
export const MAX_QUERY_CHARS = 100_000;
/** Longest text put on the clipboard (a record's JSON). */
export const MAX_COPY_CHARS = 32 * 1024 * 1024;
/** Longest identity value a story may be asked for (an ARN is at most 2,048 characters). */
export const MAX_IDENTITY_CHARS = 4096;
/** Longest eventID accepted in a pin or link (CloudTrail's are 36-character UUIDs). */
export const MAX_EVENT_ID_CHARS = 256;
/** Longest text of one field of a pinned row (kept for the report; a row's cells are short). */
export const MAX_PIN_FIELD_CHARS = 64 * 1024;
/** Most rows, facet values or histogram buckets one request may ask for. */
export const MAX_WINDOW = 10_000;
/** Row ids remembered as handed out; the oldest are forgotten first (a long session scrolls far). */
const MAX_REMEMBERED_ROWS = 1_000_000;
/** Problems remembered as handed out (the server sends at most a capped list each time). */
const MAX_REMEMBERED_PROBLEMS = 100_000;

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** Ids and problems the host sent to the webview: the only ones it may name back. */
export class HandedOut {
  private readonly rows = new Set<number>();
  private readonly problems = new Map<string, Problem>();

  /** Notes what a server result relayed to the webview hands out. */
  noteResult(method: string, result: unknown): void {
    if (!isObject(result)) return;
    if (method === QueryRequest) this.noteQueryResult(result as QueryResult);
    else if (method === RecordRequest && Array.isArray(result.related)) {
      // The other side of a joined request: its Reveal names the row.
      this.noteQueryResult({ ok: true, rows: result.related as RowData[] } as QueryResult);
    }
    else if (method === ProblemsRequest && Array.isArray(result.problems)) {
      for (const p of result.problems as Problem[]) {
        const key = problemKey(p);
        if (key === undefined) continue;
        this.problems.delete(key);
        this.problems.set(key, p);
        if (this.problems.size > MAX_REMEMBERED_PROBLEMS) this.problems.delete(this.problems.keys().next().value!);
      }
    }
  }

  /** Notes the rows of a query result (relayed, or put in the page's HTML). */
  noteQueryResult(result: QueryResult): void {
    if (!result.ok || !Array.isArray(result.rows)) return;
    for (const r of result.rows) {
      if (!Number.isSafeInteger(r?.id)) continue;
      this.rows.delete(r.id);
      this.rows.add(r.id);
      if (this.rows.size > MAX_REMEMBERED_ROWS) this.rows.delete(this.rows.values().next().value!);
    }
  }

  hasRow(id: number): boolean {
    return this.rows.has(id);
  }

  /** The host's own copy of the problem the webview names, when it was handed out. */
  problem(p: unknown): Problem | undefined {
    const key = problemKey(p);
    return key === undefined ? undefined : this.problems.get(key);
  }
}

/**
 * The message rebuilt from its checked fields, or undefined when the webview may not send it: unknown type,
 * wrong shape, a method the webview may not call, or an id or problem the host never handed out.
 */
export function acceptWebviewMessage(m: unknown, handedOut: HandedOut): WebviewToHost | undefined {
  if (!isObject(m)) return undefined;
  // Cast for the exhaustiveness check only: any other value reaches `default`.
  const type = m.type as MessageType;
  switch (type) {
    case 'ready':
      return { type: 'ready' };
    case 'request': {
      if (!isCount(m.id) || typeof m.method !== 'string') return undefined;
      const params = acceptParams(m.method, m.params, handedOut);
      return params ? { type: 'request', id: m.id, method: m.method as ServerMethod, params } : undefined;
    }
    case 'reveal':
      return isCount(m.id) && handedOut.hasRow(m.id) ? { type: 'reveal', id: m.id } : undefined;
    case 'openProblem': {
      const problem = handedOut.problem(m.problem);
      return problem ? { type: 'openProblem', problem } : undefined;
    }
    case 'export': {
      if ((m.format !== 'csv' && m.format !== 'json') || !isQuery(m.query)) return undefined;
      const sort = acceptSort(m.sort);
      const columns = acceptColumns(m.columns);
      if (sort === null || !columns) return undefined;
      return { type: 'export', format: m.format, query: m.query, columns, ...(sort ? { sort } : {}) };
    }
    case 'copy':
      return typeof m.text === 'string' && m.text.length <= MAX_COPY_CHARS ? { type: 'copy', text: m.text } : undefined;
    case 'saveQuery':
    case 'queryRan':
    case 'exportReport':
      return isQuery(m.query) ? { type, query: m.query } : undefined;
    case 'pin': {
      const row = acceptPinnedRow(m.row);
      return isEventID(m.eventID) && typeof m.pinned === 'boolean' && row ? { type: 'pin', eventID: m.eventID, pinned: m.pinned, row } : undefined;
    }
    case 'pinNote':
      return isEventID(m.eventID) && typeof m.note === 'string' && m.note.length <= PIN_NOTE_MAX ? { type: 'pinNote', eventID: m.eventID, note: m.note } : undefined;
    case 'copyLink':
      return isEventID(m.eventID) ? { type: 'copyLink', eventID: m.eventID } : undefined;
    case 'story':
      // a row the host handed out, or a value (an access key, ARN, session name, IP) the story is asked for
      if (m.id !== undefined) return isCount(m.id) && handedOut.hasRow(m.id) ? { type: 'story', id: m.id } : undefined;
      return typeof m.identity === 'string' && m.identity.length > 0 && m.identity.length <= MAX_IDENTITY_CHARS
        ? { type: 'story', identity: m.identity } : undefined;
    default:
      return exhaustive(type);
  }
}

type MessageType = WebviewToHost['type'];

/** Compiles only when every message type has its case above: a new one cannot slip through unchecked. */
function exhaustive(type: never): undefined {
  void type;
  return undefined;
}

type ParamsCheck = (p: Record<string, unknown>, handedOut: HandedOut) => object | undefined;

/** For each method the webview may forward (WEBVIEW_FORWARDED_METHODS, a test keeps them equal), its params
 *  rebuilt from checked fields, or undefined. */
export const FORWARDED_PARAMS: Readonly<Record<string, ParamsCheck>> = {
  [QueryRequest]: (p) => {
    const sort = acceptSort(p.sort);
    if (!isQuery(p.query) || sort === null || !isCount(p.offset) || !isCount(p.limit) || p.limit > MAX_WINDOW) return undefined;
    if (p.countLater !== undefined && typeof p.countLater !== 'boolean') return undefined;
    return { query: p.query, offset: p.offset, limit: p.limit, ...(sort ? { sort } : {}), ...(p.countLater ? { countLater: true } : {}) };
  },
  [CountRequest]: (p) => (isQuery(p.query) ? { query: p.query } : undefined),
  [FacetsRequest]: (p) => {
    const columns = acceptColumns(p.columns);
    return isQuery(p.query) && columns && isCount(p.limit) && p.limit <= MAX_WINDOW ? { query: p.query, columns, limit: p.limit } : undefined;
  },
  [HistogramRequest]: (p) =>
    isQuery(p.query) && isCount(p.buckets) && p.buckets >= 1 && p.buckets <= MAX_WINDOW ? { query: p.query, buckets: p.buckets } : undefined,
  [RecordRequest]: (p, handedOut) => (isCount(p.id) && handedOut.hasRow(p.id) ? { id: p.id } : undefined),
  [ProblemsRequest]: () => ({}),
  // the host puts the table of the user's settings in (explorer-panel.ts)
  [CloudWatchPatternRequest]: (p) => (isQuery(p.query) ? { query: p.query } : undefined),
  [AthenaSqlRequest]: (p) => (isQuery(p.query) && typeof p.table === 'string' && p.table.length <= 1000 ? { query: p.query, table: p.table } : undefined),
  [QueryCompletionRequest]: (p) => (isQuery(p.query) && isCount(p.offset) && p.offset <= p.query.length ? { query: p.query, offset: p.offset } : undefined),
  [IndexStatusRequest]: () => ({}),
  [GroupByRequest]: (p) =>
    isQuery(p.query) && isColumn(p.rows) && isColumn(p.columns) && isCount(p.rowLimit) && p.rowLimit <= MAX_WINDOW
      && isCount(p.columnLimit) && p.columnLimit <= MAX_WINDOW
      ? { query: p.query, rows: p.rows, columns: p.columns, rowLimit: p.rowLimit, columnLimit: p.columnLimit }
      : undefined,
};

function acceptParams(method: string, p: unknown, handedOut: HandedOut): object | undefined {
  const check = Object.hasOwn(FORWARDED_PARAMS, method) ? FORWARDED_PARAMS[method] : undefined;
  return check && isObject(p) ? check(p, handedOut) : undefined;
}

/** A checked sort, undefined when absent, null when malformed. */
function acceptSort(s: unknown): SortSpec | undefined | null {
  if (s === undefined) return undefined;
  if (!isObject(s) || !isColumn(s.column) || typeof s.descending !== 'boolean') return null;
  return { column: s.column, descending: s.descending };
}

/** Known, distinct column ids, at least one. */
function acceptColumns(c: unknown): ColumnId[] | undefined {
  if (!Array.isArray(c) || c.length === 0 || c.length > COLUMN_IDS.length || !c.every(isColumn)) return undefined;
  return new Set(c).size === c.length ? [...c] : undefined;
}

/** The identity of a problem: where and what (a forged message cannot name another file or position). */
function problemKey(p: unknown): string | undefined {
  if (!isObject(p) || typeof p.file !== 'string' || typeof p.code !== 'string' || typeof p.message !== 'string') return undefined;
  if (!SEVERITIES.includes(p.severity as Severity)) return undefined;
  let position: [number, number, number] | undefined;
  if (p.position !== undefined) {
    if (!isObject(p.position)) return undefined;
    const { offset, line, column } = p.position as Partial<SourcePosition>;
    if (!isCount(offset) || !isCount(line) || !isCount(column)) return undefined;
    position = [offset, line, column];
  }
  return JSON.stringify([p.file, p.code, p.severity, p.message, position ?? null]);
}

/** A pinned row's text rebuilt from its known fields, each a string of bounded length. */
function acceptPinnedRow(v: unknown): PinnedRowText | undefined {
  if (!isPinnedRowText(v)) return undefined;
  const row = {} as PinnedRowText;
  for (const f of PINNED_ROW_FIELDS) {
    if (v[f].length > MAX_PIN_FIELD_CHARS) return undefined;
    row[f] = v[f];
  }
  return row;
}

function isEventID(v: unknown): v is string {
  return typeof v === 'string' && v !== '' && v.length <= MAX_EVENT_ID_CHARS;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function isQuery(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_QUERY_CHARS;
}

function isColumn(v: unknown): v is ColumnId {
  return typeof v === 'string' && (COLUMN_IDS as readonly string[]).includes(v);
}
