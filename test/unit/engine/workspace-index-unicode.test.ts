// Property test (issue 17): records with random Unicode in every string field (U+FFFD, NUL, controls,
// lone surrogates, bidi, U+2028, BOM, JSON punctuation, non-BMP, long runs) are written in every file shape
// the index reads (trail file, .json.gz, NDJSON, pretty; ASCII-escaped text for the scanner's fast path,
// a file big enough to be streamed), and the index must hold exactly the records an independent reading
// (zlib + JSON.parse, no core/parse) finds, with the same values. Seeded: a failure names its seed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { defaultSettings } from '../../../core/settings';
import { WorkspaceIndexService } from '../../../engine/workspace-index';
import { rng } from '../../seeded-random';

/** Pieces strings are made of: what an attacker would put in a userAgent or an object key. */
const POOLS: string[][] = [
  ['a', 'Z', '0', ' ', '-', '/', '.', '_', '~', '%', '+', '=', '@'],
  ['\uFFFD'],
  ['\u0000', '\u0001', '\u0007', '\u0008', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f'],
  ['\u0085', '\u009b', '\u00a0', '\u00e9', '\u00ff'],
  ['\ud800', '\udbff', '\udc00', '\udfff'], // lone surrogates
  ['\ud83d\ude00', '\ud800\udc00', '\udbff\udfff'], // pairs (non-BMP)
  ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'],
  ['\u2028', '\u2029', '\ufeff', '\u200b', '\u0301', '\ufffe', '\uffff'],
  ['"', '\\', '{', '}', '[', ']', ',', ':', '\\"', '"}]}', '{"Records":['],
  ['eventSource', 's3.amazonaws.com', 'eventVersion', 'Records', 'eventID'],
];

function randomString(r: () => number, max = 24): string {
  const n = Math.floor(r() * max);
  let s = '';
  for (let i = 0; i < n; i++) {
    const pool = POOLS[Math.floor(r() * POOLS.length)];
    s += pool[Math.floor(r() * pool.length)];
  }
  // Now and then a long run, across the readers' chunk boundaries.
  if (r() < 0.03) s += '\uFFFD'.repeat(Math.floor(r() * 5000));
  return s;
}

function randomRecord(r: () => number, i: number): Record<string, unknown> {
  const s = (max?: number) => randomString(r, max);
  const time = r() < 0.5 ? new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 1e9)).toISOString().replace(/\.\d{3}Z$/, 'Z') : s(12);
  return {
    eventVersion: `1.${s(3)}`,
    userIdentity: {
      type: s(), principalId: s(), arn: s(), accountId: s(12), userName: s(),
      sessionContext: { sessionIssuer: { userName: s(), arn: s() } },
    },
    eventTime: time,
    eventSource: r() < 0.7 ? 's3.amazonaws.com' : s(),
    eventName: r() < 0.3 ? 'GetObject' : s(),
    awsRegion: s(),
    sourceIPAddress: s(),
    userAgent: s(60),
    errorCode: s(),
    errorMessage: s(),
    requestParameters: { bucketName: s(), key: s(40), [s(8)]: s() },
    responseElements: null,
    additionalEventData: { [s(8)]: s() },
    requestID: s(),
    // Unique per record, so no record is a duplicate of another: the index must keep every one.
    eventID: `${i}:${s()}`,
    readOnly: r() < 0.5,
    resources: [{ type: s(), ARN: s(), accountId: s() }],
    eventType: s(),
    recipientAccountId: s(12),
    eventCategory: s(),
  };
}

/** JSON with every non-ASCII character as a \uXXXX escape: an ASCII file, which the scanner's fast path reads. */
function asciiJson(v: unknown, space?: number): string {
  return JSON.stringify(v, null, space).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The string as UTF-8 holds it: lone surrogates become U+FFFD. */
function wellFormed(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** Independent reading: gunzip + JSON.parse, nothing of core/. */
function independentRecords(file: string): Record<string, unknown>[] {
  let bytes = fs.readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  if (/\.ndjson(\.gz)?$/.test(file)) return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return (JSON.parse(text) as { Records: Record<string, unknown>[] }).Records;
}

/** The index's columns checked against the record's own fields (a string a file holds is shown as it is,
 *  lone surrogates aside: the index stores UTF-8, where they become U+FFFD). */
const DIRECT: [string, (r: Record<string, unknown>) => unknown][] = [
  ['eventName', (r) => r.eventName], ['eventSource', (r) => r.eventSource], ['userAgent', (r) => r.userAgent],
  ['sourceIP', (r) => r.sourceIPAddress], ['region', (r) => r.awsRegion], ['error', (r) => r.errorCode],
  ['requestID', (r) => r.requestID], ['eventID', (r) => r.eventID], ['time', (r) => r.eventTime],
  ['recipient', (r) => r.recipientAccountId], ['bucket', (r) => (r.requestParameters as { bucketName: string }).bucketName],
  ['key', (r) => (r.requestParameters as { key: string }).key],
];

for (const seed of [1, 2, 3]) {
  test(`random Unicode in every string field, every file shape: the index holds exactly the independent count and values (seed ${seed})`, async () => {
    const r = rng(seed);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ct-unicode-${seed}-`));
    try {
      let next = 0;
      const batch = (n: number) => Array.from({ length: n }, () => randomRecord(r, next++));
      const files: [string, string | Buffer][] = [
        ['trail.json', JSON.stringify({ Records: batch(150) })],
        ['trail-ascii.json', asciiJson({ Records: batch(150) })],
        ['trail.json.gz', zlib.gzipSync(JSON.stringify({ Records: batch(150) }))],
        ['trail-ascii.json.gz', zlib.gzipSync(asciiJson({ Records: batch(150) }))],
        ['pretty.json', JSON.stringify({ Records: batch(100) }, null, 2)],
        ['pretty-ascii.json', asciiJson({ Records: batch(100) }, 4)],
        ['bom.json', `\ufeff${JSON.stringify({ Records: batch(50) })}`],
        ['records.ndjson', batch(150).map((x) => JSON.stringify(x)).join('\n')],
        ['records-ascii.ndjson', `${batch(150).map((x) => asciiJson(x)).join('\r\n')}\r\n`],
        ['records.ndjson.gz', zlib.gzipSync(batch(100).map((x) => JSON.stringify(x)).join('\n'))],
      ];
      // Past the reader's whole-file size (8 MB): read as a stream, chunk by chunk, with values of a MB.
      const bigBatch = () => {
        const records = batch(1000);
        for (let i = 0; i < 5; i++) records.splice(Math.floor(r() * records.length), 0, { ...randomRecord(r, next++), userAgent: randomString(r, 1000).repeat(1000) });
        return records;
      };
      if (seed === 1) files.push(['big.json', JSON.stringify({ Records: bigBatch() })], ['big-ascii.ndjson', bigBatch().map((x) => asciiJson(x)).join('\n')]);
      for (const [name, data] of files) fs.writeFileSync(path.join(dir, name), data);
      for (const name of ['big.json', 'big-ascii.ndjson']) if (seed === 1) assert.ok(fs.statSync(path.join(dir, name)).size > 8 * 1024 * 1024, name);

      const expected = new Map<string, Record<string, unknown>>();
      for (const [name] of files) for (const rec of independentRecords(path.join(dir, name))) expected.set(wellFormed(rec.eventID as string), rec);
      assert.equal(expected.size, next, 'every record written is read back independently');

      const s = new WorkspaceIndexService({
        roots: [dir], settings: { ...defaultSettings(), 'index.include': ['**/*.json', '**/*.json.gz', '**/*.ndjson', '**/*.ndjson.gz'] },
        onStatus: () => undefined, log: () => undefined, workerScript: path.join(os.tmpdir(), 'no-such-worker.js'),
      });
      await s.start();
      try {
        const st = s.status();
        assert.deepEqual(s.problems().problems, [], `seed ${seed}: no problem in valid JSON`);
        assert.equal(st.records, next, `seed ${seed}: records`);
        assert.equal(st.duplicates, 0, `seed ${seed}: nothing is a duplicate`);
        const s3 = [...expected.values()].filter((x) => ['s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com'].includes(String(x.eventSource).toLowerCase())).length;
        assert.equal(st.s3Records, s3, `seed ${seed}: S3 records`);
        const all = s.query({ query: 'source:*', offset: 0, limit: next + 1 });
        assert.ok(all.ok);
        assert.equal(all.total, next);
        for (const row of all.rows) {
          const rec = expected.get(row.eventID);
          assert.ok(rec, `seed ${seed}: row ${JSON.stringify(row.eventID)} is a written record`);
          for (const [column, field] of DIRECT) {
            assert.equal(row[column as keyof typeof row], wellFormed(String(field(rec) ?? '')), `seed ${seed}: ${column} of ${JSON.stringify(row.eventID)} in ${path.basename(row.file)}`);
          }
        }
        assert.equal(new Set(all.rows.map((x) => x.eventID)).size, next);
      } finally {
        s.dispose();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
