// The extension manifest (package.json contributes) and what the VSIX ships: menus only where they apply,
// Restricted Mode support, and every file the manifest points at is shipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
type MenuEntry = { command: string; when?: string; group?: string };
const menus = contributes.menus as Record<string, MenuEntry[]>;

/** Whether .vscodeignore (ignore everything, then `!` allow rules) lets a file into the VSIX. */
function shipped(file: string): boolean {
  const rules = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  let included = true;
  for (const rule of rules) {
    const negated = rule.startsWith('!');
    const glob = negated ? rule.slice(1) : rule;
    const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').split('**').map((part) => part.replace(/\*/g, '[^/]*')).join('.*')}$`);
    if (re.test(file)) included = negated;
  }
  return included;
}

test('every command a menu, view or walkthrough names is declared', () => {
  const declared = new Set((contributes.commands as { command: string }[]).map((c) => c.command));
  for (const [menu, entries] of Object.entries(menus)) {
    for (const e of entries) assert.ok(declared.has(e.command), `${menu}: ${e.command}`);
  }
  const links = JSON.stringify([contributes.viewsWelcome, contributes.walkthroughs]).match(/command:cloudtrailS3\.[A-Za-z0-9]+/g) ?? [];
  for (const l of links) assert.ok(declared.has(l.slice('command:'.length)), l);
});

test('record commands and Pretty View appear only on CloudTrail documents; Cancel Indexing only while indexing', () => {
  for (const menu of ['commandPalette', 'editor/context']) {
    for (const e of menus[menu].filter((m) => m.command === 'cloudtrailS3.showRecordInExplorer' || m.command === 'cloudtrailS3.prettyView')) {
      assert.match(e.when ?? '', /resourcePath in cloudtrailS3\.trailFiles/, `${menu}: ${e.command}`);
    }
  }
  const explorerPretty = menus['explorer/context'].find((m) => m.command === 'cloudtrailS3.prettyView');
  assert.match(explorerPretty?.when ?? '', /cloudtrailS3\.trailFiles/);
  assert.equal(menus.commandPalette.find((m) => m.command === 'cloudtrailS3.cancelIndexing')?.when, 'cloudtrailS3.indexing');
  assert.match(menus['editor/title'].find((m) => m.command === 'cloudtrailS3.openExplorer')?.when ?? '', /cloudtrailS3\.trailFiles/);
  assert.equal(menus['explorer/context'].find((m) => m.command === 'cloudtrailS3.openFolderInExplorer')?.when, 'explorerResourceIsFolder');
});

test('Restricted Mode: supported, limited to the settings that choose files; no virtual workspaces', () => {
  const trust = pkg.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.deepEqual([...trust.restrictedConfigurations].sort(), [
    'cloudtrailS3.detect.rulesFolder', 'cloudtrailS3.index.exclude', 'cloudtrailS3.index.include', 'cloudtrailS3.integrity.publicKeysFile',
    'cloudtrailS3.integrity.signaturesFile', 'cloudtrailS3.queries.file',
    // Where S3 requests go and with which credentials, where fetched objects are written, and how much of the
    // cache (shared by every workspace) may stay: a workspace's cap of 1 MB would evict every other window's objects.
    'cloudtrailS3.s3.cacheFolder', 'cloudtrailS3.s3.cacheSizeMB', 'cloudtrailS3.s3.endpoint', 'cloudtrailS3.s3.profile',
  ]);
  for (const key of trust.restrictedConfigurations) assert.ok(contributes.configuration.properties[key], key);
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
  assert.ok(pkg.capabilities.virtualWorkspaces.description);
});

test('an activity-bar container with views, welcome content, and a four-step walkthrough', () => {
  const container = contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === 'cloudtrailS3');
  assert.ok(container);
  const views = contributes.views.cloudtrailS3.map((v: { id: string }) => v.id);
  assert.deepEqual(views, ['cloudtrailS3.findings', 'cloudtrailS3.queries', 'cloudtrailS3.folders', 'cloudtrailS3.identityStory', 'cloudtrailS3.integrity']);
  // The Findings view says what it is doing in its own message (client/findings-view.ts: reading, no findings).
  for (const v of views.filter((id: string) => id !== 'cloudtrailS3.findings')) assert.ok(contributes.viewsWelcome.some((w: { view: string }) => w.view === v), v);
  assert.equal(contributes.walkthroughs.length, 1);
  assert.equal(contributes.walkthroughs[0].steps.length, 4);
});

test('every file the manifest and the README point at exists and is shipped in the VSIX', () => {
  const files = new Set<string>([pkg.icon, 'docs/diagnostics.md', ...contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon)]);
  for (const step of contributes.walkthroughs[0].steps) files.add(step.media.image ?? step.media.markdown);
  for (const f of files) {
    assert.ok(fs.existsSync(path.join(root, f)), `${f} exists`);
    assert.ok(shipped(f), `${f} is shipped (.vscodeignore)`);
  }
  assert.equal(shipped('client/extension.ts'), false);
});

test('the README images are https URLs or files of the repository (packaging makes them repository URLs)', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 4);
  for (const img of images) {
    if (/^https:\/\//.test(img)) continue;
    assert.ok(!/^[a-z]+:/i.test(img), `${img}: only https images render in the extension details page`);
    assert.ok(fs.existsSync(path.join(root, img)), `${img} exists`);
  }
});

test('the icon is a 128x128 PNG and the gallery banner has a colour and theme', () => {
  const png = fs.readFileSync(path.join(root, pkg.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  assert.match(pkg.galleryBanner.color, /^#[0-9a-fA-F]{6}$/);
  assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
});
