// The index's fast path must give recordValues exactly what JSON.parse gives it, or step aside: on
// generated and real records, on edge forms (escapes, duplicates, nulls, numbers, case variants), and on
// records damaged outside their strings, where it must never accept what JSON.parse refuses.
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { RecordScanner, SCAN_FAILED } from '../../../../core/parse/record-scan';
import { recordValues } from '../../../../core/record';
import { CORPUS_DIR, withoutShared } from '../../../shared-paths';
import { filesUnder, generatedRecords, readAll } from './read-all';

const ROOT = path.join(__dirname, '../../../..');

/** recordValues of the sparse record, or undefined when the fast path steps aside. */
function fast(text: string, scanner = new RecordScanner()): ReturnType<typeof recordValues> | undefined {
  const b = Buffer.from(text, 'latin1');
  const end = scanner.scan(b, 0);
  if (end === SCAN_FAILED) return undefined;
  assert.equal(end, b.length, `scan ends at the record's end: ${text.slice(0, 80)}`);
  const r = scanner.record();
  return r && recordValues(r);
}

/** The same JSON in ASCII (the fast path is handed ASCII chunks only): other characters escaped. */
function ascii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function same(text: string): void {
  const t = ascii(text);
  assert.deepEqual(fast(t), recordValues(JSON.parse(t) as Record<string, unknown>), t.slice(0, 400));
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
        const got = fast(text, scanner);
        // The generator writes plain CloudTrail: the fast path must take every record.
        assert.ok(got, `fast path stepped aside: ${text.slice(0, 200)}`);
        assert.deepEqual(got, recordValues(r));
        read++;
      }
    }
    assert.equal(read, 6000);
  });

  it('scanners taking turns over different buffers (they share one WebAssembly module) read each right', () => {
    const records = generatedRecords(200, 'turns');
    // Two files as one buffer each, records back to back; a third scanner over single records in between.
    const file = (rs: Record<string, unknown>[]): { b: Buffer; starts: number[] } => {
      const starts: number[] = [];
      let text = '';
      for (const r of rs) {
        starts.push(text.length);
        text += ascii(JSON.stringify(r)) + ' ';
      }
      return { b: Buffer.from(text, 'latin1'), starts };
    };
    const x = file(records.slice(0, 100));
    const y = file(records.slice(100));
    const [a, b, c] = [new RecordScanner(), new RecordScanner(), new RecordScanner()];
    for (let i = 0; i < 100; i++) {
      for (const [scanner, f, r] of [[a, x, records[i]], [b, y, records[100 + i]]] as const) {
        assert.notEqual(scanner.scan(f.b, f.starts[i]), SCAN_FAILED);
        assert.deepEqual(recordValues(scanner.record()!), recordValues(r), `record ${i}`);
      }
      assert.deepEqual(fast(ascii(JSON.stringify(records[199 - i])), c), recordValues(records[199 - i]));
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
      '{"eventName":"bad \\x escape"}', // an escape JSON.parse refuses, in a wanted value
      '{"eventName":"GetObject"', // runs past the bytes
    ]) {
      const b = Buffer.from(t, 'latin1');
      const end = scanner.scan(b, 0);
      assert.ok(end === SCAN_FAILED || scanner.record() === undefined, t);
    }
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
      const sparse = end === SCAN_FAILED ? undefined : scanner.record();
      if (!sparse) continue;
      if (end !== b.length) {
        // The record ended early: what follows is the splitter's to judge (it reports it).
        continue;
      }
      if (!parsed) refused++;
      assert.ok(parsed, `accepted what JSON.parse refuses: ${m}`);
      assert.deepEqual(recordValues(sparse), recordValues(parsed), m);
    }
    assert.equal(refused, 0);
    assert.ok(mutations.length > 3000);
  });
});

describe('record scan in the reader: the same spans, problems and values as the ordinary path', () => {
  const FIXTURES = path.join(ROOT, 'test/fixtures/parse');

  it('on fixtures, generated damaged files, pretty files and the corpus', async () => {
    // Every file a reader takes: the parse fixtures, a generated tree with damaged files and a pretty file, the corpus.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-scan-tree-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '1500', '--inject-bad', '7', '--seed', 'scan-tree'], { stdio: 'ignore' });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--single', path.join(dir, 'pretty.json'), '--records', '50', '--pretty', '--seed', 'scan-pretty'], { stdio: 'ignore' });
    const files = [...filesUnder(FIXTURES), ...filesUnder(dir), ...(fs.existsSync(CORPUS_DIR) ? filesUnder(CORPUS_DIR) : [])];
    let fast = 0;
    for (const f of files) {
      const plain = await readAll(f);
      const sparse = await readAll(f, { sparse: true });
      const where = (s: (typeof plain.spans)[number]) => [s.ordinal, s.offset, s.length, s.line, s.column];
      assert.deepEqual(sparse.problems, plain.problems, f);
      assert.equal(sparse.shape, plain.shape, f);
      assert.deepEqual(sparse.spans.map(where), plain.spans.map(where), f);
      for (let i = 0; i < plain.spans.length; i++) {
        const s = sparse.spans[i];
        if (s.fields) fast++;
        let parsed: unknown;
        try {
          parsed = JSON.parse(plain.spans[i].text);
        } catch {
          // A record the ordinary path refuses: the fast path must not have read it either.
          assert.equal(s.fields, undefined, `${f} record ${i}`);
          continue;
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue;
        const values = recordValues(s.fields ?? (JSON.parse(s.text) as Record<string, unknown>));
        assert.deepEqual(values, recordValues(parsed as Record<string, unknown>), `${f} record ${i}`);
      }
    }
    assert.ok(fast > 1500, `${fast} records read by the fast path`);
  });
});
