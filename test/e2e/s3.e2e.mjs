// S3 locations e2e: the packaged VSIX in a real code-server, an S3-compatible server on 127.0.0.1
// (test/s3/local-s3.mjs, its endpoint given through AWS_ENDPOINT_URL_S3 as a user would) serving a generated
// trail. "CloudTrail: Add S3 Trail Location..." picks the bucket, the accounts, the regions and a custom date range; the
// explorer shows rows while the download is still in progress, and ends with exactly the records of those
// days; a new object in the bucket appears after "Refresh S3 Trail Locations". Only the chosen days are
// fetched. A record reveals in its cached copy, read-only, and the CloudTrail view lists the location. Ends with `s3: N passed, N failed`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR } from './codeserver.mjs';
import { workbench } from './workbench.mjs';
import { startLocalS3 } from '../s3/local-s3.mjs';

// One download at a time, each answer 250 ms late: the download lasts seconds, long enough to see rows during it.
const wb = workbench('s3', { userSettings: { 'cloudtrailS3.s3.concurrency': 1 } });
const { check, explorer, rows, runCommand, quickInput } = wb;
const tree = path.join(wb.dir, 'bucket-tree');
const workspace = path.join(wb.dir, 'workspace');
fs.rmSync(tree, { recursive: true, force: true });
fs.mkdirSync(workspace, { recursive: true });
fs.writeFileSync(path.join(workspace, 'notes.md'), '# Incident notes\n');
const day = (n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
execFileSync(process.execPath, [path.join(REPO_DIR, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', '1500', '--days', '4', '--accounts', '2', '--per-file', '60', '--start', day(0), '--seed', '31'], { stdio: 'pipe' });
const accounts = fs.readdirSync(path.join(tree, 'AWSLogs')).sort();
const account = accounts[0];
const [D1, D2] = [day(1), day(2)];
const cli = (...args) => execFileSync(process.execPath, [path.join(REPO_DIR, 'dist', 'cli.js'), ...args], { encoding: 'utf8' }).trim();
const dayFolders = accounts.flatMap((a) => fs.readdirSync(path.join(tree, 'AWSLogs', a, 'CloudTrail'))
  .flatMap((region) => [D1, D2].map((d) => path.join(tree, 'AWSLogs', a, 'CloudTrail', region, ...d.split('-')))))
  .filter((d) => fs.existsSync(d));
const expected = Number(cli('query', '--count', '', ...dayFolders));

const s3 = await startLocalS3();
s3.addFolder('e2e-trail', tree);
s3.faults.latencyMs = 250;
// The standard chain's environment: a key pair for the local server, no profile files of this machine.
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'AKIALOCALE2E00000000', AWS_SECRET_ACCESS_KEY: 'local-e2e-secret', AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_CONFIG_FILE: path.join(wb.dir, 'no-aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(wb.dir, 'no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
});

await wb.start({ folder: workspace, readyRow: 'notes.md' });
const page = wb.page;
const title = (t) => page.locator('.quick-input-widget .quick-input-title', { hasText: t });
const item = (t) => page.locator('.quick-input-list .monaco-list-row', { hasText: t }).first();
const fetchToast = () => page.locator('.notification-toast', { hasText: 'CloudTrail S3: s3://e2e-trail/' });
const countLine = () => explorer().locator('footer.status-line');

await check('Add S3 Trail Location: bucket, regions, a custom date range, the size, then rows while downloading', async () => {
  await runCommand('CloudTrail: Add S3 Trail Location...');
  await title('Add S3 Trail Location').waitFor();
  // the bucket is offered (it holds AWSLogs/); typing the URL works as well
  await item('s3://e2e-trail/').waitFor({ timeout: 30_000 });
  await quickInput().fill('s3://e2e-trail/');
  await item('use this location').waitFor();
  await page.keyboard.press('Enter');
  await title('accounts').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter'); // every account (all picked)
  await title('regions').waitFor();
  await page.keyboard.press('Enter'); // every region (all picked)
  await title('days (UTC)').waitFor();
  await quickInput().fill('Custom');
  await item('Custom range').waitFor();
  await page.keyboard.press('Enter');
  await quickInput().fill(`${D1}..${D2}`);
  await page.keyboard.press('Enter');
  // the size of the selection before anything is downloaded
  const go = item('Fetch and index');
  await go.waitFor({ timeout: 30_000 });
  assert.match(await go.innerText(), /Fetch and index \d+ objects, [\d.]+ KB/);
  assert.equal(s3.count((r) => r.op === 'GetObject'), 0, 'nothing fetched before the user agrees');
  await page.keyboard.press('Enter');
  await rows().first().waitFor({ timeout: 60_000 });
  assert.ok(await fetchToast().isVisible(), 'rows are shown while the download is still in progress');
  await fetchToast().waitFor({ state: 'detached', timeout: 120_000 });
  await countLine().filter({ hasText: new RegExp(`^${expected.toLocaleString('en')} (of [\\d,]+ )?S3 records`) }).waitFor({ timeout: 30_000 });
  const gets = s3.requests.filter((r) => r.op === 'GetObject').map((r) => r.key);
  assert.ok(gets.length > 0 && gets.every((k) => k.includes(`/${D1.replaceAll('-', '/')}/`) || k.includes(`/${D2.replaceAll('-', '/')}/`)), `fetched outside the range: ${gets.join(' ')}`);
});

await check('Refresh S3 Trail Locations fetches a new object and its rows appear', async () => {
  const before = s3.count((r) => r.op === 'GetObject');
  const extra = path.join(wb.dir, 'new-object.json.gz');
  execFileSync(process.execPath, [path.join(REPO_DIR, 'scripts/gen-cloudtrail.mjs'), '--single', extra, '--records', '120', '--seed', '77', '--start', D2, '--days', '0.5'], { stdio: 'pipe' });
  const added = Number(cli('query', '--count', '', extra));
  assert.ok(added > 0);
  s3.put('e2e-trail', `AWSLogs/${account}/CloudTrail/us-east-1/${D2.replaceAll('-', '/')}/${account}_CloudTrail_us-east-1_${D2.replaceAll('-', '')}T2359Z_e2eNewObject0001.json.gz`, fs.readFileSync(extra));
  await runCommand('CloudTrail: Refresh S3 Trail Locations');
  await countLine().filter({ hasText: new RegExp(`^${(expected + added).toLocaleString('en')} (of [\\d,]+ )?S3 records`) }).waitFor({ timeout: 120_000 });
  assert.equal(s3.count((r) => r.op === 'GetObject') - before, 1, 'only the new object is fetched');
});

await check('a record from S3 reveals in its cached copy, read-only; the CloudTrail view lists the location', async () => {
  await rows().first().dblclick();
  await explorer().getByRole('document', { name: 'Record JSON' }).filter({ hasText: '"eventID"' }).waitFor();
  const location = await explorer().locator('.detail-location').innerText();
  const fileName = path.basename(location.trim().split(/[#:\s]/)[0] || location.trim());
  assert.ok(s3.keys('e2e-trail').some((k) => k.endsWith(`/${fileName}`)), `${fileName} is an object of the bucket`);
  await explorer().locator('vscode-button.reveal').click();
  await page.locator('.tab.active', { hasText: fileName.slice(0, 20) }).first().waitFor();
  // the .json.gz opens as the pretty text: read-only, so typing changes nothing and marks nothing dirty
  await page.locator('.editor-instance .view-lines').first().click();
  await page.keyboard.type('tampered');
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.tab.active.dirty').count(), 0, 'the cached copy is not editable');
  assert.equal(await page.locator('.editor-instance .view-lines', { hasText: 'tampered' }).count(), 0);
  await page.locator('.activitybar .action-item a[aria-label^="CloudTrail"]').first().click();
  await wb.viewPane('Indexed Folders').locator('.monaco-list-row', { hasText: 's3://e2e-trail/' }).first().waitFor();
});

await s3.close();
await wb.finish();
