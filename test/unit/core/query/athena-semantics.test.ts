// Does the Athena SQL mean what the query means? The WHERE clause of each rendered query is parsed
// with node-sql-parser and run by a small interpreter of the Trino functions we emit (three-valued
// logic, LIKE ... ESCAPE, lambdas, json_extract_scalar, ...) over Athena-shaped rows built from 1000
// generated records the way the CloudTrail SerDe builds them; it must select exactly the records
// matchesValues selects. Left out, and said so: type:/access: on records without eventCategory /
// readOnly (the evaluator falls back on the catalog, the SQL cannot), and `contains(cidr, ip)` here
// only understands IPv4 (after the IPADDRESS normalisation documented in athena.test.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pkg from 'node-sql-parser';
import { matchesValues, parseQuery, toAthenaSql } from '../../../../core/query';
import { recordValues } from '../../../../core/record';

const { Parser } = pkg as unknown as { Parser: new () => { astify(sql: string, opt: { database: string }): unknown } };
const NOW = Date.UTC(2026, 0, 4);

type Raw = Record<string, unknown>;
type SqlValue = null | string | number | boolean | SqlValue[] | { [k: string]: SqlValue };
type Node = Record<string, unknown>;
type Env = Map<string, SqlValue>;

let dir = '';
let records: Raw[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'query-sql-'));
  const file = join(dir, 'records.ndjson');
  const script = resolve(__dirname, '../../../../scripts/gen-cloudtrail.mjs');
  execFileSync(process.execPath, [script, '--single', file, '--ndjson', '--records', '1000', '--seed', '11'], { stdio: 'ignore' });
  records = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Raw);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---- rows as the CloudTrail SerDe presents them ---------------------------------------------------

function lowerKeys(v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(lowerKeys);
  if (typeof v === 'object') {
    const out: { [k: string]: SqlValue } = {};
    for (const [k, x] of Object.entries(v as Raw)) out[k.toLowerCase()] = lowerKeys(x);
    return out;
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return null;
}

function athenaRow(r: Raw): { [k: string]: SqlValue } {
  const scalar = (v: unknown): SqlValue => (v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const row: { [k: string]: SqlValue } = {};
  for (const [k, v] of Object.entries(r)) {
    const col = k.toLowerCase();
    if (col === 'useridentity' || col === 'resources') row[col] = lowerKeys(v);
    else row[col] = scalar(v);
  }
  return row;
}

// ---- the interpreter -------------------------------------------------------------------------------

function likeToRegExp(pattern: string, escape: string | undefined): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (escape !== undefined && ch === escape) {
      re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function ipv4(s: string): number | null {
  const p = s.split('.');
  if (p.length !== 4 || !p.every((x) => /^\d{1,3}$/.test(x) && Number(x) < 256)) return null;
  return p.reduce((a, x) => a * 256 + Number(x), 0);
}

function columnPath(node: Node): string[] {
  const part = (x: unknown): string[] => {
    if (typeof x === 'string') return [x];
    const n = x as Node;
    if (n.type === 'binary_expr' && n.operator === '.') return [...part(n.left), ...part(n.right)];
    if (typeof n.value === 'string') return [n.value];
    if (n.expr) return part(n.expr);
    throw new Error(`column part ${JSON.stringify(x)}`);
  };
  const out: string[] = [];
  if (typeof node.schema === 'string') out.push(node.schema);
  if (typeof node.table === 'string') out.push(node.table);
  return [...out, ...part(node.column)];
}

function fnName(node: Node): string {
  const name = (node.name as { name: { value: string }[] }).name;
  return name.map((n) => n.value).join('.').toLowerCase();
}

function args(node: Node): Node[] {
  return ((node.args as { value?: Node[] } | undefined)?.value ?? []) as Node[];
}

function and(a: SqlValue, b: SqlValue): SqlValue {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}
function or(a: SqlValue, b: SqlValue): SqlValue {
  if (a === true || b === true) return true;
  return a === null || b === null ? null : false;
}
function not(a: SqlValue): SqlValue {
  return a === null ? null : !a;
}

function evaluate(node: Node, env: Env): SqlValue {
  switch (node.type) {
    case 'single_quote_string':
      return node.value as string;
    case 'number':
      return node.value as number;
    case 'bool':
      return node.value as boolean;
    case 'null':
      return null;
    case 'column_ref': {
      const [root, ...rest] = columnPath(node);
      let v: SqlValue = env.has(root) ? env.get(root)! : (env.get('$row') as { [k: string]: SqlValue })[root] ?? null;
      for (const f of rest) v = v && typeof v === 'object' && !Array.isArray(v) ? v[f] ?? null : null;
      return v;
    }
    case 'cast':
      return evaluate(node.expr as Node, env);
    case 'interval': {
      const unit = String(node.unit).toLowerCase();
      const ms = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit];
      if (!ms) throw new Error(`interval unit ${unit}`);
      return Number((node.expr as Node).value) * ms;
    }
    case 'unary_expr':
      if (node.operator === 'NOT') return not(evaluate(node.expr as Node, env));
      throw new Error(`unary ${String(node.operator)}`);
    case 'binary_expr':
      return binary(node, env);
    case 'function':
      return call(node, env);
    case 'case': {
      for (const arm of node.args as Node[]) {
        if (arm.type === 'else' || evaluate(arm.cond as Node, env) === true) return evaluate(arm.result as Node, env);
      }
      return null;
    }
    default:
      throw new Error(`node type ${String(node.type)}`);
  }
}

function binary(node: Node, env: Env): SqlValue {
  const op = String(node.operator).toUpperCase();
  const left = node.left as Node;
  const right = node.right as Node;
  if (op === 'AND') return and(evaluate(left, env), evaluate(right, env));
  if (op === 'OR') return or(evaluate(left, env), evaluate(right, env));
  const l = evaluate(left, env);
  if (op === 'IS') return l === null;
  if (op === 'IS NOT') return l !== null;
  if (op === 'IN') {
    if (l === null) return null;
    return ((right.value as Node[]) ?? []).some((x) => evaluate(x, env) === l);
  }
  if (op === 'LIKE' || op === 'NOT LIKE') {
    const pattern = evaluate(right, env);
    const escape = (right.escape as { value?: Node } | undefined)?.value?.value as string | undefined;
    if (l === null || pattern === null) return null;
    const like = likeToRegExp(String(pattern), escape).test(String(l));
    return op === 'LIKE' ? like : !like;
  }
  const r = evaluate(right, env);
  if (l === null || r === null) return null;
  switch (op) {
    case '=':
      return l === r;
    case '<>':
    case '!=':
      return l !== r;
    case '>=':
      return (l as number) >= (r as number);
    case '<=':
      return (l as number) <= (r as number);
    case '-':
      return (l as number) - (r as number);
    default:
      throw new Error(`operator ${op}`);
  }
}

function lambda(node: Node, env: Env): (x: SqlValue) => SqlValue {
  if (node.type !== 'lambda') throw new Error('lambda expected');
  const name = ((node.args as { value: { value: string }[] }).value[0]).value;
  return (x) => evaluate(node.expr as Node, new Map(env).set(name, x));
}

function call(node: Node, env: Env): SqlValue {
  const name = fnName(node);
  const a = args(node);
  const v = (i: number): SqlValue => evaluate(a[i], env);
  switch (name) {
    case 'not':
      return not(v(0));
    case 'lower': {
      const s = v(0);
      return s === null ? null : String(s).toLowerCase();
    }
    case 'trim': {
      const s = v(0);
      return s === null ? null : String(s).trim();
    }
    case 'concat': {
      const parts = a.map((_, i) => v(i));
      return parts.includes(null) ? null : parts.join('');
    }
    case 'coalesce': {
      for (let i = 0; i < a.length; i++) {
        const x = v(i);
        if (x !== null) return x;
      }
      return null;
    }
    case 'nullif': {
      const x = v(0);
      return x === v(1) ? null : x;
    }
    case 'json_extract_scalar': {
      const json = v(0);
      if (json === null) return null;
      const path = String(v(1));
      const m = /^\$\.(\w+)$/.exec(path);
      if (!m) throw new Error(`json path ${path}`);
      const parsed = JSON.parse(String(json)) as unknown;
      const x = parsed && typeof parsed === 'object' ? (parsed as Raw)[m[1]] : undefined;
      return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : null;
    }
    case 'regexp_extract': {
      const s = v(0);
      if (s === null) return null;
      const m = new RegExp(String(v(1))).exec(String(s));
      return m ? m[Number(v(2))] ?? null : null;
    }
    case 'element_at': {
      const arr = v(0);
      if (!Array.isArray(arr)) return null;
      return arr[Number(v(1)) - 1] ?? null;
    }
    case 'transform':
    case 'filter':
    case 'any_match': {
      const arr = v(0);
      if (!Array.isArray(arr)) return null;
      const f = lambda(a[1], env);
      if (name === 'transform') return arr.map(f);
      if (name === 'filter') return arr.filter((x) => f(x) === true);
      const results = arr.map(f);
      if (results.includes(true)) return true;
      return results.includes(null) ? null : false;
    }
    case 'split': {
      const s = v(0);
      return s === null ? null : String(s).split(String(v(1)));
    }
    case 'contains': {
      const cidr = String(v(0));
      const addr = v(1);
      const ip = addr === null ? null : ipv4(String(addr));
      if (ip === null) return null;
      const [net, len] = cidr.split('/');
      const n = ipv4(net);
      if (n === null) return null;
      const size = 2 ** (32 - Number(len));
      return Math.floor(ip / size) === Math.floor(n / size);
    }
    case 'from_iso8601_timestamp': {
      const s = v(0);
      return s === null ? null : Date.parse(String(s));
    }
    case 'current_timestamp':
      return NOW;
    default:
      throw new Error(`function ${name}`);
  }
}

function whereOf(sql: string): Node | null {
  const normalised = sql.replace(/ AS IPADDRESS\)/g, ' AS VARCHAR)');
  const ast = new Parser().astify(normalised, { database: 'trino' });
  const stmt = (Array.isArray(ast) ? ast[0] : ast) as { where: Node | null };
  return stmt.where;
}

// ---- the comparison --------------------------------------------------------------------------------

test('the WHERE clause selects exactly what matchesValues selects, query by query', () => {
  assert.equal(records.length, 1000);
  const sample = records.find((r) => (r.requestParameters as Raw | undefined)?.bucketName && r.eventSource === 's3.amazonaws.com')!;
  const b = String((sample.requestParameters as Raw).bucketName);
  const acct = String(sample.recipientAccountId);
  const principalSample = recordValues(records.find((r) => (r.userIdentity as Raw | undefined)?.type === 'AssumedRole')!).principal!;
  const queries = [
    '', 'source:*', '-source:s3.amazonaws.com', 'source:kms*,sts.amazonaws.com', 'eventName:Get*', 'eventName:PutObject,DeleteObject',
    '-eventName:*Object*', `bucket:${b.toUpperCase()}`, '-bucket:*-dev-*', 'bucket:*', '-bucket:*', 'key:images/*', '-key:*', 'key:*.png',
    'user:*admin*', '-user:*eve*', 'user:*', 'identity:AssumedRole', `account:${acct}`, `-recipient:${acct}`, 'crossaccount:true',
    'crossaccount:false', 'anonymous:true', '-anonymous:true', 'region:us-east-1,eu-west-1', 'ip:128.0.0.0/1', '-ip:10.0.0.0/8,172.16.0.0/12',
    'ip:*.amazonaws.com', '-ip:"AWS Internal"', 'agent:*aws-cli*', 'error:*', '-error:*', 'error:AccessDenied', '-error:accessdenied',
    'error:NoSuch*', 'type:data', '-type:management', 'access:write', '-access:read', 'since:2026-01-03', 'until:2026-01-02T12:00',
    '-since:2026-01-03', 'since:-24h', '-until:-2d', 'fabrikam', '-fabrikam', '"AWS Internal" source:*', 'get*', 'eventName:Get* -error:* bucket:*-prod-*',
    'principal:*', 'principal:anonymous', '-principal:root', 'principal:*.amazonaws.com,AWS*', 'principal:*/*',
    `principal:${principalSample}`, '-principal:*admin*', 'anonymous source:*',
    '-eventName:GetObject,PutObject', '-eventName:GetObject,Put*', '-user:*admin*,*eve*', '-bucket:*-dev-*,*-prod-*', '-region:us-east-1,us-west-2',
  ];
  const values = records.map((r) => recordValues(r));
  const rows = records.map(athenaRow);
  for (const query of queries) {
    const parsed = parseQuery(query, NOW);
    assert.ok(parsed.ok, query);
    const where = whereOf(toAthenaSql(parsed.query, 'cloudtrail_logs'));
    let judged = 0;
    let selected = 0;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (/(^|\s)-?type:/.test(query) && r.eventCategory === undefined) continue;
      if (/(^|\s)-?access:/.test(query) && r.readOnly === undefined) continue;
      judged++;
      const bySql = where ? evaluate(where, new Map([['$row', rows[i]]])) === true : true;
      if (bySql) selected++;
      assert.equal(bySql, matchesValues(parsed.query, values[i]), `${query} on record ${i}: ${JSON.stringify(r).slice(0, 600)}`);
    }
    assert.ok(judged > 900, `${query}: ${judged} judged`);
    assert.ok(selected > 0 || query === '-bucket:*', `${query}: selects nothing`);
  }
});
