// `cloudtrail-s3 sql [--table NAME] QUERY`: prints the query as Athena SQL for the standard
// CloudTrail table; a bad query exits 2 with the message and a caret under the offending columns.

import { AthenaUnsupportedError, parseQuery, toAthenaSql } from '../../core/query';
import { defaultSettings } from '../../core/settings';
import { printable } from '../printable';

export const SQL_USAGE = `Usage: cloudtrail-s3 sql [--table NAME] QUERY

Prints QUERY (the explorer's query language) as Athena SQL for the standard CloudTrail table.
  --table NAME   table to query (default: the athena.table setting, ${defaultSettings()['athena.table']})
  --             end of options (for a query whose first term starts with '--')
Example: cloudtrail-s3 sql 'eventName:Delete* -user:*ci* since:-7d'`;


export function runSql(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let table = defaultSettings()['athena.table'];
  const words: string[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (options && a === '--') {
      options = false;
    } else if (options && (a === '--help' || a === '-h')) {
      out(SQL_USAGE);
      return 0;
    } else if (options && a === '--table') {
      if (i + 1 >= args.length || args[i + 1].trim() === '') {
        err('cloudtrail-s3 sql: --table needs a table name');
        return 2;
      }
      table = args[++i];
    } else if (options && a.startsWith('--table=')) {
      table = a.slice('--table='.length);
      if (table.trim() === '') {
        err('cloudtrail-s3 sql: --table needs a table name');
        return 2;
      }
    } else if (options && a.startsWith('--')) {
      err(`cloudtrail-s3 sql: unknown option ${printable(a)}\n${SQL_USAGE}`);
      return 2;
    } else {
      // A single '-' starts a negated term (-user:x), so only '--' words are options.
      words.push(a);
    }
  }
  const query = words.join(' ');
  const parsed = parseQuery(query);
  if (!parsed.ok) {
    const { message, start, end } = parsed.error;
    err(`cloudtrail-s3 sql: ${printable(message)} (column ${start + 1})`);
    err(`  ${printable(query)}`);
    // Columns of the escaped text, where the caret goes under the same characters.
    err(`  ${' '.repeat(printable(query.slice(0, start)).length)}${'^'.repeat(Math.max(1, printable(query.slice(start, end)).length))}`);
    return 2;
  }
  let sql: string;
  try {
    sql = toAthenaSql(parsed.query, table);
  } catch (e) {
    if (!(e instanceof AthenaUnsupportedError)) throw e;
    err(`cloudtrail-s3 sql: ${e.message} (column ${e.start + 1})`);
    err(`  ${printable(query)}`);
    err(`  ${' '.repeat(e.start)}${'^'.repeat(Math.max(1, e.end - e.start))}`);
    return 2;
  }
  out(sql);
  return 0;
}
