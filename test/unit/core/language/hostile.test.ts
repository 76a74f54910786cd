// Issue 17: documents built to be expensive cost the editor features what is shown, step by step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService, runSteps, MAX_TREE_DEPTH } from '../../../../core/language';
import { ALL_ON, NOW, parse, s3Record, service, trail } from './cursor';
import { splitRecords } from '../../../../core/parse';

const editor = createLanguageService({ now: () => NOW, maxDiagnostics: 100 });

test('validation stops at the limit, with one warning at the first record it did not check', () => {
  const text = `{"Records":[${new Array(10_000).fill('{}').join(',')}]}`;
  const doc = editor.parseDocument('file:///empty.json', text);
  assert.equal(doc.records.length, 10_000);
  const diags = editor.doValidation(doc, ALL_ON);
  assert.ok(diags.length <= 101, `${diags.length} diagnostics`);
  const last = diags[diags.length - 1];
  assert.equal(last.code, 'validation-stopped');
  assert.equal(last.severity, 'warning');
  // every record has two findings: 50 records fit in 100
  assert.equal(last.start, doc.records.at(50)?.start);
  assert.match(last.message, /^Validation stopped after 100 problems: this record and the 9,949 after it \(9,950 of 10,000\) were not checked in the editor/);
  // quick fixes come from the same walk: no second pass over the file
  assert.deepEqual(editor.doCodeActions(doc, { start: 0, end: 0 }, { fixes: true, explore: false }), []);
  // without a limit (the CLI) every record is checked
  assert.equal(service.doValidation(parse(text), ALL_ON).length, 20_000);
});

test('parsing and validation run in steps of a few hundred records', () => {
  const text = `{"Records":[${Array.from({ length: 10_000 }, (_, i) => JSON.stringify(s3Record({ eventID: `e-${i}` }))).join(',')}]}`;
  const count = (steps: Generator<void, unknown, void>): number => {
    let n = 0;
    while (!steps.next().done) n++;
    return n;
  };
  // a step ends after 256 records or 256 K characters of them (these records are ~900 characters)
  assert.ok(count(editor.parseDocumentSteps('file:///a.json', text)) >= 30);
  const doc = editor.parseDocument('file:///a.json', text);
  assert.ok(count(editor.validationSteps(doc, ALL_ON)) >= 300); // 32 records a step (128 made steps of 40 ms under load)
  const outline = editor.documentSymbolsSteps(doc);
  let r = outline.next();
  let outlineSteps = 0;
  for (; !r.done; r = outline.next()) outlineSteps++;
  assert.ok(outlineSteps >= 5000 / 128 - 1 && r.value.truncated && r.value.symbols.length === 5000, `${outlineSteps} steps`);
  // the same results as running them at once
  assert.deepEqual(runSteps(editor.validationSteps(editor.parseDocument('file:///b.json', text), ALL_ON)), editor.doValidation(doc, ALL_ON));
});

test('the fast path keeps what JSON.parse keeps: the last Records key, and broken structure goes to the tolerant reader', () => {
  const dup = `{"Records":[{"eventName":"A"}],"x":{"Records":1},"Records":[${JSON.stringify(s3Record())},${JSON.stringify(s3Record({ eventID: 'b' }))}]}`;
  assert.deepEqual([...parse(dup).records].map((r) => (r.value as { eventID: string }).eventID), ['6829a09f-4a37-4ec7-86d2-e739f77a57f3', 'b']);
  const cases: [string, string][] = [
    [`{"Records":[${JSON.stringify(s3Record())} {}]}`, 'two records without a comma'],
    [`{"Records":[${JSON.stringify(s3Record())}]} x`, 'text after the value'],
  ];
  for (const [text, what] of cases) {
    const diags = service.doValidation(parse(text), ALL_ON);
    assert.ok(diags.some((d) => d.code === 'json-syntax' || d.severity === 'error'), `${what}: ${JSON.stringify(diags)}`);
  }
});

test('a record over the per-record budget is named, not parsed, and costs no hover; its neighbours keep every feature', () => {
  const many = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`k${i}`, i]));
  const big = s3Record({ requestParameters: many });
  const text = JSON.stringify({ Records: [s3Record(), big, s3Record({ eventID: 'x', eventName: 'GetObjct' })] }, null, 1);
  const doc = editor.parseDocument('file:///big.json', text);
  const record = doc.records.at(1);
  assert.equal(record?.limit?.kind, 'over-budget');
  assert.equal(record.value, undefined);
  const diags = editor.doValidation(doc, ALL_ON);
  const over = diags.find((d) => d.code === 'record-over-budget');
  assert.equal(over?.start, record.start);
  assert.match(over.message, /25,0\d\d members \(the budget is 20,000\)/);
  assert.ok(diags.some((d) => d.code === 'unknown-event-name' && text.slice(d.start, d.end) === '"GetObjct"'));
  assert.match(editor.doHover(doc, record.start + 200)?.contents ?? '', /Hovers are off in this record/);
  assert.deepEqual(editor.doComplete(doc, text.indexOf('GetObject', record.start) + 2), []);
  assert.match(editor.doHover(doc, text.lastIndexOf('ASIA') + 2)?.contents ?? '', /ASIA/);
  // the CLI has no budget: it checks the record
  const cli = service.parseDocument('file:///big.json', text, { recordBudget: false });
  assert.equal(cli.records.at(1)?.limit, undefined);
  assert.ok(!service.doValidation(cli, ALL_ON).some((d) => d.code === 'record-over-budget'));
});

test('a record nested 10,000 deep: validated, named, no hover or completion inside it and no stack overflow; other records keep theirs', () => {
  const deep = `{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"GetObject","requestParameters":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
  for (const text of [`{"Records":[${deep},${JSON.stringify(s3Record())}]}`, `${deep}\n${JSON.stringify(s3Record())}\n`, `[${deep},${JSON.stringify(s3Record())}]`]) {
    const doc = parse(text);
    const diags = service.doValidation(doc, ALL_ON);
    const tooDeep = diags.find((d) => d.code === 'record-too-deep');
    assert.ok(tooDeep, `${doc.shape}: ${JSON.stringify(diags.map((d) => d.code))}`);
    assert.match(tooDeep.message, new RegExp(`nests 10,001 levels deep, over the ${MAX_TREE_DEPTH} levels`));
    assert.ok(diags.some((d) => d.code === 'missing-required-field' && d.start === tooDeep.start), doc.shape);
    const inside = text.indexOf('GetObject') + 2;
    assert.match(service.doHover(doc, inside)?.contents ?? '', /Hovers are off in this record: it nests 10,001 levels deep/);
    assert.deepEqual(service.doComplete(doc, inside), []);
    assert.deepEqual(service.doComplete(doc, text.indexOf('{"a":{"a":') + 500), []);
    const other = text.lastIndexOf('"GetObject"') + 2;
    assert.match(service.doHover(doc, other)?.contents ?? '', /GetObject/);
    assert.ok(service.doComplete(doc, other).some((i) => i.label === 'PutObject'));
  }
});

test('a broken record nested 10,000 deep gets a syntax error, not a crash', () => {
  const text = `{"Records":[${JSON.stringify(s3Record())},{"eventName":"GetObject","x":${'['.repeat(10_000)}1,]}]}`;
  const doc = parse(text);
  const diags = service.doValidation(doc, ALL_ON);
  assert.ok(diags.some((d) => d.code === 'json-syntax'), JSON.stringify(diags));
  for (let o = text.length - 50; o < text.length; o += 3) {
    service.doHover(doc, o);
    service.doComplete(doc, o);
  }
  assert.match(service.doHover(doc, text.indexOf('ASIA') + 2)?.contents ?? '', /ASIA/);
});

test('two million empty records are kept as offsets: records are made on demand and the same object comes back for a request', () => {
  const text = `{"Records":[${new Array(2_000_000).fill('{}').join(',')}]}`;
  const doc = editor.parseDocument('file:///two-million.json', text);
  assert.equal(doc.records.length, 2_000_000);
  const r = doc.records.at(1_999_999);
  assert.equal(text.slice(r?.start, r?.end), '{}');
  assert.equal(doc.records.at(1_999_999), r);
  assert.equal(doc.records.at(2_000_000), undefined);
  assert.equal(trail().length > 0, true);
});

test('JSON Lines are kept as offsets too: 200,000 lines, a broken one costs that line only', () => {
  const lines = new Array(200_000).fill('{}');
  lines[0] = JSON.stringify(s3Record({ eventID: 'first' }));
  lines[100_000] = '{"eventName": }';
  lines[100_001] = JSON.stringify(s3Record({ eventName: 'GetObjct' }));
  const text = `${lines.join('\n')}\n`;
  const doc = editor.parseDocument('file:///lines.ndjson', text);
  assert.equal(doc.shape, 'ndjson');
  assert.equal(doc.records.length, 200_000);
  assert.equal(doc.records.at(100_000)?.value, undefined);
  assert.equal(doc.records.at(100_000), doc.records.at(100_000));
  assert.equal((doc.records.at(100_001)?.value as { eventName: string }).eventName, 'GetObjct');
  const all = service.doValidation(service.parseDocument('file:///lines.ndjson', text), ALL_ON);
  const syntax = all.filter((d) => d.code === 'json-syntax');
  assert.equal(syntax.length, 1);
  assert.equal(text.slice(syntax[0].start, syntax[0].start + 1), '}');
  assert.ok(all.some((d) => d.code === 'unknown-event-name' && text.slice(d.start, d.end) === '"GetObjct"'));
  assert.match(service.doHover(doc, text.indexOf('ASIA') + 2)?.contents ?? '', /ASIA/);
});

test('JSON Lines of broken lines: the editor keeps the problems it shows and counts the rest', () => {
  const good = JSON.stringify(s3Record());
  const text = `${good}\n${new Array(100_000).fill('{"eventName":').join('\n')}\n${good}\n`;
  const doc = editor.parseDocument('file:///broken.jsonl', text, { maxProblems: 98 });
  assert.equal(doc.records.length, 100_002);
  assert.equal(doc.problems.length, 99, 'the kept problems and the one that counts the rest');
  const note = doc.problems[98];
  assert.equal(note.code, 'validation-stopped');
  assert.match(note.message, /^99,902 more lines from this one on are not valid JSON; the editor lists the first 98 problems/);
  assert.equal(note.start, text.indexOf('{"eventName":', text.indexOf('\n') + 98 * 14));
  // Broken lines stay broken, the good ones around them are read.
  assert.equal(doc.records.at(50_000)?.value, undefined);
  assert.equal((doc.records.at(100_001)?.value as { eventName: string }).eventName, 'GetObject');
  // Without the cap (the CLI) every broken line is described.
  assert.equal(service.parseDocument('file:///broken.jsonl', text).problems.length, 100_000);
  // The editor's diagnostics: what it shows, the note among them.
  const diags = editor.doValidation(doc, ALL_ON);
  assert.ok(diags.length <= 100 && diags.some((d) => d.code === 'validation-stopped'), `${diags.length}`);
});

/** Bytes the records of a document hold (ScannedRecords.byteLength); undefined when they are an array of objects. */
const heldBytes = (records: unknown): number | undefined => (records as { byteLength?: number }).byteLength;

test('a broken trail file of 2,000,000 records is kept as offsets too (an object per record took 313 MB)', () => {
  // Unterminated: the fast path refuses it and the tolerant splitter reads it.
  const text = `{"Records":[${new Array(2_000_000).fill('{}').join(',')}`;
  const doc = editor.parseDocument('file:///unterminated.json', text, { maxProblems: 100 });
  assert.equal(doc.records.length, 2_000_000);
  assert.ok(!Array.isArray(doc.records), 'records are made on demand');
  const held = heldBytes(doc.records);
  assert.ok(held !== undefined && held < 3 * 2_000_000, `${held} bytes for 2,000,000 records`);
  const last = doc.records.at(1_999_999);
  assert.deepEqual([last?.ordinal, last?.start, last?.end, last?.text, last?.value], [1_999_999, text.length - 2, text.length, '{}', {}]);
  assert.deepEqual(doc.problems.map((p) => p.code), ['json-syntax']);
});

test('the tolerant reader gives what the splitter finds, record by record, whatever lies between records', () => {
  // A BOM, multi-byte text, garbage between records (kept ends, not derived), a broken record, a zeroed block.
  const rec = (i: number): string => JSON.stringify(s3Record({ eventID: `é-${i}`, userAgent: '𝒜\u2028' }));
  const parts = [rec(0), rec(1), ' x ', rec(2), '{"eventVersion":"1.09",,}', rec(3), '\u0000\u0000', rec(4)];
  const text = `\ufeff{"Records":[${parts.join(',')}]}`;
  const doc = editor.parseDocument('file:///damaged.json', text);
  const spans = splitRecords(text.slice(1), 'file:///damaged.json').spans;
  assert.ok(spans.length >= 5, `${spans.length} spans`);
  assert.deepEqual([...doc.records].map((r) => [r.ordinal, r.start, r.end, r.text]), spans.map((s) => [s.ordinal, 1 + s.offset, 1 + s.offset + s.length, s.text]));
  assert.equal(doc.records.at(3)?.value, undefined, 'the broken record has no value');
  assert.equal((doc.records.at(4)?.value as { eventID: string }).eventID, 'é-3');
  assert.ok(doc.problems.length > 0);
});

test('envelope records (lookup events) are kept as offsets: ordinals past skipped elements, decoded text, envelope ranges', () => {
  const event = (i: number): string => JSON.stringify({ EventId: `id-${i}`, EventName: 'GetObject', CloudTrailEvent: JSON.stringify(s3Record({ eventID: `e-${i}`, userAgent: 'a"b\\c' })) });
  // The second element has no record (skipped, its number kept); the file is cut off, so the tolerant reader reads it.
  const elements = [event(0), '{"EventId":"x"}', event(2), event(3)];
  const text = `{"Events":[${elements.join(',')}`;
  const doc = editor.parseDocument('file:///lookup.json', text);
  assert.equal(doc.shape, 'lookup-events');
  assert.ok(heldBytes(doc.records) !== undefined, 'records are made on demand');
  assert.deepEqual([...doc.records].map((r) => r.ordinal), [0, 2, 3]);
  const r = doc.records.at(1);
  assert.ok(r);
  const elementStart = text.indexOf(elements[2]);
  assert.deepEqual(r.envelope, { start: elementStart, end: elementStart + elements[2].length });
  assert.equal(r.embedded, true);
  assert.equal(text.slice(r.start, r.end), JSON.stringify(JSON.parse(elements[2]).CloudTrailEvent));
  assert.deepEqual(r.value, s3Record({ eventID: 'e-2', userAgent: 'a"b\\c' }));
  assert.deepEqual(JSON.parse(r.text), r.value);
});

test('a file of broken records: the problems stop at the editor\'s cap, one says how many more (each was kept, and each check scanned them all)', () => {
  const text = `{"Records":[${new Array(3_000).fill('{"a"}').join(',')}]}`;
  const doc = editor.parseDocument('file:///broken.json', text, { maxProblems: 100 });
  assert.equal(doc.records.length, 3_000);
  assert.equal(doc.problems.length, 101);
  const more = doc.problems[100];
  assert.equal(more.code, 'validation-stopped');
  assert.match(more.message, /^2,900 more problems from here on; the editor lists the first 100\./);
  assert.equal(more.start, text.indexOf('{"a"}') + 6 * 100);
});
