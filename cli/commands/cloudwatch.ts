// `cloudtrail-s3 cloudwatch [--json] QUERY`: prints the query as a CloudWatch Logs JSON filter pattern
// for a metric filter on a trail's log group. The pattern goes to stdout alone (ready for
// `aws logs put-metric-filter --filter-pattern "$(...)"`); notes on how its matching differs go to
// stderr. A bad query or a term a pattern cannot say exits 2 with the message and a caret under it.

import { CloudWatchUnsupportedError, parseQuery, toCloudWatchPattern } from '../../core/query';
import { walkArgs } from '../args';
import { printable } from '../printable';

export const CLOUDWATCH_USAGE = `Usage: cloudtrail-s3 cloudwatch [--json] QUERY

Prints QUERY (the explorer's query language) as a CloudWatch Logs JSON filter pattern, for a metric
filter and alarm (or a subscription filter, a search, Live Tail) on the log group your trail delivers to.
Notes on matching that differs from the explorer's (CloudWatch compares text case-sensitively) go to stderr.
  --json         print {"pattern": ..., "notes": [...]} instead
  --             end of options
Terms a filter pattern cannot express (since:/until:, principal:, crossaccount:, CIDRs off octet
boundaries, bare words, ...) are errors (exit 2) that name the term.
Example: cloudtrail-s3 cloudwatch 'source:s3.amazonaws.com eventName:PutBucketPolicy,DeleteBucketPolicy'`;

function caret(query: string, start: number, end: number): string {
  return `  ${' '.repeat(printable(query.slice(0, start)).length)}${'^'.repeat(Math.max(1, printable(query.slice(start, end)).length))}`;
}

export function runCloudWatch(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let json = false;
  const words = walkArgs(args, (o) => {
    if (o.name === '--help') {
      out(CLOUDWATCH_USAGE);
      return 0;
    }
    if (o.name === '--json') {
      json = true;
      return undefined;
    }
    err(`cloudtrail-s3 cloudwatch: unknown option ${printable(o.text)}\n${CLOUDWATCH_USAGE}`);
    return 2;
  });
  if (typeof words === 'number') return words;
  const query = words.join(' ');
  const parsed = parseQuery(query);
  if (!parsed.ok) {
    const { message, start, end } = parsed.error;
    err(`cloudtrail-s3 cloudwatch: ${printable(message)} (column ${start + 1})`);
    err(`  ${printable(query)}`);
    err(caret(query, start, end));
    return 2;
  }
  try {
    const { pattern, notes } = toCloudWatchPattern(parsed.query);
    if (json) {
      out(JSON.stringify({ pattern, notes }, null, 2));
    } else {
      out(pattern);
      for (const n of notes) err(`note: ${printable(n)}`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof CloudWatchUnsupportedError)) throw e;
    err(`cloudtrail-s3 cloudwatch: ${printable(e.message)} (column ${e.start + 1})`);
    err(`  ${printable(query)}`);
    err(caret(query, e.start, e.end));
    return 2;
  }
}
