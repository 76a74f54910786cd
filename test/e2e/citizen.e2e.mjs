/* global MutationObserver */
// UI e2e "a good citizen": the packaged VSIX in a real code-server with Workspace Trust ON, on a folder left
// untrusted (Restricted Mode, as incident-response folders are): hovers, diagnostics and the explorer work;
// workspace settings that choose files (index.exclude) are not applied; diagnostic code links open the shipped
// docs offline; CloudTrail menu entries appear only on CloudTrail documents; no notification for background
// indexing and a formatted status-bar tooltip; the CloudTrail activity-bar container; "Add Log Folder..." and
// "Open in S3 Explorer" on a folder; the walkthrough; the extension's icon and README images in its details page.
// Screenshots go to .e2e/screenshots/ (the README's to docs/images/ too). Ends with `citizen: N passed, N failed`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR, copyWorkspace } from './codeserver.mjs';
import { workbench } from './workbench.mjs';

const wb = workbench('citizen', { userSettings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' } });
const { log, check, screenshot, quickInput, focusWorkbench, runCommand, paletteEntries, openFile, explorer, rows } = wb;
const dir = wb.dir;
const workspace = copyWorkspace(dir);

// JSON that is not CloudTrail, as every repository has: no CloudTrail menus on it, "skipped", not "problems"
fs.writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'infra-scripts', version: '1.0.0', dependencies: { 'aws-sdk': '^2.1' } }, null, 2));
fs.writeFileSync(path.join(workspace, 'package-lock.json'), JSON.stringify({ name: 'infra-scripts', lockfileVersion: 3, requires: true, packages: { '': { name: 'infra-scripts' } } }, null, 2));
// a workspace setting that would hide the trail files: Restricted Mode must not apply it
fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'cloudtrailS3.index.exclude': ['**/AWSLogs/**'] }, null, 2));
const AWSLOGS_ACCOUNT = '784385415528'; // recipientAccountId found only under AWSLogs/
const GZ_FILES = fs.readdirSync(workspace, { recursive: true }).filter((f) => String(f).endsWith('.json.gz')).length;

// evidence outside the workspace
const OUTSIDE_BUCKET = 'case-7-evidence-bucket';
const outside = path.join(dir, 'evidence', 'case-7');
fs.mkdirSync(outside, { recursive: true });
const rec = (i) => ({
  eventVersion: '1.09', userIdentity: { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/mallory', userName: 'mallory' },
  eventTime: `2026-03-05T10:0${i}:00Z`, eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.9',
  requestParameters: { bucketName: OUTSIDE_BUCKET, key: `secrets/${i}.txt` }, responseElements: null, eventID: `case7-${i}`, eventType: 'AwsApiEvent',
  recipientAccountId: '111122223333', readOnly: true, eventCategory: 'Data', managementEvent: false,
});
fs.writeFileSync(path.join(outside, 'exfil.json'), JSON.stringify({ Records: [rec(1), rec(2), rec(3)] }, null, 2));

/** The labels of the context menu a right-click at `target` opens (the menu is closed again). */
async function contextMenuLabels(target) {
  await target.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
  const labels = await menu.locator('.action-label').allInnerTexts();
  await page.keyboard.press('Escape');
  return labels.map((l) => l.trim()).filter(Boolean);
}

/** Runs a query in the open explorer's query bar; returns the matched count of its status line ("N of M S3
 *  records"). A query matching nothing runs first, so the count read is the new query's, not the previous one's;
 *  Enter is pressed again while the explorer has not answered (it may be busy with a re-index). */
async function explorerQuery(q) {
  const bar = explorer().getByRole('combobox', { name: 'Query' });
  await bar.waitFor({ timeout: 30_000 });
  const status = explorer().locator('footer.status-line');
  const matched = async () => Number(/^([\d,]+) of/.exec(await status.innerText().catch(() => ''))?.[1].replace(/,/g, '') ?? NaN);
  for (const [text, done] of [['eventid:no-such-event', (n) => n === 0], [q, (n) => n > 0]]) {
    let n = NaN;
    for (let i = 0; i < 100 && !done(n); i++) {
      if (i % 15 === 0) {
        await bar.fill(text);
        await bar.press('Enter');
      }
      await page.waitForTimeout(200);
      n = await matched();
    }
    if (text === q) return n;
  }
  return NaN;
}

/** "CloudTrail: Add Log Folder..." and code-server's own folder picker (a quick input with the path). */
async function addLogFolder(folder) {
  await runCommand('CloudTrail: Add Log Folder...');
  await quickInput().waitFor();
  // the picker fills in its starting folder once it has listed it: type after that, not into it
  for (let i = 0; i < 50 && !(await quickInput().inputValue()).endsWith('/'); i++) await page.waitForTimeout(100);
  await page.waitForTimeout(300);
  await quickInput().fill(`${folder}/`);
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  // Enter accepts the typed folder; should the picker still be open, its button does
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'Index Folder' }).first().click({ timeout: 2000 }).catch(() => {});
}

const statusItem = () => page.locator('.statusbar-item', { hasText: /\d[\d,]* S3 records?/ }).first();
/** A view of the side bar by its exact title (a pane's text also holds its welcome text and rows). */
const pane = (title) => page.locator('.pane').filter({ has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }) });

await wb.start({
  folder: workspace, readyRow: 'exports', workspaceTrust: true,
  // every notification toast shown from the first paint on (indexing may finish before a check could look)
  beforeOpen: (browser) => browser.context.addInitScript(() => {
    const seen = [];
    Object.defineProperty(window, '__toasts', { value: seen });
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.notification-toast')) {
        const t = el.textContent ?? '';
        if (t && !seen.includes(t)) seen.push(t);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }),
  // the trust prompt of a fresh profile: leave the folder untrusted
  afterOpen: async (page) => {
    const distrust = page.getByRole('button', { name: /No, I don.t trust the authors/ });
    await distrust.waitFor({ timeout: 60_000 });
    await distrust.click();
  },
});
const page = wb.page;
const browser = wb.browser;

await check('the folder is in Restricted Mode and the extension indexes it, without a notification', async () => {
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
  await statusItem().waitFor({ timeout: 60_000 });
  // indexing done: the idle item before indexing starts also ends in "0 S3 records", the workspace has S3 records
  await page.locator('.statusbar-item', { hasText: /(^|[^\d,])[1-9][\d,]* S3 records?$/ }).first().waitFor({ timeout: 60_000 });
  const toasts = await page.evaluate(() => window.__toasts);
  assert.ok(!toasts.some((t) => /Indexing CloudTrail/i.test(t)), `a notification for background indexing: ${JSON.stringify(toasts)}`);
});

await check('the status-bar tooltip: counts with separators, plurals, files skipped as not CloudTrail', async () => {
  await focusWorkbench();
  await statusItem().hover();
  const hover = page.locator('.monaco-hover, .custom-hover, .workbench-hover', { hasText: 'CloudTrail S3 Explorer' }).first();
  await hover.waitFor({ timeout: 10_000 });
  const text = await hover.innerText();
  log(`tooltip: ${JSON.stringify(text)}`);
  assert.match(text, /\d[\d,]* S3 records of \d[\d,]* records/);
  // package.json, package-lock.json, .vscode/settings.json: skipped, not problems
  assert.match(text, /[3-9] files skipped \(not CloudTrail\)/);
  assert.doesNotMatch(text, /\d problems?/);
  // Restricted Mode: the workspace's index.exclude (**/AWSLogs/**) is not applied, the trail files are read
  const files = Number(/Indexed ([\d,]+) files?/.exec(text)?.[1].replace(/,/g, ''));
  assert.ok(files >= GZ_FILES, `${files} files indexed, ${GZ_FILES} .json.gz under AWSLogs`);
  await page.mouse.move(5, 5);
});

await check('hovers and diagnostics work in the untrusted folder', async () => {
  await openFile('incident-2026-03-01.json');
  await page.locator('.editor-instance .view-lines', { hasText: 'Records' }).waitFor();
  const token = page.locator('.editor-instance .view-lines span span', { hasText: /^"GetBucketRequestPay"$/ }).first();
  await page.locator('.editor-instance .view-overlays .squiggly-warning').first().waitFor({ timeout: 60_000 });
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /GetBucketRequestPayment/ });
  let text = '';
  for (let i = 0; i < 15 && !text; i++) {
    await page.mouse.move(5, 5);
    await token.hover();
    try { await hover.waitFor({ timeout: 3000 }); text = await hover.innerText(); } catch { /* server still starting */ }
  }
  assert.match(text, /unknown-event-name/);
  await screenshot('restricted-mode');
});

await check('a diagnostic code link opens the docs shipped with the extension at that code (offline)', async () => {
  const link = page.locator('.monaco-hover:not(.hidden) a', { hasText: 'unknown-event-name' }).first();
  await link.waitFor();
  const href = await link.getAttribute('data-href') ?? await link.getAttribute('href') ?? '';
  log(`code link: ${href}`);
  await link.click();
  await page.locator('.tab.active', { hasText: 'diagnostics.md' }).waitFor();
  await page.locator('.editor-instance .view-lines', { hasText: '## unknown-event-name' }).first().waitFor();
  assert.doesNotMatch(href, /^https?:/);
  await runCommand('View: Close Editor');
});

await check('CloudTrail menu entries and the editor-title button only on CloudTrail documents', async () => {
  await openFile('package-lock.json');
  await page.locator('.editor-instance .view-lines', { hasText: 'lockfileVersion' }).waitFor();
  const lockMenu = await contextMenuLabels(page.locator('.editor-instance .view-lines').first());
  assert.ok(lockMenu.length > 3, `a context menu: ${lockMenu}`);
  assert.ok(!lockMenu.some((l) => /Show Records|Pretty View/.test(l)), `package-lock.json menu: ${lockMenu.join(' | ')}`);
  assert.equal(await page.locator('.editor-actions .action-label[aria-label^="Open S3 Explorer"]').count(), 0);
  const palette = await paletteEntries('CloudTrail: ');
  log(`palette on package-lock.json: ${palette.join(' | ')}`);
  assert.ok(palette.some((l) => /Open S3 Explorer/.test(l)), palette.join(' | '));
  assert.ok(!palette.some((l) => /Show Records|Pretty View|Cancel Indexing/.test(l)), palette.join(' | '));

  await openFile('incident-2026-03-01.json');
  const trailMenu = await contextMenuLabels(page.locator('.editor-instance .view-lines').first());
  assert.ok(trailMenu.some((l) => /Show Records of This Bucket/.test(l)), `trail file menu: ${trailMenu.join(' | ')}`);
  const button = page.locator('.editor-actions .action-label[aria-label^="Open S3 Explorer"]').first();
  await button.waitFor();
  await screenshot('editor-title-button');
  await button.click();
  await rows().first().waitFor({ timeout: 60_000 });
});

await check('the CloudTrail activity-bar container: welcome buttons, indexed folders, recent queries', async () => {
  await runCommand('View: Close All Editors');
  // the action item, not its link: the open-findings badge lies over the link
  await page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="CloudTrail"]') }).first().click();
  // the container's views, in the manifest's order
  await pane('Queries').waitFor();
  const titles = await page.locator('.part.sidebar .pane-header .title').allTextContents();
  assert.deepEqual(titles.map((t) => t.trim()), ['CloudTrail Findings', 'Queries', 'Indexed Folders', 'Identity Story', 'Trail Integrity']);
  const welcome = pane('Queries').locator('.welcome-view-content');
  await welcome.getByRole('button', { name: 'Open S3 Explorer' }).waitFor();
  await welcome.getByRole('button', { name: 'Query S3 Records...' }).waitFor();
  const folders = pane('Indexed Folders');
  await folders.locator('.monaco-list-row', { hasText: 'workspace folder' }).waitFor();
  // the README's picture: without the activity-bar item's hover over the welcome buttons
  await page.mouse.move(5, 5);
  await page.locator('.workbench-hover, .custom-hover', { hasText: 'open findings' }).waitFor({ state: 'hidden' });
  await screenshot('sidebar', { readme: true, clip: page.locator('.part.sidebar') });
  await welcome.getByRole('button', { name: 'Open S3 Explorer' }).click();
  assert.ok(await explorerQuery(`recipient:${AWSLOGS_ACCOUNT}`) > 0, 'the AWSLogs records are there (the untrusted exclude was not applied)');
  await runCommand('CloudTrail: Query S3 Records...');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Query S3 Records' }).waitFor();
  await quickInput().fill('error:*');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'error:*' }).first().waitFor();
  await page.keyboard.press('Enter');
  await pane('Queries').locator('.monaco-list-row', { hasText: 'error:*' }).waitFor();
});

await check('"Add Log Folder..." indexes a folder outside the workspace without adding it to the workspace', async () => {
  await addLogFolder(outside);
  await pane('Indexed Folders').locator('.monaco-list-row', { hasText: 'case-7' }).waitFor({ timeout: 30_000 });
  await rows().first().waitFor({ timeout: 60_000 });
  assert.equal(await explorerQuery(`bucket:${OUTSIDE_BUCKET}`), 3, 'the three records of the log folder');
  await screenshot('log-folder');
  // files arriving in the log folder (an evidence copy still syncing) are indexed as they land
  fs.writeFileSync(path.join(outside, 'later.json'), JSON.stringify({ Records: [rec(4), rec(5)] }));
  let n = 0;
  for (let i = 0; i < 30 && n !== 5; i++) {
    await page.waitForTimeout(500);
    n = await explorerQuery(`bucket:${OUTSIDE_BUCKET}`);
  }
  assert.equal(n, 5, 'the new file of the log folder was indexed');
  // adding it again (or a folder inside it) says it is already indexed
  await addLogFolder(outside);
  await page.locator('.notification-toast', { hasText: 'is already indexed' }).first().waitFor();
  assert.equal(await pane('Indexed Folders').locator('.monaco-list-row', { hasText: 'case-7' }).count(), 1);
  // not a workspace folder: the window still has one root
  await runCommand('View: Show Explorer');
  assert.equal(await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'case-7' }).count(), 0);
});

await check('"Open in S3 Explorer" on a folder of the Explorer, not on a file', async () => {
  await runCommand('View: Close All Editors');
  await runCommand('View: Show Explorer');
  const folderRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'exports' }).first();
  const fileRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'package.json' }).first();
  assert.ok(!(await contextMenuLabels(fileRow)).includes('Open in S3 Explorer'));
  await folderRow.click({ button: 'right' });
  const entry = page.locator('.context-view .monaco-menu .action-label', { hasText: 'Open in S3 Explorer' });
  await entry.waitFor();
  // a menu item runs on mouse up; under load the click can land before the menu takes the pointer: Enter then
  await entry.hover();
  await entry.click();
  if (await entry.isVisible()) await page.keyboard.press('Enter');
  await rows().first().waitFor({ timeout: 60_000 });
});

await check('"Reindex Workspace", asked for, shows its progress in a notification', async () => {
  const before = (await page.evaluate(() => window.__toasts)).length;
  await runCommand('CloudTrail: Reindex Workspace');
  let toasts = [];
  for (let i = 0; i < 50 && !toasts.some((t) => /Indexing CloudTrail S3 records/.test(t)); i++) {
    await page.waitForTimeout(100);
    toasts = (await page.evaluate(() => window.__toasts)).slice(before);
  }
  assert.ok(toasts.some((t) => /Indexing CloudTrail S3 records/.test(t)), JSON.stringify(toasts));
  await page.locator('.statusbar-item', { hasText: /\d[\d,]* S3 records?$/ }).first().waitFor({ timeout: 60_000 });
});

await check('the walkthrough has four steps', async () => {
  await runCommand('Welcome: Open Walkthrough...');
  await quickInput().fill('Investigate S3 activity');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Investigate S3 activity' }).first().waitFor();
  await page.keyboard.press('Enter');
  const steps = page.locator('.gettingStartedSlideDetails .getting-started-step');
  await steps.first().waitFor();
  assert.equal(await steps.count(), 4);
  // the first step's media: media/walkthrough/logs.md, rendered in a webview frame
  let media = false;
  for (let i = 0; i < 50 && !media; i++) {
    for (const frame of page.frames()) {
      if (await frame.evaluate(() => document.body?.innerText.includes('Your logs stay where they are')).catch(() => false)) media = true;
    }
    if (!media) await page.waitForTimeout(200);
  }
  assert.ok(media, 'the step\'s markdown is shown');
  await screenshot('walkthrough');
});

await check('the extension details page shows the icon and every README image', async () => {
  await runCommand('View: Close All Editors');
  await runCommand('View: Show Extensions');
  const search = page.locator('.extensions-viewlet .suggest-input-container').first();
  await search.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('@installed CloudTrail');
  const item = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'CloudTrail S3 Explorer' }).first();
  await item.waitFor();
  const icon = item.locator('img.icon').first();
  await icon.waitFor();
  assert.ok(await icon.evaluate((img) => img.complete && img.naturalWidth === 128 && !/default/.test(img.src)), 'the extension icon');
  // The details page loads only https: and data: images (its CSP): the packaged README points at the repository.
  // This machine is offline, so the repository's URLs are served from the working tree.
  const repository = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')).repository.url;
  const served = [];
  await browser.context.route(`${repository}/raw/main/**`, (route) => {
    const file = path.join(REPO_DIR, decodeURIComponent(new URL(route.request().url()).pathname.split('/raw/main/')[1]));
    served.push(path.relative(REPO_DIR, file));
    return fs.existsSync(file) ? route.fulfill({ path: file }) : route.fulfill({ status: 404 });
  });
  await item.click();
  const readme = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await readme.locator('h1, h2').first().waitFor({ timeout: 30_000 });
  const images = readme.locator('img');
  await images.first().waitFor();
  let broken = [];
  for (let i = 0; i < 25; i++) {
    broken = await images.evaluateAll((imgs) => imgs.filter((img) => !(img.complete && img.naturalWidth > 0)).map((img) => img.getAttribute('src')));
    if (broken.length === 0) break;
    await page.waitForTimeout(400);
  }
  assert.ok(await images.count() >= 4, 'README images');
  assert.deepEqual(broken, []);
  const sources = await images.evaluateAll((imgs) => imgs.map((img) => img.getAttribute('src')));
  assert.ok(sources.every((src) => src.startsWith(`${repository}/raw/main/`)), sources.join(' '));
  log(`README images served: ${served.join(', ')}`);
});

await wb.finish();
