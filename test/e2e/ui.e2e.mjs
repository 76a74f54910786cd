// UI e2e: installs the packaged VSIX (what users install) into a real code-server and drives the
// workbench with playwright-core + Debian chromium: hover in a trail file, the S3 explorer from the
// command palette, the warning squiggle and its Quick Fix, completion, a palette query, a record's detail,
// "Reveal in File" (and the explorer beside it), the explorer at 800 px with a pin and the investigation
// report, dark and light screenshots; hover and completion on S3 Tables and S3 Vectors events.
// Screenshots go to .e2e/screenshots/ and are copied to docs/images/ for the README.
// Ends with `ui: N passed, N failed`; a failing step saves .e2e/ui/failure-<n>.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR, copyWorkspace } from './codeserver.mjs';
import { workbench } from './workbench.mjs';

const wb = workbench('ui');
const { log, check, runCommand, openFile, explorer, rows } = wb;
const workspace = copyWorkspace(wb.dir);
// An S3 Tables and an S3 Vectors record of the documented-shapes fixture, eventSource and eventName first so
// both names are on screen; the trail's single file for the hover and completion check of the S3 family.
const FAMILY_FILE = 's3-tables-and-vectors.json';
{
  const documented = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'test/fixtures/documented/s3-family-2026.json'), 'utf8')).Records;
  const pick = (name) => { const r = documented.find((x) => x.eventName === name); return JSON.stringify({ eventSource: r.eventSource, eventName: r.eventName, ...r }); };
  fs.writeFileSync(path.join(workspace, FAMILY_FILE), `{"Records":[\n${pick('CreateTableBucket')},\n${pick('QueryVectors')}\n]}\n`);
}
// An S3 server access log renamed after download (no extension, no date in the name, so the workspace index leaves
// it out and the other checks' counts stay as they were): the language comes from its content. Short fields first
// (the 2014 documentation sample's owner) so the operation is on screen; the second line's time is damaged.
const ACCESS_LOG_FILE = 'bucket-requests';
fs.writeFileSync(path.join(workspace, ACCESS_LOG_FILE), [
  '79a5 mybucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /mybucket?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" -',
  '79a5 mybucket [31/Feb/2019:00:00:38 +0000] 192.0.2.3 - 4E57427F3EXAMPLE REST.GET.OBJECT a.txt "GET /mybucket/a.txt HTTP/1.1" 200 - 10 10 7 - "-" "curl/8.0" -',
  '',
].join('\n'));
const QUERY = 'eventName:DeleteObject*';
/** Every screenshot of this suite is one of the README's. */
const screenshot = (name) => wb.screenshot(name, { readme: true });

await wb.start({ folder: workspace, readyRow: 'exports' });
const page = wb.page;

await check('hover on an eventName shows the catalog entry', async () => {
  await openFile('incident-2026-03-01.json');
  await page.locator('.editor-instance .view-lines', { hasText: 'Records' }).waitFor();
  const token = page.locator('.editor-instance .view-lines span span', { hasText: /^"GetBucketRequestPay"$/ }).first();
  const anyEventName = page.locator('.editor-instance .view-lines span span', { hasText: /^"(Get|Put|Delete|List)[A-Za-z]+"$/ }).first();
  const target = (await token.count()) ? token : anyEventName;
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /s3:|IAM|GetBucketRequestPayment/ });
  let text = '';
  for (let i = 0; i < 15 && !text; i++) {
    await page.mouse.move(5, 5);
    await target.hover();
    try { await hover.waitFor({ timeout: 3000 }); text = await hover.innerText(); } catch { /* server still starting */ }
  }
  assert.ok(text, 'a hover with CloudTrail text appeared');
  log(`hover: ${JSON.stringify(text.split('\n').slice(0, 2).join(' | '))}`);
  await screenshot('hover');
});

await check('the misspelt eventName has a warning squiggle and the Quick Fix renames it', async () => {
  const misspelt = page.locator('.editor-instance .view-lines span span', { hasText: /^"GetBucketRequestPay"$/ }).first();
  await page.locator('.editor-instance .view-overlays .squiggly-warning').first().waitFor({ timeout: 30_000 });
  await screenshot('quick-fix-squiggle');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'GetBucketRequestPayment' }).first();
  for (let i = 0; i < 5; i++) {
    await misspelt.click();
    await page.keyboard.press('Control+.');
    try { await fix.waitFor({ timeout: 5000 }); break; } catch { await page.keyboard.press('Escape'); }
  }
  // the widget's pointer block swallows clicks: choose the fix with the keyboard
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 10 && !/GetBucketRequestPayment/.test(await focused.innerText().catch(() => '')); i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.match(await focused.innerText(), /GetBucketRequestPayment/);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines span span', { hasText: /^"GetBucketRequestPayment"$/ }).first().waitFor();
  assert.equal(await page.locator('.editor-instance .view-lines span span', { hasText: /^"GetBucketRequestPay"$/ }).count(), 0);
});

await check('completion at an eventName value lists S3 eventNames with their docs', async () => {
  const fixed = page.locator('.editor-instance .view-lines span span', { hasText: /^"GetBucketRequestPayment"$/ }).first();
  const suggest = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'GetBucketRequestPayment' }).first();
  for (let i = 0; i < 5; i++) {
    await fixed.dblclick(); // selects the name inside the quotes
    await page.keyboard.press('ArrowRight'); // cursor at the end of the name, before the closing quote
    await page.keyboard.press('Control+Space');
    try { await suggest.waitFor({ timeout: 5000 }); break; } catch { await page.keyboard.press('Escape'); }
  }
  await suggest.waitFor();
  await screenshot('completion');
  await page.keyboard.press('Escape');
});

await check('"CloudTrail: Open S3 Explorer" shows S3 records in the panel', async () => {
  await runCommand('CloudTrail: Open S3 Explorer');
  await rows().first().waitFor({ timeout: 60_000 });
  assert.ok((await rows().count()) > 5, 'several rows rendered');
  // the status bar counts the indexed S3 records and opens the explorer
  await page.locator('.statusbar-item', { hasText: /\d[\d,]* S3 records/ }).first().waitFor();
  await explorer().getByRole('grid', { name: 'S3 records' }).waitFor();
  await runCommand('View: Close Primary Side Bar'); // more room for the table in the screenshots
  await page.waitForTimeout(1000); // facets and timeline settle
  await screenshot('explorer-dark');
});

await check('with the index ready, the explorer opens with its first rows in its HTML', async () => {
  await runCommand('View: Close All Editors');
  await page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: 10_000 });
  await runCommand('CloudTrail: Open S3 Explorer');
  await rows().first().waitFor({ timeout: 60_000 });
  assert.equal(await explorer().locator('body').getAttribute('data-first-rows'), 'embedded');
});

await check('"CloudTrail: Query S3 Records..." filters the rows', async () => {
  await runCommand('CloudTrail: Query S3 Records...', QUERY);
  const query = explorer().getByRole('combobox', { name: 'Query' });
  await assert.doesNotReject(async () => {
    for (let i = 0; i < 50 && (await query.inputValue()) !== QUERY; i++) await page.waitForTimeout(200);
  });
  assert.equal(await query.inputValue(), QUERY);
  // rows re-render for the query: every eventName cell starts with DeleteObject
  let names = [];
  for (let i = 0; i < 50; i++) {
    names = await explorer().locator('[role="row"][data-id] [data-col="eventName"]').allInnerTexts();
    if (names.length && names.every((n) => n.startsWith('DeleteObject'))) break;
    await page.waitForTimeout(200);
  }
  assert.ok(names.length > 0, 'rows for the query');
  assert.ok(names.every((n) => n.startsWith('DeleteObject')), names.join(','));
});

let eventID = '';
let eventTime = '';
await check('a row opens its detail with the record JSON', async () => {
  await rows().first().dblclick();
  const detail = explorer().locator('aside.detail');
  await detail.waitFor({ state: 'visible' });
  const body = explorer().getByRole('document', { name: 'Record JSON' });
  await body.filter({ hasText: '"eventID"' }).waitFor(); // the record is fetched from the server ("Loading…" first)
  const json = await body.innerText();
  assert.match(json, /"eventName":\s*"DeleteObject/);
  eventID = /"eventID":\s*"([^"]+)"/.exec(json)?.[1] ?? '';
  eventTime = /"eventTime":\s*"([^"]+)"/.exec(json)?.[1] ?? '';
  assert.ok(eventID, 'the record has an eventID');
  await screenshot('explorer-detail');
});

await check('"Reveal in File" opens the source at that record', async () => {
  const location = await explorer().locator('.detail-location').innerText();
  await explorer().locator('vscode-button.reveal').click();
  // the record is selected in an editor beside the explorer, scrolled to its top: its eventTime is on screen
  const fileName = path.basename(location.trim().split(/[#:\s]/)[0] || location.trim());
  await page.locator('.tab.active', { hasText: fileName.slice(0, 20) }).first().waitFor();
  await page.locator('.editor-instance .view-lines', { hasText: `"${eventTime}"` }).first().waitFor();
  const selection = page.locator('[id="status.editor.selection"]');
  await selection.filter({ hasText: /selected/ }).waitFor();
  log(`revealed in ${fileName}: ${await selection.innerText()}`);
  await screenshot('reveal');
});

await check('beside "Reveal in File", the explorer stays usable: the detail goes under the table', async () => {
  // The reveal put an editor beside the explorer: the panel is half the window.
  const pane = explorer().locator('.main-pane');
  await pane.waitFor();
  assert.match(await pane.getAttribute('class'), /\bstacked\b/);
  const grid = await explorer().locator('.grid').boundingBox();
  const detail = await explorer().locator('aside.detail').boundingBox();
  assert.ok(detail.y >= grid.y + grid.height - 1, `detail under the table: ${JSON.stringify({ grid, detail })}`);
  assert.ok(grid.height >= 100, `the table keeps its rows: ${grid.height}px`);
  assert.ok((await rows().count()) >= 3, 'rows are shown above the detail');
});

await check('at 800 px: nothing clipped, the detail under the table; pin a record with a note and export the investigation report', async () => {
  await runCommand('View: Close All Editors');
  await page.setViewportSize({ width: 800, height: 700 });
  await runCommand('CloudTrail: Query S3 Records...', QUERY);
  await rows().first().waitFor();
  await rows().first().dblclick();
  const body = explorer().getByRole('document', { name: 'Record JSON' });
  await body.filter({ hasText: '"eventID"' }).waitFor();
  const json = await body.innerText();
  const pinnedID = /"eventID":\s*"([^"]+)"/.exec(json)?.[1] ?? '';
  assert.ok(pinnedID);
  assert.match(await explorer().locator('.main-pane').getAttribute('class'), /\bstacked\b/);
  // Every toolbar button and the query field inside the panel, none over another.
  const frame = await page.locator('iframe.webview.ready').boundingBox();
  const boxes = [];
  for (const el of await explorer().locator('.toolbar vscode-button, .query-input, .detail-toolbar vscode-button').all()) boxes.push(await el.boundingBox());
  for (const b of boxes) assert.ok(b.x >= frame.x - 0.5 && b.x + b.width <= frame.x + frame.width + 0.5, `inside the panel: ${JSON.stringify(b)} in ${JSON.stringify(frame)}`);
  await page.waitForTimeout(800); // facets and timeline settle
  await screenshot('explorer-800');
  // Pin it with a note; the palette's "Export Investigation Report" writes them into a Markdown document.
  await explorer().locator('.detail vscode-button.pin-record').click();
  await explorer().locator('.detail vscode-button.pin-record[aria-pressed="true"]').waitFor();
  await explorer().locator('.pin-note').fill('Deleted by the incident role');
  await explorer().locator('.pin-note').press('Tab'); // saved on blur
  await explorer().locator('vscode-button.show-pinned', { hasText: 'Pinned (1)' }).waitFor();
  await page.setViewportSize({ width: 1400, height: 900 }); // the whole report on screen
  await runCommand('CloudTrail: Export Investigation Report');
  const report = page.locator('.editor-instance .view-lines', { hasText: 'S3 investigation report' }).first();
  await report.waitFor();
  await page.locator('.editor-instance .view-lines', { hasText: 'Deleted by the incident role' }).first().waitFor();
  const text = (await report.innerText()).replace(/\u00a0/g, ' '); // the editor renders spaces as no-break spaces
  assert.match(text, /Pinned records \(1\)/);
  assert.ok(text.includes(pinnedID), 'the pinned eventID is in the report');
  assert.ok(!/not in the index now/.test(text), 'the server knows the pin (pinned:true finds it)');
});

await check('pins are kept per workspace: after a window reload the explorer still has the pin', async () => {
  await runCommand('View: Close All Editors');
  await page.reload();
  // the reloaded index is ready (the idle item before indexing starts also ends in "0 S3 records")
  await page.locator('.statusbar-item', { hasText: /(^|[^\d,])[1-9][\d,]* S3 records?$/ }).first().waitFor({ timeout: 60_000 });
  await runCommand('CloudTrail: Query S3 Records...', 'pinned:true');
  await explorer().locator('vscode-button.show-pinned', { hasText: 'Pinned (1)' }).waitFor();
  // a restored explorer shows its last query's rows until pinned:true has run: wait for its count line
  await explorer().locator('footer.status-line', { hasText: /^1 of [\d,]+ S3 records/ }).waitFor();
  await rows().first().waitFor();
  assert.equal(await rows().count(), 1, 'pinned:true finds the one pinned record');
});

await check('the explorer follows the light theme', async () => {
  await runCommand('Preferences: Toggle between Light/Dark Themes');
  await page.locator('.monaco-workbench.vs:not(.vs-dark)').waitFor();
  await runCommand('View: Close All Editors'); // the query command opens a fresh explorer
  await runCommand('CloudTrail: Query S3 Records...', 'error:*');
  await rows().first().waitFor();
  await page.waitForTimeout(1000);
  await screenshot('explorer-light');
});

await check('the host ignores forged webview messages: a problem or row it never handed out opens nothing', async () => {
  // A broken trail file becomes a problem in the explorer; a file beside it is not one.
  fs.writeFileSync(path.join(workspace, 'exports', 'broken-e2e.json'), '{"Records":[{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject" "x":1}]}');
  fs.writeFileSync(path.join(workspace, 'exports', 'decoy-e2e.txt'), 'not a problem: a compromised page must not open this\n');
  const toggle = explorer().locator('button.problems-toggle');
  await toggle.waitFor({ state: 'visible', timeout: 60_000 });
  await toggle.click();
  // the problems the host handed out still open (the UI's own message passes the checks)
  await explorer().locator('button.problem', { hasText: 'broken-e2e.json' }).first().click();
  await page.locator('.tab', { hasText: 'broken-e2e.json' }).first().waitFor();
  // Post on the channel under the page's acquireVsCodeApi().postMessage (VS Code's outer webview frame, which
  // the page's frame is the child of), as script that took over the page would.
  const frame = await (await explorer().locator('body').elementHandle()).ownerFrame();
  const outer = frame.parentFrame();
  const post = (message) => outer.evaluate((m) => window.__vscode_post_message__('onmessage', { message: m }), message);
  const tabs = page.locator('.tab');
  const before = await tabs.count();
  const decoy = path.join(workspace, 'exports', 'decoy-e2e.txt');
  await post({ type: 'openProblem', problem: { file: decoy, code: 'json-syntax', severity: 'error', message: 'forged', position: { offset: 0, line: 0, column: 0 } } });
  await post({ type: 'openProblem', problem: { file: `file://${decoy}`, code: 'x', severity: 'error', message: 'forged' } });
  await post({ type: 'reveal', id: 987654321 });
  // then a genuine message on the same channel (a row id the host handed out): once its record's file opens,
  // the forged messages before it were handled too
  await post({ type: 'reveal', id: Number(await rows().first().getAttribute('data-id')) });
  for (let i = 0; i < 150 && (await tabs.count()) <= before; i++) await page.waitForTimeout(200);
  assert.ok((await tabs.count()) > before, 'the genuine reveal on the same channel opened its file');
  await page.waitForTimeout(2000);
  assert.equal(await page.locator('.tab', { hasText: 'decoy-e2e.txt' }).count(), 0, 'a forged openProblem opened a file');
});

await check('S3 Tables and S3 Vectors events get hovers and completion from the catalog', async () => {
  await runCommand('View: Close All Editors');
  await openFile(FAMILY_FILE);
  await page.locator('.editor-instance .view-lines', { hasText: 'QueryVectors' }).waitFor();
  const token = (name) => page.locator('.editor-instance .view-lines span span', { hasText: new RegExp(`^"${name}"$`) }).first();
  const hoverOn = async (name, expected) => {
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: expected });
    for (let i = 0; i < 15; i++) {
      await page.mouse.move(5, 5);
      await token(name).hover();
      try { await hover.waitFor({ timeout: 3000 }); return hover.innerText(); } catch { /* server still starting */ }
    }
    throw new Error(`no hover with ${expected} on ${name}`);
  };
  const tables = await hoverOn('CreateTableBucket', /s3tables:CreateTableBucket/);
  assert.match(tables, /Amazon S3 Tables/);
  await screenshot('hover-s3-tables');
  const vectors = await hoverOn('QueryVectors', /s3vectors:QueryVectors/);
  assert.match(vectors, /Data event/);
  await page.mouse.move(5, 5);
  // Completion at each eventName offers that record's source's names only.
  const completeAfter = async (name, typed, expected, absent) => {
    const row = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: expected }).first();
    for (let i = 0; i < 5; i++) {
      await token(name).dblclick(); // selects the name inside the quotes
      await page.keyboard.type(typed);
      await page.keyboard.press('Control+Space');
      try { await row.waitFor({ timeout: 5000 }); break; } catch { await page.keyboard.press('Escape'); await page.keyboard.press('Control+Z'); }
    }
    await row.waitFor();
    const labels = await page.locator('.suggest-widget.visible .monaco-list-row').allInnerTexts();
    assert.ok(!labels.some((l) => l.split('\n').some((x) => absent.test(x.trim()))), `${absent} is not offered: ${labels.join(' | ')}`);
    return labels;
  };
  await completeAfter('CreateTableBucket', 'Create', 'CreateNamespace', /^CreateBucket$/);
  await screenshot('completion-s3-tables');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Z');
  await token('CreateTableBucket').waitFor();
  await completeAfter('QueryVectors', 'Put', 'PutVectorBucketPolicy', /^PutObject$/);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Z');
  await token('QueryVectors').waitFor();
});

await check('an S3 access-log file opens as its own language; a hover explains the operation; a bad line is marked', async () => {
  await runCommand('View: Close All Editors');
  await openFile(ACCESS_LOG_FILE);
  await page.locator('.editor-instance .view-lines', { hasText: 'REST.GET.VERSIONING' }).waitFor();
  await page.locator('.statusbar-item', { hasText: 'S3 Server Access Log' }).first().waitFor({ timeout: 30_000 });
  const token = page.locator('.editor-instance .view-lines span span', { hasText: /^REST\.GET\.VERSIONING$/ }).first();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /GetBucketVersioning/ });
  let text = '';
  for (let i = 0; i < 15 && !text; i++) {
    await page.mouse.move(5, 5);
    await token.hover();
    try { await hover.waitFor({ timeout: 3000 }); text = await hover.innerText(); } catch { /* server still starting */ }
  }
  assert.match(text, /Operation/);
  assert.match(text, /CloudTrail records this request as GetBucketVersioning/);
  log(`access-log hover: ${JSON.stringify(text.split('\n').slice(0, 3).join(' | '))}`);
  await page.mouse.move(5, 5);
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
});

await wb.finish();
