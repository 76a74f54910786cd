import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { closingLines, e2eCounts, findTestFiles, tapCounts } from '../../../scripts/test.mjs';

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
  assert.deepEqual(tapCounts(TAP_TAIL), { passed: 9, failed: 3, skipped: 0, sharedSkipped: 0, found: true });
});

test('a TAP report without a summary (the runner crashed) is recognisable', () => {
  assert.deepEqual(tapCounts('TAP version 13\n# Subtest: x\n'), { passed: 0, failed: 0, skipped: 0, sharedSkipped: 0, found: false });
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

test('tests skipped for a missing ../shared are counted from the TAP report and named in the closing lines', () => {
  // a real node:test run of a test that reads the corpus, with CLOUDTRAIL_SHARED at an empty folder
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-skip-'));
  try {
    const file = path.join(base, 'corpus.test.ts');
    const sharedPaths = path.resolve(import.meta.dirname, '../../shared-paths.ts');
    fs.writeFileSync(file, `import { test, describe } from 'node:test';
import { CORPUS_DIR, REFERENCE_MD, withoutShared } from ${JSON.stringify(sharedPaths)};
test('reads the corpus', { skip: withoutShared(CORPUS_DIR) }, () => {});
describe('reads the reference', { skip: withoutShared(REFERENCE_MD) }, () => { test('a', () => {}); test('b', () => {}); });
test('skips itself', (t) => { const m = withoutShared(CORPUS_DIR); if (m) { t.skip(m); return; } });
test('skipped for another reason', { skip: 'not on this platform' }, () => {});
test('runs', () => {});
`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', file], {
      // NODE_TEST_CONTEXT would make the child report to this runner instead of printing TAP
      encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined, CLOUDTRAIL_SHARED: path.join(base, 'no-shared') },
    });
    assert.match(run.stdout, /# SKIP no \.\.\/shared\/corpus\n/);
    assert.match(run.stdout, /# SKIP no \.\.\/shared\/reference\/s3-cloudtrail\.md\n/);
    const counts = tapCounts(run.stdout);
    assert.equal(counts.sharedSkipped, 3);
    assert.equal(counts.failed, 0);
    assert.deepEqual(closingLines([{ passed: 5, failed: 0, sharedSkipped: counts.sharedSkipped }, { passed: 2, failed: 1 }]),
      ['3 skipped (missing ../shared)', '7 passed, 1 failed']);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('with ../shared present, nothing is counted as skipped for it and the closing line stands alone', () => {
  assert.equal(tapCounts(`ok 1 - x # SKIP not on this platform\n${TAP_TAIL}`).sharedSkipped, 0);
  assert.deepEqual(closingLines([{ passed: 4, failed: 0, sharedSkipped: 0 }]), ['4 passed, 0 failed']);
});
