// `cloudtrail-s3 query QUERY PATH...`: indexes the files (worker threads when the bundle has them) and
// prints the matching S3 records as a table, JSON, NDJSON, formula-safe CSV or the raw records, or just
// their count, in an order that depends on the files alone (evidence output is reproducible).
// Also the loader `stats` shares.

import fs from 'node:fs';
import path from 'node:path';
import { csvRow, rowObject } from '../../core/export';
import { globRegExp, GlobSyntaxError, hasGlobSyntax, splitGlob } from '../../core/files';
import { COLUMN_IDS, DEFAULT_COLUMNS, type ColumnId, type IndexStatus, type RowData, type SortSpec } from '../../core/protocol';
import { formatProblem } from '../../core/problem';
import { parseQuery, type ParsedQuery } from '../../core/query';
import { defaultSettings, type Settings } from '../../core/settings';
import { WorkspaceIndexService } from '../../engine/workspace-index';
import { walkArgs } from '../args';
import { painter, PLAIN, useColour, type ColourChoice, type Painter } from '../colour';
import { printable, safeJson } from '../printable';
import { STDIN_NAME, stdinToFile, type StdinFile } from '../stdin';
import { emptyS3Args, fetchS3Paths, S3_OPTIONS_HELP, s3Option, type S3Args } from '../s3-paths';

export { printable, safeJson };

export const EXIT_OK = 0;
/** `--exit-status` and nothing matched (as grep: a script can branch on it). */
export const EXIT_NO_MATCH = 1;
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
PATH is a file (any name), a folder (its .json, .jsonl and .ndjson files, gzip or not: the files
the explorer reads) or a quoted glob ('logs/**/*.log'); - reads records from standard input.
Exact duplicates across files are counted once.

Rows come in time order (oldest first), records of the same time in file and position order, so the
same query on the same files prints the same rows in the same order on every run.

Options:
  --format FORMAT       table (default), json, ndjson, csv (formula-injection safe; headers are
                        the column ids), or records: the raw CloudTrail records, one JSON per line
  --count               print only the number of matching records
  --sort FIELD[:desc]   sort by a column (${COLUMN_IDS.join(', ')}); ties in time order
  --limit N             at most N rows (default: 100 for table, all otherwise; 0 = all)
  --columns a,b,...     columns to print (default ${DEFAULT_COLUMNS.join(',')})
  --exit-status         exit 1 when no record matched
  --color WHEN          auto (default: on a terminal, unless NO_COLOR is set), always, never
  --workers N           index worker threads (default: one per core)
  --cache DIR           save the index in DIR and load it from there next time (only files added,
                        changed or deleted since are read); off by default
  --                    end of options
${S3_OPTIONS_HELP}
Progress goes to stderr when it is a terminal; problems met in the files are summarised on stderr.
${EXIT_CODES_HELP} With --exit-status, 1 when nothing matched.`;

type Format = 'table' | 'json' | 'ndjson' | 'csv' | 'records';
const FORMATS: readonly Format[] = ['table', 'json', 'ndjson', 'csv', 'records'];

export interface Output {
  out: (s: string) => void;
  err: (s: string) => void;
  /** True when stderr is a terminal (progress is shown only then). */
  errIsTTY?: boolean;
  /** True when stdout is a terminal (colour is on only then, by default; CSV, which is data for a
   *  spreadsheet, is escaped only then). */
  outIsTTY?: boolean;
  /** The environment (NO_COLOR, TERM); default none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** What `-` reads; default process.stdin. */
  stdin?: NodeJS.ReadableStream;
}

/** Files the CLI reads in a folder: the same default set as the explorer (core/file-set.ts). */
export function cliSettings(workers?: number): Settings {
  const s = defaultSettings();
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

/** Problem codes of inputs that were not read at all (their records are missing from the results). */
export const NOT_READ = new Set(['unreadable', 'not-a-file', 'file-too-large', 'utf-16']);

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

/** Indexes the paths (`-`: standard input); an exit code when there is nothing to query (after saying so). */
export async function loadIndex(paths: readonly string[], io: Output, workers?: number, s3: S3Args = emptyS3Args(), cacheDir?: string): Promise<Loaded | number> {
  // s3:// PATHs are fetched into the cache first; their objects are then files like any others.
  const fetched = await fetchS3Paths(paths, s3, io);
  if ('error' in fetched) {
    io.err(`cloudtrail-s3: ${printable(fetched.error)}`);
    return EXIT_USAGE;
  }
  if (fetched.notRead > 0 && fetched.paths.length === 0) return EXIT_NOT_READ;
  const loaded = await loadLocalIndex(fetched.paths, io, workers, cacheDir);
  if (typeof loaded !== 'number') loaded.notRead += fetched.notRead;
  return loaded;
}

async function loadLocalIndex(paths: readonly string[], io: Output, workers?: number, cacheDir?: string): Promise<Loaded | number> {
  let stdin: StdinFile | undefined;
  if (paths.includes('-')) stdin = await stdinToFile(io.stdin ?? process.stdin);
  const roots = paths.map((p) => (p === '-' ? stdin!.path : path.resolve(p)));
  // Standard input is a new temporary file each run: nothing to load it from.
  const loaded = await indexRoots(roots, paths, io, workers, stdin, stdin ? undefined : cacheDir);
  if (typeof loaded === 'number') stdin?.dispose();
  else if (stdin) {
    // The copy of standard input lives as long as the index that re-reads records from it.
    const { service } = loaded;
    stdinCopies.set(service, stdin);
    const dispose = service.dispose.bind(service);
    const copy = stdin;
    service.dispose = () => { dispose(); copy.dispose(); };
  }
  return loaded;
}

/** The copy of standard input an index read, to show it as <stdin>. */
const stdinCopies = new WeakMap<WorkspaceIndexService, StdinFile>();

/** How a path is shown: the temporary copy of standard input as <stdin>. */
function shownPath(file: string, stdin: StdinFile | undefined): string {
  return stdin && file === stdin.path ? STDIN_NAME : file;
}

async function indexRoots(roots: string[], paths: readonly string[], io: Output, workers: number | undefined, stdin: StdinFile | undefined, cacheDir: string | undefined): Promise<Loaded | number> {
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
    roots,
    settings: cliSettings(workers),
    onStatus: progress,
    log: () => undefined,
    // Next to dist/cli.js in the bundle; absent when run from sources, then files are read in this thread.
    workerScript: path.join(__dirname, 'index-worker.js'),
    cacheDir,
  });
  try {
    await service.open();
    // Written before the command answers: a CLI run ends right after.
    await service.flushSave();
  } catch (e) {
    // its worker threads would keep the process alive
    service.dispose();
    throw e;
  }
  const st = service.status();
  const problems = service.problems();
  const notRead = problems.problems.filter((p) => p.severity === 'error' && NOT_READ.has(p.code));
  if (problems.total > 0) {
    io.err(`${problems.total} problem${problems.total === 1 ? '' : 's'} in the files:`);
    // Inputs not read first, every one of them: they are why the exit status is not 0.
    const rest = problems.problems.filter((p) => !notRead.includes(p));
    for (const p of [...notRead, ...rest.slice(0, Math.max(0, 10 - notRead.length))]) io.err(`  ${printable(formatProblem({ ...p, file: shownPath(p.file, stdin) }))}`);
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
  exitStatus: boolean;
  colour: ColourChoice;
  sort?: SortSpec;
  limit?: number;
  columns: ColumnId[];
  workers?: number;
  cacheDir?: string;
  query: string;
  paths: string[];
  s3: S3Args;
}

function columnId(name: string): ColumnId | undefined {
  return COLUMN_IDS.find((c) => c.toLowerCase() === name.toLowerCase());
}

function parseArgs(args: readonly string[]): QueryArgs | { error: string } | 'help' {
  const a: QueryArgs = { format: 'table', count: false, exitStatus: false, colour: 'auto', columns: [...DEFAULT_COLUMNS], query: '', paths: [], s3: emptyS3Args() };
  // walkArgs stops at the first code returned; what stopped it is kept here.
  let stop: { error: string } | 'help' = 'help';
  const fail = (error: string): number => {
    stop = { error };
    return 1;
  };
  const words = walkArgs(args, ({ name, text, value, choice, wholeNumber }) => {
    switch (name) {
      case '--help':
        stop = 'help';
        return 0;
      case '--count':
        a.count = true;
        break;
      case '--exit-status':
        a.exitStatus = true;
        break;
      case '--format':
        a.format = choice(FORMATS);
        break;
      case '--color':
      case '--colour':
        a.colour = choice(['auto', 'always', 'never'] as const);
        break;
      case '--sort': {
        const v = value() ?? '';
        const [field, dir] = v.split(':');
        const column = columnId(field);
        if (!column || (dir !== undefined && !/^(asc|desc)$/i.test(dir))) return fail(`--sort needs FIELD[:desc] with FIELD one of ${COLUMN_IDS.join(', ')}`);
        a.sort = { column, descending: dir?.toLowerCase() === 'desc' };
        break;
      }
      case '--limit':
        a.limit = wholeNumber();
        break;
      case '--workers':
        a.workers = wholeNumber();
        break;
      case '--cache': {
        const v = value();
        if (!v) return fail('--cache needs a folder');
        a.cacheDir = path.resolve(v);
        break;
      }
      case '--columns': {
        const v = value() ?? '';
        const cols = v.split(',').map((c) => c.trim()).filter((c) => c !== '');
        const bad = cols.filter((c) => !columnId(c));
        if (cols.length === 0 || bad.length > 0) return fail(`unknown column ${bad.join(', ') || '(none given)'}; columns: ${COLUMN_IDS.join(', ')}`);
        a.columns = cols.map((c) => columnId(c)!);
        break;
      }
      default: {
        // the S3 options of s3:// PATHs (cli/s3-paths.ts)
        const s3 = s3Option(a.s3, name, value);
        if (s3 === true) break;
        return fail(s3 === false ? `unknown option "${text}"` : s3.error);
      }
    }
    return undefined;
  }, fail);
  if (typeof words === 'number') return stop;
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
  const badPath = badGlobPath(a.paths);
  if (badPath) {
    io.err(`query: ${badPath}`);
    return EXIT_USAGE;
  }
  const loaded = await loadIndex(a.paths, io, a.workers, a.s3, a.cacheDir);
  if (typeof loaded === 'number') return loaded;
  const { service } = loaded;
  // An input that could not be read outweighs "nothing matched" (as grep's 2 does): the answer is incomplete.
  const matched = (n: number): number => {
    const code = finish(loaded, io, EXIT_OK);
    return code === EXIT_OK && a.exitStatus && n === 0 ? EXIT_NO_MATCH : code;
  };
  try {
    const q = parseOrReport(a.query, io.err, 'query')!;
    await readPathTerms(service, q, io);
    const index = service.trailIndex;
    if (a.count) {
      const total = index.count(q);
      io.out(String(total));
      return matched(total);
    }
    const limit = a.limit === undefined ? (a.format === 'table' ? 100 : 0) : a.limit;
    const ids = index.reproducibleRows(q, a.sort);
    const n = limit === 0 ? ids.length : Math.min(limit, ids.length);
    const shown = ids.subarray(0, n);
    if (a.format === 'records') {
      const failed = await printRecords(service, shown, io);
      return failed > 0 ? EXIT_USAGE : matched(ids.length);
    }
    const paint = a.format === 'table' ? painter(useColour(a.colour, io.outIsTTY === true, io.env ?? {})) : PLAIN;
    // Rows are built as they are printed: a million-row export never sits in memory as objects.
    const stdin = stdinCopies.get(service);
    function* rows(): Generator<RowData> {
      for (let i = 0; i < shown.length; i++) {
        const row = index.rowData(shown[i]);
        row.file = shownPath(row.file, stdin);
        yield row;
      }
    }
    printRows(rows(), a.columns, a.format, io.out, paint, io.outIsTTY === true);
    if (a.format === 'table') io.err(n < ids.length ? `(${n} of ${ids.length} records; --limit 0 prints all)` : `(${ids.length} record${ids.length === 1 ? '' : 's'})`);
    return matched(ids.length);
  } finally {
    service.dispose();
  }
}

/**
 * Path terms (`requestParameters.x:y`, `additionalEventData.bytesTransferredOut:>1000000`) read the records
 * themselves: the candidates the other terms leave are re-read before anything is counted or printed.
 */
export async function readPathTerms(service: WorkspaceIndexService, q: ParsedQuery, io: Output): Promise<void> {
  const { unreadable } = await service.readPathTerms(q);
  if (unreadable > 0) io.err(`${unreadable} record${unreadable === 1 ? '' : 's'} could not be read again for the query's paths (their files changed); left out`);
}

/**
 * The raw records, one compact JSON per line (NDJSON for jq), re-read from their files in the rows'
 * order. A record that can no longer be read (its file changed meanwhile) is reported on stderr; returns
 * how many were.
 */
async function printRecords(service: WorkspaceIndexService, ids: Uint32Array, io: Output): Promise<number> {
  let failed = 0;
  for await (const chunk of service.recordTexts(ids)) {
    for (const { result } of chunk) {
      if (!result.ok) {
        failed++;
        io.err(`query: ${printable(result.message)}`);
        continue;
      }
      try {
        io.out(safeJson(JSON.parse(result.text)));
      } catch {
        failed++;
        io.err('query: a record is no longer valid JSON (its file changed since it was read)');
      }
    }
  }
  return failed;
}

function printRows(rows: Iterable<RowData>, columns: readonly ColumnId[], format: Exclude<Format, 'records'>, out: (s: string) => void, paint: Painter, outIsTTY: boolean): void {
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
      // The header is the column ids, as --columns takes them (a script can feed one to the other): our own
      // constants, so bare; every data cell is quoted (csvRow). CSV is data for a spreadsheet, kept exact in a
      // file or a pipe; on a terminal it is escaped.
      const shown = outIsTTY ? printable : (s: string): string => s;
      out(columns.join(','));
      for (const r of rows) out(shown(csvRow(r, columns).slice(0, -2)));
      return;
    }
    case 'table':
      out(formatTable(columns, Array.from(rows, (r) => columns.map((c) => r[c])), paint, columns.indexOf('error')));
  }
}

const MAX_CELL = 60;

/**
 * Aligned columns; cells are made printable (log text can hold terminal escape sequences) and cut. With
 * colour: a bold header, a dim rule, and the `redColumn`'s cells (the error code) in red; the escape
 * sequences go around the padded text, so alignment is the same with or without them.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], paint: Painter = PLAIN, redColumn = -1): string {
  const cells = rows.map((r) => r.map((c) => cut(printable(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: readonly string[], style: (s: string, i: number) => string): string => {
    const last = r.length - 1;
    return r.map((c, i) => style(i === last ? c : c.padEnd(widths[i]), i)).join('  ').replace(/ +$/, '');
  };
  const cellStyle = (s: string, i: number): string => (i === redColumn && s.trim() !== '' ? paint.red(s) : s);
  return [
    line(header, (s) => paint.bold(s)),
    line(widths.map((w) => '-'.repeat(w)), (s) => paint.dim(s)),
    ...cells.map((r) => line(r, cellStyle)),
  ].join('\n');
}

function cut(s: string): string {
  return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s;
}
