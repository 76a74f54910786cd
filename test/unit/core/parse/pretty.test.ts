import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { prettyPrintRecords } from '../../../../core/parse';

const FIXTURES = path.join(__dirname, '../../../fixtures/parse');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('prettyPrintRecords', () => {
  it('a one-line trail file becomes indented valid JSON with the same records in order', () => {
    const text = read('trail-single-line.json');
    const pretty = prettyPrintRecords(text);
    assert.deepEqual(JSON.parse(pretty.text), JSON.parse(text));
    assert.ok(pretty.text.split('\n').length > 40);
    assert.ok(pretty.text.split('\n').every((l) => l.length < 200));
  });

  it('recordLines point at the line where each record starts', () => {
    const pretty = prettyPrintRecords(read('trail-single-line.json'));
    const lines = pretty.text.split('\n');
    assert.equal(pretty.recordLines.length, 3);
    const names = pretty.recordLines.map((l) => {
      assert.equal(lines[l].trim(), '{');
      return lines.slice(l, l + 12).join('\n').match(/"eventName": "([^"]+)"/)?.[1];
    });
    assert.deepEqual(names, ['GetObject', 'PutObject', 'GetCallerIdentity']);
  });

  it('other shapes are shown as a trail file of their records', () => {
    for (const f of ['lookup-events.jsonl', 'cloudwatch-subscription.json', 'ndjson-with-bad-line.ndjson', 'eventbridge-array.json']) {
      const pretty = prettyPrintRecords(read(f));
      assert.ok(pretty.recordLines.length >= 2, f);
      if (f !== 'ndjson-with-bad-line.ndjson') assert.ok(Array.isArray(JSON.parse(pretty.text).Records), f);
    }
  });

  it('a damaged record is shown as it is, so the damage stays visible', () => {
    const pretty = prettyPrintRecords(read('ndjson-with-bad-line.ndjson'));
    assert.equal(pretty.recordLines.length, 4);
    assert.match(pretty.text.split('\n')[pretty.recordLines[2]], /"eventName":"Broken"/);
  });

  it('not CloudTrail: the JSON pretty-printed, or the text unchanged; no record lines', () => {
    assert.deepEqual(prettyPrintRecords('{"a":[1,2]}'), { text: '{\n  "a": [\n    1,\n    2\n  ]\n}\n', recordLines: [] });
    assert.deepEqual(prettyPrintRecords('a,b,c\n1,2,3\n'), { text: 'a,b,c\n1,2,3\n', recordLines: [] });
  });
});
