// Does the CloudWatch Logs filter pattern mean what the query means? An evaluator of JSON filter
// patterns written here from the reference alone (../shared/reference/s3-access-logs.md section 7:
// selectors, `=`/`!=` with `*` wildcards, case-sensitive text, numeric comparisons, IS NULL/TRUE/FALSE,
// NOT EXISTS, && over ||, parentheses) runs every rendered pattern over generated records; it must
// select exactly the records the query's reference evaluator (matchesRecord) selects, for every example
// query of the README, the design brief and the reference that has a rendering. The CIS bucket-policy
// pattern of the reference comes out of its equivalent query term for term.
// Left out, and said so (the pattern's notes say it too): type:/access: on records without
// eventCategory and managementEvent / without readOnly (eventVersion before 1.06 / 1.08: the explorer
// falls back on the catalog, a pattern cannot; a trail's log group receives current records only).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CloudWatchUnsupportedError, matchesRecord, parseQuery, toCloudWatchPattern } from '../../../../core/query';
import { SHARED_DIR } from '../../../shared-paths';

type Raw = Record<string, unknown>;

let dir = '';
let records: Raw[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'query-cw-'));
  const file = join(dir, 'records.ndjson');
  const script = resolve(__dirname, '../../../../scripts/gen-cloudtrail.mjs');
  execFileSync(process.execPath, [script, '--single', file, '--ndjson', '--records', '3000', '--seed', '20'], { stdio: 'ignore' });
  records = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Raw);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---- the independent evaluator of filter patterns -------------------------------------------------

type Selector = (string | number)[];
type Node =
  | { kind: 'and' | 'or'; items: Node[] }
  | { kind: 'cmp'; selector: Selector; op: string; value: { text: string; quoted: boolean } }
  | { kind: 'is'; selector: Selector; what: 'NULL' | 'TRUE' | 'FALSE' }
  | { kind: 'notExists'; selector: Selector };

/** One comparison as written: selector, operator and value (quotes off), for term-by-term comparison. */
export interface PatternTerm {
  selector: string;
  op: string;
  value: string;
}

class PatternParser {
  private i = 0;
  readonly terms: PatternTerm[] = [];
  constructor(private readonly s: string) {}

  parse(): Node {
    this.skip();
    this.expect('{');
    const e = this.or();
    this.expect('}');
    this.skip();
    if (this.i !== this.s.length) throw new Error(`trailing text at ${this.i}: ${this.s.slice(this.i)}`);
    return e;
  }

  private skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private expect(t: string): void {
    this.skip();
    if (!this.s.startsWith(t, this.i)) throw new Error(`expected '${t}' at ${this.i}: ${this.s.slice(this.i, this.i + 30)}`);
    this.i += t.length;
  }

  private peek(t: string): boolean {
    this.skip();
    return this.s.startsWith(t, this.i);
  }

  private or(): Node {
    const items = [this.and()];
    while (this.peek('||')) {
      this.i += 2;
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private and(): Node {
    const items = [this.atom()];
    while (this.peek('&&')) {
      this.i += 2;
      items.push(this.atom());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private atom(): Node {
    if (this.peek('(')) {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    return this.comparison();
  }

  private comparison(): Node {
    this.skip();
    const start = this.i;
    if (this.s[this.i] !== '$') throw new Error(`expected a selector at ${this.i}`);
    this.i++;
    const selector: Selector = [];
    for (;;) {
      if (this.s[this.i] === '.') {
        const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i + 1));
        if (!m) throw new Error(`bad member name at ${this.i}`);
        selector.push(m[0]);
        this.i += 1 + m[0].length;
      } else if (this.s[this.i] === '[') {
        const m = /^\[(\d+)\]/.exec(this.s.slice(this.i));
        if (!m) throw new Error(`bad index at ${this.i}`);
        selector.push(Number(m[1]));
        this.i += m[0].length;
      } else break;
    }
    if (selector.length === 0) throw new Error('empty selector');
    const selectorText = this.s.slice(start, this.i);
    this.skip();
    const rest = this.s.slice(this.i);
    const word = /^(IS\s+(NULL|TRUE|FALSE)|NOT\s+EXISTS)\b/.exec(rest);
    if (word) {
      this.i += word[0].length;
      this.terms.push({ selector: selectorText, op: word[0].replace(/\s+/g, ' '), value: '' });
      return word[2] ? { kind: 'is', selector, what: word[2] as 'NULL' | 'TRUE' | 'FALSE' } : { kind: 'notExists', selector };
    }
    const op = /^(!=|<=|>=|=|<|>)/.exec(rest);
    if (!op) throw new Error(`expected an operator at ${this.i}: ${rest.slice(0, 20)}`);
    this.i += op[0].length;
    this.skip();
    let text = '';
    let quoted = false;
    if (this.s[this.i] === '"') {
      quoted = true;
      this.i++;
      while (this.i < this.s.length && this.s[this.i] !== '"') {
        if (this.s[this.i] === '\\' && this.s[this.i + 1] === '"') {
          text += '"';
          this.i += 2;
        } else text += this.s[this.i++];
      }
      if (this.s[this.i] !== '"') throw new Error('unterminated string');
      this.i++;
    } else {
      const m = /^[^\s()]+/.exec(this.s.slice(this.i));
      if (!m) throw new Error(`expected a value at ${this.i}`);
      text = m[0];
      this.i += text.length;
    }
    this.terms.push({ selector: selectorText, op: op[0], value: text });
    return { kind: 'cmp', selector, op: op[0], value: { text, quoted } };
  }
}

const MISSING = Symbol('missing');

function resolveSelector(r: unknown, selector: Selector): unknown {
  let v: unknown = r;
  for (const step of selector) {
    if (typeof step === 'number') {
      if (!Array.isArray(v) || step >= v.length) return MISSING;
      v = v[step];
    } else {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, step)) return MISSING;
      v = (v as Raw)[step];
    }
  }
  return v;
}

function glob(pattern: string, value: string): boolean {
  const re = pattern.split('*').map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${re}$`).test(value);
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function evaluate(n: Node, r: Raw): boolean {
  switch (n.kind) {
    case 'and':
      return n.items.every((x) => evaluate(x, r));
    case 'or':
      return n.items.some((x) => evaluate(x, r));
    case 'notExists':
      return resolveSelector(r, n.selector) === MISSING;
    case 'is': {
      const v = resolveSelector(r, n.selector);
      return n.what === 'NULL' ? v === null : n.what === 'TRUE' ? v === true : v === false;
    }
    case 'cmp': {
      const v = resolveSelector(r, n.selector);
      // A selector that points to an object or array, or to nothing, matches no comparison.
      if (v === MISSING || v === null || typeof v === 'object') return false;
      if (!n.value.quoted && NUMBER.test(n.value.text)) {
        if (typeof v !== 'number') return false;
        const x = Number(n.value.text);
        switch (n.op) {
          case '=': return v === x;
          case '!=': return v !== x;
          case '<': return v < x;
          case '>': return v > x;
          case '<=': return v <= x;
          case '>=': return v >= x;
        }
      }
      if (n.op !== '=' && n.op !== '!=') throw new Error(`${n.op} compares numbers only`);
      if (typeof v === 'boolean') return false;
      const matched = glob(n.value.text, String(v));
      return n.op === '=' ? matched : !matched;
    }
  }
}

export function parsePattern(pattern: string): { node: Node; terms: PatternTerm[] } {
  const p = new PatternParser(pattern);
  const node = p.parse();
  return { node, terms: p.terms };
}

// ---- the queries ------------------------------------------------------------------------------------

/** Every example query of README.md, ../shared/design.md and the reference (section 7) the syntax can say. */
const DOC_EXAMPLES = [
  'eventName:Delete* bucket:prod-logs -user:*ci* error:AccessDenied ip:10.0.0.0/8',
  'eventName:GetObject additionalEventData.bytesTransferredOut:>1000000',
  'eventName:DeleteObject,DeleteObjects bucket:prod-logs',
  'error:* -error:NoSuch*,*NotFound*',
  'anonymous:true access:read',
  'eventName:PutBucketPolicy,PutBucketAcl,DeleteBucketPublicAccessBlock,PutBucketPublicAccessBlock',
  'eventName:GetObject additionalEventData.bytesTransferredOut:>100000000',
  'source:*',
  'type:aggregated',
  'type:networkactivity error:VpceAccessDenied',
  'source:s3tables.amazonaws.com,s3vectors.amazonaws.com',
  'mfa:false eventName:Delete*',
  'eventName:Delete*',
  'bucket:x',
  'error:*',
  'error:AccessDenied',
  'anonymous:true',
  'access:read',
  'ip:10.0.0.0/8',
  '-user:x',
  'eventName:GetObj*',
];

/** Example queries whose terms have no rendering, with the term the error must name. */
const DOC_UNSUPPORTED: [string, string][] = [
  ['eventName:Delete* bucket:prod-logs -user:*ci* error:AccessDenied since:-24h ip:10.0.0.0/8', 'since:-24h'],
  ['crossaccount:true access:write', 'crossaccount:true'],
  ['user:*incident-role* since:-24h', 'since:-24h'],
  ['story:AKIAIOSFODNN7EXAMPLE source:*', 'story:AKIAIOSFODNN7EXAMPLE'],
  ['integrity:failed source:*', 'integrity:failed'],
  ['until:2025-12-31', 'until:2025-12-31'],
  ['ip:10.0.0.0/12', 'ip:10.0.0.0/12'],
  ['principal:alice', 'principal:alice'],
  ['GetObject', 'GetObject'],
  ['pinned:true', 'pinned:true'],
  ['kind:access joined:false operation:REST.GET.OBJECT', 'kind:access'],
  ['kind:cloudtrail joined:false', 'joined:false'],
  ['source:* bytes:>1000000', 'bytes:>1000000'],
  ['source:* status:403', 'status:403'],
];

/** Queries over values the generated records hold, so that each selects some records (field by field). */
function dataQueries(): string[] {
  const pick = (f: (r: Raw) => unknown): string => {
    for (const r of records) {
      const v = f(r);
      if (typeof v === 'string' && /^[A-Za-z0-9._:/@-]+$/.test(v)) return v;
    }
    throw new Error('no value');
  };
  const o = (v: unknown): Raw => (v && typeof v === 'object' ? (v as Raw) : {});
  const rp = (r: Raw): Raw => o(r.requestParameters);
  const ui = (r: Raw): Raw => o(r.userIdentity);
  const bucket = pick((r) => rp(r).bucketName);
  const key = pick((r) => rp(r).key);
  const arn = pick((r) => ui(r).arn);
  const account = pick((r) => ui(r).accountId);
  const region = pick((r) => r.awsRegion);
  const ip = pick((r) => r.sourceIPAddress);
  const requestID = pick((r) => r.requestID);
  const eventID = pick((r) => r.eventID);
  const keyId = pick((r) => ui(r).accessKeyId);
  const issuer = pick((r) => o(o(ui(r).sessionContext).sessionIssuer).arn);
  const firstOctet = ip.split('.')[0];
  return [
    `bucket:${bucket}`, `-bucket:${bucket}`, `bucket:${bucket.slice(0, 3)}*`, 'bucket:*', '-bucket:*',
    `key:${key}`, 'key:*', '-key:*',
    `user:${arn}`, `user:*${arn.slice(-4)}`, `-user:${arn}`,
    'identity:iamuser', 'identity:AssumedRole,Root', '-identity:AWSService',
    `account:${account}`, `recipient:${account}`, `-recipient:${account}`,
    `region:${region.toUpperCase()}`, `-region:${region}`,
    `ip:${ip}`, `ip:${firstOctet}.0.0.0/8`, `-ip:${firstOctet}.0.0.0/8`, 'ip:*',
    'agent:*aws-cli*', '-agent:*Console*',
    'error:accessdenied', 'error:NoSuch*', '-error:*',
    'type:data', 'type:management', '-type:data', 'type:management,insight',
    'access:write', '-access:write',
    'anonymous:false', '-anonymous:true',
    `requestid:${requestID}`, `eventid:${eventID}`, `-eventid:${eventID}`,
    `accesskey:${keyId.toLowerCase()}`, 'accesskey:ASIA*',
    `issuer:${issuer}`, 'sourceidentity:*',
    'mfa:true', '-mfa:true', 'console:true', 'console:false',
    'eventName:getobject,putobject', 'eventName:*bucketpolicy', '-eventName:Get*,List*,Head*',
    'source:s3.amazonaws.com eventName:GetObject', '-source:s3.amazonaws.com',
    'requestParameters.x-amz-acl:*', 'additionalEventData.bytesTransferredOut:<=100', '-additionalEventData.bytesTransferredIn:>0',
    'kind:cloudtrail eventName:GetObject', '-kind:access bucket:*',
  ];
}

function selectedBy(query: string): { ours: number[]; theirs: number[]; pattern: string } {
  const parsed = parseQuery(query);
  assert.ok(parsed.ok, `${query}: ${parsed.ok ? '' : parsed.error.message}`);
  const { pattern } = toCloudWatchPattern(parsed.query);
  const { node } = parsePattern(pattern);
  const ours: number[] = [];
  const theirs: number[] = [];
  const undecided = (r: Raw): boolean =>
    (/(^|\s)-?type:/.test(query) && r.eventCategory === undefined && r.managementEvent === undefined)
    || (/(^|\s)-?access:/.test(query) && r.readOnly === undefined);
  records.forEach((r, i) => {
    if (undecided(r)) return;
    if (matchesRecord(parsed.query, r)) ours.push(i);
    if (evaluate(node, r)) theirs.push(i);
  });
  return { ours, theirs, pattern };
}

function assertSame(query: string): number {
  const { ours, theirs, pattern } = selectedBy(query);
  const onlyOurs = ours.filter((i) => !theirs.includes(i));
  const onlyTheirs = theirs.filter((i) => !ours.includes(i));
  const show = (i: number | undefined): string => (i === undefined ? '' : JSON.stringify(records[i]).slice(0, 600));
  assert.deepEqual(
    { onlyQuery: onlyOurs.length, onlyPattern: onlyTheirs.length },
    { onlyQuery: 0, onlyPattern: 0 },
    `${query}\n${pattern}\nquery only: ${show(onlyOurs[0])}\npattern only: ${show(onlyTheirs[0])}`,
  );
  return ours.length;
}

test('the evaluator reads the syntax of the reference', () => {
  const r = { eventName: 'DeleteBucket', n: 5, b: true, z: null, o: { a: [{ k: 'v' }] }, ip: '123.123.1.1' };
  const yes = (p: string): boolean => evaluate(parsePattern(p).node, r);
  assert.equal(yes('{ $.eventName = "Delete*" }'), true);
  assert.equal(yes('{ $.eventName = "delete*" }'), false, 'case-sensitive');
  assert.equal(yes('{ $.eventName = DeleteBucket }'), true, 'unquoted text');
  assert.equal(yes('{ $.ip != 123.123.* }'), false, "the doc's wildcard example");
  assert.equal(yes('{ $.n >= 5 && $.n < 6 }'), true);
  assert.equal(yes('{ $.n = "5" }'), true);
  assert.equal(yes('{ $.b IS TRUE }'), true);
  assert.equal(yes('{ $.z IS NULL }'), true);
  assert.equal(yes('{ $.missing NOT EXISTS }'), true);
  assert.equal(yes('{ $.missing != "x" }'), false, '!= needs the member');
  assert.equal(yes('{ $.o != "x" }'), false, 'an object matches no comparison');
  assert.equal(yes('{ $.o.a[0].k = "v" }'), true);
  assert.equal(yes('{ $.n = 1 || $.n = 5 && $.b IS TRUE }'), true, '&& binds tighter than ||');
  assert.equal(yes('{ ($.n = 1 || $.n = 5) && $.b IS FALSE }'), false);
});

test('every example query of the docs: the pattern selects exactly the records the query selects', () => {
  assert.ok(records.length > 2000);
  let total = 0;
  for (const q of DOC_EXAMPLES) total += assertSame(q);
  assert.ok(total > 500, `the examples select ${total} records in all`);
});

/** The example queries of the README's tables (`| question | \`query\` |`) and the design brief's query line. */
function documentedQueries(): string[] {
  const readme = readFileSync(resolve(__dirname, '../../../../README.md'), 'utf8');
  const out = [...readme.matchAll(/^\|[^|\n]+\| `([^`\n]+)` \|$/gm)].map((m) => m[1]);
  const design = join(SHARED_DIR, 'design.md');
  if (existsSync(design)) out.push(...[...readFileSync(design, 'utf8').matchAll(/^`([a-zA-Z]+:[^`\n]+ [^`\n]+)`$/gm)].map((m) => m[1]));
  return out;
}

test("the README's and the design brief's example queries: the same records, or an error at a term", () => {
  const queries = documentedQueries();
  assert.ok(queries.length >= 15, `${queries.length} example queries found`);
  let rendered = 0;
  for (const q of queries) {
    const parsed = parseQuery(q);
    assert.ok(parsed.ok, `${q}: ${parsed.ok ? '' : parsed.error.message}`);
    try {
      toCloudWatchPattern(parsed.query);
    } catch (e) {
      assert.ok(e instanceof CloudWatchUnsupportedError, `${q}: ${String(e)}`);
      const term = q.slice(e.start, e.end);
      assert.ok(term.length > 0 && e.message.startsWith(`${term}:`), `${q}: ${e.message}`);
      continue;
    }
    assertSame(q);
    rendered++;
  }
  assert.ok(rendered >= 10, `${rendered} examples rendered`);
});

test('a query over every field that has a rendering: the same records, and each selects some', () => {
  for (const q of dataQueries()) {
    const n = assertSame(q);
    if (!q.startsWith('-') && !/^(sourceidentity|mfa|console:true|requestParameters|identity:AssumedRole)/.test(q)) {
      assert.ok(n > 0, `${q} selects no generated record: the comparison proves nothing`);
    }
  }
});

test('example queries with terms a pattern cannot say are errors that name the term', () => {
  for (const [q, term] of DOC_UNSUPPORTED) {
    const parsed = parseQuery(q);
    assert.ok(parsed.ok, q);
    assert.throws(
      () => toCloudWatchPattern(parsed.query),
      (e: unknown) => e instanceof CloudWatchUnsupportedError && e.message.startsWith(`${term}:`) && q.slice(e.start, e.end) === term,
      q,
    );
  }
});

test("the CIS bucket-policy-change pattern of the reference comes out of its query term for term", () => {
  const reference = join(SHARED_DIR, 'reference', 's3-access-logs.md');
  assert.ok(existsSync(reference), `${reference} (the shared reference) is needed`);
  const text = readFileSync(reference, 'utf8');
  const section = text.slice(text.indexOf('### 7.1'));
  const cis = /```\n(\{\(\$\.eventSource=s3\.amazonaws\.com\)[^\n]*)\n```/.exec(section)?.[1];
  assert.ok(cis, 'the Security Hub pattern in section 7.1');
  const names = [...cis.matchAll(/\$\.eventName=(\w+)/g)].map((m) => m[1]);
  assert.equal(names.length, 9);
  const parsed = parseQuery(`source:s3.amazonaws.com eventName:${names.join(',')}`);
  assert.ok(parsed.ok);
  const ours = toCloudWatchPattern(parsed.query);
  assert.deepEqual(ours.notes, []);
  assert.deepEqual(parsePattern(ours.pattern).terms, parsePattern(cis).terms);
  // the same shape: one source comparison AND a group of nine alternatives
  const shape = (n: Node): unknown => (n.kind === 'and' || n.kind === 'or' ? { [n.kind]: n.items.map(shape) } : 'cmp');
  assert.deepEqual(shape(parsePattern(ours.pattern).node), shape(parsePattern(cis).node));
  // and it selects the same generated records as the reference's own pattern
  const theirs = parsePattern(cis).node;
  const mine = parsePattern(ours.pattern).node;
  const hits = records.filter((r) => evaluate(mine, r));
  assert.deepEqual(hits, records.filter((r) => evaluate(theirs, r)));
  assert.deepEqual(hits, records.filter((r) => matchesRecord(parsed.query, r)));
});
