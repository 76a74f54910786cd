// Generates package.json `contributes.configuration` from core/settings.ts (the one source of truth).
//   node scripts/gen-package-settings.mjs          rewrite package.json's configuration block
//   node scripts/gen-package-settings.mjs --check  exit 1 when package.json is out of date
// test/unit/scripts/gen-package-settings.test.ts fails when the two drift apart.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CONFIGURATION_TITLE = 'CloudTrail S3 Explorer';

/**
 * @param {Record<string, { key: string; default: unknown; description: string; schema: Record<string, unknown> }>} specs
 * @param {string} section
 */
export function packageConfiguration(specs, section) {
  const properties = {};
  let order = 0;
  for (const spec of Object.values(specs)) {
    properties[`${section}.${spec.key}`] = {
      ...spec.schema,
      default: structuredClone(spec.default),
      markdownDescription: spec.description,
      // trace and the index are per window; validation can differ per folder
      scope: spec.key.startsWith('validation.') ? 'resource' : 'window',
      order: order++,
    };
  }
  return { title: CONFIGURATION_TITLE, properties };
}

export async function loadSettingsModule() {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport('../core/settings.ts', import.meta.url);
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const pkgPath = path.join(root, 'package.json');
  const settings = await loadSettingsModule();
  const configuration = packageConfiguration(settings.SETTING_SPECS, settings.SETTINGS_SECTION);
  const text = fs.readFileSync(pkgPath, 'utf8');
  const pkg = JSON.parse(text);
  const current = JSON.stringify(pkg.contributes?.configuration ?? null);
  if (current === JSON.stringify(configuration)) {
    console.log('package.json configuration is up to date');
    return;
  }
  if (process.argv.includes('--check')) {
    console.error('package.json contributes.configuration is out of date: run node scripts/gen-package-settings.mjs');
    process.exit(1);
  }
  pkg.contributes = { ...(pkg.contributes ?? {}), configuration };
  fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  console.log(`package.json configuration regenerated (${Object.keys(configuration.properties).length} settings)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
