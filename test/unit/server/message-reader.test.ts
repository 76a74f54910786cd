import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Message } from 'vscode-languageserver/node';
import { FramedMessageReader, MessageFramer } from '../../../server/message-reader';
import { LARGE_BODY_BYTES } from '../../../server/message-body';
import { streamSource } from '../../../server/stdin-source';

/** A message as a client puts it on the wire. */
function frame(message: unknown, extraHeader = ''): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n${extraHeader}\r\n`, 'ascii'), body]);
}

/** Feeds chunks through one reused buffer, as the stdin source does, and collects what comes out. */
function run(chunks: Buffer[]): { messages: unknown[]; errors: string[] } {
  const messages: unknown[] = [];
  const errors: string[] = [];
  const framer = new MessageFramer({ onMessage: (m) => messages.push(m), onError: (e) => errors.push(e.message) });
  const scratch = Buffer.alloc(Math.max(1, ...chunks.map((c) => c.length)));
  for (const chunk of chunks) {
    chunk.copy(scratch);
    framer.push(scratch.subarray(0, chunk.length));
    scratch.fill(0x21); // whatever the framer kept a reference to is now garbage
  }
  return { messages, errors };
}

const OPEN = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///caf\u00e9.json', languageId: 'json', version: 1, text: '{"Records":[{"eventName":"GetObject","key":"\u4e2d\u{1f600}"}]}' } } };
const HOVER = { jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///caf\u00e9.json' }, position: { line: 0, character: 3 } } };
const EXIT = { jsonrpc: '2.0', method: 'exit' };

test('a stream split at every byte position (inside headers, inside multi-byte characters) gives the same messages', () => {
  const wire = Buffer.concat([frame(OPEN), frame(HOVER, 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'), frame(EXIT)]);
  for (let at = 0; at <= wire.length; at++) {
    const { messages, errors } = run([wire.subarray(0, at), wire.subarray(at)]);
    assert.deepEqual(errors, [], `split at ${at}`);
    assert.deepEqual(messages, [OPEN, HOVER, EXIT], `split at ${at}`);
  }
});

test('one byte per chunk, and every message in one chunk', () => {
  const wire = Buffer.concat([frame(OPEN), frame(HOVER), frame(EXIT)]);
  const bytewise = run([...wire].map((b) => Buffer.from([b])));
  assert.deepEqual(bytewise.messages, [OPEN, HOVER, EXIT]);
  assert.deepEqual(run([wire]).messages, [OPEN, HOVER, EXIT]);
});

test('header names in any case, extra headers and an empty body', () => {
  const body = Buffer.from(JSON.stringify(HOVER), 'utf8');
  const wire = Buffer.concat([Buffer.from(`content-type: application/json\r\nCONTENT-LENGTH:${body.length}\r\n\r\n`), body]);
  assert.deepEqual(run([wire]).messages, [HOVER]);
  const empty = run([Buffer.from('Content-Length: 0\r\n\r\n'), frame(EXIT)]);
  assert.equal(empty.errors.length, 1);
  assert.deepEqual(empty.messages, [EXIT]);
});

test('a huge body with non-ASCII text arrives in 64 KB chunks and decodes once', () => {
  const record = JSON.stringify({ eventName: 'PutObject', userAgent: 'S3 Console/\u00e9 "x" \\ \u{1f600}', requestParameters: { key: '\u4e2d\u6587/\t.gz' } });
  const text = `{"Records":[${Array.from({ length: Math.ceil((3 * LARGE_BODY_BYTES) / record.length) }, () => record).join(',')}]}`;
  const open = { ...OPEN, params: { textDocument: { ...OPEN.params.textDocument, text } } };
  const wire = Buffer.concat([frame(open), frame(HOVER)]);
  const chunks: Buffer[] = [];
  // 65,537 bytes: chunk edges fall at every offset of the record pattern, inside multi-byte characters too.
  for (let at = 0; at < wire.length; at += 65537) chunks.push(wire.subarray(at, at + 65537));
  const { messages, errors } = run(chunks);
  assert.deepEqual(errors, []);
  assert.equal(messages.length, 2);
  assert.equal((messages[0] as typeof open).params.textDocument.text, text);
  assert.deepEqual(messages[1], HOVER);
});

test('a header without Content-Length or a body that is not JSON is an error; the next message still comes through', () => {
  const wire = Buffer.concat([
    Buffer.from('Content-Type: application/json\r\n\r\n'),
    frame(HOVER),
    Buffer.from('Content-Length: 5\r\n\r\n{"a":'),
    Buffer.from('Content-Length: x\r\n\r\n'),
    frame(EXIT),
  ]);
  const { messages, errors } = run([wire]);
  assert.equal(errors.length, 3);
  assert.match(errors[0], /Content-Length/);
  assert.deepEqual(messages, [HOVER, EXIT]);
});

test('FramedMessageReader: messages in order, close at the end of the stream, partial-message notice', async () => {
  const stream = new PassThrough();
  const reader = new FramedMessageReader(streamSource(stream), 30);
  const messages: Message[] = [];
  const partial: number[] = [];
  const closed = new Promise<void>((resolve) => reader.onClose(() => resolve()));
  reader.onPartialMessage((info) => partial.push(info.waitingTime));
  reader.listen((m) => messages.push(m));
  const wire = Buffer.concat([frame(OPEN), frame(HOVER)]);
  stream.write(wire.subarray(0, 40));
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(partial, [30], 'one notice while the first message waited');
  stream.write(wire.subarray(40));
  stream.end();
  await closed;
  assert.deepEqual(messages, [OPEN, HOVER]);
});

test('a body over the size cap is skipped with an error and the stream stays in step', () => {
  const messages: unknown[] = [];
  const errors: string[] = [];
  const framer = new MessageFramer({ onMessage: (m) => messages.push(m), onError: (e) => errors.push(e.message), maxBodyBytes: 300 });
  const big = frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'x'.repeat(500) } });
  const wire = Buffer.concat([frame(HOVER), big, frame(EXIT)]);
  for (let at = 0; at < wire.length; at += 7) framer.push(wire.subarray(at, at + 7));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /larger than 300 bytes; skipped/);
  assert.deepEqual(messages, [HOVER, EXIT]);
});

// Issue 17: a framing error used to leave the server deaf (every later header read as part of a broken one)
// and a huge declared length was waited for, byte by byte, until stdin closed.
test('a body sent without its header costs that message only: the next header is found and read', () => {
  const lost = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'x', params: { note: 'Content-Length: 12 inside a value' } }));
  const wire = Buffer.concat([lost, frame(HOVER), frame(EXIT)]);
  for (const step of [wire.length, 1, 5]) {
    const messages: unknown[] = [];
    const errors: string[] = [];
    const framer = new MessageFramer({ onMessage: (m) => messages.push(m), onError: (e) => errors.push(e.message) });
    for (let at = 0; at < wire.length; at += step) framer.push(wire.subarray(at, at + step));
    assert.deepEqual(messages, [HOVER, EXIT], `chunks of ${step}`);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /not LSP framing; skipped/);
  }
});

test('a body without a header that is longer than any header block: the next header is still found whole', () => {
  const lost = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'y'.repeat(200_000) } }));
  const wire = Buffer.concat([lost, frame(HOVER)]);
  // a cut every 64 KB - 1 bytes lands anywhere, also inside the real Content-Length line
  for (const step of [65_535, 4096, wire.length]) {
    const { messages, errors } = runSteps(wire, step);
    assert.deepEqual(messages, [HOVER], `chunks of ${step}`);
    assert.equal(errors.length, 1, errors.join('\n'));
  }
});

test('a declared length over the cap (10 GB) is refused at once, not waited for; the next message comes through', () => {
  const wire = Buffer.concat([Buffer.from('Content-Length: 10737418240\r\n\r\n'), frame(HOVER), frame(EXIT)]);
  const { messages, errors } = runSteps(wire, 3);
  assert.deepEqual(messages, [HOVER, EXIT]);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /10737418240 bytes is larger than \d+ bytes; skipped, reading resumes at the next message header/);
});

test('garbage, a bad Content-Length and a missing one in a row: every real message after them is read', () => {
  const wire = Buffer.concat([
    Buffer.from('\u0000\u0001garbage\r\n\r\n'),
    Buffer.from('Content-Length: -4\r\n\r\n'),
    Buffer.from('{"jsonrpc":"2.0","method":"no-header"}'),
    frame(OPEN), frame(HOVER),
  ]);
  const { messages, errors } = runSteps(wire, 2);
  assert.deepEqual(messages, [OPEN, HOVER]);
  assert.equal(errors.length, 3, errors.join('\n'));
});

function runSteps(wire: Buffer, step: number): { messages: unknown[]; errors: string[] } {
  const chunks: Buffer[] = [];
  for (let at = 0; at < wire.length; at += step) chunks.push(wire.subarray(at, at + step));
  return run(chunks);
}
