// `cloudtrail-s3 query QUERY PATH...`: indexes the files (worker threads when the bundle has them) and
// prints the matching S3 records as a table, JSON, NDJSON or formula-safe CSV, or just their count.
// Also the loader `stats` shares.

import path from 'node:path';
import { csvHeader, csvRow, rowObject } from '../../core/index';
import { COLUMN_IDS, DEFAULT_COLUMNS, type ColumnId, type IndexStatus, type RowData, type SortSpec } from '../../core/protocol';
import { formatProblem } from '../../core/problem';
import { parseQuery, type ParsedQuery } from '../../core/query';
import { defaultSettings, type Settings } from '../../core/settings';
import { WorkspaceIndexService } from '../../server/workspace-index';
import { printable, safeJson } from '../printable';

export { printable, safeJson };

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
/** A PATH, or a file or folder under it, could not be read (missing, permission denied, not a file, too
 *  large): the output covers the rest, and the exit status says it is incomplete (as grep's 2 does). */
export const EXIT_NOT_READ = 2;
export const EXIT_NO_INPUT = 3;

export const EXIT_CODES_HELP = `Exit status: 0 ok, 2 bad arguments or query, or an input that could not be read (missing,
permission denied, not a file, too large; the output covers the rest), 3 no input files found.`;

export const QUERY_USAGE = `Usage: cloudtrail-s3 query [options] QUERY PATH...

Prints the S3 records of the CloudTrail files under PATH that match QUERY (the explorer's query
language: eventName:Delete* bucket:prod -user:*ci* error:AccessDenied since:-24h ip:10.0.0.0/8).
PATH is a file (any name), a folder (its .json, .json.gz, .jsonl, .ndjson and .log files, gzip
or not) or a quoted glob ('logs/**/*.json.gz'). Exact duplicates across files are counted once.

Options:
  --format table|json|ndjson|csv  output format (default table; csv is formula-injection safe)
  --count                         print only the number of matching records
  --sort FIELD[:desc]             sort by a column (${COLUMN_IDS.join(', ')})
  --limit N                       at most N rows (default: 100 for table, all otherwise; 0 = all)
  --columns a,b,...               columns to print (default ${DEFAULT_COLUMNS.join(',')})
  --workers N                     index worker threads (default: one per core)
  --                              end of options
Progress goes to stderr when it is a terminal; problems met in the files are summarised on stderr.
${EXIT_CODES_HELP}`;

type Format = 'table' | 'json' | 'ndjson' | 'csv';

export interface Output {
  out: (s: string) => void;
  err: (s: string) => void;
  /** True when stderr is a terminal (progress is shown only then). */
  errIsTTY?: boolean;
  /** True when stdout is a terminal (CSV, which is data for a spreadsheet, is escaped only then). */
  outIsTTY?: boolean;
}

/** Files the CLI reads in a folder: the index defaults plus the .log NDJSON files pipelines write. */
export function cliSettings(workers?: number): Settings {
  const s = defaultSettings();
  s['index.include'] = [...s['index.include'], '**/*.log', '**/*.log.gz'];
  if (workers !== undefined) s['index.workers'] = workers;
  return s;
}

/** Problem codes of inputs that were not read at all (their records are missing from the results). */
const NOT_READ = new Set(['unreadable', 'not-a-file', 'file-too-large']);

/** An index of the paths, and how many inputs could not be read; an exit code when there is nothing to
 *  query (3 without input files, 2 when inputs could not be read), after saying so. */
export interface Loaded {
  service: WorkspaceIndexService;
  /** Inputs not read (each named on stderr): the command still answers, then exits EXIT_NOT_READ. */
  notRead: number;
}

/** Says on stderr that inputs were not read; the exit code the command ends with. */
export function finish(loaded: Loaded, io: Output, code: number): number {
  if (loaded.notRead === 0 || code !== EXIT_OK) return code;
  io.err(`cloudtrail-s3: ${loaded.notRead} input${loaded.notRead === 1 ? '' : 's'} could not be read (named above); the output covers the rest`);
  return EXIT_NOT_READ;
}

/** Indexes the paths; an exit code when there is nothing to query. */
export async function loadIndex(paths: readonly string[], io: Output, workers?: number): Promise<Loaded | number> {
  let lastLine = 0;
  const progress = (s: IndexStatus): void => {
    if (!io.errIsTTY) return;
    const t = Date.now();
    if (s.state === 'indexing' && t - lastLine < 250) return;
    lastLine = t;
    const line = `indexing: ${s.filesDone}/${s.filesTotal} files, ${s.records} records, ${s.percent}%`;
    io.err(s.state === 'indexing' ? `\r${line}\u001b[K` : `\r\u001b[K`);
  };
  const service = new WorkspaceIndexService({
    roots: paths.map((p) => path.resolve(p)),
    settings: cliSettings(workers),
    onStatus: progress,
    log: () => undefined,
    // Next to dist/cli.js in the bundle; absent when run from sources, then files are read in this thread.
    workerScript: path.join(__dirname, 'index-worker.js'),
  });
  await service.start();
  const st = service.status();
  const problems = service.problems();
  const notRead = problems.problems.filter((p) => p.severity === 'error' && NOT_READ.has(p.code));
  if (problems.total > 0) {
    io.err(`${problems.total} problem${problems.total === 1 ? '' : 's'} in the files:`);
    // Inputs not read first, every one of them: they are why the exit status is not 0.
    const rest = problems.problems.filter((p) => !notRead.includes(p));
    for (const p of [...notRead, ...rest.slice(0, Math.max(0, 10 - notRead.length))]) io.err(`  ${printable(formatProblem(p))}`);
    const shown = Math.max(10, notRead.length);
    if (problems.total > shown) io.err(`  ... ${problems.total - shown} more`);
  }
  if (st.filesTotal === 0) {
    service.dispose();
    if (notRead.length > 0) {
      io.err(`cloudtrail-s3: no input could be read`);
      return EXIT_NOT_READ;
    }
    io.err(`no input files found under ${paths.map(printable).join(', ')}`);
    return EXIT_NO_INPUT;
  }
  return { service, notRead: notRead.length };
}

interface QueryArgs {
  format: Format;
  count: boolean;
  sort?: SortSpec;
  limit?: number;
  columns: ColumnId[];
  workers?: number;
  query: string;
  paths: string[];
}

function columnId(name: string): ColumnId | undefined {
  return COLUMN_IDS.find((c) => c.toLowerCase() === name.toLowerCase());
}

function parseArgs(args: readonly string[]): QueryArgs | { error: string } | 'help' {
  const a: QueryArgs = { format: 'table', count: false, columns: [...DEFAULT_COLUMNS], query: '', paths: [] };
  const words: string[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!options || !arg.startsWith('--') || arg === '-') {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq >= 0 ? arg.slice(eq + 1) : args[++i]);
    switch (name) {
      case '--':
        options = false;
        break;
      case '--help':
        return 'help';
      case '--count':
        a.count = true;
        break;
      case '--format': {
        const v = value();
        if (v !== 'table' && v !== 'json' && v !== 'ndjson' && v !== 'csv') return { error: '--format must be table, json, ndjson or csv' };
        a.format = v;
        break;
      }
      case '--sort': {
        const v = value() ?? '';
        const [field, dir] = v.split(':');
        const column = columnId(field);
        if (!column || (dir !== undefined && !/^(asc|desc)$/i.test(dir))) return { error: `--sort needs FIELD[:desc] with FIELD one of ${COLUMN_IDS.join(', ')}` };
        a.sort = { column, descending: dir?.toLowerCase() === 'desc' };
        break;
      }
      case '--limit':
      case '--workers': {
        const v = value();
        if (v === undefined || !/^\d+$/.test(v)) return { error: `${name} needs a whole number` };
        if (name === '--limit') a.limit = Number(v);
        else a.workers = Number(v);
        break;
      }
      case '--columns': {
        const v = value() ?? '';
        const cols = v.split(',').map((c) => c.trim()).filter((c) => c !== '');
        const bad = cols.filter((c) => !columnId(c));
        if (cols.length === 0 || bad.length > 0) return { error: `unknown column ${bad.join(', ') || '(none given)'}; columns: ${COLUMN_IDS.join(', ')}` };
        a.columns = cols.map((c) => columnId(c)!);
        break;
      }
      default:
        return { error: `unknown option "${arg}"` };
    }
  }
  if (words.length < 2) return { error: 'needs a QUERY and at least one PATH (use \'\' for every S3 record)' };
  a.query = words[0];
  a.paths = words.slice(1);
  return a;
}

/** Checks the query before any file is read; prints the error with a caret under its columns. */
export function parseOrReport(text: string, err: (s: string) => void, command: string): ParsedQuery | undefined {
  const r = parseQuery(text);
  if (r.ok) return r.query;
  err(`${command}: bad query: ${printable(r.error.message)}`);
  err(`  ${printable(text)}`);
  // Columns of the escaped text, where the caret goes under the same characters.
  const start = printable(text.slice(0, r.error.start)).length;
  const width = printable(text.slice(r.error.start, r.error.end)).length;
  err(`  ${' '.repeat(start)}${'^'.repeat(Math.max(1, width))}`);
  return undefined;
}

export async function runQuery(args: string[], io: Output): Promise<number> {
  const a = parseArgs(args);
  if (a === 'help') {
    io.out(QUERY_USAGE);
    return EXIT_OK;
  }
  if ('error' in a) {
    io.err(`query: ${printable(a.error)}\n\n${QUERY_USAGE}`);
    return EXIT_USAGE;
  }
  if (!parseOrReport(a.query, io.err, 'query')) return EXIT_USAGE;
  const loaded = await loadIndex(a.paths, io, a.workers);
  if (typeof loaded === 'number') return loaded;
  const { service } = loaded;
  try {
    if (a.count) {
      const r = service.query({ query: a.query, offset: 0, limit: 0 });
      if (!r.ok) return EXIT_USAGE;
      io.out(String(r.total));
      return finish(loaded, io, EXIT_OK);
    }
    const limit = a.limit === undefined ? (a.format === 'table' ? 100 : 0) : a.limit;
    const q = parseOrReport(a.query, io.err, 'query')!;
    const index = service.trailIndex;
    const ids = index.sortedRows(q, a.sort);
    const n = limit === 0 ? ids.length : Math.min(limit, ids.length);
    // Rows are built as they are printed: a million-row export never sits in memory as objects.
    function* rows(): Generator<RowData> {
      for (let i = 0; i < n; i++) yield index.rowData(ids[i]);
    }
    printRows(rows(), a.columns, a.format, io.out, io.outIsTTY === true);
    if (a.format === 'table') io.err(n < ids.length ? `(${n} of ${ids.length} records; --limit 0 prints all)` : `(${ids.length} record${ids.length === 1 ? '' : 's'})`);
    return finish(loaded, io, EXIT_OK);
  } finally {
    service.dispose();
  }
}

function printRows(rows: Iterable<RowData>, columns: readonly ColumnId[], format: Format, out: (s: string) => void, outIsTTY: boolean): void {
  switch (format) {
    case 'json': {
      // One row per line; the comma goes on once the next row is known.
      let prev: string | undefined;
      out('[');
      for (const r of rows) {
        if (prev !== undefined) out(`${prev},`);
        prev = `  ${safeJson(rowObject(r, columns))}`;
      }
      if (prev !== undefined) out(prev);
      out(']');
      return;
    }
    case 'ndjson':
      for (const r of rows) out(safeJson(rowObject(r, columns)));
      return;
    case 'csv': {
      // CSV is data for a spreadsheet, kept exact in a file or a pipe; on a terminal it is escaped.
      const shown = outIsTTY ? printable : (s: string): string => s;
      out(csvHeader(columns).slice(0, -2));
      for (const r of rows) out(shown(csvRow(r, columns).slice(0, -2)));
      return;
    }
    case 'table':
      out(formatTable(columns, Array.from(rows, (r) => columns.map((c) => r[c]))));
  }
}

const MAX_CELL = 60;

/** Aligned columns; cells are made printable (log text can hold terminal escape sequences) and cut. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((r) => r.map((c) => cut(printable(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function cut(s: string): string {
  return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s;
}
