// Findings e2e: the packaged VSIX in a real code-server on a generated scenario workspace
// (scripts/gen-cloudtrail.mjs --scenarios, seed 2123): the CloudTrail activity-bar container shows the
// "CloudTrail Findings" view with a rule for every injected technique; clicking a finding opens the S3
// explorer on exactly its records. Ends with `findings: N passed, N failed`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR, scratchDir, installVsix, startCodeServer, launchBrowser } from './codeserver.mjs';

const t0 = Date.now();
const log = (m) => console.log(`[findings ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const vsix = path.join(REPO_DIR, 'dist', 'cloudtrail-s3-explorer.vsix');
const dir = scratchDir('findings');
const workspace = path.join(dir, 'workspace');
execFileSync(process.execPath, [path.join(REPO_DIR, 'scripts/gen-cloudtrail.mjs'), '--out', workspace, '--records', '3000', '--seed', '2123', '--scenarios'], { stdio: 'pipe' });
const scenarios = JSON.parse(fs.readFileSync(path.join(workspace, 'scenarios.json'), 'utf8'));
const TECHNIQUES = Object.keys(scenarios.techniques);

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

const explorer = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
const view = () => page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'CloudTrail Findings' }) });
const treeRows = () => view().locator('.monaco-list-row');
/** Every row of the Findings tree, scrolled through from the top: the container holds five views, so this
 * one is short and its list renders only the rows in sight. */
async function treeTexts() {
  const list = view().locator('.monaco-list');
  await treeRows().first().waitFor();
  // focus the list without clicking a row (a click runs the row's command)
  await list.focus();
  await page.keyboard.press('Home');
  // row by row (the list reveals the focused row; a page at a time can leave rows under the sticky headers),
  // until ten moves in a row bring nothing new
  const seen = new Set();
  for (let i = 0, idle = 0; i < 300 && idle < 10; i++) {
    const before = seen.size;
    for (const t of await treeRows().allInnerTexts()) seen.add(t.replace(/\s+/g, ' ').trim());
    idle = seen.size === before ? idle + 1 : 0;
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(30);
  }
  return [...seen];
}
/** Scrolls the Findings tree down from the top until `row` is rendered. */
async function scrollTo(row) {
  await view().locator('.monaco-list').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 300 && (await row.count()) === 0; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(30);
  }
  await row.first().scrollIntoViewIfNeeded();
}

try {
  installVsix(dir, vsix);
  server = await startCodeServer(dir, { folder: workspace });
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'AWSLogs' }).waitFor({ timeout: 60_000 });
  log('workbench ready');
} catch (err) {
  fatal = true;
  failed++;
  console.error('FINDINGS E2E SETUP FAILED:', err);
  await page?.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => {});
}

await check('the CloudTrail container shows the Findings view with a rule for every technique', async () => {
  await page.locator('.activitybar .action-item a[aria-label^="CloudTrail"]').first().click();
  await view().waitFor();
  let text = '';
  for (let i = 0; i < 120; i++) {
    text = (await treeTexts()).join('\n');
    if (TECHNIQUES.every((t) => new RegExp(`· ${t}\\b`).test(text))) break;
    await page.waitForTimeout(1000);
  }
  const missing = TECHNIQUES.filter((t) => !new RegExp(`· ${t}\\b`).test(text));
  assert.deepEqual(missing, [], `tree:\n${text}`);
  assert.match(text, /^High/m);
  assert.match(text, /^Medium/m);
});

await check('clicking a finding shows exactly its records in the explorer', async () => {
  const rule = treeRows().filter({ hasText: 'Bucket ACL grants access to everyone' });
  await scrollTo(rule);
  await rule.first().click();
  const finding = treeRows().filter({ hasText: /^\d+ records? · / }).first();
  await scrollTo(finding);
  const label = await finding.innerText();
  const count = Number(/^(\d+) record/.exec(label)[1]);
  await finding.click();
  const query = explorer().getByRole('combobox', { name: 'Query' });
  await query.waitFor({ timeout: 60_000 });
  let value = '';
  for (let i = 0; i < 100 && !value.startsWith('source:* eventid:'); i++) { value = await query.inputValue(); await page.waitForTimeout(200); }
  assert.match(value, /^source:\* eventid:[0-9a-f-]+(,[0-9a-f-]+)*$/);
  let names = [];
  for (let i = 0; i < 100; i++) {
    names = await explorer().locator('[role="row"][data-id] [data-col="eventName"]').allInnerTexts();
    if (names.length === count && names.every((n) => n === 'PutBucketAcl')) break;
    await page.waitForTimeout(300);
  }
  assert.equal(names.length, count);
  assert.ok(names.every((n) => n === 'PutBucketAcl'), names.join(','));
});

await browser?.close();
await server?.stop();
log(failed ? 'FAIL' : 'PASS');
console.log(`findings: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
