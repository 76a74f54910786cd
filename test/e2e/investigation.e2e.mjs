// Investigation e2e: the packaged VSIX in a real code-server, driven with playwright-core + Chromium, on a
// workspace holding a signed, tampered trail tree (scripts/gen-cloudtrail.mjs --digest --sign --tamper) and
// the hand-made role-chain trail (test/fixtures/identity): "Identity Story" from an explorer row shows the
// credential chain in the Identity Story view; "Verify Trail Integrity" flags every tamper kind in the Trail
// Integrity view and the Problems panel, and integrity:failed finds the records of the failed files, each row
// marked with the failure named (rows of files that passed: no mark); an S3 server access log beside a
// DeleteObjects record: the explorer's detail shows the joined request, Reveal opens the line.
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
// An S3 server access log beside a trail record of the same request (a DeleteObjects of two keys): the joined request.
const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const accessLine = (op, key, uri, status) => `${OWNER} e2e-data [06/Feb/2026:10:00:00 +0000] 203.0.113.7 arn:aws:iam::111122223333:user/alice JOINED0000000001 ${op} ${key} ${uri} ${status} - - 100 5 - "-" "aws-cli/2.15" - hostid SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader e2e-data.s3.us-east-1.amazonaws.com TLSv1.2 - - -`;
const ACCESS_LOG = '2026-02-06-10-05-00-ABCDEF0123456789';
fs.mkdirSync(path.join(workspace, 'access'), { recursive: true });
fs.writeFileSync(path.join(workspace, 'access', 'delete-trail.json'), JSON.stringify({ Records: [{
  eventVersion: '1.09', eventTime: '2026-02-06T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'DeleteObjects', awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
  requestParameters: { bucketName: 'e2e-data', Delete: { Object: [{ Key: 'a b.txt' }, { Key: 'c.txt' }] } }, requestID: 'JOINED0000000001', eventID: 'e2e-delete-1',
  eventCategory: 'Data', recipientAccountId: '111122223333',
}] }));
fs.writeFileSync(path.join(workspace, 'access', ACCESS_LOG), [
  accessLine('REST.POST.MULTI_OBJECT_DELETE', '-', '"POST /e2e-data?delete HTTP/1.1"', '200'),
  accessLine('BATCH.DELETE.OBJECT', 'a+b.txt', '-', '204'),
  accessLine('BATCH.DELETE.OBJECT', 'c.txt', '-', '204'),
].join('\n') + '\n');
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
  // The grid shows the previous query's (unmarked) rows until the new answer arrives: wait for rows that are all
  // marked, 30 s at most, so the row opened below is one of this query's.
  const loaded = explorer().locator('.grid-row[data-loaded="1"]:not([hidden])');
  const answered = async () => (await loaded.count()) > 0 && (await explorer().locator('.grid-row[data-loaded="1"]:not([hidden]):not(.integrity-failed)').count()) === 0;
  for (let i = 0; i < 100 && !(await answered()); i++) await page.waitForTimeout(300);
  assert.ok((await rows().count()) > 0, 'rows from the failed files');
  await rows().first().dblclick();
  const location = await explorer().locator('.detail-location').innerText();
  const failedNames = tampered.filter((i) => i.kind === 'log-modified' || i.kind === 'log-added').map((i) => path.basename(i.path));
  assert.ok(failedNames.some((n) => location.includes(n)), `${location} is one of ${failedNames.join(', ')}`);
  // Every such row carries the mark, its tooltip naming the failure.
  const marks = await explorer().locator('.grid-row[data-loaded="1"]:not([hidden])').evaluateAll((els) => els.map((el) => ({
    failed: el.classList.contains('integrity-failed'), title: el.querySelector('.integrity-mark:not([hidden])')?.getAttribute('title') ?? '',
  })));
  log(`marked rows: ${marks.length}, first: ${JSON.stringify(marks[0])}`);
  assert.ok(marks.length > 0 && marks.every((m) => m.failed && /^Integrity failed: (modified|unlisted)\n/.test(m.title)), JSON.stringify(marks.slice(0, 3)));
  assert.ok(marks.some((m) => m.title.startsWith('Integrity failed: modified\nSHA-256 of its uncompressed content is')), 'a modified file named');
  await explorer().locator('.grid-row.integrity-failed .integrity-mark').first().hover();
  await page.screenshot({ path: path.join(dir, 'integrity-marks.png') });
});

await check('rows of the files that passed carry no mark', async () => {
  await runCommand('CloudTrail: Query S3 Records...', '-integrity:failed,unverifiable source:*');
  const classes = () => explorer().locator('.grid-row[data-loaded="1"]:not([hidden])').evaluateAll((els) => els.map((el) => el.className));
  // The grid shows the previous query's (marked) rows until the new answer arrives: wait for it, 30 s at most.
  let marked = await classes();
  const t0 = Date.now();
  for (let i = 0; i < 100 && (marked.length === 0 || marked.some((c) => /integrity-/.test(c))); i++) {
    await page.waitForTimeout(300);
    marked = await classes();
  }
  log(`unmarked rows after ${Date.now() - t0} ms: ${marked.length}`);
  assert.equal(await explorer().locator('.query-input').inputValue(), '-integrity:failed,unverifiable source:*');
  assert.ok(marked.length > 0, 'rows of the verified files');
  assert.deepEqual(marked.filter((c) => /integrity-/.test(c)), []);
});

await check('a joined request: the DeleteObjects record shows its access-log lines (one per key), and Reveal opens a line', async () => {
  await runCommand('CloudTrail: Query S3 Records...', 'requestid:JOINED0000000001 kind:cloudtrail');
  for (let i = 0; i < 100 && (await rows().count()) !== 1; i++) await page.waitForTimeout(300);
  assert.equal(await rows().count(), 1, 'the DeleteObjects record');
  await rows().first().dblclick();
  const heading = explorer().locator('.related-heading');
  await heading.waitFor({ timeout: 30_000 });
  assert.equal(await heading.innerText(), 'Same request ID: 0 CloudTrail records, 3 access-log lines');
  const names = await explorer().locator('.related-name').allInnerTexts();
  log(`related: ${JSON.stringify(names)}`);
  assert.deepEqual(names, ['Access log: REST.POST.MULTI_OBJECT_DELETE', 'Access log: BATCH.DELETE.OBJECT a b.txt', 'Access log: BATCH.DELETE.OBJECT c.txt']);
  await explorer().locator('.related-record').nth(2).locator('vscode-button.reveal-related').click();
  await page.locator('.tab.active', { hasText: ACCESS_LOG }).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(dir, 'joined-request.png') });
});

await wb.finish();
