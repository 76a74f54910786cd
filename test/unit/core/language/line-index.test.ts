// The stepped line index gives the positions vscode-languageserver-textdocument gives, and a long document
// is indexed in many short steps (issue 17: the editor's one-pass scan held the server 50-280 ms).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../../core/language/line-index';
import { runSteps } from '../../../../core/language/steps';

test('positionAt and offsetAt agree with TextDocument on every offset and around every line break', () => {
  const texts = ['', 'one line', 'a\nb\r\nc\rd\n', '\r\n\r\n', '\n\n\r\r', '{\r\n  "a": 1\n}\r', 'x\ry\r\nz'];
  for (const text of texts) {
    const td = TextDocument.create('file:///t', 'json', 1, text);
    const index = runSteps(LineIndex.build(text));
    assert.equal(index.lineCount, td.lineCount, JSON.stringify(text));
    for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(index.positionAt(o), td.positionAt(o), `${JSON.stringify(text)} @${o}`);
    for (let line = -1; line <= td.lineCount; line++) {
      for (let character = -1; character <= 4; character++) {
        assert.equal(index.offsetAt({ line, character }), td.offsetAt({ line, character }), `${JSON.stringify(text)} ${line}:${character}`);
      }
    }
  }
});

test('a 13 MB document is indexed in steps of about a megabyte', () => {
  const text = Array.from({ length: 400_000 }, (_, i) => `  "k${i}": "${'v'.repeat(20)}",${i % 2 ? '\n' : '\r\n'}`).join('');
  const lines = text.split(/\r\n|\r|\n/).length;
  const steps = LineIndex.build(text);
  let yields = 0;
  let r = steps.next();
  while (!r.done) {
    yields++;
    r = steps.next();
  }
  assert.equal(r.value.lineCount, lines);
  assert.ok(yields >= Math.floor(text.length / (1024 * 1024)) - 1 && yields <= text.length / (1024 * 1024) + 1, `${yields} steps for ${text.length} characters`);
});
