// "Copy as CloudWatch Logs Filter Pattern": renders a parsed query as a JSON filter pattern for a
// metric filter (or subscription filter, FilterLogEvents, Live Tail) on the log group a trail
// delivers to. Syntax and limits: ../shared/reference/s3-access-logs.md section 7 (CWL-FP, CWL-API).
//
// The pattern must select the records the query selects, or not exist: a term the syntax cannot
// express (relative or absolute time, CIDR blocks off octet boundaries, fields derived from several
// members such as principal:, row sets of this workspace) throws CloudWatchUnsupportedError naming
// the term and saying why. What the syntax expresses only approximately is said in `notes` (shown
// next to the copied pattern), never left silent:
// - CloudWatch compares text case-sensitively, the query does not. Fields with one spelling in
//   CloudTrail (eventName from the catalog, eventSource, awsRegion, userIdentity.type, the flags)
//   are written in that spelling; other values are written as typed, with a note when they hold
//   letters.
// - `!=` does not match an event that lacks the member, unlike a negated term: a negated term
//   becomes `(all != ...) || (member NOT EXISTS)`.

import { allEvents, fieldDoc, knownErrorCodes } from '../catalog';
import { S3_SCOPE_SOURCES, type QueryField } from './fields';
import type { ParsedQuery, Term } from './parser';
import { tokenize, type RawValue } from './tokenizer';

/** PutMetricFilter's filterPattern: at most 1024 characters (CWL-API, botocore FilterPattern). */
export const CLOUDWATCH_PATTERN_MAX = 1024;

/** A term (or the whole query, for the length limit) that a filter pattern cannot say. */
export class CloudWatchUnsupportedError extends Error {
  readonly start: number;
  readonly end: number;
  constructor(message: string, start: number, end: number) {
    super(message);
    this.name = 'CloudWatchUnsupportedError';
    this.start = start;
    this.end = end;
  }
}

export interface CloudWatchPattern {
  /** The JSON filter pattern, `{ ... }`. */
  pattern: string;
  /** Where the pattern's matching differs in kind from the explorer's (case, missing members): say it next to the pattern. */
  notes: string[];
}

// ---- the pattern as a tree, printed once --------------------------------------------------------

type Expr = { kind: 'cmp'; text: string } | { kind: 'and' | 'or'; items: Expr[] };

const cmp = (text: string): Expr => ({ kind: 'cmp', text });
const group = (kind: 'and' | 'or', items: Expr[]): Expr => (items.length === 1 ? items[0] : { kind, items });

function print(e: Expr): string {
  if (e.kind === 'cmp') return `(${e.text})`;
  return `(${e.items.map(print).join(e.kind === 'and' ? ' && ' : ' || ')})`;
}

/** The top level: terms joined by `&&` inside the braces, each comparison or group in its own parentheses. */
function printPattern(terms: Expr[]): string {
  const parts = terms.flatMap((t) => (t.kind === 'and' ? t.items : [t]));
  return `{ ${parts.map(print).join(' && ')} }`;
}

// ---- values -----------------------------------------------------------------------------------

/** A glob (literal chunks with `*` between them) as a quoted pattern value. */
function quoteValue(chunks: readonly string[], term: Term, label: string): string {
  for (const c of chunks) {
    if (c.includes('*')) {
      throw unsupported(term, `${label}: a literal '*' cannot be written: '*' is always a wildcard in a filter pattern`);
    }
    if (c.includes('\\')) {
      throw unsupported(term, `${label}: a backslash in a value has no documented escape in a filter pattern`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(c)) throw unsupported(term, `${label}: control characters cannot be written in a filter pattern`);
  }
  return `"${chunks.map((c) => c.replace(/"/g, '\\"')).join('*')}"`;
}

function unsupported(term: Term, message: string): CloudWatchUnsupportedError {
  return new CloudWatchUnsupportedError(message, term.start, term.end);
}

/** How a value of a field is spelt in the pattern: the field's one CloudTrail spelling, else as typed. */
type Speller = (chunks: readonly string[], term: Term, label: string) => readonly string[] | undefined;

/** No canonical spelling: the value goes in as typed (with a note when it holds letters). */
const asTyped: Speller = () => undefined;
const lowerCase: Speller = (chunks) => chunks.map((c) => c.toLowerCase());

/** A fixed vocabulary: an exact value takes its canonical spelling; a glob must be spelt as the data is. */
function vocabulary(values: () => readonly string[]): Speller {
  return (chunks) => {
    if (chunks.length !== 1) return undefined;
    const hit = values().find((v) => v.toLowerCase() === chunks[0].toLowerCase());
    return hit === undefined ? undefined : [hit];
  };
}

function globRegExp(chunks: readonly string[], flags: string): RegExp {
  return new RegExp(`^${chunks.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`, flags);
}

/**
 * eventName values take the catalog's spelling. A glob is re-cased from the first catalog name it
 * selects; the result must select, case-sensitively, exactly the names the query selects without case.
 */
const eventNameSpeller: Speller = (chunks, term, label) => {
  const names = [...new Set(allEvents().map((e) => e.eventName))];
  const wanted = names.filter((n) => globRegExp(chunks, 'i').test(n));
  if (wanted.length === 0) return undefined;
  if (chunks.length === 1) return [wanted[0]];
  const m = new RegExp(`^${chunks.map((c) => `(${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`).join('[\\s\\S]*?')}$`, 'i').exec(wanted[0]);
  const recased = m ? chunks.map((_, i) => m[i + 1]) : chunks;
  const sensitive = names.filter((n) => globRegExp(recased, '').test(n));
  if (sensitive.length !== wanted.length || sensitive.some((n, i) => n !== wanted[i])) {
    throw unsupported(term, `${label}: CloudWatch compares eventName case-sensitively and no one spelling of this pattern selects the same event names (${wanted.slice(0, 4).join(', ')}${wanted.length > 4 ? ', ...' : ''}); write it as the names are spelt or list them`);
  }
  return recased;
};

const IDENTITY_TYPES = (): readonly string[] => fieldDoc(['userIdentity', 'type'])?.values?.map((v) => v.value) ?? [];

// ---- fields -------------------------------------------------------------------------------------

interface StringField {
  selectors: readonly string[];
  spell: Speller;
  /** What the explorer reads besides the selectors (said in a note). */
  fallback?: string;
}

const UI = '$.userIdentity';

/** Fields that read members of the record as they are (FIELD_VALUES' keys, member by member). */
const STRING_FIELDS: Partial<Record<QueryField, StringField>> = {
  eventName: { selectors: ['$.eventName'], spell: eventNameSpeller },
  source: { selectors: ['$.eventSource'], spell: lowerCase },
  bucket: { selectors: ['$.requestParameters.bucketName'], spell: asTyped, fallback: 'the bucket of the first S3 ARN in resources when requestParameters.bucketName is missing' },
  key: { selectors: ['$.requestParameters.key'], spell: asTyped, fallback: "the object ARN's key in resources when requestParameters.key is missing" },
  user: {
    selectors: [`${UI}.arn`, `${UI}.userName`, `${UI}.principalId`, `${UI}.sessionContext.sessionIssuer.userName`],
    spell: asTyped,
  },
  identity: { selectors: [`${UI}.type`], spell: vocabulary(IDENTITY_TYPES) },
  account: { selectors: [`${UI}.accountId`], spell: asTyped },
  recipient: { selectors: ['$.recipientAccountId'], spell: asTyped },
  region: { selectors: ['$.awsRegion'], spell: lowerCase },
  ip: { selectors: ['$.sourceIPAddress'], spell: asTyped },
  agent: { selectors: ['$.userAgent'], spell: asTyped },
  error: { selectors: ['$.errorCode'], spell: vocabulary(knownErrorCodes) },
  requestid: { selectors: ['$.requestID'], spell: asTyped },
  eventid: { selectors: ['$.eventID'], spell: lowerCase },
  accesskey: { selectors: [`${UI}.accessKeyId`], spell: (c) => c.map((x) => x.toUpperCase()) },
  issuer: { selectors: [`${UI}.sessionContext.sessionIssuer.arn`, `${UI}.sessionContext.sessionIssuer.userName`], spell: asTyped },
  sourceidentity: { selectors: [`${UI}.sessionContext.sourceIdentity`], spell: asTyped },
};

const ACCESS_ONLY = "a field of S3 server access log lines; a trail's log group holds CloudTrail records, which have no such field";

/** Why a field has no filter-pattern rendering (the error names the term and gives this reason). */
const NO_PATTERN: Partial<Record<QueryField, string>> = {
  since: 'a filter pattern cannot compare times: the time range is chosen where the pattern is used (the metric period, the search or Live Tail time range)',
  until: 'a filter pattern cannot compare times: the time range is chosen where the pattern is used (the metric period, the search or Live Tail time range)',
  principal: "the Principal column is derived from several userIdentity members by rules a pattern cannot apply; use user: (ARN, user name, principal ID or session issuer)",
  crossaccount: 'a filter pattern compares a member with a constant, never two members (userIdentity.accountId with recipientAccountId)',
  text: 'a bare word searches every string value; a JSON filter pattern tests named members only: use field:value',
  session: 'the session name is derived from the assumed-role ARN; use user:*/SESSION',
  pinned: 'pins are the records marked in this explorer, not something a record says',
  story: 'a story is computed from the credential chains of the files in this workspace; use accesskey: or user:',
  integrity: 'integrity results come from "Verify Trail Integrity" over this workspace, not from the records',
  finding: 'findings are computed by the detections over the files in this workspace; use the eventid: values of the finding',
  joined: 'the join pairs CloudTrail records with S3 server access log lines in this workspace; a log group holds one side',
  status: ACCESS_ONLY, operation: ACCESS_ONLY, bytes: ACCESS_ONLY, objectsize: ACCESS_ONLY, totaltime: ACCESS_ONLY, turnaround: ACCESS_ONLY,
};

// Default scope: the S3 family, spelt out (a glob such as s3*.amazonaws.com could match a future source that is not S3).
const SCOPE_SELECTOR = '$.eventSource';

function hasLetters(chunks: readonly string[]): boolean {
  return chunks.some((c) => /\p{L}/u.test(c));
}

/** Original (case-preserving) chunks of every value, by the value's start offset in the query text. */
function rawValues(text: string): Map<number, RawValue> {
  const out = new Map<number, RawValue>();
  const t = tokenize(text);
  if (t.ok) for (const term of t.terms) for (const v of term.values) out.set(v.start, v);
  return out;
}

/** `-term`: no present member matches, or the member is missing (a missing member passes a negated term). */
function negatedOver(selectors: readonly string[], compare: (selector: string) => Expr[]): Expr {
  return group('and', selectors.map((s) => group('or', [group('and', compare(s)), cmp(`${s} NOT EXISTS`)])));
}

/** An IPv4 CIDR on an octet boundary as a glob over the dotted text; undefined for any other block. */
function cidrGlob(block: string): string[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(block);
  if (!m) return undefined;
  const bits = Number(m[5]);
  if (bits % 8 !== 0 || bits > 32) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const kept = bits / 8;
  // host bits must be zero, or the block is not what it looks like
  if (octets.slice(kept).some((o) => o !== 0)) return undefined;
  if (kept === 4) return [octets.join('.')];
  if (kept === 0) return ['', ''];
  return [`${octets.slice(0, kept).join('.')}.`, ''];
}

interface Context {
  raw: Map<number, RawValue>;
  notes: Set<string>;
  /** Terms whose values go in as typed: CloudWatch will compare them case-sensitively. */
  asWritten: Set<string>;
}

function label(term: Term, text: string): string {
  return text.slice(term.start, term.end);
}

function stringTerm(term: Term, field: StringField, ctx: Context, text: string): Expr {
  const lbl = label(term, text);
  const values: string[] = [];
  let any = false;
  for (const item of term.items) {
    if (item.kind === 'any') {
      any = true;
      continue;
    }
    if (item.kind === 'contains') throw unsupported(term, `${lbl}: has no filter-pattern rendering`);
    let chunks: readonly string[];
    if (item.kind === 'cidr') {
      const glob = cidrGlob(item.block.text);
      if (!glob) {
        throw unsupported(term, `${lbl}: CIDR ${item.text} has no filter-pattern rendering: only IPv4 blocks on octet boundaries (/8, /16, /24, /32) can be written, as a prefix such as "10.*"`);
      }
      chunks = glob;
    } else {
      const typed = ctx.raw.get(item.start)?.chunks ?? item.text.split('*');
      const spelt = field.spell(typed, term, lbl);
      chunks = spelt ?? typed;
      if (spelt === undefined && hasLetters(chunks)) ctx.asWritten.add(lbl);
    }
    values.push(quoteValue(chunks, term, lbl));
  }
  if (field.fallback) ctx.notes.add(`${lbl}: the explorer also reads ${field.fallback}; the pattern reads ${field.selectors.join(', ')} only`);
  if (field.selectors.includes('$.sourceIPAddress')) {
    ctx.notes.add(`${lbl}: a sourceIPAddress holding several addresses ("a, b") is compared as one text, not address by address`);
  }
  if (any) {
    // `*`: the member is present (any value); negated: it is missing.
    return term.negated
      ? group('and', field.selectors.map((s) => cmp(`${s} NOT EXISTS`)))
      : group('or', field.selectors.map((s) => cmp(`${s} = "*"`)));
  }
  if (term.negated) return negatedOver(field.selectors, (s) => values.map((v) => cmp(`${s} != ${v}`)));
  return group('or', field.selectors.flatMap((s) => values.map((v) => cmp(`${s} = ${v}`))));
}

/** true/false flags: the member value that means true, and how `false` reads (absent counts as false). */
function flagTerm(term: Term, selector: string, trueValues: readonly string[], text: string): Expr {
  const values = new Set(term.items.map((i) => i.text));
  if (values.has('*') || (values.has('true') && values.has('false'))) {
    throw unsupported(term, `${label(term, text)}: ${term.negated ? 'matches no record' : 'matches every record'}: leave the term out`);
  }
  const wantTrue = values.has('true') !== term.negated;
  const isTrue = group('or', trueValues.map((v) => cmp(`${selector} = "${v}"`)));
  return wantTrue ? isTrue : group('or', [group('and', trueValues.map((v) => cmp(`${selector} != "${v}"`))), cmp(`${selector} NOT EXISTS`)]);
}

const CATEGORY_VALUES: Readonly<Record<string, string>> = {
  data: 'Data', management: 'Management', aggregated: 'Aggregated', insight: 'Insight', networkactivity: 'NetworkActivity',
};

/** type: eventCategory, else managementEvent (records before eventVersion 1.08). */
function typeTerm(term: Term, ctx: Context, text: string): Expr {
  const lbl = label(term, text);
  if (term.items.some((i) => i.kind === 'any')) {
    throw unsupported(term, `${lbl}: 'any category' includes records whose category comes from the catalog, which a pattern cannot consult`);
  }
  const wanted = [...new Set(term.items.map((i) => i.text))];
  const positive = group('or', wanted.flatMap((v) => {
    const byCategory = cmp(`$.eventCategory = "${CATEGORY_VALUES[v]}"`);
    if (v !== 'data' && v !== 'management') return [byCategory];
    return [byCategory, group('and', [cmp('$.eventCategory NOT EXISTS'), cmp(`$.managementEvent IS ${v === 'management' ? 'TRUE' : 'FALSE'}`)])];
  }));
  ctx.notes.add(`${lbl}: records with neither eventCategory nor managementEvent (before eventVersion 1.06) take their category from the catalog in the explorer; the pattern does not select them`);
  if (!term.negated) return positive;
  const negative = group('and', wanted.map((v) => cmp(`$.eventCategory != "${CATEGORY_VALUES[v]}"`)));
  // Without eventCategory, managementEvent decides between data and management.
  const hasData = wanted.includes('data');
  const hasManagement = wanted.includes('management');
  const missing = cmp('$.eventCategory NOT EXISTS');
  const without = hasData && hasManagement ? undefined
    : hasData ? group('and', [missing, cmp('$.managementEvent IS TRUE')])
      : hasManagement ? group('and', [missing, cmp('$.managementEvent IS FALSE')]) : missing;
  return without ? group('or', [negative, without]) : negative;
}

/** access: readOnly (a JSON boolean in CloudTrail). */
function accessTerm(term: Term, ctx: Context, text: string): Expr {
  const lbl = label(term, text);
  const values = new Set(term.items.map((i) => i.text));
  if (values.has('*') || (values.has('read') && values.has('write'))) {
    throw unsupported(term, `${lbl}: 'read or write' includes records whose access comes from the catalog, which a pattern cannot consult`);
  }
  ctx.notes.add(`${lbl}: records without readOnly take read/write from the catalog in the explorer; the pattern tests readOnly only`);
  const read = values.has('read') !== term.negated;
  return cmp(`$.readOnly IS ${read ? 'TRUE' : 'FALSE'}`);
}

/** A member name a selector can hold (letters, digits, '-' and '_'), or an array index. */
const SELECTOR_NAME = /^(?:[A-Za-z0-9_-]+|\d+)$/;

function pathTerm(term: Term, ctx: Context, text: string): Expr {
  const lbl = label(term, text);
  const path = term.path!;
  const bad = path.segments.find((s) => !SELECTOR_NAME.test(s));
  if (bad !== undefined) {
    throw unsupported(term, `${lbl}: member name '${bad}' cannot be written in a selector (letters, digits, '-' and '_' only)`);
  }
  const selector = `$.${path.root}${path.segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('')}`;
  ctx.notes.add(`${lbl}: a selector names members case-sensitively and does not look into arrays on the way, as the explorer does`);
  const c = term.comparison;
  if (c) {
    const positive = cmp(`${selector} ${c.op} ${String(c.value)}`);
    if (!term.negated) return positive;
    const inverse = { '>': '<=', '>=': '<', '<': '>=', '<=': '>' }[c.op];
    return group('or', [cmp(`${selector} ${inverse} ${String(c.value)}`), cmp(`${selector} NOT EXISTS`)]);
  }
  return stringTerm(term, { selectors: [selector], spell: asTyped }, ctx, text);
}

/** The term's part of the pattern; undefined for a term every event of a trail's log group satisfies. */
function termExpr(term: Term, ctx: Context, text: string): Expr | undefined {
  const reason = NO_PATTERN[term.field];
  if (reason) throw unsupported(term, `${label(term, text)}: ${reason}`);
  switch (term.field) {
    case 'kind':
      // Every event of a trail's log group is a CloudTrail record.
      if (term.matchValue('cloudtrail') !== term.negated) return undefined;
      throw unsupported(term, `${label(term, text)}: selects S3 server access log lines only; a trail's log group holds CloudTrail records`);
    case 'path':
      return pathTerm(term, ctx, text);
    case 'type':
      return typeTerm(term, ctx, text);
    case 'access':
      return accessTerm(term, ctx, text);
    case 'anonymous':
      return flagTerm(term, `${UI}.accountId`, ['ANONYMOUS_PRINCIPAL', 'anonymous'], text);
    case 'mfa':
      // mfaAuthenticated is the text "true"/"false"; a record without it matches neither value.
      return stringTerm(term, { selectors: [`${UI}.sessionContext.attributes.mfaAuthenticated`], spell: lowerCase }, ctx, text);
    case 'console':
      return flagTerm(term, `${UI}.sessionCredentialFromConsole`, ['true'], text);
    default: {
      const field = STRING_FIELDS[term.field];
      if (!field) throw unsupported(term, `${label(term, text)}: has no filter-pattern rendering`);
      return stringTerm(term, field, ctx, text);
    }
  }
}

/** The query as a CloudWatch Logs JSON filter pattern, or CloudWatchUnsupportedError for what a pattern cannot say. */
export function toCloudWatchPattern(q: ParsedQuery): CloudWatchPattern {
  const ctx: Context = { raw: rawValues(q.text), notes: new Set(), asWritten: new Set() };
  const parts: Expr[] = [];
  if (q.s3Only) parts.push(group('or', S3_SCOPE_SOURCES.map((s) => cmp(`${SCOPE_SELECTOR} = "${s}"`))));
  for (const term of q.terms) {
    const e = termExpr(term, ctx, q.text);
    if (e) parts.push(e);
  }
  // A query of terms every event satisfies (`source:* kind:cloudtrail`): every CloudTrail event has an eventSource.
  if (parts.length === 0) parts.push(cmp(`${SCOPE_SELECTOR} = "*"`));
  const pattern = printPattern(parts);
  if (pattern.length > CLOUDWATCH_PATTERN_MAX) {
    throw new CloudWatchUnsupportedError(
      `The filter pattern would be ${pattern.length} characters; CloudWatch Logs accepts at most ${CLOUDWATCH_PATTERN_MAX}. Use fewer values or split the query into several metric filters${q.s3Only ? ' (a source: term replaces the default S3 scope, which spells out every S3 event source)' : ''}`,
      0,
      q.text.length,
    );
  }
  const notes = [...ctx.notes];
  if (ctx.asWritten.size) notes.unshift(`CloudWatch compares text case-sensitively: ${[...ctx.asWritten].join(', ')} ${ctx.asWritten.size > 1 ? 'match' : 'matches'} the value${ctx.asWritten.size > 1 ? 's' : ''} as written`);
  return { pattern, notes };
}
