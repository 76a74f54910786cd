// "Copy as Athena SQL" for S3 server access log lines: a query with kind:access renders for the standard access-log
// table of the AWS page (reference s3-access-logs.md 5: RegexSerDe, every column a string except bytessent and
// objectsize). joined: becomes a subquery on the CloudTrail table's requestid. A field the table has no column for is
// an error that names the term.

import { allAccessOperations, operationsForEventName } from '../catalog';
import { AthenaUnsupportedError, commentText, sqlString, sqlTableName, stringTermSql, timeBoundSql } from './athena';
import type { ParsedQuery, Term } from './parser';

export const DEFAULT_ACCESS_TABLE = 's3_access_logs_db.mybucket_logs';

/** Whether the query asks for access-log lines (a positive kind:access term). */
export function selectsAccessLines(q: ParsedQuery): boolean {
  return q.terms.some((t) => t.field === 'kind' && !t.negated && t.items.length > 0 && t.items.every((i) => i.kind === 'exact' && i.text === 'access'));
}

const STRING_COLUMNS: Readonly<Record<string, string>> = {
  bucket: 'bucket_name', ip: 'remoteip', user: 'requester', principal: 'requester', agent: 'useragent', error: 'errorcode',
  requestid: 'requestid', operation: 'operation',
};
const TIME = "parse_datetime(requestdatetime, 'dd/MMM/yyyy:HH:mm:ss Z')";

function numberSql(term: Term, value: string): string {
  const c = term.comparison;
  const p = c ? `${value} ${c.op} ${String(c.value)}` : `${value} IN (${term.items.map((i) => (/^\d+$/.test(i.text) ? i.text : 'NULL')).join(', ')})`;
  return term.negated ? `(${value} IS NULL OR NOT (${p}))` : p;
}

function termSql(term: Term, cloudtrailTable: string): string {
  const column = STRING_COLUMNS[term.field];
  if (column) return stringTermSql(term, [column]);
  switch (term.field) {
    case 'kind':
      return 'true';
    case 'key':
      // The Key column is URL-encoded (`+` for a space); the query's values are object keys.
      return stringTermSql(term, ['url_decode(key)']);
    case 'since':
    case 'until': {
      const p = `${TIME} ${term.field === 'since' ? '>=' : '<='} ${timeBoundSql(term)}`;
      return term.negated ? `NOT (${p})` : p;
    }
    case 'anonymous': {
      const yes = term.items.some((i) => i.kind === 'any' || i.text === 'true');
      const p = yes ? "requester = '-'" : "requester <> '-'";
      return term.negated ? `NOT (${p})` : p;
    }
    case 'eventName': {
      const exact = term.items.filter((i) => i.kind === 'exact');
      if (exact.length !== term.items.length) throw new AthenaUnsupportedError(term, 'eventName: on access-log lines takes exact names (each becomes its Operation values)');
      const ops = [...new Set(exact.flatMap((i) => operationsForEventNameFolded(i.text)))];
      const p = ops.length ? `operation IN (${ops.map(sqlString).join(', ')})` : 'false';
      return term.negated ? `NOT (${p})` : p;
    }
    case 'status':
      return numberSql(term, 'try_cast(httpstatus AS INTEGER)');
    case 'bytes':
      return numberSql(term, 'bytessent');
    case 'objectsize':
      return numberSql(term, 'objectsize');
    case 'totaltime':
      return numberSql(term, 'try_cast(totaltime AS BIGINT)');
    case 'turnaround':
      return numberSql(term, 'try_cast(turnaroundtime AS BIGINT)');
    case 'joined': {
      const yes = term.items.some((i) => i.kind === 'any' || i.text === 'true') !== term.negated;
      return `requestid ${yes ? 'IN' : 'NOT IN'} (SELECT requestid FROM ${sqlTableName(cloudtrailTable)} WHERE lower(eventsource) = 's3.amazonaws.com' AND requestid IS NOT NULL)`;
    }
    default:
      throw new AthenaUnsupportedError(term, `${term.field}: has no column in the access-log table`);
  }
}

/** The Operation values of an eventName written in any case (query values are lower case; catalog names are not). */
let operationsByLowerName: Map<string, string[]> | undefined;
function operationsForEventNameFolded(lowerName: string): string[] {
  if (!operationsByLowerName) {
    operationsByLowerName = new Map();
    const names = new Set(allAccessOperations().flatMap((e) => [e.eventName, e.objectEventName, e.listEventName]).filter((n): n is string => typeof n === 'string'));
    for (const name of names) operationsByLowerName.set(name.toLowerCase(), operationsForEventName(name));
  }
  return operationsByLowerName.get(lowerName) ?? [];
}

/** The query as Athena SQL over the access-log table (default s3_access_logs_db.mybucket_logs). */
export function toAthenaAccessSql(q: ParsedQuery, table: string, cloudtrailTable: string): string {
  const where = q.terms.map((t) => termSql(t, cloudtrailTable)).filter((p) => p !== 'true');
  const lines = [
    `-- CloudTrail S3 Explorer query: ${commentText(q.text)}`,
    '-- S3 server access logs: the table of "Using Amazon S3 server access logs to identify requests" (RegexSerDe;',
    '-- times are text, read with parse_datetime; key is URL-encoded; anonymous requests have requester \'-\')',
    'SELECT *',
    `FROM ${sqlTableName(table || DEFAULT_ACCESS_TABLE)}`,
  ];
  if (where.length > 0) lines.push(`WHERE ${where.join('\n  AND ')}`);
  lines.push(`ORDER BY ${TIME} DESC`);
  return lines.join('\n');
}
