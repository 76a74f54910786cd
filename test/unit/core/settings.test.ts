import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSettings, readLimits, readSettings } from '../../../core/settings';

test('readLimits turns the size settings (MB) into the byte limits every reader uses', () => {
  const defaults = defaultSettings();
  assert.deepEqual(readLimits(defaults), {
    maxFileBytes: defaults['index.maxFileSizeMB'] * 1048576,
    maxInflatedBytes: defaults['index.maxInflatedMB'] * 1048576,
  });
  const s = readSettings({ index: { maxFileSizeMB: 3, maxInflatedMB: 0.5 } });
  assert.deepEqual(readLimits(s), { maxFileBytes: 3 * 1048576, maxInflatedBytes: 524288 });
});

test('readSettings keeps values of the declared type and falls back to defaults otherwise', () => {
  const s = readSettings({ 'index.maxFileSizeMB': 'big', 'index.workers': 2, athena: { table: 't' } });
  assert.equal(s['index.maxFileSizeMB'], defaultSettings()['index.maxFileSizeMB']);
  assert.equal(s['index.workers'], 2);
  assert.equal(s['athena.table'], 't');
});
