import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LARGE_BODY_BYTES, decodeMessageBody } from '../../../server/message-body';

/** The body bytes of a message, as a client writes them. */
const bytes = (message: unknown): Buffer => Buffer.from(JSON.stringify(message), 'utf8');

/** Decodes with thresholds low enough that short test strings take the large-string path. */
const decodeSmallThresholds = (body: Buffer): unknown => decodeMessageBody(body, 0, 8);

function didOpen(text: string, uri = 'file:///logs/trail.json'): unknown {
  return { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'json', version: 1, text } } };
}

const TRAIL_WITH_EVERY_ESCAPE = '{"Records":[{"eventName":"GetObject","userAgent":"tab\there\\back\\slash/ \u0001\u001f\r\n",' +
  '"key":"caf\u00e9 \u4e2d\u6587 \u{1f600} \u2028\u2029"}]}\n';

test('a small body is parsed as a whole', () => {
  const message = didOpen(TRAIL_WITH_EVERY_ESCAPE);
  assert.deepEqual(decodeMessageBody(bytes(message)), message);
});

test('a long literal is unescaped in place: quotes, backslashes, control characters, latin-1, BMP and astral characters', () => {
  const message = didOpen(TRAIL_WITH_EVERY_ESCAPE);
  assert.deepEqual(decodeSmallThresholds(bytes(message)), message);
});

test('\\u escapes written by other clients decode like JSON.parse, including surrogate pairs', () => {
  const body = Buffer.from('{"text":"\\u0041\\u00e9\\u4E2D\\ud83d\\ude00\\/\\b\\f plain tail"}', 'utf8');
  const expected: unknown = JSON.parse(body.toString('utf8'));
  assert.deepEqual(decodeSmallThresholds(body), expected);
  assert.equal((expected as { text: string }).text, 'A\u00e9\u4e2d\u{1f600}/\b\f plain tail');
});

test('a lone surrogate (no UTF-8 form) is kept as JSON.parse keeps it', () => {
  for (const text of ['before \ud800 after', 'before \udc00', '\ud83d\u0041 high then letter', 'ends with high \udbff']) {
    const message = didOpen(text);
    const got = decodeSmallThresholds(bytes(message)) as { params: { textDocument: { text: string } } };
    assert.equal(got.params.textDocument.text, text);
  }
});

test('several long strings in one message (incremental changes) land in their places', () => {
  const message = {
    jsonrpc: '2.0', method: 'textDocument/didChange',
    params: {
      textDocument: { uri: 'file:///a.json', version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 5 } }, text: '"eventName":"PutObject"' },
        { text: 'second long text with "quotes" and \\ backslashes' },
        { text: 'short' },
        { text: '' },
      ],
    },
  };
  assert.deepEqual(decodeSmallThresholds(bytes(message)), message);
});

test('a long object key stays a key', () => {
  const key = 'a key long enough to be decoded on its own, with "quotes"';
  const message = { [key]: 'value long enough as well, with \\ too', short: { [key]: 1 } };
  assert.deepEqual(decodeSmallThresholds(bytes(message)), message);
});

test('a small string that looks like a placeholder is left alone', () => {
  const message = { a: '\u0000large-string-00000000-0000-0000-0000-000000000000-0', text: 'long enough to be replaced by a placeholder' };
  assert.deepEqual(decodeSmallThresholds(bytes(message)), message);
});

test('a real-size document takes the large path with the default thresholds', () => {
  const record = JSON.stringify({ eventName: 'GetObject', userAgent: 'aws-cli/2.15 "quoted" caf\u00e9', requestParameters: { key: 'logs/\u4e2d\u6587.gz' } });
  const text = `{"Records":[${Array.from({ length: Math.ceil(LARGE_BODY_BYTES / record.length) + 10 }, () => record).join(',')}]}`;
  const body = bytes(didOpen(text));
  assert.ok(body.length > LARGE_BODY_BYTES);
  const got = decodeMessageBody(body) as { params: { textDocument: { text: string } } };
  assert.equal(got.params.textDocument.text, text);
});

test('random documents decode exactly like JSON.parse', () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const alphabet = ['a', 'Z', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u00e9', '\u00ff', '\u0100', '\u4e2d', '\u{1f600}', '\ud800', '\udfff', ' ', '{', ':'];
  for (let round = 0; round < 200; round++) {
    let text = '';
    const length = Math.floor(random() * 80);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    const message = didOpen(text);
    assert.deepEqual(decodeSmallThresholds(bytes(message)), message, JSON.stringify(text));
  }
});

test('invalid JSON throws a SyntaxError, inside and outside long literals', () => {
  const invalid = [
    '{"text":"long enough but \\x is no escape"}',
    '{"text":"long enough but \\u12 is short"}',
    '{"text":"long enough with a raw \u0001 control character"}',
    '{"text":"long enough and never terminated',
    '{"text":"long enough literal" "missing colon"}',
    '{"text":"short"',
  ];
  for (const text of invalid) assert.throws(() => decodeSmallThresholds(Buffer.from(text, 'utf8')), SyntaxError, text);
});
