import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { readTextFile } from '../../../../core/parse';

const FIXTURES = path.join(__dirname, '../../../fixtures/parse');
const fx = (name: string): string => path.join(FIXTURES, name);
const LIMITS = { maxInflatedBytes: 1024 * 1024, maxFileBytes: 1024 * 1024 };
let tmp = '';
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-parse-text-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('readTextFile', () => {
  it('plain text as it is', async () => {
    const r = await readTextFile(fx('crlf-bom-trail.json'), LIMITS);
    assert.equal(r.gzip, false);
    assert.deepEqual(r.problems, []);
    assert.equal(r.text, fs.readFileSync(fx('crlf-bom-trail.json'), 'utf8'));
  });

  it('gzip by magic bytes', async () => {
    const r = await readTextFile(fx('gzip-named-json.json'), LIMITS);
    assert.equal(r.gzip, true);
    assert.equal(r.text, fs.readFileSync(fx('trail-single-line.json'), 'utf8'));
  });

  it('truncated gzip: the text that inflated and a truncated-gzip problem', async () => {
    const r = await readTextFile(fx('truncated.json.gz'), LIMITS);
    assert.equal(r.gzip, true);
    assert.deepEqual(r.problems.map((p) => p.code), ['truncated-gzip']);
    const full = fs.readFileSync(fx('trail-single-line.json'), 'utf8');
    assert.ok(r.text.length > 0 && r.text.length < full.length);
    assert.ok(full.startsWith(r.text));
    assert.equal(r.problems[0].position?.offset, Buffer.byteLength(r.text));
  });

  it('caps: inflate-limit, file-too-large; unreadable files', async () => {
    const f = path.join(tmp, 'bomb.json.gz');
    fs.writeFileSync(f, zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20)));
    assert.deepEqual((await readTextFile(f, LIMITS)).problems.map((p) => p.code), ['inflate-limit']);
    assert.deepEqual((await readTextFile(fx('trail-single-line.json'), { ...LIMITS, maxFileBytes: 10 })).problems.map((p) => p.code), ['file-too-large']);
    assert.deepEqual((await readTextFile(path.join(tmp, 'missing.json'), LIMITS)).problems.map((p) => p.code), ['unreadable']);
    assert.deepEqual((await readTextFile(tmp, LIMITS)).problems.map((p) => p.code), ['not-a-file']);
  });

  it('binary data gives no text', async () => {
    const r = await readTextFile(fx('binary.bin'), LIMITS);
    assert.equal(r.text, '');
    assert.deepEqual(r.problems.map((p) => p.code), ['binary']);
  });
});

describe('readTextFile: odd characters are text, undecodable bytes in records are an error (issue 17)', () => {
  const rec = (over: Record<string, unknown>): Record<string, unknown> => ({ eventVersion: '1.08', eventTime: '2026-01-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', ...over });

  it('U+FFFD in values: the whole text, no problem', async () => {
    const f = path.join(tmp, 'fffd.json');
    const text = JSON.stringify({ Records: [rec({ userAgent: '\uFFFD'.repeat(9) }), rec({ eventName: 'DeleteBucketPolicy' })] });
    fs.writeFileSync(f, text);
    assert.deepEqual(await readTextFile(f, LIMITS), { text, gzip: false, problems: [] });
  });

  it('bytes that are not UTF-8 in a trail file: the text (with U+FFFD) and a not-utf8 error at the byte', async () => {
    const f = path.join(tmp, 'not-utf8.json');
    const head = `{"Records":[\n${JSON.stringify(rec({ userAgent: 'é' }))},\n{"eventName":"x","userAgent":"`;
    fs.writeFileSync(f, Buffer.concat([Buffer.from(head), Buffer.from([0xc0, 0x80]), Buffer.from('"}]}')]));
    const r = await readTextFile(f, LIMITS);
    assert.ok(r.text.includes('\uFFFD'));
    assert.deepEqual(r.problems.map((p) => [p.code, p.severity, p.position]), [['not-utf8', 'error', { offset: Buffer.byteLength(head), line: 2, column: head.length - head.lastIndexOf('\n') - 1 }]]);
  });
});
