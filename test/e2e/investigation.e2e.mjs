// Investigation e2e: the packaged VSIX in a real code-server, driven with playwright-core + Chromium, on a
// workspace holding a signed, tampered trail tree (scripts/gen-cloudtrail.mjs --digest --sign --tamper) and
// the hand-made role-chain trail (test/fixtures/identity): "Identity Story" from an explorer row shows the
// credential chain in the Identity Story view; "Verify Trail Integrity" flags every tamper kind in the Trail
// Integrity view and the Problems panel, and integrity:failed finds the records of the failed files.
// Ends with `investigation: N passed, N failed`; a failing step saves failure-<n>.png in its scratch folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR } from './codeserver.mjs';
import { workbench } from './workbench.mjs';

const wb = workbench('investigation');
const { log, check, runCommand, explorer, rows, treeTexts } = wb;
const dir = wb.dir;
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

await wb.start({ folder: workspace, readyRow: 'identity' });
const page = wb.page;

await check('"Identity Story" on an explorer row shows the credential chain back to the IAM user', async () => {
  // as ui.e2e.mjs does: the explorer first (it waits for the index), then the query into it
  await runCommand('CloudTrail: Open S3 Explorer');
  await rows().first().waitFor({ timeout: 60_000 });
  await runCommand('CloudTrail: Query S3 Records...', 'accesskey:ASIADEPLOY0000000002');
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
  await runCommand('CloudTrail: Query S3 Records...', 'integrity:failed source:*');
  for (let i = 0; i < 100 && (await rows().count()) === 0; i++) await page.waitForTimeout(300);
  assert.ok((await rows().count()) > 0, 'rows from the failed files');
  await rows().first().dblclick();
  const location = await explorer().locator('.detail-location').innerText();
  const failedNames = tampered.filter((i) => i.kind === 'log-modified' || i.kind === 'log-added').map((i) => path.basename(i.path));
  assert.ok(failedNames.some((n) => location.includes(n)), `${location} is one of ${failedNames.join(', ')}`);
});

await wb.finish();
