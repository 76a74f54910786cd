// Investigation e2e: the packaged VSIX in a real code-server, driven with playwright-core + Chromium, on a
// workspace holding a signed, tampered trail tree (scripts/gen-cloudtrail.mjs --digest --sign --tamper) and
// the hand-made role-chain trail (test/fixtures/identity): "Identity Story" from an explorer row shows the
// credential chain in the Identity Story view; "Verify Trail Integrity" flags every tamper kind in the Trail
// Integrity view and the Problems panel, and integrity:failed finds the records of the failed files.
// Ends with `investigation: N passed, N failed`; a failing step saves failure.png in its scratch folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR, scratchDir, installVsix, startCodeServer, launchBrowser } from './codeserver.mjs';

const t0 = Date.now();
const log = (m) => console.log(`[investigation ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const vsix = path.join(REPO_DIR, 'dist', 'cloudtrail-s3-explorer.vsix');
const dir = scratchDir('investigation');
const workspace = path.join(dir, 'workspace');
fs.rmSync(workspace, { recursive: true, force: true });
fs.mkdirSync(path.join(workspace, 'identity'), { recursive: true });
fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
fs.copyFileSync(path.join(REPO_DIR, 'test/fixtures/identity/role-chain-trail.json'), path.join(workspace, 'identity', 'role-chain-trail.json'));
execFileSync(process.execPath, [path.join(REPO_DIR, 'scripts/gen-cloudtrail.mjs'), '--out', path.join(workspace, 'tree'), '--records', '1500', '--days', '2',
  '--digest', '--sign', '--tamper', '6', '--seed', '5'], { stdio: 'ignore' });
fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
  'cloudtrailS3.integrity.publicKeysFile': 'tree/public-keys.json',
  'cloudtrailS3.integrity.signaturesFile': 'tree/digest-signatures.json',
}, null, 2));
const tampered = JSON.parse(fs.readFileSync(path.join(workspace, 'tree', 'tamper.json'), 'utf8')).items;
const EXPECTED = { 'log-modified': 'log-modified', 'log-deleted': 'log-missing', 'log-added': 'log-unlisted', 'digest-modified': 'digest-modified',
  'digest-deleted': 'digest-missing', 'signature-swapped': 'signature-invalid' };

let server, browser, page, passed = 0, failed = 0, fatal = false;

async function check(name, fn) {
  if (fatal) { failed++; log(`SKIPPED after fatal error: ${name}`); return; }
  try {
    await fn();
    passed++;
    log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.error(`FAIL ${name}:`, err);
    await page?.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => {});
  }
}

async function runCommand(title, input, inputTitle) {
  const quickInput = page.locator('.quick-input-widget input.input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      const bar = await page.locator('.statusbar').boundingBox().catch(() => null);
      if (bar) await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2);
      await page.keyboard.press('F1');
      await quickInput.waitFor({ timeout: 10_000 });
      await quickInput.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      if (input === undefined) return;
      await page.locator('.quick-input-widget .quick-input-title', { hasText: inputTitle }).waitFor({ timeout: 10_000 });
      await quickInput.fill(input);
      // the query pick offers the typed text as its first item once it has read it
      await page.locator('.quick-input-list .monaco-list-row', { hasText: input }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      log(`palette or quick pick closed early (attempt ${attempt}); retrying`);
    }
  }
}

const explorer = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
const rows = () => explorer().locator('[role="grid"] [role="row"][data-id]');
/** The rows of a tree view in the side bar, scrolled through (the list renders only what is visible). */
async function treeTexts(viewTitle) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: viewTitle }) });
  const list = pane.locator('.monaco-list');
  await list.locator('.monaco-list-row').first().waitFor();
  // focus the list without clicking a row (a click runs the row's command, which moves the focus away)
  await list.focus();
  await page.keyboard.press('Home');
  // row by row (the list reveals the focused row; a page at a time left rows under the sticky headers unseen
  // in the short views of the CloudTrail container), until ten moves in a row bring nothing new
  const seen = new Set();
  for (let i = 0, idle = 0; i < 300 && idle < 10; i++) {
    const before = seen.size;
    for (const t of await list.locator('.monaco-list-row').allInnerTexts()) seen.add(t.replace(/\s+/g, ' ').trim());
    idle = seen.size === before ? idle + 1 : 0;
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(30);
  }
  return [...seen];
}

try {
  installVsix(dir, vsix);
  log('vsix installed');
  server = await startCodeServer(dir, { folder: workspace });
  log(`code-server up at ${server.url}`);
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'identity' }).waitFor({ timeout: 60_000 });
  log('workbench ready');
} catch (err) {
  fatal = true;
  failed++;
  console.error('INVESTIGATION E2E SETUP FAILED:', err);
  await page?.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => {});
}

await check('"Identity Story" on an explorer row shows the credential chain back to the IAM user', async () => {
  // as ui.e2e.mjs does: the explorer first (it waits for the index), then the query into it
  await runCommand('CloudTrail: Open S3 Explorer');
  await rows().first().waitFor({ timeout: 60_000 });
  await runCommand('CloudTrail: Query S3 Records...', 'accesskey:ASIADEPLOY0000000002', 'Query S3 Records');
  const query = explorer().getByRole('combobox', { name: 'Query' });
  for (let i = 0; i < 100 && (await query.inputValue().catch(() => '')) !== 'accesskey:ASIADEPLOY0000000002'; i++) await page.waitForTimeout(300);
  for (let i = 0; i < 100 && (await rows().count()) !== 4; i++) await page.waitForTimeout(300);
  assert.equal(await rows().count(), 4, 'the four records of the session');
  await rows().first().dblclick();
  await explorer().locator('aside.detail').waitFor({ state: 'visible' });
  await explorer().getByRole('document', { name: 'Record JSON' }).filter({ hasText: '"eventID"' }).waitFor();
  await explorer().locator('vscode-button.story').click();
  await page.locator('.pane-header', { hasText: 'Identity Story: ASIADEPLOY0000000002' }).waitFor({ timeout: 30_000 });
  const texts = await treeTexts('Identity Story');
  log(`story rows: ${JSON.stringify(texts)}`);
  assert.ok(texts.some((t) => /← AssumeRole\s*2026-01-02T09:05:00Z by .*assumed-role\/admin\/alice-admin \(ASIAADMIN00000000001\)/.test(t)), 'the hop from the admin session');
  assert.ok(texts.some((t) => /← AssumeRole\s*2026-01-02T09:00:00Z by .*user\/alice \(AKIAALICE00000000001\)/.test(t)), 'the hop from alice');
  assert.ok(texts.some((t) => /origin: iam-user\s*IAM user arn:aws:iam::111122223333:user\/alice/.test(t)), 'the origin');
  assert.ok(texts.some((t) => /prod-data\s*1 reads · 1 writes · 1 deletes · 0 errors/.test(t)), 'the S3 activity');
  await page.screenshot({ path: path.join(dir, 'identity-story.png') });
});

await check('"Verify Trail Integrity" flags every tamper kind in its view and in Problems', async () => {
  await runCommand('CloudTrail: Verify Trail Integrity');
  await page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Trail Integrity' }) })
    .locator('.monaco-list-row', { hasText: /problems?/ }).first().waitFor({ timeout: 120_000 });
  const texts = await treeTexts('Trail Integrity');
  log(`integrity rows: ${texts.length}`);
  for (const item of tampered) {
    const kind = EXPECTED[item.kind];
    assert.ok(texts.some((t) => t.startsWith(kind) && t.includes(path.basename(item.path))), `${item.kind}: ${kind} ${path.basename(item.path)}`);
  }
  // Problems: one entry per damaged file (missing files: on the digest that names them)
  const problems = page.locator('[id="status.problems"]');
  await problems.filter({ hasText: /[1-9]/ }).waitFor();
  log(`status bar problems: ${(await problems.innerText()).replace(/\s+/g, ' ')}`);
  await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const markers = page.locator('.markers-panel .monaco-list-row', { hasText: /log-modified|log-unlisted|digest-modified|signature-invalid/ });
  await markers.first().waitFor();
  await page.screenshot({ path: path.join(dir, 'trail-integrity.png') });
});

await check('integrity:failed shows the records of the modified and added log files', async () => {
  await runCommand('CloudTrail: Query S3 Records...', 'integrity:failed source:*', 'Query S3 Records');
  for (let i = 0; i < 100 && (await rows().count()) === 0; i++) await page.waitForTimeout(300);
  assert.ok((await rows().count()) > 0, 'rows from the failed files');
  await rows().first().dblclick();
  const location = await explorer().locator('.detail-location').innerText();
  const failedNames = tampered.filter((i) => i.kind === 'log-modified' || i.kind === 'log-added').map((i) => path.basename(i.path));
  assert.ok(failedNames.some((n) => location.includes(n)), `${location} is one of ${failedNames.join(', ')}`);
});

await browser?.close();
await server?.stop();
log(failed ? 'FAIL' : 'PASS');
console.log(`investigation: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
