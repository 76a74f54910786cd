import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeHeadingLines, codeHref, DIAGNOSTIC_CODES } from '../../../core/language';
import { diagnosticDocHref, SHIPPED_DIAGNOSTICS_DOC } from '../../../server/diagnostic-docs';

test('codeHeadingLines finds the 1-based line of each `## code` heading', () => {
  const lines = codeHeadingLines('# Title\n\n## json-syntax\ntext\n## `not-a-record`\r\n### sub\n## json-syntax\n');
  assert.deepEqual([...lines], [['json-syntax', 3], ['not-a-record', 5]]);
});

test('every diagnostic code links to its heading in the docs/diagnostics.md shipped next to the server', () => {
  const href = diagnosticDocHref();
  const text = fs.readFileSync(SHIPPED_DIAGNOSTICS_DOC, 'utf8').split(/\r?\n/);
  for (const code of Object.keys(DIAGNOSTIC_CODES)) {
    const link = href(code);
    const m = /^(file:.*)#L(\d+)$/.exec(link);
    assert.ok(m, `${code}: ${link}`);
    assert.equal(fileURLToPath(m[1]), SHIPPED_DIAGNOSTICS_DOC);
    assert.equal(text[Number(m[2]) - 1], `## ${code}`);
  }
});

test('without the shipped file, or for a code it lacks, the link is the online document', () => {
  assert.equal(diagnosticDocHref(path.join(os.tmpdir(), 'no-such-dir', 'diagnostics.md'))('json-syntax'), codeHref('json-syntax'));
  assert.equal(diagnosticDocHref()('no-such-code'), codeHref('no-such-code'));
});
