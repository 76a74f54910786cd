import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { parseRecord, readRecordStream, recordTextOfElement, splitRecords } from '../../../../core/parse';
import { readAll } from './read-all';

const FIXTURES = path.join(__dirname, '../../../fixtures/parse');
const fx = (name: string): string => path.join(FIXTURES, name);
let tmp = '';

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-parse-stream-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function bigTrail(records: number): { text: string; names: string[] } {
  const names: string[] = [];
  const rs: string[] = [];
  for (let i = 0; i < records; i++) {
    const name = i % 7 === 0 ? `Get"Obj{ect}\\${i}` : `PutObject${i}`;
    names.push(name);
    rs.push(JSON.stringify({ eventVersion: '1.08', eventTime: '2024-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: name, requestParameters: { key: 'k/é/😀'.repeat(i % 5) } }));
  }
  return { text: `{"Records":[${rs.join(',')}]}`, names };
}

describe('readRecordStream', () => {
  it('every fixture shape: same records as splitRecords, byte offsets pointing at the element', async () => {
    for (const name of fs.readdirSync(FIXTURES)) {
      const bytes = fs.readFileSync(fx(name));
      if (bytes[0] === 0x1f || name.endsWith('.mjs')) continue;
      const text = bytes.toString('utf8');
      const mem = splitRecords(text, name);
      const got = await readAll(fx(name), { chunkBytes: 13, wholeFileBytes: 0 });
      const whole = await readAll(fx(name));
      assert.deepEqual(whole, got, `${name}: whole-file and streaming reads agree`);
      assert.equal(got.shape, mem.shape, name);
      assert.deepEqual(got.spans.map((s) => s.text), mem.spans.map((s) => s.text), name);
      assert.deepEqual(got.spans.map((s) => [s.line, s.column, s.ordinal]), mem.spans.map((s) => [s.line, s.column, s.ordinal]), name);
      for (const s of got.spans) {
        const raw = bytes.subarray(s.offset, s.offset + s.length).toString('utf8');
        if (!s.embedded) assert.equal(raw, s.text, name);
        else assert.match(raw, /^\{/, name);
        // what the index does to show a record again: re-read the span, take the record text out of it
        assert.equal(recordTextOfElement(got.shape!, raw), s.text, name);
      }
    }
  });

  it('gzip trail file, whatever its name', async () => {
    for (const name of ['trail.json.gz', 'gzip-named-json.json']) {
      const got = await readAll(fx(name));
      assert.equal(got.shape, 'trail');
      assert.equal(got.spans.length, 3);
      assert.deepEqual(got.problems, []);
    }
  });

  it('truncated gzip: the records that decompressed, and truncated-gzip with a position', async () => {
    const got = await readAll(fx('truncated.json.gz'));
    assert.equal(got.shape, 'trail');
    assert.ok(got.spans.length >= 1 && got.spans.length < 3, `read ${got.spans.length}`);
    for (const s of got.spans) assert.ok(parseRecord(s, 't').record);
    assert.deepEqual(got.problems.map((p) => p.code), ['truncated-gzip']);
    assert.equal(got.problems[0].file, fx('truncated.json.gz'));
    assert.ok(got.problems[0].position && got.problems[0].position.offset > 0);
  });

  it('damaged gzip data: gzip-error, no throw', async () => {
    const gz = zlib.gzipSync(fs.readFileSync(fx('trail-single-line.json')));
    const bad = Buffer.from(gz);
    for (let i = 20; i < bad.length - 8; i++) bad[i] ^= 0x5a;
    const f = path.join(tmp, 'damaged.json.gz');
    fs.writeFileSync(f, bad);
    const got = await readAll(f);
    assert.equal(got.problems.length, 1);
    assert.match(got.problems[0].code, /^(gzip-error|truncated-gzip)$/);
  });

  it('streams a large file in batches with chunk boundaries anywhere (strings, escapes, multi-byte UTF-8)', async () => {
    const { text, names } = bigTrail(2500);
    const f = path.join(tmp, 'big.json');
    fs.writeFileSync(f, text);
    for (const chunkBytes of [1, 3, 4096]) {
      if (chunkBytes === 1) {
        // one byte at a time is slow; a 40-record file is enough to cross every boundary
        const small = bigTrail(40);
        const sf = path.join(tmp, 'small.json');
        fs.writeFileSync(sf, small.text);
        const got = await readAll(sf, { chunkBytes: 1, wholeFileBytes: 0 });
        assert.deepEqual(got.spans.map((s) => JSON.parse(s.text).eventName), small.names);
        continue;
      }
      const got = await readAll(f, { chunkBytes, batchSize: 1000, wholeFileBytes: chunkBytes === 3 ? undefined : 0 });
      assert.deepEqual(got.problems, []);
      assert.equal(got.spans.length, 2500);
      assert.equal(got.batches, 3);
      assert.deepEqual(got.spans.map((s) => JSON.parse(s.text).eventName), names);
      const bytes = fs.readFileSync(f);
      for (const s of [got.spans[0], got.spans[1234], got.spans[2499]]) assert.equal(bytes.subarray(s.offset, s.offset + s.length).toString('utf8'), s.text);
      // the column counts UTF-16 units of the text before the record on its (single) line
      const s = got.spans[1234];
      assert.equal(s.column, bytes.subarray(0, s.offset).toString('utf8').length);
    }
  });

  it('gzip of a large NDJSON file: bad lines reported by line, others load', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(i % 1000 === 500 ? '{"eventVersion":"1.08","eventName":' : JSON.stringify({ eventVersion: '1.08', eventTime: 't', eventName: `E${i}` }));
    const f = path.join(tmp, 'events.ndjson.gz');
    fs.writeFileSync(f, zlib.gzipSync(lines.join('\r\n') + '\r\n'));
    const got = await readAll(f, { chunkBytes: 1024, wholeFileBytes: 0 });
    assert.deepEqual(await readAll(f), got);
    assert.equal(got.shape, 'ndjson');
    assert.equal(got.spans.length, 3000);
    const parsed = got.spans.map((s) => parseRecord(s, f));
    const bad = parsed.filter((p) => p.problem).map((p) => p.problem!.position!.line);
    assert.deepEqual(bad, [500, 1500, 2500]);
    assert.equal(parsed.filter((p) => p.record).length, 2997);
  });

  it('stops at maxInflatedBytes with inflate-limit (gzip bomb)', async () => {
    const f = path.join(tmp, 'bomb.json.gz');
    const { text } = bigTrail(3000);
    fs.writeFileSync(f, zlib.gzipSync(text));
    const got = await readAll(f, { maxInflatedBytes: 100 * 1024 });
    assert.deepEqual(got.problems.map((p) => p.code), ['inflate-limit']);
    assert.ok(got.spans.length > 0 && got.spans.length < 3000);
  });

  it('skips a file over maxFileBytes with file-too-large', async () => {
    const got = await readAll(fx('trail-single-line.json'), { maxFileBytes: 100 });
    assert.deepEqual(got.problems.map((p) => p.code), ['file-too-large']);
    assert.equal(got.spans.length, 0);
  });

  it('skips a record over maxRecordBytes and keeps the others', async () => {
    const huge = JSON.stringify({ eventVersion: '1.08', eventName: 'PutBucketPolicy', requestParameters: { policy: 'x'.repeat(300_000) } });
    const small = JSON.stringify({ eventVersion: '1.08', eventName: 'GetObject' });
    const f = path.join(tmp, 'huge.json');
    fs.writeFileSync(f, `{"Records":[${small},${huge},${small}]}`);
    const got = await readAll(f, { maxRecordBytes: 100_000, chunkBytes: 8192, wholeFileBytes: 0 });
    assert.deepEqual(await readAll(f, { maxRecordBytes: 100_000 }), got);
    assert.deepEqual(got.spans.map((s) => s.ordinal), [0, 2]);
    assert.deepEqual(got.problems.map((p) => p.code), ['record-too-large']);
    const all = await readAll(f, { chunkBytes: 8192 });
    assert.equal(all.spans.length, 3);
    assert.equal(JSON.parse(all.spans[1].text).requestParameters.policy.length, 300_000);
  });

  it('skips an NDJSON line over maxRecordBytes and keeps the other lines', async () => {
    const f = path.join(tmp, 'long-line.ndjson');
    const line = (n: string, pad = 0) => JSON.stringify({ eventVersion: '1.08', eventTime: 't', eventName: n, pad: 'p'.repeat(pad) });
    fs.writeFileSync(f, [line('A'), line('B', 200_000), line('C')].join('\n'));
    for (const wholeFileBytes of [0, undefined]) {
      const got = await readAll(f, { maxRecordBytes: 50_000, wholeFileBytes, chunkBytes: 4096 });
      assert.deepEqual(got.spans.map((s) => JSON.parse(s.text).eventName), ['A', 'C']);
      assert.deepEqual(got.spans.map((s) => s.ordinal), [0, 2]);
      assert.deepEqual(got.problems.map((p) => [p.code, p.position?.line]), [['record-too-large', 1]]);
    }
  });

  it('NDJSON whose first line is longer than the detection head: every line, a damaged one alone', async () => {
    const f = path.join(tmp, 'long-first.ndjson');
    const line = (n: string, pad = 0) => JSON.stringify({ eventVersion: '1.08', eventTime: 't', eventName: n, pad: 'p'.repeat(pad) });
    fs.writeFileSync(f, [line('A', 100_000), '{"eventVersion":"1.08","eventName":"B', line('C')].join('\n') + '\n');
    for (const wholeFileBytes of [0, undefined]) {
      const got = await readAll(f, { wholeFileBytes, chunkBytes: 16 * 1024 });
      assert.equal(got.shape, 'ndjson');
      const parsed = got.spans.map((sp) => parseRecord(sp, f));
      assert.deepEqual(parsed.map((p) => p.record?.eventName ?? p.problem?.code), ['A', 'json-syntax', 'C']);
    }
  });

  it('0-byte file, directory, dangling symlink, symlink loop: one problem each, no throw', async () => {
    const empty = path.join(tmp, 'empty.json.gz');
    fs.writeFileSync(empty, '');
    const e = await readAll(empty);
    assert.equal(e.shape, 'empty');
    assert.deepEqual(e.problems.map((p) => p.code), ['empty-file']);

    assert.deepEqual((await readAll(tmp)).problems.map((p) => p.code), ['not-a-file']);

    const dangling = path.join(tmp, 'dangling.json');
    fs.symlinkSync(path.join(tmp, 'nowhere.json'), dangling);
    assert.deepEqual((await readAll(dangling)).problems.map((p) => p.code), ['unreadable']);

    const a = path.join(tmp, 'loop-a.json');
    const b = path.join(tmp, 'loop-b.json');
    fs.symlinkSync(b, a);
    fs.symlinkSync(a, b);
    const loop = await readAll(a);
    assert.deepEqual(loop.problems.map((p) => p.code), ['unreadable']);
    assert.match(loop.problems[0].message, /symbolic link loop/);
    assert.equal(loop.problems[0].file, a);
  });

  it('a gzip file that inflates to nothing is empty', async () => {
    const f = path.join(tmp, 'nothing.json.gz');
    fs.writeFileSync(f, zlib.gzipSync(Buffer.alloc(0)));
    const got = await readAll(f);
    assert.equal(got.shape, 'empty');
    assert.deepEqual(got.problems.map((p) => p.code), ['empty-file']);
  });

  it('binary, look-alike and digest files yield no spans', async () => {
    const bin = await readAll(fx('binary.bin'));
    assert.equal(bin.shape, 'binary');
    assert.deepEqual(bin.problems.map((p) => p.code), ['binary']);
    const s3 = await readAll(fx('s3-event-notification.json'));
    assert.equal(s3.shape, 's3-notification');
    assert.deepEqual(s3.problems.map((p) => p.code), ['not-cloudtrail']);
    const d = await readAll(fx('digest.json'));
    assert.equal(d.shape, 'digest');
    assert.deepEqual(d.problems, []);
    assert.equal(d.spans.length + bin.spans.length + s3.spans.length, 0);
  });

  it('an AbortSignal stops reading between batches', async () => {
    const { text } = bigTrail(3000);
    const f = path.join(tmp, 'abort.json');
    fs.writeFileSync(f, text);
    for (const wholeFileBytes of [0, undefined]) {
      const ac = new AbortController();
      let seen = 0;
      for await (const batch of readRecordStream(f, { maxInflatedBytes: 1e9, maxFileBytes: 1e9, batchSize: 100, chunkBytes: 4096, wholeFileBytes, signal: ac.signal, onProblem: () => undefined })) {
        seen += batch.length;
        ac.abort();
      }
      assert.equal(seen, 100);
    }
  });

  it('truncated gzip read in one go or streamed: same records and problem', async () => {
    assert.deepEqual(await readAll(fx('truncated.json.gz')), await readAll(fx('truncated.json.gz'), { wholeFileBytes: 0, chunkBytes: 50 }));
  });
});

describe('odd characters and damage inside a file: the readable records count (issue 17)', () => {
  const rec = (over: Record<string, unknown>): Record<string, unknown> => ({ eventVersion: '1.08', eventTime: '2026-01-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `id-${JSON.stringify(over).length}`, ...over });
  const names = (spans: { text: string }[]): unknown[] => spans.map((s) => (JSON.parse(s.text) as Record<string, unknown>).eventName);
  const reads = [{}, { wholeFileBytes: 0, chunkBytes: 7 }, { lane: true as const }, { lane: true as const, wholeFileBytes: 0, chunkBytes: 64 }];

  it('nine U+FFFD in a userAgent hide nothing: every record is read, no problem (trail, .gz, NDJSON, pretty)', async () => {
    const records = [rec({ userAgent: '\uFFFD'.repeat(9) }), rec({ eventName: 'DeleteBucketPolicy' })];
    const files: [string, Buffer][] = [
      ['fffd.json', Buffer.from(JSON.stringify({ Records: records }))],
      ['fffd.json.gz', zlib.gzipSync(JSON.stringify({ Records: records }))],
      ['fffd.ndjson', Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'))],
      ['fffd-pretty.json', Buffer.from(JSON.stringify({ Records: records }, null, 2))],
    ];
    for (const [name, bytes] of files) {
      const f = path.join(tmp, name);
      fs.writeFileSync(f, bytes);
      for (const opts of reads) {
        const got = await readAll(f, opts);
        assert.deepEqual(got.problems, [], `${name} ${JSON.stringify(opts)}`);
        assert.deepEqual(names(got.spans), ['GetObject', 'DeleteBucketPolicy'], `${name} ${JSON.stringify(opts)}`);
      }
    }
  });

  it('bytes that are not UTF-8 inside a record: the record is read and the bytes are a not-utf8 error at their place', async () => {
    const before = Buffer.from(`{"Records":[${JSON.stringify(rec({}))},{"eventVersion":"1.08","eventName":"PutObject","userAgent":"a`);
    const bytes = Buffer.concat([before, Buffer.from([0xff, 0xfe, 0x00, 0x80]).subarray(0, 2), Buffer.from(`"},${JSON.stringify(rec({ eventName: 'DeleteObject' }))}]}`)]);
    const f = path.join(tmp, 'not-utf8.json');
    fs.writeFileSync(f, bytes);
    for (const opts of reads) {
      const got = await readAll(f, opts);
      assert.deepEqual(names(got.spans), ['GetObject', 'PutObject', 'DeleteObject'], JSON.stringify(opts));
      assert.deepEqual(got.problems.map((p) => [p.code, p.severity, p.position?.offset]), [['not-utf8', 'error', before.length]], JSON.stringify(opts));
      assert.match(got.problems[0].message, /record 2: byte 0xff is not UTF-8/);
    }
  });

  it('a block of NUL bytes between records (a damaged disk block) is an error; the records around it count', async () => {
    const f = path.join(tmp, 'nul-block.json');
    fs.writeFileSync(f, Buffer.concat([Buffer.from(`{"Records":[${JSON.stringify(rec({}))},`), Buffer.alloc(600), Buffer.from(`${JSON.stringify(rec({ eventName: 'DeleteObject' }))}]}`)]));
    for (const opts of reads) {
      const got = await readAll(f, opts);
      assert.equal(got.shape, 'trail');
      assert.deepEqual(names(got.spans), ['GetObject', 'DeleteObject'], JSON.stringify(opts));
      assert.deepEqual(got.problems.map((p) => [p.code, p.severity, p.position?.offset]), [['json-syntax', 'error', 12 + JSON.stringify(rec({})).length + 1]], JSON.stringify(opts));
      assert.match(got.problems[0].message, /found byte 0x00; skipped to the next record/);
    }
  });

  it('a first line of garbage ahead of NDJSON records is that line\'s error only', async () => {
    const f = path.join(tmp, 'garbage-first-line.ndjson');
    fs.writeFileSync(f, Buffer.concat([Buffer.from([0, 0, 0xff, 0x01, 0x0a]), Buffer.from(`${JSON.stringify(rec({}))}\n${JSON.stringify(rec({ eventName: 'DeleteObject' }))}\n`)]));
    const got = await readAll(f);
    assert.equal(got.shape, 'ndjson');
    const parsed = got.spans.map((s) => parseRecord(s, f));
    assert.deepEqual(parsed.filter((p) => p.record).map((p) => p.record!.eventName), ['GetObject', 'DeleteObject']);
    assert.ok([...got.problems, ...parsed.flatMap((p) => (p.problem ? [p.problem] : []))].some((p) => p.severity === 'error'));
  });
});

describe('attacker-shaped files: the readable records count (issue 17, further)', () => {
  const rec = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ eventVersion: '1.08', eventTime: '2026-01-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', ...over });
  const names = (spans: { text: string }[]): unknown[] => spans.map((s) => (JSON.parse(s.text) as Record<string, unknown>).eventName);

  it('concatenated files whose second one starts with a BOM: both files\' records (trail files and JSON Lines)', async () => {
    const trail = path.join(tmp, 'cat-bom.json');
    fs.writeFileSync(trail, `\ufeff${JSON.stringify({ Records: [rec()] })}\n\ufeff${JSON.stringify({ Records: [rec({ eventName: 'DeleteObject' })] })}\n`);
    const lines = path.join(tmp, 'cat-bom.ndjson');
    fs.writeFileSync(lines, `\ufeff${JSON.stringify(rec())}\n\ufeff${JSON.stringify(rec({ eventName: 'DeleteObject' }))}\n`);
    for (const f of [trail, lines]) {
      for (const opts of [{}, { lane: true as const }, { wholeFileBytes: 0, chunkBytes: 5 }]) {
        const got = await readAll(f, opts);
        assert.deepEqual([names(got.spans), got.problems], [['GetObject', 'DeleteObject'], []], `${path.basename(f)} ${JSON.stringify(opts)}`);
      }
    }
  });

  it('JSON Lines or an array whose first record is longer than the detection head (a huge value in a sorted-keys export): every record', async () => {
    const f = path.join(tmp, 'sorted-big-first.ndjson');
    const sorted = (o: Record<string, unknown>) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    const first = sorted(rec({ additionalEventData: { note: 'A'.repeat(100_000) } }));
    fs.writeFileSync(f, [first, sorted(rec({ eventName: 'DeleteObject' })), sorted(rec({ eventName: 'PutObject' }))].map((x) => JSON.stringify(x)).join('\n'));
    const array = path.join(tmp, 'sorted-big-first-array.json');
    fs.writeFileSync(array, JSON.stringify([first, sorted(rec({ eventName: 'DeleteObject' })), sorted(rec({ eventName: 'PutObject' }))]));
    for (const opts of [{}, { wholeFileBytes: 0 }, { lane: true as const }]) {
      const got = await readAll(f, opts);
      assert.equal(got.shape, 'ndjson');
      assert.deepEqual([names(got.spans), got.problems], [['GetObject', 'DeleteObject', 'PutObject'], []], JSON.stringify(opts));
      const arr = await readAll(array, opts);
      assert.equal(arr.shape, 'array');
      assert.deepEqual([names(arr.spans), arr.problems], [['GetObject', 'DeleteObject', 'PutObject'], []], JSON.stringify(opts));
    }
  });
});

describe('a zeroed block inside a record (issue 17, further)', () => {
  it('costs the records it covers only: reading resumes at the next record, nested objects of the damaged tail are not records', async () => {
    const rec = (i: number) => JSON.stringify({ eventVersion: '1.08', eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: String(i), requestParameters: { bucketName: 'b', key: 'k'.repeat(200) }, resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::b/k' }, { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::b' }] });
    const text = Buffer.from(`{"Records":[${Array.from({ length: 10 }, (_, i) => rec(i)).join(',')}]}`);
    const at = text.indexOf('"eventID":"3"');
    text.fill(0, at, at + 600); // from inside record 4 into record 5
    const f = path.join(tmp, 'zeroed-mid-record.json');
    fs.writeFileSync(f, text);
    // Records are 493 bytes: the block wipes the tail of the 4th (eventID 3) and the head of the 5th (eventID 4).
    const intact = ['0', '1', '2', '5', '6', '7', '8', '9'];
    assert.deepEqual(intact.filter((id) => text.includes(`{"eventVersion":"1.08","eventTime":"2026-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"${id}"`)), intact);
    for (const opts of [{}, { lane: true as const }, { wholeFileBytes: 0, chunkBytes: 7 }, { lane: true as const, wholeFileBytes: 0, chunkBytes: 300 }]) {
      const got = await readAll(f, opts);
      const ids = got.spans.map((s) => (JSON.parse(s.text) as Record<string, unknown>).eventID);
      assert.deepEqual(ids, intact, JSON.stringify(opts));
      assert.deepEqual(got.problems.map((p) => [p.code, p.severity]), [['json-syntax', 'error']], JSON.stringify(opts));
      assert.match(got.problems[0].message, /^record 4: NUL bytes inside the record/);
    }
  });
});
