import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { SETTING_SPECS, SETTINGS_SECTION, defaultSettings } from '../../../core/settings';
import { CONFIGURATION_TITLE, packageConfiguration } from '../../../scripts/gen-package-settings.mjs';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { configuration: unknown } };

test('package.json contributes.configuration is exactly what the generator makes from core/settings.ts', () => {
  assert.deepEqual(pkg.contributes.configuration, packageConfiguration(SETTING_SPECS, SETTINGS_SECTION),
    'out of date: run node scripts/gen-package-settings.mjs');
});

test('every setting is contributed under the cloudtrailS3 section with its default', () => {
  const conf = packageConfiguration(SETTING_SPECS, SETTINGS_SECTION);
  assert.equal(conf.title, CONFIGURATION_TITLE);
  const defaults = defaultSettings() as unknown as Record<string, unknown>;
  assert.deepEqual(Object.keys(conf.properties).sort(), Object.keys(defaults).map((k) => `cloudtrailS3.${k}`).sort());
  for (const [key, value] of Object.entries(defaults)) assert.deepEqual(conf.properties[`cloudtrailS3.${key}`].default, value, key);
  assert.equal(conf.properties['cloudtrailS3.trace.server'].type, 'string');
  assert.deepEqual(conf.properties['cloudtrailS3.trace.server'].enum, ['off', 'messages', 'verbose']);
});

test('a changed spec changes the generated block (the drift test can fail)', () => {
  const changed = { ...SETTING_SPECS, 'athena.table': { ...SETTING_SPECS['athena.table'], default: 'other_table' } };
  assert.notDeepEqual(packageConfiguration(changed, SETTINGS_SECTION), packageConfiguration(SETTING_SPECS, SETTINGS_SECTION));
});
