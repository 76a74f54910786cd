// `cloudtrail-s3 query QUERY PATH...`: indexes the files (worker threads when the bundle has them) and
// prints the matching S3 records as a table, JSON, NDJSON or formula-safe CSV, or just their count.
// Also the loader `stats` shares.

import fs from 'node:fs';
import path from 'node:path';
import { csvHeader, csvRow, globRegExp, GlobSyntaxError, hasGlobSyntax, rowObject, splitGlob } from '../../core/index';
import { COLUMN_IDS, DEFAULT_COLUMNS, type ColumnId, type IndexStatus, type RowData, type SortSpec } from '../../core/protocol';
import { formatProblem } from '../../core/problem';
import { parseQuery, type ParsedQuery } from '../../core/query';
import { defaultSettings, type Settings } from '../../core/settings';
import { WorkspaceIndexService } from '../../server/workspace-index';

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_NO_INPUT = 3;

export const EXIT_CODES_HELP = `Exit status: 0 ok, 2 bad arguments or query, 3 no input files found.`;

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
}

/** Files the CLI reads in a folder: the index defaults plus the .log NDJSON files pipelines write. */
export function cliSettings(workers?: number): Settings {
  const s = defaultSettings();
  s['index.include'] = [...s['index.include'], '**/*.log', '**/*.log.gz'];
  if (workers !== undefined) s['index.workers'] = workers;
  return s;
}

/** What is wrong with the first PATH that is an invalid glob (`'logs/[z-a]*.json'`), or undefined: checked before
 *  anything is read, so such a PATH is a usage error (exit 2) naming it, not a stack trace or a hang. */
export function badGlobPath(paths: readonly string[]): string | undefined {
  for (const p of paths) {
    // An existing file or folder is taken as named, whatever characters its name holds.
    if (!hasGlobSyntax(p) || fs.existsSync(p)) continue;
    try {
      globRegExp(splitGlob(path.resolve(p)).pattern);
    } catch (e) {
      if (!(e instanceof GlobSyntaxError)) throw e;
      return printable(`PATH "${p}" is ${e.message.replace(/^invalid/, 'an invalid')}`);
    }
  }
  return undefined;
}

/** Indexes the paths; undefined when no file was found (exit 3, after saying so). */
export async function loadIndex(paths: readonly string[], io: Output, workers?: number): Promise<WorkspaceIndexService | undefined> {
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
  try {
    await service.start();
  } catch (e) {
    // its worker threads would keep the process alive
    service.dispose();
    throw e;
  }
  const st = service.status();
  const problems = service.problems();
  if (problems.total > 0) {
    io.err(`${problems.total} problem${problems.total === 1 ? '' : 's'} in the files:`);
    for (const p of problems.problems.slice(0, 10)) io.err(`  ${oneLine(formatProblem(p))}`);
    if (problems.total > 10) io.err(`  ... ${problems.total - 10} more`);
  }
  if (st.filesTotal === 0) {
    io.err(`no input files found under ${paths.join(', ')}`);
    service.dispose();
    return undefined;
  }
  return service;
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
  err(`${command}: bad query: ${r.error.message}`);
  err(`  ${printable(text)}`);
  err(`  ${' '.repeat(r.error.start)}${'^'.repeat(Math.max(1, r.error.end - r.error.start))}`);
  return undefined;
}

export async function runQuery(args: string[], io: Output): Promise<number> {
  const a = parseArgs(args);
  if (a === 'help') {
    io.out(QUERY_USAGE);
    return EXIT_OK;
  }
  if ('error' in a) {
    io.err(`query: ${a.error}\n\n${QUERY_USAGE}`);
    return EXIT_USAGE;
  }
  if (!parseOrReport(a.query, io.err, 'query')) return EXIT_USAGE;
  const badPath = badGlobPath(a.paths);
  if (badPath) {
    io.err(`query: ${badPath}`);
    return EXIT_USAGE;
  }
  const service = await loadIndex(a.paths, io, a.workers);
  if (!service) return EXIT_NO_INPUT;
  try {
    if (a.count) {
      const r = service.query({ query: a.query, offset: 0, limit: 0 });
      if (!r.ok) return EXIT_USAGE;
      io.out(String(r.total));
      return EXIT_OK;
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
    printRows(rows(), a.columns, a.format, io.out);
    if (a.format === 'table') io.err(n < ids.length ? `(${n} of ${ids.length} records; --limit 0 prints all)` : `(${ids.length} record${ids.length === 1 ? '' : 's'})`);
    return EXIT_OK;
  } finally {
    service.dispose();
  }
}

function printRows(rows: Iterable<RowData>, columns: readonly ColumnId[], format: Format, out: (s: string) => void): void {
  switch (format) {
    case 'json': {
      // One row per line; the comma goes on once the next row is known.
      let prev: string | undefined;
      out('[');
      for (const r of rows) {
        if (prev !== undefined) out(`${prev},`);
        prev = `  ${JSON.stringify(rowObject(r, columns))}`;
      }
      if (prev !== undefined) out(prev);
      out(']');
      return;
    }
    case 'ndjson':
      for (const r of rows) out(JSON.stringify(rowObject(r, columns)));
      return;
    case 'csv':
      out(csvHeader(columns).slice(0, -2));
      for (const r of rows) out(csvRow(r, columns).slice(0, -2));
      return;
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

/** Control characters (ESC, CR, newlines, bidi overrides) shown as '?' so text cannot drive the terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
}

function oneLine(s: string): string {
  return printable(s.replace(/[\r\n]+/g, ' '));
}
