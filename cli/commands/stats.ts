// `cloudtrail-s3 stats PATH...`: what is in a set of trail files: totals, time range, and the top values
// of eventName, bucket, principal, account, region and error among the S3 records (or a query's).

import path from 'node:path';
import type { ColumnId, FacetValue } from '../../core/protocol';
import { badGlobPath, EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE, finish, formatTable, loadIndex, parseOrReport, printable, readPathTerms, safeJson, type Output } from './query';
import { walkArgs } from '../args';
import { plural, recordCountsText } from '../../core/record-counts';
import { emptyS3Args, S3_OPTIONS_HELP, s3Option } from '../s3-paths';

export const STATS_USAGE = `Usage: cloudtrail-s3 stats [options] PATH...

Counts the records of the CloudTrail files under PATH (files, folders, quoted globs; .gz included), and the
S3 server access log lines among them (matching counts both; kind:cloudtrail or kind:access narrows):
files, records, S3 records, duplicates dropped, problems, time range, and the top values of
eventName, bucket, principal, account, region and error among the S3 records.

Options:
  --query QUERY          count only the records matching QUERY (default: every S3 record)
  --top N                values listed per field (default 10)
  --format text|json     output format (default text)
  --workers N            index worker threads (default: one per core)
  --cache DIR            save the index in DIR and load it from there next time (off by default)
${S3_OPTIONS_HELP}
${EXIT_CODES_HELP}`;

const STATS_FIELDS: { column: ColumnId; title: string }[] = [
  { column: 'eventName', title: 'eventName' },
  { column: 'bucket', title: 'bucket' },
  { column: 'principal', title: 'principal' },
  { column: 'account', title: 'account' },
  { column: 'region', title: 'region' },
  { column: 'error', title: 'error' },
];

export interface Stats {
  files: number;
  /** Records as counted in the files: distinct + duplicates. */
  records: number;
  /** Records once exact duplicates are dropped; s3Records and matching count among these. */
  distinctRecords: number;
  s3Records: number;
  duplicates: number;
  /** S3 server access log lines (not among the records), and their repeated deliveries dropped. */
  accessLines?: number;
  accessDuplicates?: number;
  problems: number;
  matching: number;
  firstEventTime?: string;
  lastEventTime?: string;
  top: Record<string, FacetValue[]>;
}

export async function runStats(args: string[], io: Output): Promise<number> {
  let query = '';
  let top = 10;
  let format = 'text' as 'text' | 'json'; // set in walkArgs' callback: no narrowing to the initial value
  let workers: number | undefined;
  let cacheDir: string | undefined;
  const s3 = emptyS3Args();
  const paths = walkArgs(args, ({ name, text, value, choice, wholeNumber }) => {
    if (name === '--help') {
      io.out(STATS_USAGE);
      return EXIT_OK;
    } else if (name === '--query') query = value() ?? '';
    else if (name === '--cache') {
      const v = value();
      if (!v) return usage(io, '--cache needs a folder');
      cacheDir = path.resolve(v);
    }
    else if (name === '--top' || name === '--workers') {
      const v = wholeNumber();
      if (name === '--top') top = v;
      else workers = v;
    } else if (name === '--format') {
      format = choice(['text', 'json'] as const);
    } else {
      const taken = s3Option(s3, name, value);
      if (taken === false) return usage(io, `unknown option "${text}"`);
      if (taken !== true) return usage(io, taken.error);
    }
    return undefined;
  }, (message) => usage(io, message));
  if (typeof paths === 'number') return paths;
  if (paths.length === 0) return usage(io, 'needs at least one PATH');
  const q = parseOrReport(query, io.err, 'stats');
  if (!q) return EXIT_USAGE;
  const badPath = badGlobPath(paths);
  if (badPath) {
    io.err(`stats: ${badPath}`);
    return EXIT_USAGE;
  }
  const loaded = await loadIndex(paths, io, workers, s3, cacheDir);
  if (typeof loaded === 'number') return loaded;
  const { service } = loaded;
  try {
    await readPathTerms(service, q, io);
    const index = service.trailIndex;
    const st = service.status();
    const rows = index.matchingRows(q);
    let first = Infinity, last = -Infinity, firstId = -1, lastId = -1;
    for (let i = 0; i < rows.length; i++) {
      const t = index.store.time.at(rows[i]);
      if (t < first) [first, firstId] = [t, rows[i]];
      if (t > last) [last, lastId] = [t, rows[i]];
    }
    const facets = index.facets(q, STATS_FIELDS.map((f) => f.column), top);
    const stats: Stats = {
      files: st.filesTotal, records: st.records, distinctRecords: st.records - st.duplicates, s3Records: st.s3Records, duplicates: st.duplicates, problems: st.problems,
      ...(st.accessLines !== undefined ? { accessLines: st.accessLines, accessDuplicates: st.accessDuplicates ?? 0 } : {}),
      matching: rows.length,
      ...(firstId >= 0 ? { firstEventTime: index.eventTimeText(firstId), lastEventTime: index.eventTimeText(lastId) } : {}),
      top: Object.fromEntries(STATS_FIELDS.map((f) => [f.title, facets[f.column] ?? []])),
    };
    io.out(format === 'json' ? safeJson(stats, 2) : formatStats(stats, query));
    return finish(loaded, io, EXIT_OK);
  } finally {
    service.dispose();
  }
}

function usage(io: Output, message: string): number {
  io.err(`stats: ${printable(message)}\n\n${STATS_USAGE}`);
  return EXIT_USAGE;
}

export function formatStats(s: Stats, query: string): string {
  const lines = [
    `files       ${s.files}`,
    // The figures add up: records in the files = distinct + duplicates; S3 records are among the distinct.
    s.duplicates > 0
      ? `records     ${s.records} in the files = ${s.distinctRecords} distinct + ${s.duplicates} exact duplicates (dropped)`
      : `records     ${s.records}`,
    // In the status bar's and the explorer's words (core/record-counts.ts).
    `indexed     ${recordCountsText(s)}${s.duplicates > 0 ? ` (the S3 records among the ${s.distinctRecords} distinct)` : ''}`,
    ...(s.accessLines !== undefined ? [`access-log  ${s.accessDuplicates ? `${plural(s.accessDuplicates, 'repeated delivery', 'repeated deliveries')} of a line dropped; ` : ''}cloudtrail-s3 join tells how they join`] : []),
    ...(query.trim() !== '' ? [`matching    ${s.matching}  (${printable(query)})`] : []),
    `problems    ${s.problems}`,
    ...(s.firstEventTime ? [`time range  ${printable(s.firstEventTime)} .. ${printable(s.lastEventTime ?? '')}`] : []),
  ];
  for (const f of STATS_FIELDS) {
    const values = s.top[f.title];
    lines.push('', formatTable([f.title, 'count'], values.length > 0 ? values.map((v) => [v.value, String(v.count)]) : [['(none)', '0']]));
  }
  return lines.join('\n');
}
