import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AccessTimeBytes, newSplitBounds, parseAccessTime, splitAccessBytes, splitAccessLine, wordsOf } from '../../../../core/access-log';

const REPO = path.resolve(__dirname, '../../../..');
const FIXTURES = path.join(REPO, 'test/fixtures/access-log');

/** The bytes of ASCII text in a buffer of their own (word-aligned, as wordsOf needs). */
function bytesOf(text: string): Buffer {
  const d = Buffer.alloc(text.length);
  d.write(text, 'latin1');
  return d;
}

/** Lines of ASCII text as the index reads them: each with the buffer it sits in and its bounds there. */
function linesOf(text: string): { d: Buffer; start: number; end: number }[] {
  const d = bytesOf(text);
  const out: { d: Buffer; start: number; end: number }[] = [];
  let p = 0;
  while (p < d.length) {
    let e = d.indexOf(10, p);
    if (e < 0) e = d.length;
    let z = e;
    if (z > p && d[z - 1] === 13) z--;
    if (z > p) out.push({ d, start: p, end: z });
    p = e + 1;
  }
  return out;
}

/** Asserts the byte lane either passes the line on (-1) or gives splitAccessLine's bounds and count. */
function sameAsText(d: Buffer, start: number, end: number, why: string): boolean {
  const b = new Int32Array(54).fill(7);
  const n = splitAccessBytes(d, wordsOf(d), start, end, b);
  if (n < 0) return false;
  const text = d.toString('latin1');
  const ref = newSplitBounds();
  assert.ok(splitAccessLine(text, start, end, ref), `${why}: the byte lane took a line the text lane rejects (${ref.failure?.message}): ${text.slice(start, end)}`);
  assert.equal(n, ref.count, `${why}: field count of ${text.slice(start, end)}`);
  assert.deepEqual([...b], [...ref.b], `${why}: bounds of ${text.slice(start, end)}`);
  return true;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('the byte lane splits every generated line and every fixture line exactly as splitAccessLine does', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-bytes-'));
  try {
    execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '2000', '--seed', '5', '--access-logs'], { stdio: 'ignore' });
    const root = path.join(dir, 'access-logs');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile());
    let lines = 0;
    let taken = 0;
    for (const f of files) {
      for (const l of linesOf(fs.readFileSync(f, 'latin1'))) {
        lines++;
        if (sameAsText(l.d, l.start, l.end, f)) taken++;
      }
    }
    assert.ok(lines > 1000, `${lines} generated lines`);
    // Generated lines are all well formed: the byte lane takes every one (it is the index's fast lane).
    assert.equal(taken, lines);
    let fixtureLines = 0;
    for (const f of fs.readdirSync(FIXTURES)) {
      for (const l of linesOf(fs.readFileSync(path.join(FIXTURES, f), 'latin1'))) {
        fixtureLines++;
        sameAsText(l.d, l.start, l.end, f);
      }
    }
    assert.ok(fixtureLines > 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('damaged lines: whatever the byte lane takes, it splits as splitAccessLine does', () => {
  const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
  const seeds = [
    `${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ${OWNER} 3E57427F3EXAMPLE REST.GET.OBJECT a%20b.txt "GET /b/a%20b.txt?x="y" HTTP/1.1" 200 - 113 4096 7 - "-" "S3Console/0.4 "quoted" agent" - s9lzHYrFp76Z= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader b.s3.us-west-1.amazonaws.com TLSv1.2 - Yes us-west-1`,
    `${OWNER} b [06/Feb/2019:00:00:38 +0000] - AmazonS3 3E57427F3EXAMPLE S3.EXPIRE.OBJECT k - - - - - - - - -`,
    `${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT k - 204 - - 10 - - - - - id SigV4 - AuthHeader b.s3.amazonaws.com TLSv1.3 - - - extra1 extra2`,
    `${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - ID REST.GET.BUCKET - "GET /b?list-type=2 HTTP/1.1" 200 - 5 - 3 2 "https://x.example/" "curl/8" -`,
    `${OWNER} b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - ID REST.GET.BUCKET - "GET /b HTTP/1.1" 200 - 5 - 3 2 - "curl/8 "x"" - id`,
  ];
  const next = random(20);
  const alphabet = ' "[]-0123456789aZ\t';
  let taken = 0;
  let trials = 0;
  for (const seed of seeds) {
    // The seeds themselves, then each with a few random edits (inserted, deleted or replaced characters), in a
    // buffer with other lines around it as in a file.
    for (let k = 0; k < 600; k++) {
      let line = seed;
      const edits = k === 0 ? 0 : 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * line.length);
        const c = alphabet[Math.floor(next() * alphabet.length)];
        const kind = Math.floor(next() * 3);
        line = kind === 0 ? line.slice(0, at) + c + line.slice(at) : kind === 1 ? line.slice(0, at) + line.slice(at + 1) : line.slice(0, at) + c + line.slice(at + 1);
      }
      line = line.replace(/\n/g, '');
      const text = `${seed}\n${line}\n"- x"\n`;
      const start = seed.length + 1;
      trials++;
      if (sameAsText(bytesOf(text), start, start + line.length, `seed ${seeds.indexOf(seed)} edit ${k}`)) taken++;
    }
  }
  // Most edits leave a line the lane still takes (else this test would prove little).
  assert.ok(taken > trials / 3, `${taken} of ${trials} taken`);
});

test('AccessTimeBytes gives parseAccessTime, through hours, zones and bad times', () => {
  const times = [
    '[06/Feb/2019:00:00:38 +0000]', '[06/Feb/2019:00:59:59 +0000]', '[06/Feb/2019:00:00:60 +0000]', '[06/Feb/2019:01:00:00 +0000]',
    '[06/Feb/2019:01:00:00 -0130]', '[06/Feb/2019:01:07:00 -0130]', '[06/Feb/2019:01:61:00 -0130]', '[06/Feb/2019:01:07:0x -0130]',
    '[31/Feb/2019:01:07:00 +0000]', '[06/Fob/2019:01:07:00 +0000]', '[06/Feb/2019:01:07:00 +0000', '[29/Feb/2024:23:59:59 +1400]',
    '[29/Feb/2024:23:01:02 +1400]', '[06-Feb/2019:01:07:00 +0000]', '[06/Feb/2019:01:07:00 +0000]', '[06/Feb/2019:01:07:01 +0000]',
  ];
  const reader = new AccessTimeBytes();
  for (const t of times) {
    const d = Buffer.from(`x ${t} y`, 'latin1');
    const got = reader.read(d, 2, 2 + t.length);
    const want = parseAccessTime(t, 0, t.length);
    assert.ok(Object.is(got, want), `${t}: ${got} vs ${want}`);
  }
});
