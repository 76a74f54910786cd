import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { codeHref, DIAGNOSTIC_CODES, DIAGNOSTICS_DOC_URL } from '../../../../core/language';

const root = path.resolve(import.meta.dirname, '../../../..');

test('diagnostic links point into the repository package.json names', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
  assert.ok(DIAGNOSTICS_DOC_URL.startsWith(`${pkg.repository.url}/blob/main/`), DIAGNOSTICS_DOC_URL);
  assert.ok(fs.existsSync(path.join(root, DIAGNOSTICS_DOC_URL.slice(`${pkg.repository.url}/blob/main/`.length))));
});

test('every diagnostic code has a section in docs/diagnostics.md, so its link lands somewhere', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/diagnostics.md'), 'utf8');
  const anchors = new Set([...doc.matchAll(/^#+\s+(.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
  for (const code of Object.keys(DIAGNOSTIC_CODES)) {
    assert.ok(anchors.has(codeHref(code).split('#')[1]), `no section for ${code}`);
  }
});
