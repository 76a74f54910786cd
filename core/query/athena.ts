// "Copy as Athena SQL": renders a parsed query for the standard CloudTrail table in Athena (Trino
// SQL, engine v3), term by term, with the same semantics as the reference evaluator where the table
// allows it. Every user value goes through sqlString(); nothing typed by the user is pasted raw.

import { S3_SCOPE_SOURCES, type QueryField } from './fields';
import type { ParsedQuery, Term } from './parser';
import type { ValueItem } from './value-match';
import { DEFAULT_ACCESS_TABLE, selectsAccessLines, toAthenaAccessSql } from './athena-access';

/** SQL string literal: quotes doubled. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A table name as SQL: plain names stay readable, anything else is a double-quoted identifier per part. */
export function sqlTableName(table: string): string {
  const name = table.trim() || 'cloudtrail_logs';
  return name
    .split('.')
    .map((part) => (/^[a-z_][a-z0-9_]*$/.test(part) ? part : `"${part.replace(/"/g, '""')}"`))
    .join('.');
}

// The first S3 ARN in resources stands in for a missing or empty requestParameters value, as in core/record.
// (element_at of an empty array is NULL, so records without resources fall through to NULL.)
const S3_ARNS = "filter(transform(resources, r -> r.arn), a -> a LIKE 'arn:%:s3:::%')";
const BUCKET_SQL =
  "coalesce(nullif(json_extract_scalar(requestparameters, '$.bucketName'), ''), " +
  `regexp_extract(element_at(${S3_ARNS}, 1), '^arn:[^:]+:s3:::([^/]+)', 1))`;
const KEY_SQL =
  "coalesce(nullif(json_extract_scalar(requestparameters, '$.key'), ''), " +
  "regexp_extract(element_at(filter(transform(resources, r -> r.arn), a -> a LIKE 'arn:%:s3:::%/%'), 1), '^arn:[^:]+:s3:::[^/]+/(.+)$', 1))";

// core/record reads an empty principal field (anonymous records have principalId "") as absent.
const USER_COLUMNS = [
  'useridentity.arn', 'useridentity.username', 'useridentity.principalid', 'useridentity.sessioncontext.sessionissuer.username',
].map((c) => `nullif(${c}, '')`);

// The table's Principal column (core/record principalOf(r).short) derived in SQL, branch for branch.
// One gap, by the table's nature: a record without userIdentity and one with an empty userIdentity are
// both all-NULL structs here, which is harmless because principalOf gives '' (absent) for both.
// Regular expressions use [\s\S] (not .) so that they mean the same in Trino and in JavaScript.
const [UI_ARN, UI_USER, UI_PRINCIPAL_ID, UI_ISSUER] = USER_COLUMNS;
const UI_INVOKED_BY = "nullif(useridentity.invokedby, '')";
/** The ARN's resource part (after the fifth colon) with a required prefix; NULL when absent or other. */
const arnResource = (prefix: string): string =>
  `regexp_extract(${UI_ARN}, '^arn:[^:]*:[^:]*:[^:]*:[^:]*:${prefix}([\\s\\S]${prefix ? '*' : '+'})$', 1)`;
const RES = arnResource('');
const PRINCIPAL_SQL = [
  'nullif(CASE',
  "  WHEN useridentity.accountid = 'ANONYMOUS_PRINCIPAL' OR lower(useridentity.accountid) = 'anonymous' THEN 'anonymous'",
  `  WHEN useridentity.type = 'AssumedRole' AND ${arnResource('assumed-role/')} IS NOT NULL THEN ${arnResource('assumed-role/')}`,
  `  WHEN useridentity.type = 'AssumedRole' AND ${UI_ISSUER} IS NOT NULL THEN coalesce(concat(${UI_ISSUER}, '/', ` +
    `regexp_extract(${UI_PRINCIPAL_ID}, '^[^:]*:([\\s\\S]+)$', 1)), ${UI_ISSUER})`,
  `  WHEN useridentity.type = 'Root' THEN coalesce(${UI_USER}, 'root')`,
  `  WHEN useridentity.type = 'AWSService' THEN coalesce(${UI_INVOKED_BY}, ${UI_PRINCIPAL_ID}, 'AWS service')`,
  `  WHEN useridentity.type = 'FederatedUser' AND ${arnResource('federated-user/')} IS NOT NULL THEN ${arnResource('federated-user/')}`,
  `  WHEN ${UI_USER} IS NOT NULL THEN ${UI_USER}`,
  `  WHEN ${RES} = 'root' THEN 'root'`,
  `  WHEN ${RES} NOT LIKE '%/%' THEN ${RES}`,
  // IAM users and roles may have paths (user/ops/bob): the last part; sessions keep role/session.
  `  WHEN ${RES} LIKE 'user/%' OR ${RES} LIKE 'role/%' THEN regexp_extract(${RES}, '([^/]*)$', 1)`,
  `  WHEN ${RES} IS NOT NULL THEN regexp_extract(${RES}, '^[^/]*/([\\s\\S]*)$', 1)`,
  `  ELSE coalesce(${UI_INVOKED_BY}, ${UI_PRINCIPAL_ID}, nullif(useridentity.accountid, ''))`,
  "END, '')",
].join('\n    ');

/** Columns a field reads; must list the same values as FIELD_VALUES. */
const STRING_COLUMNS: Partial<Record<QueryField, readonly string[]>> = {
  eventName: ['eventname'],
  source: ['eventsource'],
  bucket: [BUCKET_SQL],
  key: [KEY_SQL],
  user: USER_COLUMNS,
  principal: [PRINCIPAL_SQL],
  identity: ['useridentity.type'],
  account: ['useridentity.accountid'],
  recipient: ['recipientaccountid'],
  region: ['awsregion'],
  agent: ['useragent'],
  error: ['errorcode'],
  requestid: ['requestid'],
  eventid: ['eventid'],
  accesskey: ["nullif(useridentity.accesskeyid, '')"],
  // core/record sessionNameOfArn: the part after assumed-role/<role>/ or federated-user/ of an sts ARN.
  session: ["nullif(regexp_extract(useridentity.arn, '^arn:aws[a-z-]*:sts::[^:]*:(?:assumed-role/[^/]+|federated-user)/([\\s\\S]+)$', 1), '')"],
  issuer: ["nullif(useridentity.sessioncontext.sessionissuer.arn, '')", "nullif(useridentity.sessioncontext.sessionissuer.username, '')"],
  text: [
    'eventtime', 'eventname', 'eventsource', BUCKET_SQL, KEY_SQL, ...USER_COLUMNS, PRINCIPAL_SQL, 'useridentity.type',
    'useridentity.accountid', 'recipientaccountid', 'awsregion', 'sourceipaddress', 'useragent', 'errorcode', 'requestid', 'eventid',
  ],
};

// lower() as in every other string term: the index puts a record in the S3 scope whatever the case of its
// eventSource (catalog s3EventSource), and the SQL of the same query must count the same records.
const S3_SOURCES_SQL = `lower(eventsource) IN (${S3_SCOPE_SOURCES.map((s) => `'${s}'`).join(', ')})`;

// '!' rather than backslash as the LIKE escape: Trino reads backslashes in literals as plain text, and
// '!' keeps the SQL unambiguous for tools that do not.
function likePattern(chunks: readonly string[]): string {
  let escaped = false;
  const body = chunks
    .map((c) =>
      c.replace(/[!%_]/g, (ch) => {
        escaped = true;
        return '!' + ch;
      }),
    )
    .join('%');
  return escaped ? `${sqlString(body)} ESCAPE '!'` : sqlString(body);
}

/** Predicate of one item over a lower-cased string expression. */
function itemSql(item: ValueItem, lowered: string): string {
  switch (item.kind) {
    case 'exact':
      return `${lowered} = ${sqlString(item.text)}`;
    case 'contains':
      return `${lowered} LIKE ${likePattern(['', item.text, ''])}`;
    case 'glob':
      return `${lowered} LIKE ${likePattern(item.chunks)}`;
    case 'cidr':
      // Only reached for ip terms, which render their own lambda.
      return `contains(${sqlString(item.block.text)}, try_cast(${lowered} AS IPADDRESS))`;
    case 'any':
      return 'true';
  }
}

function orJoin(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/** Any-of items over one column, always one parenthesised or atomic predicate; exact values collapse into IN (...). */
function itemsOverColumn(items: readonly ValueItem[], column: string): string {
  const lowered = `lower(${column})`;
  const exact = items.filter((i) => i.kind === 'exact').map((i) => sqlString(i.text));
  const parts: string[] = [];
  if (exact.length === 1) parts.push(`${lowered} = ${exact[0]}`);
  else if (exact.length > 1) parts.push(`${lowered} IN (${exact.join(', ')})`);
  for (const item of items) if (item.kind !== 'exact') parts.push(itemSql(item, lowered));
  return orJoin(parts);
}

/** NOT of a predicate from itemsOverColumn: a lone comparison gets its own parentheses. */
function negate(p: string, grouped: boolean): string {
  return grouped ? `NOT ${p}` : `NOT (${p})`;
}

/** Positive and negated SQL of a term over string columns, with the missing-field rule. */
export function stringTermSql(term: Term, columns: readonly string[]): string {
  const hasAny = term.items.some((i) => i.kind === 'any');
  if (columns.length === 1) {
    const c = columns[0];
    if (hasAny) return term.negated ? `${c} IS NULL` : `${c} IS NOT NULL`;
    const p = itemsOverColumn(term.items, c);
    return term.negated ? `(${c} IS NULL OR ${negate(p, term.items.length > 1 && !isOneInList(term.items))})` : p;
  }
  const p = hasAny
    ? orJoin(columns.map((c) => `${c} IS NOT NULL`))
    : `(${columns.map((c) => itemsOverColumn(term.items, c)).join('\n    OR ')})`;
  // Over several columns NULLs mix with FALSE; coalesce makes "no present value matched" plain FALSE.
  return term.negated ? `NOT coalesce(${p}, false)` : p;
}

/** Items that itemsOverColumn renders as a single `IN (...)` rather than an OR group. */
function isOneInList(items: readonly ValueItem[]): boolean {
  return items.every((i) => i.kind === 'exact');
}

function ipTermSql(term: Term): string {
  const c = 'sourceipaddress';
  if (term.items.some((i) => i.kind === 'any')) return term.negated ? `${c} IS NULL` : `${c} IS NOT NULL`;
  // sourceipaddress can be "ip, ip", a service DNS name or "AWS Internal": each address is tested on
  // its own, and try_cast turns non-addresses into NULL instead of failing the query.
  const parts = term.items.map((i) =>
    i.kind === 'cidr' ? `contains(${sqlString(i.block.text)}, try_cast(trim(s) AS IPADDRESS))` : itemSql(i, 'lower(trim(s))'),
  );
  const p = `coalesce(any_match(split(${c}, ','), s -> ${orJoin(parts)}), false)`;
  return term.negated ? `(${c} IS NULL OR NOT ${p})` : p;
}

function flagTermSql(term: Term, trueSql: string): string {
  const values = new Set(term.items.map((i) => i.text));
  const p = values.has('*') || (values.has('true') && values.has('false')) ? 'true' : values.has('true') ? trueSql : `NOT ${trueSql}`;
  return term.negated ? `NOT (${p})` : p;
}

function enumColumnTermSql(term: Term, column: string, sqlValue: (v: string) => string): string {
  if (term.items.some((i) => i.kind === 'any')) return term.negated ? `${column} IS NULL` : `${column} IS NOT NULL`;
  const values = [...new Set(term.items.map((i) => sqlString(sqlValue(i.text))))];
  const p = values.length === 1 ? `lower(${column}) = ${values[0]}` : `lower(${column}) IN (${values.join(', ')})`;
  return term.negated ? `(${column} IS NULL OR NOT (${p}))` : p;
}

const INTERVAL_UNIT = { s: 'SECOND', m: 'MINUTE', h: 'HOUR', d: 'DAY', w: 'DAY' } as const;

export function timeBoundSql(term: Term): string {
  const t = term.time;
  if (!t) throw new Error('time term without a bound');
  if (t.kind === 'absolute') return `from_iso8601_timestamp(${sqlString(t.iso)})`;
  const amount = t.unit === 'w' ? t.amount * 7 : t.amount;
  return `current_timestamp - INTERVAL '${amount}' ${INTERVAL_UNIT[t.unit]}`;
}

function timeTermSql(term: Term): string {
  const op = term.field === 'since' ? '>=' : '<=';
  const p = `from_iso8601_timestamp(eventtime) ${op} ${timeBoundSql(term)}`;
  return term.negated ? `(eventtime IS NULL OR NOT (${p}))` : p;
}

/** Partition bounds to suggest (as comments: the partition columns depend on how the table was made). */
function partitionHints(q: ParsedQuery): string[] {
  const lines: string[] = [];
  for (const term of q.terms) {
    if (!term.time) continue;
    const lower = (term.field === 'since') !== term.negated;
    const op = lower ? '>=' : '<=';
    let manual: string;
    let projected: string;
    if (term.time.kind === 'absolute') {
      const day = term.time.iso.slice(0, 10);
      manual = sqlString(day.replace(/-/g, ''));
      projected = sqlString(day.replace(/-/g, '/'));
    } else {
      manual = `date_format(${timeBoundSql(term)}, '%Y%m%d')`;
      projected = `date_format(${timeBoundSql(term)}, '%Y/%m/%d')`;
    }
    lines.push(`--   manual partitions:   AND concat(year, month, day) ${op} ${manual}`);
    lines.push(`--   partition projection: AND "timestamp" ${op} ${projected}`);
  }
  if (lines.length === 0) return [];
  return ['-- Athena bills per data scanned: also bound the partition columns of your table, e.g.', ...lines];
}

/** The JSON text column of a path's root in the CloudTrail table. */
const PATH_COLUMNS: Readonly<Record<string, string>> = {
  requestParameters: 'requestparameters', responseElements: 'responseelements',
  additionalEventData: 'additionaleventdata', serviceEventDetails: 'serviceeventdetails',
};

/** `json_extract_scalar(column, '$["a"]["b"]')`: bracket steps, as member names may hold '-' or '$'. */
function pathSql(term: Term): string {
  const path = term.path!;
  const steps = path.segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `["${s}"]`)).join('');
  return `json_extract_scalar(${PATH_COLUMNS[path.root]}, ${sqlString(`$${steps}`)})`;
}

function pathTermSql(term: Term): string {
  const value = pathSql(term);
  const c = term.comparison;
  if (!c) return stringTermSql(term, [value]);
  const n = `try_cast(${value} AS DOUBLE)`;
  const p = `${n} ${c.op} ${String(c.value)}`;
  return term.negated ? `(${n} IS NULL OR NOT (${p}))` : p;
}

/** A term that cannot be said in Athena SQL; `start`/`end` locate it in the query text. */
export class AthenaUnsupportedError extends Error {
  readonly start: number;
  readonly end: number;
  constructor(term: Term, message: string) {
    super(message);
    this.name = 'AthenaUnsupportedError';
    this.start = term.start;
    this.end = term.end;
  }
}

function termSql(term: Term): string {
  switch (term.field) {
    case 'path':
      return pathTermSql(term);
    case 'ip':
      return ipTermSql(term);
    case 'since':
    case 'until':
      return timeTermSql(term);
    case 'type':
      return enumColumnTermSql(term, 'eventcategory', (v) => v);
    case 'access':
      return enumColumnTermSql(term, 'readonly', (v) => (v === 'read' ? 'true' : 'false'));
    case 'crossaccount':
      return flagTermSql(term, "coalesce(nullif(useridentity.accountid, '') <> nullif(recipientaccountid, ''), false)");
    case 'anonymous':
      return flagTermSql(term, "coalesce(lower(useridentity.accountid) IN ('anonymous_principal', 'anonymous'), false)");
    case 'pinned': {
      // The pins as they were when the SQL was made: their eventIDs.
      const ids = term.pinnedIDs ?? [];
      return flagTermSql(term, ids.length ? `coalesce(eventid IN (${ids.map(sqlString).join(', ')}), false)` : 'false');
    }
    case 'mfa':
      return enumColumnTermSql(term, 'useridentity.sessioncontext.attributes.mfaauthenticated', (v) => v);
    case 'console':
      return flagTermSql(term, "coalesce(lower(sessioncredentialfromconsole) = 'true', false)");
    case 'sourceidentity':
      throw new AthenaUnsupportedError(term, 'sourceidentity: has no Athena rendering: the standard CloudTrail table has no column for sessionContext.sourceIdentity');
    case 'story':
      throw new AthenaUnsupportedError(term, 'story: has no Athena rendering: it is computed from the credential chains of the files in this workspace; query accesskey: or user: instead');
    case 'integrity':
      throw new AthenaUnsupportedError(term, 'integrity: has no Athena rendering: it reads the results of "Verify Trail Integrity" in this workspace');
    case 'kind':
      // The CloudTrail table holds CloudTrail records only (kind:access renders for the access-log table instead).
      if (term.items.some((i) => i.kind === 'any' || i.text === 'cloudtrail') !== term.negated) return 'true';
      throw new AthenaUnsupportedError(term, 'this kind: term selects no CloudTrail record: the CloudTrail table holds none of the access-log lines');
    case 'joined':
    case 'status':
    case 'operation':
    case 'bytes':
    case 'objectsize':
    case 'totaltime':
    case 'turnaround':
      throw new AthenaUnsupportedError(term, `${term.field}: reads S3 server access log lines: add kind:access to render the query for the access-log table`);
    case 'finding':
      throw new AthenaUnsupportedError(term, 'finding: has no Athena rendering: findings are computed by the detections over the files in this workspace; query the finding\'s eventid: values instead');
    default: {
      const columns = STRING_COLUMNS[term.field];
      if (!columns) throw new Error(`no SQL mapping for field ${term.field}`);
      return stringTermSql(term, columns);
    }
  }
}

/** Query text for a comment line: control characters and line breaks cannot end the comment early. */
export function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

const SELECT_COLUMNS = [
  'eventtime', 'eventsource', 'eventname', `${BUCKET_SQL} AS bucket`, `${KEY_SQL} AS object_key`, 'useridentity.arn AS principal_arn',
  'useridentity.type AS identity_type', 'useridentity.accountid AS account_id', 'recipientaccountid', 'sourceipaddress', 'awsregion',
  'errorcode', 'errormessage', 'readonly', 'useragent', 'requestid', 'eventid',
];

/** The query as one Athena SQL statement for the standard CloudTrail table (default name cloudtrail_logs). */
export function toAthenaSql(q: ParsedQuery, table: string, accessTable = DEFAULT_ACCESS_TABLE): string {
  if (selectsAccessLines(q)) return toAthenaAccessSql(q, accessTable, table);
  const where: string[] = [];
  if (q.s3Only) where.push(S3_SOURCES_SQL);
  for (const term of q.terms) {
    const p = termSql(term);
    if (p !== 'true') where.push(p);
  }
  const notes: string[] = [];
  if (q.terms.some((t) => t.field === 'type')) {
    notes.push(
      '-- type: reads column eventcategory (current Athena DDL; older tables lack it, and records before eventVersion 1.08 leave it empty)',
    );
  }
  if (q.terms.some((t) => t.field === 'console')) {
    notes.push('-- console: reads column sessioncredentialfromconsole (later Athena DDLs; older tables lack it)');
  }
  if (q.terms.some((t) => t.field === 'access')) {
    notes.push('-- access: reads column readonly (older records may leave it empty)');
  }
  if (q.terms.some((t) => t.path)) {
    notes.push('-- paths: json_extract_scalar reads member names as written (case-sensitive) and does not look into arrays on the way');
  }
  const lines = [
    `-- CloudTrail S3 Explorer query: ${q.text.trim() ? commentText(q.text) : '(empty: every S3 record)'}`,
    ...notes,
    ...partitionHints(q),
    'SELECT',
    SELECT_COLUMNS.map((c) => `  ${c}`).join(',\n'),
    `FROM ${sqlTableName(table)}`,
  ];
  if (where.length > 0) lines.push(`WHERE ${where.join('\n  AND ')}`);
  lines.push('ORDER BY eventtime DESC');
  return lines.join('\n');
}
