import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COLUMN_IDS, type RowData } from '../../../../core/protocol';
import { writeRows } from '../../../../core/export/write-rows';

function row(id: number, over: Partial<RowData> = {}): RowData {
  const r = { id, principalArn: '' } as RowData;
  for (const c of COLUMN_IDS) r[c] = `${c}-${id}`;
  return { ...r, ...over };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));

test('csv: header with column titles, hostile cells neutralised and quoted', async () => {
  const file = path.join(dir, 'hostile.csv');
  const rows = [
    row(1, { key: '=IMPORTXML("http://evil","//a")', principal: '+SUM(1)', userAgent: '@cmd' }),
    row(2, { key: '-1', principal: '\tTAB', userAgent: 'multi\nline, "quoted"' }),
    row(3, { key: 'a;=1+2', principal: 'p', userAgent: 'x;@SUM(A1)' }),
  ];
  assert.equal(await writeRows(file, 'csv', ['key', 'principal', 'userAgent'], rows), 3);
  assert.equal(fs.readFileSync(file, 'utf8'), [
    '"Key","Principal","User agent"',
    `"'=IMPORTXML(""http://evil"",""//a"")","'+SUM(1)","'@cmd"`,
    `"'-1","'\tTAB","multi\nline, ""quoted"""`,
    '"a;=1+2","p","x;@SUM(A1)"',
    '',
  ].join('\r\n'));
});

test('json: an array of objects with the chosen columns, also when empty', async () => {
  const file = path.join(dir, 'rows.json');
  assert.equal(await writeRows(file, 'json', ['eventName', 'bucket'], [row(1), row(2, { bucket: '"quoted"\u2028' })]), 2);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), [{ eventName: 'eventName-1', bucket: 'bucket-1' }, { eventName: 'eventName-2', bucket: '"quoted"\u2028' }]);
  assert.equal(await writeRows(file, 'json', ['eventName'], []), 0);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), []);
});

test('streams many rows from a generator (backpressure) and reports write errors', async () => {
  const file = path.join(dir, 'many.csv');
  function* many() {
    for (let i = 0; i < 50_000; i++) yield row(i);
  }
  assert.equal(await writeRows(file, 'csv', ['eventID', 'userAgent'], many()), 50_000);
  const lines = fs.readFileSync(file, 'utf8').split('\r\n');
  assert.equal(lines.length, 50_002);
  assert.equal(lines[50_000], '"eventID-49999","userAgent-49999"');
  await assert.rejects(writeRows(path.join(dir, 'missing', 'x.csv'), 'csv', ['eventID'], [row(1)]), /ENOENT/);
});
