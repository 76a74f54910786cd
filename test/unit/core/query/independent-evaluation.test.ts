// Independent evaluation: records from scripts/gen-cloudtrail.mjs, each query checked against a
// plain-JavaScript filter over the RAW record written here without the query module. RecordValues come
// from core/record's recordValues and, as a second independent leg, from a tiny extractor in this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { matchesValues, parseQuery } from '../../../../core/query';
import { recordValues } from '../../../../core/record';
import type { RecordValues } from '../../../../core/record/values';

type Raw = Record<string, unknown>;

const NOW = Date.UTC(2026, 0, 4);
let dir = '';
let records: Raw[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'query-indep-'));
  const file = join(dir, 'records.ndjson');
  const script = resolve(__dirname, '../../../../scripts/gen-cloudtrail.mjs');
  execFileSync(process.execPath, [script, '--single', file, '--ndjson', '--records', '2000', '--seed', '11'], { stdio: 'ignore' });
  records = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Raw);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---- the independent side: plain reads of the raw JSON --------------------------------------------

const S3_SOURCES = ['s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com', 's3tables.amazonaws.com', 's3vectors.amazonaws.com', 's3-object-lambda.amazonaws.com'];
const o = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const full = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const lc = (v: string | undefined): string => (v ?? '').toLowerCase();
const ui = (r: Raw): Raw => o(r.userIdentity);
const isS3 = (r: Raw): boolean => S3_SOURCES.includes(lc(str(r.eventSource)));

function arns(r: Raw): string[] {
  return Array.isArray(r.resources) ? r.resources.map((x) => str(o(x).ARN) ?? '').filter((a) => a) : [];
}
function bucket(r: Raw): string | undefined {
  const p = full(o(r.requestParameters).bucketName);
  if (p) return p;
  for (const a of arns(r)) {
    if (a.startsWith('arn:aws:s3:::')) return a.slice('arn:aws:s3:::'.length).split('/')[0];
    const express = a.indexOf(':bucket/');
    if (a.startsWith('arn:aws:s3express:') && express > 0) return a.slice(express + 8).split('/')[0];
  }
  return undefined;
}
function key(r: Raw): string | undefined {
  const p = full(o(r.requestParameters).key);
  if (p) return p;
  for (const x of Array.isArray(r.resources) ? r.resources : []) {
    const a = str(o(x).ARN) ?? '';
    const type = str(o(x).type);
    if (type && type !== 'AWS::S3::Object') continue;
    if (a.startsWith('arn:aws:s3:::') && a.indexOf('/') > 0) return a.slice(a.indexOf('/') + 1);
  }
  return undefined;
}
function users(r: Raw): string[] {
  const u = ui(r);
  return [full(u.arn), full(u.userName), full(u.principalId), full(o(o(u.sessionContext).sessionIssuer).userName)].filter(
    (x): x is string => x !== undefined,
  );
}
function category(r: Raw): string | undefined {
  const c = lc(str(r.eventCategory));
  if (c === 'data' || c === 'management' || c === 'aggregated' || c === 'insight' || c === 'networkactivity') return c;
  if (typeof r.managementEvent === 'boolean') return r.managementEvent ? 'management' : 'data';
  return undefined; // the catalog decides: not judged here
}
function access(r: Raw): string | undefined {
  if (typeof r.readOnly === 'boolean') return r.readOnly ? 'read' : 'write';
  return undefined;
}
function ipv4(s: string): number[] | undefined {
  const p = s.trim().split('.');
  return p.length === 4 && p.every((x) => /^\d{1,3}$/.test(x) && Number(x) < 256) ? p.map(Number) : undefined;
}
function crossAccount(r: Raw): boolean {
  const a = full(ui(r).accountId);
  const b = full(r.recipientAccountId);
  return a !== undefined && b !== undefined && a !== b;
}
// values.ts: ANONYMOUS_PRINCIPAL, or "anonymous" as some records write it.
const anonymous = (r: Raw): boolean => ['ANONYMOUS_PRINCIPAL', 'anonymous'].includes(str(ui(r).accountId) ?? '');
/** The table's Principal column, as docs/architecture.md and the README describe it, read off the raw JSON. */
function principalName(r: Raw): string | undefined {
  if (o(r.userIdentity) !== r.userIdentity) return undefined;
  const u = ui(r);
  if (anonymous(r)) return 'anonymous';
  const [type, arn, name, pid, inv] = [str(u.type), full(u.arn), full(u.userName), full(u.principalId), full(u.invokedBy)];
  const issuer = full(o(o(u.sessionContext).sessionIssuer).userName);
  const parts = arn?.split(':') ?? [];
  const res = parts[0] === 'arn' && parts.length >= 6 ? full(parts.slice(5).join(':')) : undefined;
  let out: string | undefined;
  if (type === 'AssumedRole' && res?.startsWith('assumed-role/')) out = res.slice('assumed-role/'.length);
  else if (type === 'AssumedRole' && issuer) {
    const session = pid?.includes(':') ? pid.split(':').slice(1).join(':') : '';
    out = session ? `${issuer}/${session}` : issuer;
  } else if (type === 'Root') out = name ?? 'root';
  else if (type === 'AWSService') out = inv ?? pid ?? 'AWS service';
  else if (type === 'FederatedUser' && res?.startsWith('federated-user/')) out = res.slice('federated-user/'.length);
  else if (name) out = name;
  else if (res) out = res === 'root' || !res.includes('/') ? res : /^(user|role)\//.test(res) ? res.split('/').pop() : res.slice(res.indexOf('/') + 1);
  else out = inv ?? pid ?? full(u.accountId);
  return out || undefined;
}
function textValues(r: Raw): string[] {
  return [
    str(r.eventTime), str(r.eventName), str(r.eventSource), bucket(r), key(r), ...users(r), principalName(r), str(ui(r).type), str(ui(r).accountId),
    str(r.recipientAccountId), str(r.awsRegion), str(r.sourceIPAddress), str(r.userAgent), str(r.errorCode), str(r.requestID),
    str(r.eventID),
  ].filter((x): x is string => x !== undefined);
}
const time = (r: Raw): number => Date.parse(str(r.eventTime) ?? '');

/** The second leg: RecordValues built here, not by core/record. */
function tinyValues(r: Raw): RecordValues {
  const u = ui(r);
  return {
    eventTime: str(r.eventTime), eventName: str(r.eventName), eventSource: str(r.eventSource), bucket: bucket(r), key: key(r),
    userArn: full(u.arn), userName: full(u.userName), principalId: full(u.principalId),
    issuerUserName: full(o(o(u.sessionContext).sessionIssuer).userName), principal: principalName(r), identityType: str(u.type), account: str(u.accountId),
    recipient: str(r.recipientAccountId), region: str(r.awsRegion), sourceIP: str(r.sourceIPAddress), userAgent: str(r.userAgent),
    errorCode: str(r.errorCode), category: category(r), access: access(r), crossAccount: crossAccount(r) ? 'true' : 'false',
    anonymous: anonymous(r) ? 'true' : 'false', requestID: str(r.requestID), eventID: str(r.eventID),
    accessKeyId: full(u.accessKeyId), sessionName: /:(?:assumed-role\/[^/]+|federated-user)\/(.+)$/s.exec(full(u.arn) ?? '')?.[1],
    issuerArn: full(o(o(u.sessionContext).sessionIssuer).arn), sourceIdentity: full(o(u.sessionContext).sourceIdentity),
    mfa: ['true', 'false'].find((b) => b === String(o(o(u.sessionContext).attributes).mfaAuthenticated).toLowerCase()),
    console: String(u.sessionCredentialFromConsole).toLowerCase() === 'true' ? 'true' : 'false',
    issuedAccessKeyId: full(o(o(r.responseElements).credentials).accessKeyId), issuedArn: full(o(o(r.responseElements).assumedRoleUser).arn),
    invokedBy: full(u.invokedBy), sessionCreated: full(o(o(u.sessionContext).attributes).creationDate),
  };
}

interface Check {
  query: string;
  /** undefined: the raw record cannot decide without the catalog; the record is left out of this check. */
  expect: (r: Raw) => boolean | undefined;
  /** Matches every judged record by design. */
  all?: true;
}

function checks(sample: Raw): Check[] {
  const someBucket = bucket(sample)!;
  const someAccount = str(sample.recipientAccountId)!;
  const someRequest = str(sample.requestID)!;
  return [
    { query: '', expect: isS3 },
    { query: 'source:*', expect: (r) => str(r.eventSource) !== undefined, all: true },
    { query: '-source:s3.amazonaws.com', expect: (r) => lc(str(r.eventSource)) !== 's3.amazonaws.com' },
    { query: 'source:kms.amazonaws.com,sts.amazonaws.com', expect: (r) => ['kms.amazonaws.com', 'sts.amazonaws.com'].includes(lc(str(r.eventSource))) },
    { query: 'eventName:get*', expect: (r) => isS3(r) && lc(str(r.eventName)).startsWith('get') },
    { query: 'eventname:PUTOBJECT,deleteobject', expect: (r) => isS3(r) && ['putobject', 'deleteobject'].includes(lc(str(r.eventName))) },
    { query: '-eventName:*Object*', expect: (r) => isS3(r) && !lc(str(r.eventName)).includes('object') },
    { query: `bucket:${someBucket.toUpperCase()}`, expect: (r) => isS3(r) && lc(bucket(r)) === someBucket.toLowerCase() },
    { query: '-bucket:*-dev-*', expect: (r) => isS3(r) && !lc(bucket(r)).includes('-dev-') },
    { query: 'key:images/*', expect: (r) => isS3(r) && key(r) !== undefined && lc(key(r)).startsWith('images/') },
    { query: '-key:*', expect: (r) => isS3(r) && key(r) === undefined },
    { query: 'user:*admin*', expect: (r) => isS3(r) && users(r).some((u) => lc(u).includes('admin')) },
    { query: '-user:*eve*', expect: (r) => isS3(r) && !users(r).some((u) => lc(u).includes('eve')) },
    { query: 'principal:anonymous', expect: (r) => isS3(r) && principalName(r) === 'anonymous' },
    { query: 'principal:*.amazonaws.com', expect: (r) => isS3(r) && lc(principalName(r)).endsWith('.amazonaws.com') },
    { query: '-principal:*/*', expect: (r) => isS3(r) && !lc(principalName(r)).includes('/') },
    { query: 'identity:assumedrole', expect: (r) => isS3(r) && lc(str(ui(r).type)) === 'assumedrole' },
    { query: `account:${someAccount} -recipient:${someAccount}`, expect: (r) => isS3(r) && str(ui(r).accountId) === someAccount && str(r.recipientAccountId) !== someAccount },
    { query: 'crossaccount:true', expect: (r) => isS3(r) && crossAccount(r) },
    { query: 'anonymous:true', expect: (r) => isS3(r) && anonymous(r) },
    { query: 'region:US-EAST-1', expect: (r) => isS3(r) && str(r.awsRegion) === 'us-east-1' },
    { query: 'ip:128.0.0.0/1', expect: (r) => isS3(r) && (ipv4(str(r.sourceIPAddress) ?? '')?.[0] ?? 0) >= 128 },
    { query: '-ip:10.0.0.0/8,172.16.0.0/12', expect: (r) => {
      const a = ipv4(str(r.sourceIPAddress) ?? '');
      return isS3(r) && !(a && (a[0] === 10 || (a[0] === 172 && a[1] >= 16 && a[1] < 32)));
    } },
    { query: 'ip:*.amazonaws.com', expect: (r) => isS3(r) && lc(str(r.sourceIPAddress)).endsWith('.amazonaws.com') },
    { query: 'agent:*aws-cli*', expect: (r) => isS3(r) && lc(str(r.userAgent)).includes('aws-cli') },
    { query: 'error:*', expect: (r) => isS3(r) && str(r.errorCode) !== undefined },
    { query: '-error:AccessDenied', expect: (r) => isS3(r) && str(r.errorCode) !== 'AccessDenied' },
    { query: 'type:data', expect: (r) => (isS3(r) ? (category(r) === undefined ? undefined : category(r) === 'data') : false) },
    { query: 'access:write', expect: (r) => (isS3(r) ? (access(r) === undefined ? undefined : access(r) === 'write') : false) },
    { query: `requestid:${someRequest.toLowerCase()}`, expect: (r) => isS3(r) && lc(str(r.requestID)) === someRequest.toLowerCase() },
    { query: 'since:2026-01-03 until:2026-01-04T12:00', expect: (r) => isS3(r) && time(r) >= Date.UTC(2026, 0, 3) && time(r) < Date.UTC(2026, 0, 4, 12, 1) },
    { query: 'since:-24h', expect: (r) => isS3(r) && time(r) >= NOW - 86_400_000 },
    { query: 'fabrikam', expect: (r) => isS3(r) && textValues(r).some((v) => lc(v).includes('fabrikam')) },
    { query: '-"AWS Internal" source:*', expect: (r) => str(r.eventSource) !== undefined && !textValues(r).some((v) => lc(v).includes('aws internal')) },
  ];
}

test('matchesValues agrees with plain JavaScript filters over 2000 generated records', () => {
  assert.equal(records.length, 2000);
  const sample = records.find((r) => isS3(r) && full(o(r.requestParameters).bucketName) && str(r.requestID))!;
  const fromRecord = records.map((r) => recordValues(r));
  const fromTiny = records.map(tinyValues);
  for (const c of checks(sample)) {
    const parsed = parseQuery(c.query, NOW);
    assert.ok(parsed.ok, c.query);
    let judged = 0;
    let matched = 0;
    for (let i = 0; i < records.length; i++) {
      const expected = c.expect(records[i]);
      if (expected === undefined) continue;
      judged++;
      if (expected) matched++;
      const viaRecord = matchesValues(parsed.query, fromRecord[i]);
      const viaTiny = matchesValues(parsed.query, fromTiny[i]);
      assert.equal(viaRecord, expected, `${c.query} (core/record values) on record ${i}: ${JSON.stringify(records[i]).slice(0, 400)}`);
      assert.equal(viaTiny, expected, `${c.query} (test extractor values) on record ${i}`);
    }
    // Every check must judge most records and neither match nothing nor everything judged.
    assert.ok(judged > 1800, `${c.query}: only ${judged} records judged`);
    assert.ok(matched > 0 && (c.all || matched < judged), `${c.query}: ${matched} of ${judged} matched`);
  }
});
