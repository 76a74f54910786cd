// A file with two top-level "Records" keys is read as JSON.parse reads it (the last one wins) by every reader: the
// index's streaming reader (fast lane and ordinary spans), splitRecords, the editor's fast and tolerant readers;
// each says where the second key is. In concatenated objects (`cat a.json b.json`), the rule holds per object: a
// duplicate key in the second one takes back its own records only, never the first object's.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { readRecordStream, splitRecords, type RecordSpan } from '../../../../core/parse';
import { readFileRecords } from '../../../../core/detect/load';
import type { Problem } from '../../../../core/problem';
import { createLanguageService } from '../../../../core/language';
import { ALL_ON, NOW, s3Record } from '../language/cursor';

const first = [s3Record({ eventID: 'first-1', eventName: 'GetObject' }), s3Record({ eventID: 'first-2', eventName: 'PutObject' })];
const last = [s3Record({ eventID: 'last-1', eventName: 'DeleteObject' })];
/** Pretty enough that the second key is on a line of its own (line 3, column 2). */
const TEXT = `{"Records": [${first.map((r) => JSON.stringify(r)).join(',')}],\n"other": 1,\n  "Records": [${last.map((r) => JSON.stringify(r)).join(',')}]}\n`;
const SECOND_KEY = TEXT.lastIndexOf('"Records"');
/** `cat a.json dup.json`: a trail object of its own, then TEXT. */
const before2 = [s3Record({ eventID: 'a-1', eventName: 'GetObject' }), s3Record({ eventID: 'a-2', eventName: 'HeadObject' })];
const CAT = `${JSON.stringify({ Records: before2 })}\n${TEXT}`;

let dir = '';
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duplicate-records-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the text is what the test says: JSON.parse keeps the last array', () => {
  assert.deepEqual((JSON.parse(TEXT) as { Records: { eventID: string }[] }).Records.map((r) => r.eventID), ['last-1']);
});

async function stream(file: string, lane: boolean, text = TEXT): Promise<{ ids: string[]; ordinals: number[]; problems: Problem[]; restarts: number }> {
  const problems: Problem[] = [];
  const spans: { id: string; ordinal: number }[] = [];
  let restarts = 0;
  const onSpan = (s: RecordSpan) => spans.push({ id: (JSON.parse(s.text) as { eventID: string }).eventID, ordinal: s.ordinal });
  for await (const batch of readRecordStream(file, {
    maxFileBytes: 1 << 30, maxInflatedBytes: 1 << 30, onProblem: (p) => problems.push(p),
    onRestart: (keep) => {
      restarts++;
      while (spans.length > 0 && spans[spans.length - 1].ordinal >= keep) spans.pop();
    },
    ...(lane ? {
      onSpan,
      fastLane: (_scanner, at) => { spans.push({ id: JSON.parse(text.slice(at.offset, at.offset + at.length)).eventID, ordinal: at.ordinal }); return true; },
    } : {}),
  })) if (!lane) for (const s of batch) onSpan(s);
  return { ids: spans.map((s) => s.id), ordinals: spans.map((s) => s.ordinal), problems, restarts };
}

test('the index\'s reader keeps the last array and says where the second key is (plain and gzip, fast lane or not)', async () => {
  const plain = path.join(dir, 'dup.json');
  fs.writeFileSync(plain, TEXT);
  const gz = path.join(dir, 'dup.json.gz');
  fs.writeFileSync(gz, zlib.gzipSync(TEXT));
  for (const file of [plain, gz]) {
    for (const lane of [false, true]) {
      const r = await stream(file, lane);
      assert.deepEqual(r.ids, ['last-1'], `${file} lane ${lane}`);
      assert.deepEqual(r.ordinals, [0], 'ordinals start again: the record is Records[0] as JSON.parse reads it');
      assert.equal(r.restarts, 1);
      assert.deepEqual(r.problems.map((p) => [p.code, p.severity, p.file, p.position?.offset, p.position?.line, p.position?.column]), [
        ['duplicate-records', 'warning', file, SECOND_KEY, 2, 2],
      ]);
      assert.match(r.problems[0].message, /second top-level "Records" key: JSON\.parse keeps only the last one, so the 2 records of the earlier one are not read/);
    }
  }
});

test('splitRecords keeps the last array too', () => {
  const r = splitRecords(TEXT, 'mem.json');
  assert.deepEqual(r.spans.map((s) => (JSON.parse(s.text) as { eventID: string }).eventID), ['last-1']);
  assert.deepEqual(r.problems.map((p) => [p.code, p.position?.offset]), [['duplicate-records', SECOND_KEY]]);
});

test('two concatenated trail files are not a duplicate key (each object has one Records)', () => {
  const one = `{"Records":[${JSON.stringify(first[0])}]}`;
  const r = splitRecords(`${one}\n${one.replace('first-1', 'first-3')}\n`, 'cat.json');
  assert.equal(r.spans.length, 2);
  assert.ok(!r.problems.some((p) => p.code === 'duplicate-records'));
});

test('the editor reads the same records and warns at the second key, valid or broken', () => {
  const editor = createLanguageService({ now: () => NOW });
  // Valid JSON: the fast reader. Broken (a record cut off in the earlier array): the tolerant reader.
  const broken = TEXT.replace('"PutObject"', '"PutObject"}, {"eventVersion": ');
  for (const [name, text] of [['valid', TEXT], ['broken', broken]] as const) {
    const doc = editor.parseDocument(`file:///${name}.json`, text);
    const ids = Array.from({ length: doc.records.length }, (_, i) => (JSON.parse(doc.records.at(i)!.text) as { eventID: string }).eventID);
    assert.deepEqual(ids, ['last-1'], name);
    const diags = editor.doValidation(doc, ALL_ON).filter((d) => d.code === 'duplicate-records');
    assert.equal(diags.length, 1, name);
    assert.equal(diags[0].severity, 'warning');
    assert.equal(diags[0].start, text.lastIndexOf('"Records"'), name);
  }
});

test('concatenated objects: a duplicate key in the second takes back its own records only (every reader)', async () => {
  const plain = path.join(dir, 'cat-dup.json');
  fs.writeFileSync(plain, CAT);
  const gz = path.join(dir, 'cat-dup.json.gz');
  fs.writeFileSync(gz, zlib.gzipSync(CAT));
  const expected = ['a-1', 'a-2', 'last-1'];
  for (const file of [plain, gz]) {
    for (const lane of [false, true]) {
      const r = await stream(file, lane, CAT);
      assert.deepEqual(r.ids, expected, `${file} lane ${lane}`);
      assert.deepEqual(r.ordinals, [0, 1, 2], 'ordinals go on from the first object');
      assert.equal(r.restarts, 1);
      assert.deepEqual(r.problems.map((p) => [p.code, p.position?.offset]), [['duplicate-records', CAT.lastIndexOf('"Records"')]]);
      assert.match(r.problems[0].message, /so the 2 records of the earlier one are not read/);
    }
    const records = await readFileRecords(file, () => undefined);
    assert.deepEqual(records.map((r) => [r.raw.eventID, r.loc.ordinal]), [['a-1', 0], ['a-2', 1], ['last-1', 2]], file);
  }
  const split = splitRecords(CAT, 'cat.json');
  assert.deepEqual(split.spans.map((sp) => [(JSON.parse(sp.text) as { eventID: string }).eventID, sp.ordinal]), [['a-1', 0], ['a-2', 1], ['last-1', 2]]);
  // The editor: concatenated objects are not one JSON value, so the tolerant reader reads them.
  const editor = createLanguageService({ now: () => NOW });
  const doc = editor.parseDocument('file:///cat.json', CAT);
  const ids = Array.from({ length: doc.records.length }, (_, i) => [(JSON.parse(doc.records.at(i)!.text) as { eventID: string }).eventID, doc.records.at(i)!.ordinal]);
  assert.deepEqual(ids, [['a-1', 0], ['a-2', 1], ['last-1', 2]]);
});
