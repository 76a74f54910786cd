// `cloudtrail-s3 join PATH...`: S3 server access log lines and CloudTrail records of the same files joined by
// request ID (core/index/join.ts): how many lines have a CloudTrail record, how many CloudTrail S3 records have a
// line, and per bucket the data events with a line and the access requests CloudTrail did not log, by operation.
// These numbers tell whether a trail logs data events at all.

import { joinSummary, type JoinSummary } from '../../core/index';
import { walkArgs } from '../args';
import { badGlobPath, EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE, finish, formatTable, loadIndex, parseOrReport, printable, readPathTerms, safeJson, type Output } from './query';

/** No access-log line among the inputs: nothing was joined (scripts can tell it from a join with no match). */
export const EXIT_NO_ACCESS_LOGS = 1;

export const JOIN_USAGE = `Usage: cloudtrail-s3 join [options] PATH...

Joins the S3 server access log lines under PATH (recognised by content: no extension, any prefix, .gz too)
with the CloudTrail records under PATH by request ID, and prints: access-log lines (repeated deliveries
included), lines with a CloudTrail record, lines without one, CloudTrail S3 records with and without a
line; then per bucket: CloudTrail data events with an access-log line, and access-log requests without a
CloudTrail record, by operation (data events off, or a bucket the trail does not cover).

Options:
  --query QUERY          join only the rows matching QUERY (e.g. bucket:prod-*)
  --format table|json    output format (default table)
  --workers N            index worker threads (default: one per core)
${EXIT_CODES_HELP} 1 when no access-log line was found under PATH.`;

export async function runJoin(args: string[], io: Output): Promise<number> {
  let query = '';
  let format = 'table' as 'table' | 'json';
  let workers: number | undefined;
  const paths = walkArgs(args, ({ name, text, value, choice, wholeNumber }) => {
    if (name === '--help') {
      io.out(JOIN_USAGE);
      return EXIT_OK;
    } else if (name === '--query') query = value() ?? '';
    else if (name === '--workers') {
      workers = wholeNumber();
    } else if (name === '--format') {
      format = choice(['table', 'json'] as const);
    } else return usage(io, `unknown option "${text}"`);
    return undefined;
  }, (message) => usage(io, message));
  if (typeof paths === 'number') return paths;
  if (paths.length === 0) return usage(io, 'needs at least one PATH');
  const q = query.trim() === '' ? undefined : parseOrReport(query, io.err, 'join');
  if (query.trim() !== '' && !q) return EXIT_USAGE;
  const badPath = badGlobPath(paths);
  if (badPath) {
    io.err(`join: ${badPath}`);
    return EXIT_USAGE;
  }
  const loaded = await loadIndex(paths, io, workers);
  if (typeof loaded === 'number') return loaded;
  const { service } = loaded;
  try {
    if (q) await readPathTerms(service, q, io);
    const index = service.trailIndex;
    const summary = joinSummary(index.store, q ? index.matchingRows(q) : undefined);
    io.out(format === 'json' ? safeJson(summary, 2) : formatJoin(summary));
    if (index.store.accessLines === 0) {
      io.err('join: no S3 server access log line found under the PATHs');
      return finish(loaded, io, EXIT_NO_ACCESS_LOGS);
    }
    return finish(loaded, io, EXIT_OK);
  } finally {
    service.dispose();
  }
}

function usage(io: Output, message: string): number {
  io.err(`join: ${printable(message)}\n\n${JOIN_USAGE}`);
  return EXIT_USAGE;
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((a * 100) / b).toFixed(1)}%`);

export function formatJoin(s: JoinSummary): string {
  const lines = [
    `access-log lines            ${s.lines}${s.duplicateLines > 0 ? ` (${s.duplicateLines} repeated deliveries)` : ''}`,
    `  with a CloudTrail record  ${s.joinLines}`,
    `  without (access only)     ${s.accessOnlyLines}`,
    `CloudTrail S3 records       ${s.ctS3Records}`,
    `  with an access-log line   ${s.ctS3RecordsWithLines}`,
    `  without                   ${s.ctS3RecordsWithoutLines}`,
    '',
    formatTable(['bucket', 'data events', 'with line', 'access lines', 'no CloudTrail'],
      s.byBucket.map((b) => [printable(b.bucket), String(b.dataEvents), `${b.dataEventsWithLines} (${pct(b.dataEventsWithLines, b.dataEvents)})`, String(b.accessLines), String(b.accessLinesWithoutCloudTrail)])),
  ];
  const m = s.managementOnly;
  if (m.records > 0) {
    const where = [m.buckets > 0 ? `of ${m.buckets} bucket${m.buckets === 1 ? '' : 's'} without data events or access-log lines` : '', m.withoutBucket > 0 ? `${m.withoutBucket} without a bucket: ListBuckets and other account-level calls` : ''].filter(Boolean).join('; ');
    lines.push(`not in the table: ${m.records} management event${m.records === 1 ? '' : 's'} (${where})`);
  }
  const missing = s.byBucket.filter((b) => b.accessLinesWithoutCloudTrail > 0);
  if (missing.length > 0) {
    lines.push('', 'access-log requests without a CloudTrail record, by operation:');
    for (const b of missing) {
      const ops = Object.entries(b.withoutCloudTrailByOperation).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
      lines.push(printable(`  ${b.bucket}: ${ops.map(([op, n]) => `${op} ${n}`).join(', ')}`));
    }
  }
  return lines.join('\n');
}
