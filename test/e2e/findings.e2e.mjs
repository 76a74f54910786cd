// Findings e2e: the packaged VSIX in a real code-server on a generated scenario workspace
// (scripts/gen-cloudtrail.mjs --scenarios, seed 2123): the CloudTrail activity-bar container shows the
// "CloudTrail Findings" view with a rule for every injected technique; clicking a finding opens the S3
// explorer on exactly its records. Ends with `findings: N passed, N failed`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR } from './codeserver.mjs';
import { workbench } from './workbench.mjs';

const wb = workbench('findings');
const { check, explorer, viewPane, treeTexts } = wb;
const workspace = path.join(wb.dir, 'workspace');
execFileSync(process.execPath, [path.join(REPO_DIR, 'scripts/gen-cloudtrail.mjs'), '--out', workspace, '--records', '3000', '--seed', '2123', '--scenarios'], { stdio: 'pipe' });
const scenarios = JSON.parse(fs.readFileSync(path.join(workspace, 'scenarios.json'), 'utf8'));
const TECHNIQUES = Object.keys(scenarios.techniques);

await wb.start({ folder: workspace, readyRow: 'AWSLogs' });
const page = wb.page;

const VIEW = 'CloudTrail Findings';
const treeRows = () => viewPane(VIEW).locator('.monaco-list-row');
/** Scrolls the Findings tree down from the top until `row` is rendered. */
async function scrollTo(row) {
  await viewPane(VIEW).locator('.monaco-list').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 300 && (await row.count()) === 0; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(30);
  }
  await row.first().scrollIntoViewIfNeeded();
}

await check('the CloudTrail container shows the Findings view with a rule for every technique', async () => {
  await page.locator('.activitybar .action-item a[aria-label^="CloudTrail"]').first().click();
  await viewPane(VIEW).waitFor();
  let text = '';
  for (let i = 0; i < 120; i++) {
    text = (await treeTexts(VIEW)).join('\n');
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

await wb.finish();
