import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { detectShape, isCloudTrailShape, type Shape } from '../../../../core/parse';
import { MAX_OBJECT_MEMBERS, peekValue } from '../../../../core/parse/peek';
import { detectLayout } from '../../../../core/parse/shape';
import { shapeProblem } from '../../../../core/parse/collect';

const FIXTURES = path.join(__dirname, '../../../fixtures/parse');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'latin1');

describe('detectShape', () => {
  const cases: [string, Shape][] = [
    ['trail-single-line.json', 'trail'],
    ['crlf-bom-trail.json', 'trail'],
    ['empty-records.json', 'trail'],
    ['trail-damaged-midway.json', 'trail'],
    ['ndjson-with-bad-line.ndjson', 'ndjson'],
    ['lookup-events.json', 'lookup-events'],
    ['lookup-events.jsonl', 'lookup-events-jsonl'],
    ['eventbridge-api-call.json', 'eventbridge'],
    ['eventbridge-array.json', 'eventbridge'],
    ['cloudwatch-subscription.json', 'cloudwatch'],
    ['cloudwatch-control-message.json', 'cloudwatch'],
    ['filter-log-events.json', 'cloudwatch'],
    ['array-of-records.json', 'array'],
    ['single-record.json', 'record'],
    ['insight-record.json', 'record'],
    ['digest.json', 'digest'],
    ['s3-event-notification.json', 's3-notification'],
    ['s3-eventbridge-notification.json', 's3-eventbridge-notification'],
    ['unrelated.json', 'not-cloudtrail'],
    ['honeybucket-export.csv', 'not-cloudtrail'],
  ];
  for (const [file, shape] of cases) {
    it(`${file} -> ${shape}`, () => assert.equal(detectShape(fs.readFileSync(path.join(FIXTURES, file), 'utf8')).shape, shape));
  }

  it('binary data (NUL bytes, undecodable bytes)', () => {
    assert.equal(detectShape(read('binary.bin')).shape, 'binary');
    assert.equal(detectShape(fs.readFileSync(path.join(FIXTURES, 'binary.bin'), 'utf8')).shape, 'binary');
  });

  it('empty and whitespace-only text', () => {
    assert.equal(detectShape('').shape, 'empty');
    assert.equal(detectShape(' \r\n\t\n').shape, 'empty');
    assert.equal(detectShape('\uFEFF').shape, 'empty');
  });

  it('gives a reason for look-alikes', () => {
    assert.match(detectShape(read('honeybucket-export.csv')).reason ?? '', /CSV/);
    assert.match(detectShape(read('s3-event-notification.json')).reason ?? '', /S3 Event Notification/);
    assert.match(detectShape(read('s3-eventbridge-notification.json')).reason ?? '', /Object Created/);
  });

  it('judges from a head cut in the middle of the first record', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'trail-single-line.json'), 'utf8');
    assert.equal(detectShape(text.slice(0, 120)).shape, 'trail');
    const s3n = fs.readFileSync(path.join(FIXTURES, 's3-event-notification.json'), 'utf8');
    assert.equal(detectShape(s3n.slice(0, 80)).shape, 's3-notification');
  });

  it('a first line longer than the head is read as lines (NDJSON), a cut-off Records file stays a trail', () => {
    const long = JSON.stringify({ eventVersion: '1.08', eventTime: 't', eventName: 'PutBucketPolicy', requestParameters: { policy: 'x'.repeat(70_000) } });
    assert.equal(detectShape((long + '\n' + long).slice(0, 65536)).shape, 'ndjson');
    assert.equal(detectShape(`{"Records":[${long},${long}]}`.slice(0, 65536)).shape, 'trail');
  });

  it('NDJSON whose first line is damaged is still NDJSON', () => {
    const good = JSON.stringify({ eventVersion: '1.08', eventTime: '2024-01-01T00:00:00Z', eventName: 'GetObject', eventSource: 's3.amazonaws.com' });
    assert.equal(detectShape(`{"eventVersion":"1.08",,\n${good}\n${good}\n`).shape, 'ndjson');
  });

  it('a pretty-printed record followed by another is NDJSON-like (concatenated records)', () => {
    const r = JSON.stringify({ eventVersion: '1.08', eventTime: 't', eventName: 'GetObject' }, null, 2);
    assert.equal(detectShape(`${r}\n${r}\n`).shape, 'ndjson');
  });

  it('other JSON: arrays of numbers, strings, other EventBridge events, SQS records', () => {
    assert.equal(detectShape('[1,2,3]').shape, 'not-cloudtrail');
    assert.equal(detectShape('[]').shape, 'not-cloudtrail');
    assert.equal(detectShape('"hello"').shape, 'not-cloudtrail');
    assert.equal(detectShape('{"detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","detail":{}}').shape, 'not-cloudtrail');
    assert.equal(detectShape('{"Records":[{"messageId":"1","body":"{}","eventSource":"aws:sqs"}]}').shape, 'not-cloudtrail');
    assert.equal(detectShape('{"Records":[{"messageId":"1","body":"{}"}]}').shape, 'not-cloudtrail');
  });
});

describe('isCloudTrailShape', () => {
  it('is true exactly for shapes that hold records', () => {
    const holding: Shape[] = ['trail', 'ndjson', 'lookup-events', 'lookup-events-jsonl', 'eventbridge', 'cloudwatch', 'array', 'record'];
    const not: Shape[] = ['digest', 's3-notification', 's3-eventbridge-notification', 'not-cloudtrail', 'empty', 'binary'];
    for (const s of holding) assert.equal(isCloudTrailShape(s), true, s);
    for (const s of not) assert.equal(isCloudTrailShape(s), false, s);
  });
});

describe('odd characters never make CloudTrail binary (issue 17)', () => {
  const rec = (over: Record<string, unknown>): Record<string, unknown> => ({ eventVersion: '1.08', eventTime: '2026-01-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', ...over });

  it('U+FFFD, NUL and controls in record values: the shape is read from the JSON', () => {
    const fffd = '\uFFFD'.repeat(9);
    assert.equal(detectShape(JSON.stringify({ Records: [rec({ userAgent: fffd }), rec({ eventName: 'DeleteBucketPolicy' })] })).shape, 'trail');
    assert.equal(detectShape(JSON.stringify({ Records: [rec({ userAgent: '\uFFFD'.repeat(4000) })] })).shape, 'trail');
    assert.equal(detectShape(`${JSON.stringify(rec({ userAgent: fffd }))}\n${JSON.stringify(rec({}))}\n`).shape, 'ndjson');
    assert.equal(detectShape(JSON.stringify([rec({ requestParameters: { key: fffd } })])).shape, 'array');
    // Raw NUL and undecodable text inside the JSON (damage): still the JSON's shape; the splitter reports it.
    assert.equal(detectShape(`{"Records":[${JSON.stringify(rec({}))},\u0000\u0000{"eventVersion":"1.08"}]}`).shape, 'trail');
  });

  it('a damaged first line ahead of JSON Lines records costs that line only', () => {
    const lines = `\u0000\u0000\uFFFD\uFFFD garbage\n${JSON.stringify(rec({}))}\n${JSON.stringify(rec({ eventName: 'PutObject' }))}\n`;
    assert.equal(detectShape(lines).shape, 'ndjson');
  });

  it('text that cannot hold records is still binary or not JSON', () => {
    assert.equal(detectShape('PK\u0003\u0004\u0000\u0000\u0014\u0000').shape, 'binary');
    assert.equal(detectShape('\uFFFD'.repeat(20)).shape, 'binary');
    assert.equal(detectShape('hello world').shape, 'not-cloudtrail');
  });
});

describe('UTF-16 CloudTrail is named, not passed off as binary data (issue 17: its records vanished with a warning)', () => {
  // What a reader that decodes a file's head as UTF-8 sees of UTF-16 bytes (PowerShell's Out-File, Notepad's "Unicode").
  const asUtf8 = (text: string, order: 'utf16le' | 'utf16be', bom = true): string => {
    const le = Buffer.from(text, 'utf16le');
    const bytes = order === 'utf16le' ? le : Buffer.from(le).swap16();
    const mark = bom ? (order === 'utf16le' ? Buffer.from([0xff, 0xfe]) : Buffer.from([0xfe, 0xff])) : Buffer.alloc(0);
    return new TextDecoder('utf-8').decode(Buffer.concat([mark, bytes]));
  };
  const trail = JSON.stringify({ Records: [{ eventVersion: '1.09', eventSource: 's3.amazonaws.com', eventName: 'DeleteBucketPolicy', userAgent: 'caf\u00e9' }] });

  it('a trail file, a JSON Lines file and a digest in UTF-16, either byte order, with or without a byte order mark', () => {
    for (const order of ['utf16le', 'utf16be'] as const) {
      for (const bom of [true, false]) {
        for (const text of [trail, `${JSON.stringify({ eventVersion: '1.09', eventName: 'GetObject' })}\n${JSON.stringify({ eventVersion: '1.09', eventName: 'PutObject' })}\n`]) {
          const layout = detectLayout(asUtf8(text, order, bom));
          assert.equal(layout.shape, 'binary', `${order} ${bom}`);
          assert.equal(layout.utf16, order === 'utf16le' ? 'little-endian' : 'big-endian', `${order} ${bom}`);
          const problem = shapeProblem(layout, 'f.json');
          assert.equal(problem?.severity, 'error');
          assert.equal(problem?.code, 'utf-16');
          assert.match(problem?.message ?? '', /UTF-16 .*records were not read/);
        }
      }
    }
  });

  it('other UTF-16 text (not CloudTrail) stays binary data with a warning; UTF-8 CloudTrail is untouched', () => {
    const other = detectLayout(asUtf8('{"name":"settings","version":3}', 'utf16le'));
    assert.equal(other.shape, 'binary');
    assert.equal(other.utf16, undefined);
    assert.equal(shapeProblem(other, 'f.json')?.severity, 'warning');
    assert.equal(detectLayout(trail).shape, 'trail');
  });
});

describe('detection past the members it reads (an object of thousands of keys in the head)', () => {
  const junk = (n: number): string => Array.from({ length: n }, (_, i) => `"k${i}":"v"`).join(',');
  it('finds Records after 1,000 other keys, and a record field after 1,000 junk keys', () => {
    assert.equal(detectShape(`{${junk(1_000)},"Records":[{"eventVersion":"1.09","eventName":"GetObject"}]}`).shape, 'trail');
    assert.equal(detectShape(`[{${junk(1_000)},"eventVersion":"1.09","eventName":"GetObject"}]`).shape, 'array');
    assert.equal(detectShape(`{"Records":[{${junk(5_000)},"eventVersion":"1.09"}]}`).shape, 'trail');
    assert.equal(detectShape(`{${junk(1_000)},"digestStartTime":"2026-01-01T00:00:00Z"}`).shape, 'digest');
  });
});

describe('the sniff reads at most 256 members of an object (issue 17: a 64 KB head of one object built 6,000 keys in one step)', () => {
  it('past 256 members, only the keys the caller keeps are read; the rest are stepped over', () => {
    const members = Array.from({ length: 100_000 }, (_, i) => `"k${i}":{"x":[1,2,3]}`);
    members.splice(5_000, 0, '"eventVersion":"1.09"');
    const text = `{${members.join(',')}}`;
    const p = peekValue(text, 0, 0, (k) => k === 'eventVersion');
    assert.equal(p.complete, true);
    assert.equal(p.end, text.length);
    const value = p.value as Record<string, unknown>;
    assert.equal(MAX_OBJECT_MEMBERS, 256);
    assert.equal(Object.keys(value).length, MAX_OBJECT_MEMBERS + 1);
    assert.equal(value.eventVersion, '1.09');
    assert.deepEqual((value.k255 as { x: unknown[] }).x.slice(0, 2), [1, 2]);
    assert.equal(value.k256, undefined);
  });
});
