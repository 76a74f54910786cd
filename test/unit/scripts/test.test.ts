import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { e2eCounts, findTestFiles, tapCounts } from '../../../scripts/test.mjs';

const TAP_TAIL = `not ok 3 - parses a truncated record
1..12
# tests 12
# suites 2
# pass 9
# fail 2
# cancelled 1
# skipped 0
# todo 0
# duration_ms 812.5
`;

test('node:test TAP summaries give pass and fail counts (cancelled counts as failed)', () => {
  assert.deepEqual(tapCounts(TAP_TAIL), { passed: 9, failed: 3, skipped: 0, found: true });
});

test('a TAP report without a summary (the runner crashed) is recognisable', () => {
  assert.deepEqual(tapCounts('TAP version 13\n# Subtest: x\n'), { passed: 0, failed: 0, skipped: 0, found: false });
});

test('the closing line of an e2e script is read, other lines are not', () => {
  assert.deepEqual(e2eCounts('exthost: 12 passed, 1 failed', 'exthost'), { passed: 12, failed: 1 });
  assert.deepEqual(e2eCounts('  ui: 6 passed, 0 failed \n', 'ui'), { passed: 6, failed: 0 });
  assert.equal(e2eCounts('ui: 6 passed, 0 failed', 'exthost'), undefined);
  assert.equal(e2eCounts('  7 passing (2m)', 'exthost'), undefined);
});

test('test files are found recursively and sorted, with forward slashes', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'find-tests-'));
  try {
    for (const f of ['test/unit/core/b.test.ts', 'test/unit/a.test.ts', 'test/unit/core/helper.ts', 'test/unit/deep/x/y.test.ts']) {
      fs.mkdirSync(path.dirname(path.join(base, f)), { recursive: true });
      fs.writeFileSync(path.join(base, f), '');
    }
    assert.deepEqual(findTestFiles(base, 'test/unit', (n) => n.endsWith('.test.ts')),
      ['test/unit/a.test.ts', 'test/unit/core/b.test.ts', 'test/unit/deep/x/y.test.ts']);
    assert.deepEqual(findTestFiles(base, 'test/missing', () => true), []);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
