import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvHeader, csvLine } from '../../../../core/export/csv';

test('cells a spreadsheet would run as formulas get a leading apostrophe', () => {
  assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
  assert.equal(csvCell('+1+cmd|\' /C calc\'!A0'), `"'+1+cmd|' /C calc'!A0"`);
  assert.equal(csvCell('-2+3'), `"'-2+3"`);
  assert.equal(csvCell('@SUM(A1)'), `"'@SUM(A1)"`);
  assert.equal(csvCell('\t=1'), `"'\t=1"`);
  assert.equal(csvCell('\r=1'), `"'\r=1"`);
  // not at the start: no apostrophe (the quotes keep it one text cell)
  assert.equal(csvCell('a=b'), '"a=b"');
  assert.equal(csvCell(' =1'), '" =1"');
});

test('every cell is quoted (OWASP): a bare a;=1+2 would split into a formula where ; separates lists', () => {
  for (const v of ['a;=1+2', 'x;+1', 'GetObject', '', 'a,b', 'ключ/🪣', '1;@SUM(A1)', 'a\t=1']) {
    const cell = csvCell(v);
    assert.ok(cell.startsWith('"') && cell.endsWith('"'), `${JSON.stringify(v)} -> ${cell}`);
  }
  assert.equal(csvCell('a;=1+2'), '"a;=1+2"');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
  assert.equal(csvCell('ключ/🪣'), '"ключ/🪣"');
  assert.equal(csvCell(''), '""');
  assert.equal(csvLine(['a', '=b', 'c,d']), `"a","'=b","c,d"\r\n`);
  assert.equal(csvHeader(['time', 'eventName', 'error']), '"Time (UTC)","eventName","Error"\r\n');
});

test('split on ; as a semicolon-locale spreadsheet does, no field starts a formula', () => {
  const hostile = ['a;=1+2', 'b;+SUM(1)', 'c; -1', '@x;y', 'd;@cmd', 'e";=1', '=1;2'];
  const line = csvLine(hostile).slice(0, -2);
  for (const field of splitCsv(line, ';')) assert.ok(!/^[=+\-@\t\r]/.test(field), `field ${JSON.stringify(field)} of ${line}`);
});

test('every hostile cell parses back to one field holding the (neutralised) text', () => {
  const hostile = ['=1+1', '"', '""', ',', '\n', '\r\n', '-', '@', 'a"b,c\nd', '=cmd|"/c calc"!A1'];
  const line = csvLine(hostile);
  const parsed = parseCsvLine(line.slice(0, -2));
  assert.equal(parsed.length, hostile.length);
  parsed.forEach((cell, i) => {
    const bare = /^[=+\-@\t\r]/.test(hostile[i]) ? `'${hostile[i]}` : hostile[i];
    assert.equal(cell, bare);
  });
});

/** Fields of one CSV record with the given separator, as a spreadsheet reads them (quotes group, "" is a quote). */
function splitCsv(s: string, sep: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) { out.push(cell); cell = ''; } else cell += ch;
  }
  out.push(cell);
  return out;
}

/** A strict RFC 4180 reader for one record. */
function parseCsvLine(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (s[i] === '"' && s[i + 1] === '"') { cell += '"'; i += 2; } else if (s[i] === '"') { i++; break; } else { assert.ok(i < s.length, 'unterminated quote'); cell += s[i++]; }
      }
    } else {
      while (i < s.length && s[i] !== ',') {
        assert.ok(s[i] !== '"' && s[i] !== '\n', `bare special character at ${i}`);
        cell += s[i++];
      }
    }
    out.push(cell);
    if (i >= s.length) return out;
    assert.equal(s[i], ',');
    i++;
  }
}
