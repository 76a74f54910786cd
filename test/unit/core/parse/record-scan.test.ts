// The fast lane's scanner must leave in its slots exactly what JSON.parse reads at each wanted member, or
// step aside: on generated and real records, on edge forms (escapes, duplicates, nulls, numbers, case
// variants), and on records damaged outside their strings, where it must never accept what JSON.parse
// refuses. In the reader, a record the lane declines is read the ordinary way, at the same place.
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ENTRY_MEMBERS, EntryMember, Kind, RecordScanner, SCAN_FAILED, Slot, layoutOverflow } from '../../../../core/parse/record-scan';
import { CORPUS_DIR, withoutShared } from '../../../shared-paths';
import { filesUnder, generatedRecords, readAll } from './read-all';

const ROOT = path.join(__dirname, '../../../..');

type Json = unknown;
type Want = 'text' | 'object' | 'objects';

/** Every slot: the slot of the object it lies in (undefined: the record), its key, what it wants. This is
 *  the specification the scanner's member tables implement, written out independently of them. */
const SLOTS: [Slot, Slot | undefined, string, Want][] = [
  [Slot.eventTime, undefined, 'eventTime', 'text'], [Slot.timestamp, undefined, '@timestamp', 'text'],
  [Slot.eventName, undefined, 'eventName', 'text'], [Slot.eventSource, undefined, 'eventSource', 'text'],
  [Slot.awsRegion, undefined, 'awsRegion', 'text'], [Slot.sourceIPAddress, undefined, 'sourceIPAddress', 'text'],
  [Slot.userAgent, undefined, 'userAgent', 'text'], [Slot.errorCode, undefined, 'errorCode', 'text'],
  [Slot.requestID, undefined, 'requestID', 'text'], [Slot.eventID, undefined, 'eventID', 'text'],
  [Slot.readOnly, undefined, 'readOnly', 'text'], [Slot.eventCategory, undefined, 'eventCategory', 'text'],
  [Slot.managementEvent, undefined, 'managementEvent', 'text'], [Slot.recipientAccountId, undefined, 'recipientAccountId', 'text'],
  [Slot.userIdentity, undefined, 'userIdentity', 'object'],
  [Slot.type, Slot.userIdentity, 'type', 'text'], [Slot.arn, Slot.userIdentity, 'arn', 'text'],
  [Slot.userName, Slot.userIdentity, 'userName', 'text'], [Slot.principalId, Slot.userIdentity, 'principalId', 'text'],
  [Slot.accountId, Slot.userIdentity, 'accountId', 'text'], [Slot.invokedBy, Slot.userIdentity, 'invokedBy', 'text'],
  [Slot.accessKeyId, Slot.userIdentity, 'accessKeyId', 'text'],
  [Slot.sessionCredentialFromConsole, Slot.userIdentity, 'sessionCredentialFromConsole', 'text'],
  [Slot.sessionContext, Slot.userIdentity, 'sessionContext', 'object'],
  [Slot.sourceIdentity, Slot.sessionContext, 'sourceIdentity', 'text'],
  [Slot.attributes, Slot.sessionContext, 'attributes', 'object'],
  [Slot.mfaAuthenticated, Slot.attributes, 'mfaAuthenticated', 'text'], [Slot.creationDate, Slot.attributes, 'creationDate', 'text'],
  [Slot.sessionIssuer, Slot.sessionContext, 'sessionIssuer', 'object'],
  [Slot.issuerUserName, Slot.sessionIssuer, 'userName', 'text'], [Slot.issuerArn, Slot.sessionIssuer, 'arn', 'text'],
  [Slot.requestParameters, undefined, 'requestParameters', 'object'],
  [Slot.bucketName, Slot.requestParameters, 'bucketName', 'text'], [Slot.key, Slot.requestParameters, 'key', 'text'],
  [Slot.responseElements, undefined, 'responseElements', 'object'],
  [Slot.credentials, Slot.responseElements, 'credentials', 'object'],
  [Slot.issuedAccessKeyId, Slot.credentials, 'accessKeyId', 'text'],
  [Slot.assumedRoleUser, Slot.responseElements, 'assumedRoleUser', 'object'], [Slot.issuedArn, Slot.assumedRoleUser, 'arn', 'text'],
  [Slot.resources, undefined, 'resources', 'objects'],
];
const ENTRY: [EntryMember, string][] = [[EntryMember.Type, 'type'], [EntryMember.ARN, 'ARN'], [EntryMember.ARNPrefix, 'ARNPrefix']];

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a slot must say about a value JSON.parse read (raw: the slot's bytes). */
function checkSlot(kind: number, raw: string, v: Json, want: Want, where: string): void {
  const expect = (k: Kind): void => assert.equal(kind, k, `${where}: kind`);
  if (v === undefined) return expect(Kind.Absent);
  if (typeof v === 'string') {
    assert.ok(kind === Kind.String || kind === Kind.Escaped, `${where}: a string, kind ${kind}`);
    // String: the bytes are the text; Escaped: the bytes decode to it (and have an escape).
    if (kind === Kind.String) assert.equal(raw, v, where);
    else {
      assert.ok(raw.includes('\\'), `${where}: escaped without a backslash`);
      assert.equal(JSON.parse(`"${raw}"`), v, where);
    }
    return;
  }
  if (typeof v === 'number') {
    expect(Kind.Number);
    return assert.ok(Object.is(JSON.parse(raw), v), `${where}: ${raw} is ${v}`);
  }
  if (v === true) return expect(Kind.True);
  if (v === false) return expect(Kind.False);
  if (v === null) return expect(Kind.Null);
  // A container: Present where one of that kind is wanted; else the slot reads as nothing.
  expect((want === 'object' && isObject(v)) || (want === 'objects' && Array.isArray(v)) ? Kind.Present : Kind.Absent);
}

/** Checks every slot and resource entry of the last scan of text against JSON.parse of it. */
function sameSlots(scanner: RecordScanner, b: Buffer, text: string): void {
  const parsed = JSON.parse(text) as Json;
  assert.ok(isObject(parsed));
  const values = new Map<Slot | undefined, Json>([[undefined, parsed]]);
  for (const [slot, parent, key, want] of SLOTS) {
    const container = values.get(parent);
    // Under a slot that is not a Present container every descendant is absent (the row builder relies on it).
    const open = parent === undefined || scanner.kind[parent] === Kind.Present;
    const v = open && isObject(container) && Object.hasOwn(container, key) ? container[key] : undefined;
    values.set(slot, v);
    checkSlot(scanner.kind[slot], b.toString('latin1', scanner.start[slot], scanner.end[slot]), v, want, `${key}: ${text.slice(0, 200)}`);
  }
  const resources = values.get(Slot.resources);
  if (scanner.kind[Slot.resources] !== Kind.Present || !Array.isArray(resources)) return;
  const entries = resources.filter(isObject);
  assert.equal(scanner.entries, entries.length, `resource entries: ${text.slice(0, 200)}`);
  entries.forEach((entry, e) => {
    for (const [m, key] of ENTRY) {
      const at = e * ENTRY_MEMBERS + m;
      checkSlot(scanner.resKind[at], b.toString('latin1', scanner.resStart[at], scanner.resEnd[at]), entry[key], 'text', `resources[${e}].${key}: ${text.slice(0, 200)}`);
    }
  });
}

/** Scans text: true when the scanner read it (its slots then checked against JSON.parse), false when it
 *  stepped aside. */
function scanned(text: string, scanner = new RecordScanner()): boolean {
  const b = Buffer.from(text, 'latin1');
  const end = scanner.scan(b, 0);
  if (end === SCAN_FAILED) return false;
  assert.equal(end, b.length, `scan ends at the record's end: ${text.slice(0, 80)}`);
  sameSlots(scanner, b, text);
  return true;
}

/** The same JSON in ASCII (the fast lane is handed ASCII chunks only): other characters escaped. */
function ascii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function same(text: string): void {
  assert.ok(scanned(ascii(text)), `the scanner reads ${text.slice(0, 200)}`);
}

const BASE = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole', principalId: 'AROAEXAMPLE:alice', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice', accountId: '111122223333',
    sessionContext: { sessionIssuer: { type: 'Role', userName: 'Admin', arn: 'arn:aws:iam::111122223333:role/Admin' }, attributes: { mfaAuthenticated: 'false' } },
  },
  eventTime: '2026-01-02T03:04:05Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'eu-west-1', sourceIPAddress: '10.1.2.3',
  userAgent: '[aws-cli/2.15]', requestParameters: { bucketName: 'logs', key: 'a/b.txt', Host: 'logs.s3.amazonaws.com' },
  responseElements: null, additionalEventData: { bytesTransferredOut: 12.5e3, x: [1, -0.5, true, false, null, {}, []] },
  requestID: 'R1', eventID: 'E1', readOnly: true, resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::logs/a/b.txt' }, { accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::logs' }],
  eventType: 'AwsApiCall', managementEvent: false, recipientAccountId: '444455556666', eventCategory: 'Data',
};

describe('record scan: the same values as JSON.parse', () => {
  it('generated records (every S3 and non-S3 kind the generator makes), compact and pretty', () => {
    const records = generatedRecords(3000, 'scan');
    const scanner = new RecordScanner();
    let read = 0;
    for (const r of records) {
      for (const text of [ascii(JSON.stringify(r)), ascii(JSON.stringify(r, null, 2))]) {
        // The generator writes plain CloudTrail: the scanner must read every record.
        assert.ok(scanned(text, scanner), `the scanner stepped aside: ${text.slice(0, 200)}`);
        read++;
      }
    }
    assert.equal(read, 6000);
  });

  it('scanners taking turns over different buffers (they share one WebAssembly module) read each right', () => {
    const records = generatedRecords(200, 'turns');
    // Two files as one buffer each, records back to back; a third scanner over single records in between.
    const file = (rs: Record<string, unknown>[]): { b: Buffer; starts: number[]; texts: string[] } => {
      const starts: number[] = [];
      let text = '';
      for (const r of rs) {
        starts.push(text.length);
        text += ascii(JSON.stringify(r)) + ' ';
      }
      return { b: Buffer.from(text, 'latin1'), starts, texts: rs.map((r) => ascii(JSON.stringify(r))) };
    };
    const x = file(records.slice(0, 100));
    const y = file(records.slice(100));
    const [a, b, c] = [new RecordScanner(), new RecordScanner(), new RecordScanner()];
    for (let i = 0; i < 100; i++) {
      for (const [scanner, f] of [[a, x], [b, y]] as const) {
        assert.notEqual(scanner.scan(f.b, f.starts[i]), SCAN_FAILED);
        sameSlots(scanner, f.b, f.texts[i]);
      }
      assert.ok(scanned(ascii(JSON.stringify(records[199 - i])), c));
    }
  });

  it('real corpus records', { skip: withoutShared(CORPUS_DIR) }, async () => {
    let n = 0;
    for (const f of filesUnder(CORPUS_DIR)) {
      const got = await readAll(f);
      for (const s of got.spans) {
        if (s.embedded) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(s.text);
        } catch {
          continue;
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue;
        if (!isAscii(Buffer.from(s.text))) continue; // the fast path is handed ASCII only
        same(s.text);
        n++;
      }
    }
    assert.ok(n > 300, `${n} corpus records compared`);
  });

  it('edge forms: escapes, duplicates, nulls, numbers, literals, odd containers', () => {
    const cases: unknown[] = [
      BASE,
      { ...BASE, eventName: 'Get\u004fbject\n', key: 'x' },
      { ...BASE, userAgent: 'quote " and backslash \\ and \\" and \u2028 and \u00e9' },
      { ...BASE, userIdentity: null, requestParameters: null, resources: null },
      { ...BASE, userIdentity: 'text', requestParameters: [], resources: {} },
      { ...BASE, resources: ['x', 1, null, [], { ARN: 'arn:aws:s3:::other/k' }] },
      { ...BASE, readOnly: 'false', managementEvent: 'true', eventCategory: null },
      { ...BASE, recipientAccountId: 444455556666, eventID: 1e21, errorCode: 0.1 },
      { ...BASE, eventName: { nested: true }, awsRegion: ['eu'], sourceIPAddress: false },
      { eventName: 'GetObject' },
      {},
      { '@timestamp': '2026-01-02T03:04:05.123Z', eventSource: 's3express.amazonaws.com', eventName: 'CreateSession' },
      { ...BASE, userIdentity: { ...BASE.userIdentity, sessionContext: { sessionIssuer: null } } },
      { ...BASE, userIdentity: { ...BASE.userIdentity, sessionContext: 'x', invokedBy: 's3.amazonaws.com' } },
    ];
    for (const c of cases) same(JSON.stringify(c));
    // Hand-written forms JSON.stringify never makes.
    const texts = [
      '{"eventName":"A","eventName":"B","userIdentity":{"arn":"x"},"userIdentity":{"type":"Root"}}',
      '{"requestParameters":{"bucketName":"a"},"requestParameters":{"key":"k"}}',
      '{"resources":[{"ARN":"arn:aws:s3:::a"}],"resources":[{"ARN":"arn:aws:s3:::b/k"}]}',
      '{"eventName":"Get\\/Object","userAgent":"\\ud83d\\ude00 \\udc00"}',
      '{ "eventName" : "GetObject" ,\r\n\t"readOnly" : true , "n" : -0.0e+0 , "m" : 0 , "a" : [ ] , "o" : { } }',
      `{"eventName":"X","deep":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
    ];
    for (const t of texts) same(t);
  });

  it('steps aside for what it does not read the way JSON.parse does', () => {
    const scanner = new RecordScanner();
    for (const t of [
      '{"event\\u004eame":"GetObject"}', // an escaped key in a wanted object
      '{"resources":[{"arn":"arn:aws:s3:::a"}]}', // a case variant accessors would find
      `{"x":${'['.repeat(70)}${']'.repeat(70)}}`, // deeper than the bound
      `{"resources":[${'{"ARN":"a"},'.repeat(64)}{"ARN":"b"}]}`, // more resource entries than the bound
      '{"eventName":"GetObject"', // runs past the bytes
    ]) {
      assert.equal(scanner.scan(Buffer.from(t, 'latin1'), 0), SCAN_FAILED, t);
    }
    // An escape JSON.parse refuses, in a wanted value: the slot says Escaped, and its reader (the row
    // builder) declines it.
    const t = '{"eventName":"bad \\x escape"}';
    assert.notEqual(scanner.scan(Buffer.from(t, 'latin1'), 0), SCAN_FAILED);
    assert.equal(scanner.kind[Slot.eventName], Kind.Escaped);
  });

  it('the layout shared with the WebAssembly module has room for every slot, node and member', () => {
    assert.equal(layoutOverflow(), undefined);
  });

  it('counts the lines between tokens (pretty-printed records), not inside strings', () => {
    const scanner = new RecordScanner();
    const text = '{\n  "eventName": "A\\nB",\n  "x": [\n    1\n  ]\n}';
    const b = Buffer.from(text);
    assert.equal(scanner.scan(b, 0), b.length);
    assert.equal(scanner.lines, 5);
    assert.equal(scanner.lastLineEnd, text.lastIndexOf('\n') + 1);
  });
});

describe('record scan: damage outside strings is never accepted', () => {
  it('every one-byte deletion, duplication and replacement between the strings of a record', () => {
    const text = JSON.stringify({ ...BASE, errorCode: 'AccessDenied' });
    // Positions outside strings: the structure the fast path checks.
    const outside: number[] = [];
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      outside.push(i);
    }
    const scanner = new RecordScanner();
    let refused = 0;
    const mutations: string[] = [];
    for (const i of outside) {
      mutations.push(text.slice(0, i) + text.slice(i + 1));
      mutations.push(text.slice(0, i) + text[i] + text.slice(i));
      for (const r of ['{', '}', '[', ']', ',', ':', '"', 'x', '0', '-', ' ', 't', 'n']) mutations.push(text.slice(0, i) + r + text.slice(i + 1));
    }
    for (const m of mutations) {
      let parsed: Record<string, unknown> | undefined;
      try {
        const v: unknown = JSON.parse(m);
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) parsed = v as Record<string, unknown>;
      } catch {
        parsed = undefined;
      }
      const b = Buffer.from(m, 'latin1');
      const end = scanner.scan(b, 0);
      if (end === SCAN_FAILED) continue;
      if (end !== b.length) {
        // The record ended early: what follows is the splitter's to judge (it reports it).
        continue;
      }
      if (!parsed) refused++;
      assert.ok(parsed, `accepted what JSON.parse refuses: ${m}`);
      sameSlots(scanner, b, m);
    }
    assert.equal(refused, 0);
    assert.ok(mutations.length > 3000);
  });
});

describe('record scan in the reader: the same spans, problems and values as the ordinary path', () => {
  const FIXTURES = path.join(ROOT, 'test/fixtures/parse');

  it('on fixtures, generated damaged files, pretty files and the corpus; a record the lane declines is read the ordinary way at its place', async () => {
    // Every file a reader takes: the parse fixtures, a generated tree with damaged files and a pretty file, the corpus.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-scan-tree-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '1500', '--inject-bad', '7', '--seed', 'scan-tree'], { stdio: 'ignore' });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--single', path.join(dir, 'pretty.json'), '--records', '50', '--pretty', '--seed', 'scan-pretty'], { stdio: 'ignore' });
    const files = [...filesUnder(FIXTURES), ...filesUnder(dir), ...(fs.existsSync(CORPUS_DIR) ? filesUnder(CORPUS_DIR) : [])];
    let taken = 0;
    let declined = 0;
    for (const f of files) {
      const plain = await readAll(f);
      // Whole files, and chunks of 8 KB (a record that runs past a chunk is read the ordinary way); a lane
      // that takes every record, and one that declines every third.
      for (const opts of [{ lane: true as const }, { lane: (ordinal: number) => ordinal % 3 !== 0, wholeFileBytes: 0, chunkBytes: 8192 }]) {
        const got = await readAll(f, opts);
        const m = `${f} ${JSON.stringify(opts)}`;
        assert.deepEqual(got.problems, plain.problems, m);
        assert.equal(got.shape, plain.shape, m);
        assert.deepEqual(got.spans.map((s) => [s.ordinal, s.offset, s.length]), plain.spans.map((s) => [s.ordinal, s.offset, s.length]), m);
        got.spans.forEach((s, i) => {
          const p = plain.spans[i];
          if (!s.lane) {
            // Not offered, or declined: the very span of the ordinary read (position, text).
            assert.deepEqual(s, p, `${m} record ${i}`);
            if (opts.lane !== true && s.ordinal % 3 === 0) declined++;
            return;
          }
          taken++;
          // The lane takes only what the ordinary path reads; it found the same eventName and eventID.
          const parsed = JSON.parse(p.text) as Record<string, unknown>;
          assert.deepEqual(JSON.parse(s.text), JSON.parse(JSON.stringify({ eventName: parsed.eventName, eventID: parsed.eventID })), `${m} record ${i}`);
        });
      }
    }
    assert.ok(taken > 2500, `${taken} records taken by the lane`);
    assert.ok(declined > 400, `${declined} records declined by the lane`);
  });
});
