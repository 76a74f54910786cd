import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SOURCE = path.resolve(__dirname, '../../../server/stdin-source.ts');

/** A child process that reads its stdin with stdinSource and reports bytes, chunks and distinct chunk memories. */
const CHILD = `
const { stdinSource } = require(${JSON.stringify(SOURCE)});
const memories = new Set();
let bytes = 0, chunks = 0, sum = 0;
stdinSource().start({
  chunk(data) { bytes += data.length; chunks++; memories.add(data.buffer); for (const b of data) sum = (sum + b) % 65521; },
  error(e) { console.log(JSON.stringify({ error: e.message })); },
  end() { console.log(JSON.stringify({ bytes, chunks, memories: memories.size, sum })); },
});
`;

function readInChild(stdin: 'pipe' | number, input?: Buffer): Promise<{ bytes: number; chunks: number; memories: number; sum: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', CHILD], { stdio: [stdin, 'pipe', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out));
      } catch (err) {
        reject(new Error(`child said ${JSON.stringify(out)}: ${String(err)}`));
      }
    });
    if (input && child.stdin) child.stdin.end(input);
  });
}

const checksum = (b: Buffer): number => b.reduce((s, x) => (s + x) % 65521, 0);

test('on a pipe, every read lands in the same reused buffer and the end is reported', async () => {
  const input = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < input.length; i++) input[i] = (i * 31) & 0xff;
  const got = await readInChild('pipe', input);
  assert.equal(got.bytes, input.length);
  assert.equal(got.sum, checksum(input));
  assert.ok(got.chunks > 1, 'several reads');
  assert.equal(got.memories, 1, 'one buffer for all reads');
});

test('a file on stdin (not a pipe) is read through process.stdin', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stdin-source-')), 'messages.bin');
  const input = Buffer.from('Content-Length: 2\r\n\r\n{}', 'ascii');
  fs.writeFileSync(file, input);
  const fd = fs.openSync(file, 'r');
  try {
    const got = await readInChild(fd);
    assert.equal(got.bytes, input.length);
    assert.equal(got.sum, checksum(input));
  } finally {
    fs.closeSync(fd);
  }
});
