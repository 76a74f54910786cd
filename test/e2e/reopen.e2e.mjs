// Reopen e2e (issue 24): the packaged VSIX in a real code-server on a generated workspace. Once the workspace is
// indexed (and the index saved in the extension's workspace storage), a window reload opens the saved index: the
// explorer shows rows without a re-index, and the server log says "Index loaded from cache, 0 files re-read".
// Ends with `reopen: N passed, N failed`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR } from './codeserver.mjs';
import { workbench } from './workbench.mjs';

const wb = workbench('reopen');
const { check, runCommand, rows } = wb;
const workspace = path.join(wb.dir, 'workspace');
execFileSync(process.execPath, [path.join(REPO_DIR, 'scripts/gen-cloudtrail.mjs'), '--out', workspace, '--records', '3000', '--seed', '2124'], { stdio: 'pipe' });

/** Every line of the extension's log files (the output channel is a log channel: it is written under user-data/logs). */
function serverLog() {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) out.push(...fs.readFileSync(p, 'utf8').split('\n'));
    }
  };
  const logs = path.join(wb.dir, 'user-data', 'logs');
  if (fs.existsSync(logs)) walk(logs);
  return out;
}

async function waitForLog(re, timeoutMs = 60_000) {
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs;) {
    const line = serverLog().find((l) => re.test(l));
    if (line) return line;
    await wb.page.waitForTimeout(500);
  }
  throw new Error(`no log line ${re}; log:\n${serverLog().filter((l) => l.includes('[cloudtrail]')).slice(-20).join('\n')}`);
}

await wb.start({ folder: workspace, readyRow: 'AWSLogs' });
const page = wb.page;
const s3Records = () => page.locator('.statusbar-item', { hasText: /(^|[^\d,])[1-9][\d,]* S3 records?$/ }).first();

await check('the first window indexes every file and saves the index', async () => {
  await s3Records().waitFor({ timeout: 120_000 });
  await waitForLog(/\[cloudtrail\] Saved the index \(\d+ records/);
});

await check('after a window reload the explorer shows rows from the saved index, no file read again', async () => {
  const before = serverLog().filter((l) => /Index loaded from cache/.test(l)).length;
  await runCommand('View: Close All Editors');
  await page.reload();
  await s3Records().waitFor({ timeout: 120_000 });
  const line = await waitForLog(/\[cloudtrail\] Index loaded from cache, \d+ files re-read/);
  assert.match(line, /Index loaded from cache, 0 files re-read \(0 added, 0 changed, 0 deleted\)/);
  assert.equal(serverLog().filter((l) => /Index loaded from cache/.test(l)).length, before + 1);
  await runCommand('CloudTrail: Open S3 Explorer');
  await rows().first().waitFor({ timeout: 60_000 });
  assert.ok((await rows().count()) > 0);
});

await wb.finish();
