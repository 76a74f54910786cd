// Diagnostics of an access-log document: lines that do not parse, at the column that is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { accessLogDiagnostics } from '../../../../core/access-log/diagnostics';

const TEXT = fs.readFileSync(path.join(__dirname, '../../../fixtures/access-log/editor-sample.log'), 'utf8');

function lineCol(offset: number): [number, number] {
  const before = TEXT.slice(0, offset).split('\n');
  return [before.length - 1, before[before.length - 1].length];
}

test('bad time, bad status and a cut-short line, each where it is wrong; good lines have none', () => {
  const d = accessLogDiagnostics(TEXT, 'editor-sample.log');
  const seen = d.map((x) => ({ code: x.code, severity: x.severity, at: lineCol(x.start), text: TEXT.slice(x.start, x.end) }));
  assert.deepEqual(seen, [
    { code: 'access-log-time', severity: 'error', at: [3, 86], text: '[31/Feb/2019:00:00:38' },
    { code: 'access-log-status', severity: 'warning', at: [4, 188], text: 'OK' },
    { code: 'access-log-fields', severity: 'error', at: [5, 164], text: 't' },
  ]);
  assert.match(d[0].message, /field 3 \(Time\)/);
  assert.match(d[1].message, /field 10 \(HTTP status\)/);
  assert.match(d[2].message, /line ends after 8 fields; an access-log line has at least 17/);
});

test('real lines of the public samples parse without false problems', () => {
  const sample = fs.readFileSync(path.join(__dirname, '../../../fixtures/access-log/public-lines.log'), 'utf8');
  assert.deepEqual(accessLogDiagnostics(sample, 'public-lines.log'), []);
});
