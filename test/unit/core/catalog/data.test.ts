// The committed JSON under core/catalog/data is what scripts/gen-catalog.mjs makes from the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REFERENCE_MD, withoutShared } from '../../../shared-paths';

const ROOT = path.resolve(__dirname, '../../../..');
const REFERENCE = REFERENCE_MD;

test('generated data is up to date with the reference (when present)', { skip: withoutShared(REFERENCE) }, () => {
  const r = spawnSync(process.execPath, ['scripts/gen-catalog.mjs', '--check', REFERENCE], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('data files are plain JSON with one entry per line', () => {
  for (const name of ['events.json', 'record-docs.json']) {
    const text = fs.readFileSync(path.join(ROOT, 'core/catalog/data', name), 'utf8');
    assert.doesNotThrow(() => JSON.parse(text), name);
    assert.ok(text.split('\n').length > 100, `${name} is line-per-entry`);
  }
});
