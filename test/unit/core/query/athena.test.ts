// "Copy as Athena SQL": the term-by-term mapping of reference/athena-cloudtrail.md, literal quoting,
// and a syntax check of the SQL of every query in the shared case table with node-sql-parser.
//
// node-sql-parser's Trino dialect (the engine behind Athena v3) parses everything we emit, lambdas
// (`r -> ...`) and `INTERVAL '24' HOUR` included, except one construct: the type name IPADDRESS in
// `try_cast(x AS IPADDRESS)` (its grammar only knows standard type names). The check therefore
// rewrites exactly `AS IPADDRESS)` to `AS VARCHAR)` before parsing, and asserts that this is the
// only rewrite made (same length of everything else).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pkg from 'node-sql-parser';
import { parseQuery, sqlTableName, toAthenaSql, type ParsedQuery } from '../../../../core/query';
import { CASES, NOW } from './query-cases';
import { isS3EventSource } from '../../../../core/catalog';

const { Parser } = pkg as unknown as { Parser: new () => { astify(sql: string, opt: { database: string }): unknown } };
const sqlParser = new Parser();

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text, NOW);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error.message}`);
  return r.query;
}

function sql(text: string, table = 'cloudtrail_logs'): string {
  return toAthenaSql(parsed(text), table);
}

/** Parses with the Trino dialect after the one documented normalisation; returns the statements. */
function parseSql(statement: string): unknown[] {
  const normalised = statement.replace(/ AS IPADDRESS\)/g, ' AS VARCHAR)');
  const rewrites = (statement.match(/ AS IPADDRESS\)/g) ?? []).length;
  assert.equal(normalised.length, statement.length + rewrites * (' AS VARCHAR)'.length - ' AS IPADDRESS)'.length));
  const ast = sqlParser.astify(normalised, { database: 'trino' });
  return Array.isArray(ast) ? ast : [ast];
}

/** Every string literal in an AST. */
function literals(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) literals(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as { type?: unknown; value?: unknown };
    if (o.type === 'single_quote_string' && typeof o.value === 'string') out.push(o.value);
    for (const v of Object.values(node)) literals(v, out);
  }
  return out;
}

test('the SQL of every case-table query is one statement that parses (Trino dialect)', () => {
  for (const c of CASES) {
    const statement = sql(c.query);
    let statements: unknown[] = [];
    assert.doesNotThrow(() => {
      statements = parseSql(statement);
    }, `${c.query}\n${statement}`);
    assert.equal(statements.length, 1, c.query);
  }
});

test('scope: no source: term limits to the three S3 event sources; source: terms decide alone', () => {
  const scope = "lower(eventsource) IN ('s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com', 's3tables.amazonaws.com', 's3vectors.amazonaws.com', 's3-object-lambda.amazonaws.com')";
  assert.ok(sql('').includes(`WHERE ${scope}`));
  assert.ok(!sql('source:*').includes(scope));
  assert.ok(sql('source:*').includes('WHERE eventsource IS NOT NULL'));
  assert.ok(sql('-source:s3.amazonaws.com').includes("WHERE (eventsource IS NULL OR NOT (lower(eventsource) = 's3.amazonaws.com'))"));
});

test('the S3 scope is case-insensitive in the SQL as in the index: every comparison of eventsource goes through lower()', () => {
  // The index counts a record whose eventSource is written in another case as S3 (catalog s3EventSource);
  // an exact-case IN (...) in the SQL would drop it from the same query run in Athena.
  assert.ok(isS3EventSource('S3.AmazonAWS.com'));
  for (const q of ['', 'eventName:GetObject', 'source:s3.amazonaws.com', '-source:S3.amazonaws.com', 'source:s3*,sts.amazonaws.com', 'bucket:x -error:*']) {
    const statement = sql(q);
    for (const m of statement.matchAll(/(\S*)eventsource\b(\)?)( [^ ]+)/g)) {
      if (m[3] === ' IS') continue; // IS [NOT] NULL needs no case
      assert.equal(m[1].endsWith('lower(') && m[2] === ')', true, `${q}: ${m[0]} in\n${statement}`);
    }
  }
});

test('string terms: lower() on both sides, = for plain values, LIKE for globs, IN for lists', () => {
  assert.ok(sql('eventName:Delete*').includes("lower(eventname) LIKE 'delete%'"));
  assert.ok(sql('eventName:GetObject').includes("lower(eventname) = 'getobject'"));
  assert.ok(sql('eventName:GetObject,PutObject,Delete*').includes("(lower(eventname) IN ('getobject', 'putobject') OR lower(eventname) LIKE 'delete%')"));
  assert.ok(sql('error:AccessDenied').includes("lower(errorcode) = 'accessdenied'"));
  assert.ok(sql('error:*').includes('errorcode IS NOT NULL'));
  assert.ok(sql('-error:*').includes('errorcode IS NULL'));
  assert.ok(sql('region:us-east-1').includes("lower(awsregion) = 'us-east-1'"));
  assert.ok(sql('identity:Root').includes("lower(useridentity.type) = 'root'"));
  assert.ok(sql('account:1234').includes("lower(useridentity.accountid) = '1234'"));
  assert.ok(sql('recipient:1234').includes("lower(recipientaccountid) = '1234'"));
  assert.ok(sql('agent:*cli*').includes("lower(useragent) LIKE '%cli%'"));
  assert.ok(sql('requestid:R1 eventid:E1').includes("lower(requestid) = 'r1'\n  AND lower(eventid) = 'e1'"));
});

test('LIKE metacharacters in values are escaped; quotes are doubled', () => {
  assert.ok(sql('key:"50%_off!*"').includes("LIKE '50!%!_off!!%' ESCAPE '!'"));
  assert.ok(sql('key:50%_off').includes("= '50%_off'"), 'no LIKE, no escaping needed for a plain value');
  assert.ok(sql("bucket:it's").includes("= 'it''s'"));
  assert.ok(sql("it's").includes("LIKE '%it''s%'"));
});

test('user text never escapes its literal, and the echoed query cannot end the comment', () => {
  const attack = `"x' OR 1=1; DROP TABLE t; --" key:a'b\n\rDELETE\u2028FROM`;
  const statement = sql(attack);
  const ast = parseSql(statement);
  assert.equal(ast.length, 1);
  const lits = literals(ast);
  assert.ok(lits.some((l) => l.includes("x'' or 1=1; drop table t; --") || l.includes("x' or 1=1; drop table t; --")), lits.join('|'));
  const firstLine = statement.split('\n')[0];
  assert.ok(firstLine.startsWith('-- CloudTrail S3 Explorer query: '));
  assert.ok(firstLine.includes('DELETE FROM'), 'line breaks in the query become spaces in the comment');
  // Outside literals and comments, no user word appears.
  const code = statement
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n')
    .replace(/'(?:[^']|'')*'/g, "''");
  assert.ok(!/drop|delete/i.test(code), code);
});

test('bucket and key read requestParameters, else the first S3 ARN in resources', () => {
  const s = sql('bucket:prod-logs');
  assert.ok(s.includes("lower(coalesce(nullif(json_extract_scalar(requestparameters, '$.bucketName'), ''), regexp_extract(element_at(filter(transform(resources, r -> r.arn), a -> a LIKE 'arn:%:s3:::%'), 1), '^arn:[^:]+:s3:::([^/]+)', 1))) = 'prod-logs'"));
  assert.ok(sql('key:a/b').includes("json_extract_scalar(requestparameters, '$.key')"));
  const neg = sql('-bucket:prod-logs');
  assert.match(neg, /\(coalesce\(nullif\(json_extract_scalar\(requestparameters, '\$\.bucketName'\), ''\), .*\) IS NULL OR NOT \(lower\(coalesce/);
});

test('user reads four columns; negation of a multi-column field uses coalesce', () => {
  const s = sql('user:alice');
  for (const col of ['useridentity.arn', 'useridentity.username', 'useridentity.principalid', 'useridentity.sessioncontext.sessionissuer.username']) {
    assert.ok(s.includes(`lower(nullif(${col}, '')) = 'alice'`), col);
  }
  assert.ok(sql('-user:*ci*').includes("NOT coalesce((lower(nullif(useridentity.arn, '')) LIKE '%ci%'"));
});

test('ip: CIDR via contains() on each address of the list, try_cast for non-addresses', () => {
  const s = sql('ip:10.1.0.0/8');
  assert.ok(
    s.includes("coalesce(any_match(split(sourceipaddress, ','), s -> contains('10.0.0.0/8', try_cast(trim(s) AS IPADDRESS))), false)"),
    s,
  );
  assert.ok(sql('ip:2001:db8::/32').includes("contains('2001:db8:0:0:0:0:0:0/32'"));
  assert.ok(sql('-ip:10.0.0.0/8').includes('(sourceipaddress IS NULL OR NOT coalesce(any_match('));
  assert.ok(sql('ip:10.*').includes("s -> lower(trim(s)) LIKE '10.%'"));
});

test('type, access, crossaccount, anonymous', () => {
  const t = sql('type:data');
  assert.ok(t.includes("lower(eventcategory) = 'data'"));
  assert.match(t, /^-- type: reads column eventcategory/m);
  assert.ok(!sql('bucket:x').includes('eventcategory'), 'eventcategory only where the query needs it');
  assert.ok(sql('access:read').includes("lower(readonly) = 'true'"));
  assert.ok(sql('access:write').includes("lower(readonly) = 'false'"));
  assert.ok(sql('-access:write').includes("(readonly IS NULL OR NOT (lower(readonly) = 'false'))"));
  const crossSql = "coalesce(nullif(useridentity.accountid, '') <> nullif(recipientaccountid, ''), false)";
  assert.ok(sql('crossaccount:true').includes(`AND ${crossSql}`));
  assert.ok(sql('crossaccount:false').includes(`AND NOT ${crossSql}`));
  assert.ok(sql('anonymous:true').includes("coalesce(lower(useridentity.accountid) IN ('anonymous_principal', 'anonymous'), false)"));
});

test('since/until: from_iso8601_timestamp bounds plus partition hints as comments', () => {
  const rel = sql('since:-24h');
  assert.ok(rel.includes("from_iso8601_timestamp(eventtime) >= current_timestamp - INTERVAL '24' HOUR"));
  assert.match(rel, /^-- {3}manual partitions: +AND concat\(year, month, day\) >= date_format\(current_timestamp - INTERVAL '24' HOUR, '%Y%m%d'\)$/m);
  assert.ok(sql('since:-2w').includes("INTERVAL '14' DAY"));
  assert.ok(sql('since:-30m').includes("INTERVAL '30' MINUTE"));
  const abs = sql('since:2026-01-01 until:2026-01-31');
  assert.ok(abs.includes("from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp('2026-01-01T00:00:00.000Z')"));
  assert.ok(abs.includes("from_iso8601_timestamp(eventtime) <= from_iso8601_timestamp('2026-01-31T23:59:59.999Z')"));
  assert.match(abs, /^-- {3}manual partitions: +AND concat\(year, month, day\) >= '20260101'$/m);
  assert.match(abs, /^-- {3}partition projection: AND "timestamp" <= '2026\/01\/31'$/m);
  assert.ok(sql('-since:2026-01-01').includes("(eventtime IS NULL OR NOT (from_iso8601_timestamp(eventtime) >="));
  assert.ok(!sql('bucket:x').includes('partition'));
});

test('bare words search every text column with LIKE %word%', () => {
  const s = sql('alice');
  for (const col of ['eventname', "nullif(useridentity.arn, '')", 'sourceipaddress', 'useragent', 'errorcode', 'eventid', 'eventtime']) {
    assert.ok(s.includes(`lower(${col}) LIKE '%alice%'`), col);
  }
  assert.ok(!s.includes('lower(readonly)'));
});

test('table names: plain names as written, anything else double-quoted per part', () => {
  assert.equal(sqlTableName('cloudtrail_logs'), 'cloudtrail_logs');
  assert.equal(sqlTableName('security.cloudtrail_logs'), 'security.cloudtrail_logs');
  assert.equal(sqlTableName('db.CloudTrail-Logs'), 'db."CloudTrail-Logs"');
  assert.equal(sqlTableName('x"; DROP TABLE y; --'), '"x""; DROP TABLE y; --"');
  assert.equal(sqlTableName('  '), 'cloudtrail_logs');
  const s = sql('bucket:x', 'aws-cloudtrail-logs-1234');
  assert.ok(s.includes('FROM "aws-cloudtrail-logs-1234"\n'));
  assert.equal(parseSql(s).length, 1);
});
