import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseRecord, splitRecords } from '../../../../core/parse';

const FIXTURES = path.join(__dirname, '../../../fixtures/parse');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** 0-based line and UTF-16 column of a string offset. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length - 1, column: offset - nl - 1 };
}

describe('splitRecords', () => {
  it('single-line trail file: spans are the verbatim record texts at their string offsets', () => {
    const text = read('trail-single-line.json');
    const { shape, spans, problems } = splitRecords(text, 'trail.json');
    assert.equal(shape, 'trail');
    assert.deepEqual(problems, []);
    assert.equal(spans.length, 3);
    spans.forEach((s, i) => {
      assert.equal(s.ordinal, i);
      assert.equal(text.slice(s.offset, s.offset + s.length), s.text);
      assert.deepEqual({ line: s.line, column: s.column }, lineCol(text, s.offset));
      const r = parseRecord(s, 'trail.json', 'utf16').record;
      assert.ok(r);
    });
    // braces, brackets, escaped quotes and backslashes inside strings do not end a record early
    assert.equal(parseRecord(spans[1], 'f').record?.requestParameters && (parseRecord(spans[1], 'f').record!.requestParameters as { key: string }).key, 'notes/{braces} [brackets] and \\\\ backslash');
  });

  it('pretty trail with BOM and CRLF: lines, columns and offsets in UTF-16 units (non-ASCII text)', () => {
    const text = read('crlf-bom-trail.json');
    assert.equal(text.charCodeAt(0), 0xfeff);
    const { shape, spans, problems } = splitRecords(text, 'crlf.json');
    assert.equal(shape, 'trail');
    assert.deepEqual(problems, []);
    assert.equal(spans.length, 2);
    assert.equal(spans[0].line, 2);
    assert.equal(spans[0].column, 4);
    for (const s of spans) {
      assert.equal(text.slice(s.offset, s.offset + s.length), s.text);
      assert.deepEqual({ line: s.line, column: s.column }, lineCol(text, s.offset));
    }
    assert.match(String((parseRecord(spans[0], 'f').record!.requestParameters as { key: string }).key), /résumé "final"/);
  });

  it('non-ASCII before a record on the same line: string offsets, not byte offsets', () => {
    const text = '{"Records":[{"eventVersion":"1.08","eventName":"GetObject","k":"😀é漢"},{"eventVersion":"1.08","eventName":"PutObject"}]}';
    const { spans } = splitRecords(text, 'f');
    assert.equal(spans.length, 2);
    assert.equal(spans[1].offset, text.indexOf('{"eventVersion":"1.08","eventName":"PutObject"}'));
    assert.equal(spans[1].column, spans[1].offset);
    assert.equal(spans[0].text, text.slice(spans[0].offset, spans[0].offset + spans[0].length));
  });

  it('empty Records (the 23-byte file)', () => {
    const text = read('empty-records.json');
    assert.equal(Buffer.byteLength(text), 23);
    assert.deepEqual(splitRecords(text, 'e.json'), { shape: 'trail', spans: [], problems: [] });
  });

  it('NDJSON: a bad line is its own problem; blank lines and extra keys are fine', () => {
    const text = read('ndjson-with-bad-line.ndjson');
    const { shape, spans, problems } = splitRecords(text, 'x.ndjson');
    assert.equal(shape, 'ndjson');
    assert.deepEqual(problems, []);
    assert.deepEqual(spans.map((s) => s.line), [0, 2, 3, 5]);
    const parsed = spans.map((s) => parseRecord(s, 'x.ndjson', 'utf16'));
    assert.deepEqual(parsed.map((p) => (p.record ? (p.record.eventName as string) : p.problem.code)), ['GetObject', 'PutObject', 'json-syntax', 'GetCallerIdentity']);
    const bad = parsed[2].problem!;
    assert.equal(bad.file, 'x.ndjson');
    assert.equal(bad.position?.line, 3);
    assert.equal(bad.position?.column, spans[2].length, 'the line ends where the value should be');
    assert.equal(parsed[0].record?.['@timestamp'], '2024-05-01T10:00:00.000Z');
  });

  it('trail damaged mid-way: the records before the damage, and a problem at the cut record', () => {
    const text = read('trail-damaged-midway.json');
    const { spans, problems } = splitRecords(text, 'd.json');
    assert.equal(spans.length, 2);
    assert.ok(spans.every((s) => parseRecord(s, 'd.json').record));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'json-syntax');
    assert.equal(problems[0].file, 'd.json');
    assert.equal(problems[0].position?.offset, text.indexOf('{"eventVersion"', spans[1].offset + 10));
    assert.match(problems[0].message, /record 3/);
  });

  it('a broken record in the middle costs that record only', () => {
    const good = (n: string) => `{"eventVersion":"1.08","eventName":"${n}"}`;
    const text = `{"Records":[${good('A')},{"eventVersion":"1.08",,"eventName":"B"},${good('C')}]}`;
    const { spans, problems } = splitRecords(text, 'm.json');
    assert.deepEqual(problems, []);
    const parsed = spans.map((s) => parseRecord(s, 'm.json', 'utf16'));
    assert.equal(parsed[0].record?.eventName, 'A');
    assert.equal(parsed[2].record?.eventName, 'C');
    assert.equal(parsed[1].problem?.code, 'json-syntax');
    assert.equal(parsed[1].problem?.position?.offset, text.indexOf(',,') + 1);
  });

  it('a missing comma between records is reported and both records load', () => {
    const text = '{"Records":[{"eventVersion":"1.08","eventName":"A"} {"eventVersion":"1.08","eventName":"B"}]}';
    const { spans, problems } = splitRecords(text, 'c.json');
    assert.equal(spans.length, 2);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'json-syntax');
    assert.equal(problems[0].position?.offset, text.indexOf(' {') + 1);
  });

  it('concatenated trail files (cat a.json b.json) give the records of both', () => {
    const a = read('trail-single-line.json');
    const { spans, problems } = splitRecords(`${a}\n${read('empty-records.json')}${a}`, 'cat.json');
    assert.deepEqual(problems, []);
    assert.equal(spans.length, 6);
    assert.deepEqual(spans.map((s) => s.ordinal), [0, 1, 2, 3, 4, 5]);
    assert.equal(spans[3].line, 4);
  });

  it('text after the end of the JSON is reported once', () => {
    const { spans, problems } = splitRecords('{"Records":[{"eventVersion":"1.08","eventName":"A"}]} trailing words', 't.json');
    assert.equal(spans.length, 1);
    assert.deepEqual(problems.map((p) => [p.code, p.position?.column]), [['json-syntax', 54]]);
  });

  it('lookup-events: the decoded CloudTrailEvent strings, embedded in their Event elements', () => {
    const text = read('lookup-events.json');
    const { shape, spans } = splitRecords(text, 'l.json');
    assert.equal(shape, 'lookup-events');
    assert.equal(spans.length, 2);
    for (const s of spans) {
      assert.equal(s.embedded, true);
      assert.match(text.slice(s.offset, s.offset + s.length), /^\{\s*"EventId"/);
      assert.ok(parseRecord(s, 'l.json').record?.eventVersion);
    }
    assert.equal(spans[0].line, 2);
  });

  it('lookup-events JSON Lines with a damaged line', () => {
    const lines = read('lookup-events.jsonl').split('\n');
    const text = [lines[0], '{"EventId": "x", "CloudTrailEvent": "{\\"eventVersion\\"', lines[1]].join('\n');
    const { shape, spans, problems } = splitRecords(text, 'p.jsonl');
    assert.equal(shape, 'lookup-events-jsonl');
    assert.equal(spans.length, 2);
    assert.deepEqual(spans.map((s) => s.line), [0, 2]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'json-syntax');
    assert.equal(problems[0].position?.line, 1);
  });

  it('EventBridge: the detail object of each event', () => {
    for (const [file, n] of [['eventbridge-api-call.json', 1], ['eventbridge-array.json', 2]] as const) {
      const { shape, spans } = splitRecords(read(file), file);
      assert.equal(shape, 'eventbridge');
      assert.equal(spans.length, n);
      for (const s of spans) assert.equal(parseRecord(s, file).record?.eventSource, 's3.amazonaws.com');
    }
  });

  it('CloudWatch Logs: messages of DATA_MESSAGE and filter-log-events; a CONTROL_MESSAGE has none', () => {
    assert.equal(splitRecords(read('cloudwatch-subscription.json'), 'c').spans.length, 2);
    assert.equal(splitRecords(read('filter-log-events.json'), 'c').spans.length, 2);
    assert.deepEqual(splitRecords(read('cloudwatch-control-message.json'), 'c'), { shape: 'cloudwatch', spans: [], problems: [] });
  });

  it('array of records and a single bare record', () => {
    const a = splitRecords(read('array-of-records.json'), 'a');
    assert.equal(a.shape, 'array');
    assert.equal(a.spans.length, 3);
    const one = splitRecords(read('single-record.json'), 'r');
    assert.equal(one.shape, 'record');
    assert.equal(one.spans.length, 1);
    assert.equal(one.spans[0].offset, 0);
  });

  it('look-alikes and other files: no spans, one problem naming the file', () => {
    for (const [file, severity] of [['s3-event-notification.json', 'warning'], ['s3-eventbridge-notification.json', 'warning'], ['honeybucket-export.csv', 'warning'], ['unrelated.json', 'information']] as const) {
      const r = splitRecords(read(file), file);
      assert.equal(r.spans.length, 0);
      assert.equal(r.problems.length, 1, file);
      assert.equal(r.problems[0].code, 'not-cloudtrail');
      assert.equal(r.problems[0].severity, severity, file);
      assert.equal(r.problems[0].file, file);
    }
    assert.deepEqual(splitRecords(read('digest.json'), 'd'), { shape: 'digest', spans: [], problems: [] });
    assert.equal(splitRecords('', 'e').problems[0].code, 'empty-file');
  });
});

describe('parseRecord', () => {
  it('reports a non-object record', () => {
    const { spans } = splitRecords('[{"eventVersion":"1.08","eventName":"A"}, 42, "x"]', 'n.json');
    assert.equal(spans.length, 3);
    assert.equal(parseRecord(spans[1], 'n.json').problem?.code, 'not-a-record');
    assert.equal(parseRecord(spans[2], 'n.json').problem?.code, 'not-a-record');
  });

  it('positions a syntax error on a later line of a pretty record, in bytes or UTF-16 units', () => {
    const text = '[\n  {\n    "eventVersion": "1.08", "k": "é",\n    "eventName": x\n  }\n]';
    const { spans } = splitRecords(text, 'p.json');
    const p16 = parseRecord(spans[0], 'p.json', 'utf16').problem!;
    assert.equal(p16.position?.line, 3);
    assert.equal(p16.position?.column, 17);
    assert.equal(p16.position?.offset, text.indexOf('x'));
    const p8 = parseRecord(spans[0], 'p.json', 'utf8').problem!;
    assert.equal(p8.position?.offset, text.indexOf('x') + 1, 'é is two bytes');
  });
});
