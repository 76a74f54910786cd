// Suite (run by ../chromium.test.mjs): the explorer webview in Chromium against a real core index of a generated trail file: rows, query
// bar, sort, facets, detail, export, keyboard, errors, state across reloads.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { FIXTURES, columnTexts, sharedSession, statusText, waitForCount } from '../harness.mjs';

const TRAIL = path.join(FIXTURES, 's3-trail-120.json');
const RECORDS = JSON.parse(fs.readFileSync(TRAIL, 'utf8')).Records;
const S3_SOURCES = new Set(['s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com']);
// The oracle for simple filters, independent of core/query: S3 records, plain field comparisons.
const S3 = RECORDS.filter((r) => S3_SOURCES.has(r.eventSource));
const countWhere = (pred) => S3.filter(pred).length;

let host, backend, session;
before(async () => {
  ({ host, session } = await sharedSession());
  backend = await host.fileBackend([TRAIL]);
});

async function open(opts) {
  const ex = await session.open(backend, opts);
  await ex.page.waitForSelector('.grid-row[data-loaded="1"]');
  return ex;
}

/** Types a query the way a user does and presses Enter. */
async function runQuery(page, query) {
  await page.fill('.query-input', '');
  await page.fill('.query-input', query);
  await page.keyboard.press('Escape'); // close completion, if open
  await page.press('.query-input', 'Enter');
}

describe('explorer webview', () => {
  test('renders the first rows and the counts of S3 records', async () => {
    const ex = await open();
    const { page } = ex;
    await waitForCount(page, S3.length);
    assert.match(await statusText(page), new RegExp(`^${S3.length} of ${S3.length} S3 records \\(1 files, 0 problems\\)$`));
    const times = await columnTexts(page, 'time');
    assert.ok(times.length > 10, 'rows are visible');
    // Default sort: newest first.
    const newest = S3.map((r) => r.eventTime).sort().reverse()[0];
    assert.equal(times[0], newest.replace('T', ' ').replace(/Z$/, ''));
    assert.equal(await page.getAttribute('[role=grid]', 'aria-rowcount'), String(S3.length + 1));
    assert.equal(await page.$$eval('[role=grid] [role=columnheader]', (h) => h.length), 12);
    assert.deepEqual(ex.log.errors.filter((e) => !e.includes('favicon') && !e.includes('404')), []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'the explorer runs under its CSP without violations');
  });

  test('the first rows come with the page; a page whose saved query differs asks for its own', async () => {
    // The screenful the page asks for itself (early.ts) is less than a window (200): with the rows in the
    // page's HTML it never asks for one.
    const screenfuls = (ex, query) => ex.posted.filter((m) => m.type === 'request' && m.method === 'cloudtrail/query' && m.params.offset === 0 && m.params.limit < 200 && m.params.query === query);
    let ex = await open();
    await waitForCount(ex.page, S3.length);
    assert.deepEqual(screenfuls(ex, ''), [], 'no first-rows request: they came in the HTML');
    assert.equal(await ex.page.evaluate(() => document.getElementById('first-window')), null, 'the data block is read and removed');
    assert.equal(await ex.page.getAttribute('body', 'data-first-rows'), 'embedded');
    const embedded = await columnTexts(ex.page, 'time');
    // The same page without them asks, and shows the same rows.
    ex = await open({ firstWindow: false });
    await waitForCount(ex.page, S3.length);
    assert.equal(screenfuls(ex, '').length, 1);
    assert.equal(await ex.page.getAttribute('body', 'data-first-rows'), 'asked');
    assert.deepEqual(await columnTexts(ex.page, 'time'), embedded);
    // A reload keeps the page's query; the host's rows (of the default query) are not for it.
    await runQuery(ex.page, 'eventName:PutObject');
    await waitForCount(ex.page, countWhere((r) => r.eventName === 'PutObject'));
    ex = await session.open(backend, { keepState: true });
    await ex.page.waitForSelector('.grid-row[data-loaded="1"]');
    await waitForCount(ex.page, countWhere((r) => r.eventName === 'PutObject'));
    assert.equal(screenfuls(ex, 'eventName:PutObject').length, 1);
    assert.deepEqual(await columnTexts(ex.page, 'eventName').then((names) => [...new Set(names)]), ['PutObject']);
  });

  test('a query typed in the bar filters rows and the count', async () => {
    const ex = await open();
    const { page } = ex;
    await runQuery(page, 'eventName:GetObject');
    const want = countWhere((r) => r.eventName === 'GetObject');
    assert.ok(want > 0 && want < S3.length);
    await waitForCount(page, want);
    const names = await columnTexts(page, 'eventName');
    assert.equal(names.length, want);
    assert.ok(names.every((n) => n === 'GetObject'));
    const ran = await ex.waitForPosted((m) => m.type === 'queryRan', { past: true });
    assert.equal(ran.query, 'eventName:GetObject');
    // A negated term through typing pause alone (no Enter) also runs.
    await page.fill('.query-input', '-eventName:GetObject');
    await waitForCount(page, S3.length - want);
  });

  test('clicking a header sorts by it, again reverses', async () => {
    const ex = await open();
    const { page } = ex;
    await page.click('[role=columnheader][data-col="eventName"]');
    await page.waitForSelector('[role=columnheader][data-col="eventName"][aria-sort="ascending"]');
    await page.waitForFunction(() => document.querySelectorAll('.grid-row[data-loaded="1"]').length > 10);
    let names = await columnTexts(page, 'eventName');
    const all = S3.map((r) => r.eventName).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual(names, all.slice(0, names.length));
    await page.click('[role=columnheader][data-col="eventName"]');
    await page.waitForSelector('[role=columnheader][data-col="eventName"][aria-sort="descending"]');
    await page.waitForFunction((first) => document.querySelector('.grid-row[aria-rowindex="2"] [data-col="eventName"]')?.textContent === first, all[all.length - 1]);
    names = await columnTexts(page, 'eventName');
    assert.deepEqual(names, [...all].reverse().slice(0, names.length));
  });

  test('a facet click adds field:value, Alt-click excludes', async () => {
    const ex = await open();
    const { page } = ex;
    const bucket = '.facet[data-column="bucket"] .facet-value';
    await page.waitForSelector(bucket);
    const value = await page.getAttribute(bucket, 'data-value');
    await page.click(bucket);
    assert.equal(await page.inputValue('.query-input'), `bucket:${value}`);
    const inBucket = countWhere((r) => r.requestParameters?.bucketName === value);
    await waitForCount(page, inBucket);
    // Alt-click an eventName value: excluded.
    await page.waitForSelector('.facets:not(.stale)');
    const ev = page.locator('.facet[data-column="eventName"] .facet-value').first();
    const name = await ev.getAttribute('data-value');
    await ev.click({ modifiers: ['Alt'] });
    assert.equal(await page.inputValue('.query-input'), `bucket:${value} -eventName:${name}`);
    await waitForCount(page, countWhere((r) => r.requestParameters?.bucketName === value && r.eventName !== name));
    const names = await columnTexts(page, 'eventName');
    assert.ok(!names.includes(name));
  });

  test('a principal facet value ("role/session") filters to exactly its count; Alt-click excludes it', async () => {
    const ex = await open();
    const { page } = ex;
    await page.waitForSelector('.facet[data-column="principal"] .facet-value');
    const facet = page.locator('.facet[data-column="principal"] .facet-value', { hasText: '/' }).first();
    const value = await facet.getAttribute('data-value');
    const count = Number((await facet.locator('.facet-count').textContent()).replace(/,/g, ''));
    await facet.click();
    assert.equal(await page.inputValue('.query-input'), `principal:${value}`);
    const want = countWhere((r) => typeof r.userIdentity?.arn === 'string' && r.userIdentity.arn.endsWith(`/${value}`));
    assert.equal(want, count);
    await waitForCount(page, count);
    await page.waitForSelector('.facets:not(.stale)');
    await page.locator('.facet[data-column="principal"] .facet-value', { hasText: value }).first().click({ modifiers: ['Alt'] });
    assert.equal(await page.inputValue('.query-input'), `-principal:${value}`);
    await waitForCount(page, S3.length - count);
  });

  test('a principal facet value naming an AWS service (invokedBy) filters to exactly its count', async () => {
    const ex = await open();
    const { page } = ex;
    const services = countWhere((r) => r.userIdentity?.type === 'AWSService');
    assert.ok(services > 0, 'the fixture has AWS service callers');
    await runQuery(page, 'identity:AWSService');
    await waitForCount(page, services);
    await page.waitForSelector('.facets:not(.stale)');
    const facet = page.locator('.facet[data-column="principal"] .facet-value', { hasText: '.amazonaws.com' }).first();
    const value = await facet.getAttribute('data-value');
    const count = Number((await facet.locator('.facet-count').textContent()).replace(/,/g, ''));
    assert.ok(count > 0);
    await facet.click();
    assert.equal(await page.inputValue('.query-input'), `identity:AWSService principal:${value}`);
    // The bug this guards: the facet once added a user: term, which reads no invokedBy, and showed 0 rows.
    assert.equal(countWhere((r) => r.userIdentity?.type === 'AWSService' && r.userIdentity.invokedBy === value), count);
    await waitForCount(page, count);
  });

  test('Enter on a row opens the detail with the record JSON and hover docs', async () => {
    const ex = await open();
    const { page } = ex;
    await page.click('.grid-row[aria-rowindex="2"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.detail:not([hidden]) .json-tree');
    const id = Number(await page.getAttribute('.grid-row[aria-rowindex="2"]', 'data-id'));
    const want = JSON.parse(backend.record(id).json);
    const shown = JSON.parse(await page.textContent('.json-tree'));
    assert.deepEqual(shown, want);
    // Field doc on a key (from core/catalog).
    await page.hover('.json-key[data-path=\'["eventVersion"]\']');
    await page.waitForSelector('.doc-tooltip:not([hidden])');
    const doc = host.fieldDoc(['eventVersion']);
    assert.ok(doc);
    // The pane shows the hover's markdown as plain text.
    const plain = (md) => md.replace(/\*\*|`/g, '');
    assert.ok((await page.textContent('.doc-tooltip')).includes(plain(doc.description)));
    // eventName docs on the value.
    await page.hover('.json-string[data-path=\'["eventName"]\']');
    const entry = host.lookupEvent(want.eventName, want.eventSource);
    assert.ok(entry, `${want.eventName} is in the catalog`);
    await page.waitForFunction((d) => document.querySelector('.doc-tooltip')?.textContent.includes(d), plain(entry.description));
    // Reveal in File posts the row id; Copy JSON posts the JSON.
    await page.click('.detail vscode-button.reveal');
    assert.deepEqual(await ex.waitForPosted((m) => m.type === 'reveal', { past: true }), { type: 'reveal', id });
    await page.click('.detail vscode-button.copy-json');
    const copy = await ex.waitForPosted((m) => m.type === 'copy', { past: true });
    assert.deepEqual(JSON.parse(copy.text), want);
    await page.click('.json-string[data-path=\'["eventID"]\']');
    await page.click('.detail vscode-button.copy-value');
    await ex.waitForPosted((m) => m.type === 'copy' && m.text === want.eventID, { past: true });
    await page.keyboard.press('Escape');
    await page.waitForSelector('.detail[hidden]', { state: 'attached' });
  });

  test('export, save and Athena SQL post the right messages', async () => {
    const ex = await open();
    const { page } = ex;
    await runQuery(page, 'error:*');
    await waitForCount(page, countWhere((r) => r.errorCode !== undefined));
    await page.click('vscode-button.export-csv');
    const csv = await ex.waitForPosted((m) => m.type === 'export', { past: true });
    assert.deepEqual(csv, {
      type: 'export', format: 'csv', query: 'error:*', sort: { column: 'time', descending: true },
      columns: ['time', 'eventName', 'bucket', 'key', 'principal', 'identityType', 'sourceIP', 'account', 'region', 'error', 'access', 'category'],
    });
    await page.click('vscode-button.export-json');
    await ex.waitForPosted((m) => m.type === 'export' && m.format === 'json' && m.query === 'error:*', { past: true });
    await page.click('vscode-button.save-query');
    await ex.waitForPosted((m) => m.type === 'saveQuery' && m.query === 'error:*', { past: true });
    await page.click('vscode-button.copy-athena');
    const sql = await ex.waitForPosted((m) => m.type === 'copy', { past: true });
    assert.equal(sql.text, host.athenaSql('error:*', 'cloudtrail_logs'));
  });

  test('the CloudWatch button copies the filter pattern; a term a pattern cannot say is marked and nothing is copied', async () => {
    const ex = await open();
    const { page } = ex;
    await runQuery(page, 'error:*');
    await waitForCount(page, countWhere((r) => r.errorCode !== undefined));
    await page.click('vscode-button.copy-cloudwatch');
    const copied = await ex.waitForPosted((m) => m.type === 'copy', { past: true });
    assert.equal(copied.text, host.cloudWatchPatternOf('error:*'));
    assert.match(copied.text, /\(\$\.errorCode = "\*"\) \}$/);
    const query = 'error:* since:-24h';
    await runQuery(page, query);
    const copies = ex.posted.filter((m) => m.type === 'copy').length;
    await page.click('vscode-button.copy-cloudwatch');
    await page.waitForSelector('.query-error:not([hidden])');
    const message = await page.textContent('.query-error');
    assert.ok(message.includes('since:-24h: a filter pattern cannot compare times'), message);
    const range = await page.$eval('.query-error-range', (el) => el.textContent);
    assert.equal(range, 'since:-24h');
    assert.equal(ex.posted.filter((m) => m.type === 'copy').length, copies, 'nothing copied');
  });

  test('keyboard: Down, PageDown, Enter, Escape, Ctrl+F', async () => {
    const ex = await open();
    const { page } = ex;
    await page.focus('[role=grid]');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('#row-0.selected');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('#row-1.selected');
    assert.equal(await page.getAttribute('[role=grid]', 'aria-activedescendant'), 'row-1');
    await page.keyboard.press('PageDown');
    const after = await page.$eval('.grid-row.selected', (r) => Number(r.getAttribute('aria-rowindex')) - 2);
    assert.ok(after > 10, `PageDown moves a page (now at ${after})`);
    await page.keyboard.press('End');
    await page.waitForSelector(`#row-${S3.length - 1}.selected`);
    await page.keyboard.press('Home');
    await page.waitForSelector('#row-0.selected');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.detail:not([hidden]) .json-tree');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.detail[hidden]', { state: 'attached' });
    await page.keyboard.press('Control+f');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'query-input');
  });

  test('a query error shows its message and underlines its range', async () => {
    const ex = await open();
    const { page } = ex;
    const query = 'eventName:GetObject colour:red';
    await runQuery(page, query);
    await page.waitForSelector('.query-error:not([hidden])');
    const parsed = host.parseQuery(query);
    assert.equal(parsed.ok, false);
    const message = await page.textContent('.query-error');
    assert.ok(message.includes(parsed.error.message), message);
    assert.ok(message.includes(`column ${parsed.error.start + 1}`));
    const range = await page.$eval('.query-error-range', (el) => ({ start: Number(el.dataset.start), end: Number(el.dataset.end), text: el.textContent }));
    assert.equal(range.start, parsed.error.start);
    assert.equal(range.text, query.slice(parsed.error.start, Math.max(parsed.error.end, parsed.error.start + 1)));
    assert.equal(await page.getAttribute('.query-input', 'aria-invalid'), 'true');
    // The last good result stays.
    await waitForCount(page, S3.length);
    // Fixing the query clears the error.
    await runQuery(page, 'eventName:GetObject');
    await page.waitForSelector('.query-error[hidden]', { state: 'attached' });
    assert.equal(await page.$('.query-error-range'), null);
  });

  test('completion popup: arrows, Tab accepts, Escape closes', async () => {
    const ex = await open();
    const { page } = ex;
    await page.fill('.query-input', '');
    await page.type('.query-input', 'eventN');
    await page.waitForSelector('.completions:not([hidden]) .completion');
    const labels = await page.$$eval('.completion .completion-label', (els) => els.map((e) => e.textContent));
    assert.ok(labels.includes('eventName:'), labels.join(','));
    await page.keyboard.press('Tab');
    assert.equal(await page.inputValue('.query-input'), 'eventName:');
    await page.waitForSelector('.completions:not([hidden]) .completion');
    const values = await page.$$eval('.completion .completion-label', (els) => els.map((e) => e.textContent));
    assert.ok(values.includes('GetObject'), values.join(','));
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('.query-input', 'aria-activedescendant'), 'completion-1');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.completions[hidden]', { state: 'attached' });
  });

  test('history: Up recalls earlier queries', async () => {
    const ex = await open();
    const { page } = ex;
    await runQuery(page, 'eventName:PutObject');
    await waitForCount(page, countWhere((r) => r.eventName === 'PutObject'));
    await runQuery(page, 'eventName:GetObject');
    await waitForCount(page, countWhere((r) => r.eventName === 'GetObject'));
    await page.fill('.query-input', '');
    await page.press('.query-input', 'ArrowUp');
    assert.equal(await page.inputValue('.query-input'), 'eventName:GetObject');
    await page.press('.query-input', 'ArrowUp');
    assert.equal(await page.inputValue('.query-input'), 'eventName:PutObject');
    await page.press('.query-input', 'ArrowDown');
    assert.equal(await page.inputValue('.query-input'), 'eventName:GetObject');
  });

  test('query, sort, columns and history survive a reload; setQuery from the host runs', async () => {
    const ex = await open();
    const { page } = ex;
    await runQuery(page, 'eventName:GetObject');
    await waitForCount(page, countWhere((r) => r.eventName === 'GetObject'));
    await page.click('[role=columnheader][data-col="bucket"]');
    await page.waitForSelector('[role=columnheader][data-col="bucket"][aria-sort="ascending"]');
    await page.click('vscode-button.choose-columns');
    await page.uncheck('#pick-key');
    await page.click('#move-right-time');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[role=columnheader][data-col="key"]'));
    const headers = () => page.$$eval('[role=columnheader]', (hs) => hs.map((h) => h.dataset.col));
    assert.deepEqual((await headers()).slice(0, 3), ['eventName', 'time', 'bucket']);
    await page.reload();
    await page.waitForSelector('.grid-row[data-loaded="1"]');
    assert.equal(await page.inputValue('.query-input'), 'eventName:GetObject');
    await waitForCount(page, countWhere((r) => r.eventName === 'GetObject'));
    assert.equal(await page.getAttribute('[role=columnheader][data-col="bucket"]', 'aria-sort'), 'ascending');
    assert.deepEqual((await headers()).slice(0, 3), ['eventName', 'time', 'bucket']);
    assert.ok(!(await headers()).includes('key'));
    await page.fill('.query-input', '');
    await page.press('.query-input', 'ArrowUp');
    assert.equal(await page.inputValue('.query-input'), 'eventName:GetObject');
    // The host replaces the query (command palette).
    await ex.reply({ type: 'setQuery', query: 'eventName:PutObject' });
    await waitForCount(page, countWhere((r) => r.eventName === 'PutObject'));
    assert.equal(await page.inputValue('.query-input'), 'eventName:PutObject');
    await ex.waitForPosted((m) => m.type === 'queryRan' && m.query === 'eventName:PutObject', { past: true });
    // Messages of the wrong shape are ignored.
    await ex.reply({ type: 'setQuery', query: 42 });
    await ex.reply({ type: 'status', status: { state: 'nonsense' } });
    await page.waitForTimeout(50);
    assert.equal(await page.inputValue('.query-input'), 'eventName:PutObject');
  });

  test('dragging across the timeline narrows the query to that time range', async () => {
    const ex = await open();
    const { page } = ex;
    await page.waitForSelector('.timeline .u-over');
    const box = await page.locator('.timeline .u-over').boundingBox();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('.query-input').value.includes('since:'));
    const q = await page.inputValue('.query-input');
    const m = /since:(\S+) until:(\S+)/.exec(q);
    assert.ok(m, q);
    const [since, until] = [Date.parse(m[1]), Date.parse(m[2])];
    assert.ok(since < until);
    const want = countWhere((r) => Date.parse(r.eventTime) >= since && Date.parse(r.eventTime) <= until);
    await waitForCount(page, want);
  });

  test('20,000 rows: only the visible rows are in the DOM, fetched in windows; End reaches the last', async () => {
    const big = host.syntheticBackend({ rows: 20_000, seed: 3 });
    const ex = await session.open(big);
    const { page } = ex;
    await waitForCount(page, 20_000);
    assert.equal(await page.getAttribute('[role=grid]', 'aria-rowcount'), '20001');
    const domRows = await page.$$eval('.grid-row', (r) => r.length);
    assert.ok(domRows > 20 && domRows < 100, `${domRows} rows in the DOM`);
    await page.focus('[role=grid]');
    await page.keyboard.press('End');
    await page.waitForSelector('#row-19999.selected[data-loaded="1"]');
    assert.equal(await page.getAttribute('#row-19999', 'aria-rowindex'), '20001');
    const queries = ex.posted.filter((m) => m.type === 'request' && m.method === 'cloudtrail/query');
    // The first request asks for the first screen only (early.ts); after it, whole windows of 200.
    const [first, ...windows] = queries;
    assert.ok(first.params.offset === 0 && first.params.limit >= 40 && first.params.limit <= 200, `first request: ${JSON.stringify(first.params)}`);
    assert.ok(windows.every((m) => m.params.limit === 200 && m.params.offset % 200 === 0), 'then rows come in windows of 200');
    assert.ok(windows.length <= 6, `${windows.length} windows requested`);
    // The last row is the oldest record (default sort: time descending).
    const lastId = Number(await page.getAttribute('#row-19999', 'data-id'));
    const oldest = host.answer(big, 'cloudtrail/query', { query: '', sort: { column: 'time', descending: false }, offset: 0, limit: 1 }).rows[0];
    assert.equal(lastId, oldest.id);
  });

  /** The explorer on 20,000 rows whose windows leave their count for later, open on a query half of them match,
   *  its first rows painted; `counted` is the answer with the count. */
  async function openCounting() {
    const big = host.syntheticBackend({ rows: 20_000, seed: 3 });
    // Windows may leave their count for later from any size (the server's index: from millions of rows), and the count
    // is held a while, so the page is seen between the two.
    big.index.countLaterFrom = 0;
    big.methodLatencyMs = { 'cloudtrail/count': 1500 };
    // Half the rows match: the first window's 200 are found within the walk's budget (a sixteenth of the rows).
    const query = 'access:read';
    const counted = host.answer(big, 'cloudtrail/query', { query, sort: { column: 'time', descending: true }, offset: 0, limit: 1 });
    big.index.dropCaches();
    const ex = await session.open(big, { query });
    await ex.page.waitForSelector('#row-0[data-loaded="1"]');
    return { ex, page: ex.page, counted };
  }

  test('a result whose count would hold its rows back: rows first with "N+ of …, counting…", then the count', async () => {
    const { ex, page, counted } = await openCounting();
    const pending = await statusText(page);
    assert.match(pending, /^(\d+)\+ of 20,000 S3 records \(\d+ files, 0 problems\), counting…$/);
    const found = Number(pending.split('+')[0]);
    assert.ok(found >= 40 && found < counted.total, `${found} rows found before the count (${counted.total})`);
    assert.equal(await page.getAttribute('[role=grid]', 'aria-rowcount'), String(found + 1), 'the table holds the rows found, no guess');
    assert.equal(Number(await page.getAttribute('#row-0', 'data-id')), counted.rows[0].id, 'the newest match first');
    // The count arrives: the status and the table say it, the first row stays.
    await waitForCount(page, counted.total);
    assert.match(await statusText(page), new RegExp(`^${counted.total.toLocaleString('en-US')} of 20,000 S3 records \\(\\d+ files, 0 problems\\)$`));
    assert.equal(await page.getAttribute('[role=grid]', 'aria-rowcount'), String(counted.total + 1));
    assert.equal(Number(await page.getAttribute('#row-0', 'data-id')), counted.rows[0].id);
    assert.equal(ex.posted.filter((m) => m.type === 'request' && m.method === 'cloudtrail/count').length, 1);
  });

  test('a query error typed while the count is on its way: the last good result still gets its count', async () => {
    const { page, counted } = await openCounting();
    assert.match(await statusText(page), /counting…$/);
    await runQuery(page, 'access:read colour:red');
    await page.waitForSelector('.query-error:not([hidden])');
    await waitForCount(page, counted.total);
    assert.match(await statusText(page), new RegExp(`^${counted.total.toLocaleString('en-US')} of 20,000 S3 records`));
    assert.equal(await page.getAttribute('[role=grid]', 'aria-rowcount'), String(counted.total + 1));
  });

  test('principal cells show the short name with the full ARN as tooltip; a header edge drag resizes', async () => {
    const ex = await open();
    const { page } = ex;
    const id = Number(await page.getAttribute('#row-0', 'data-id'));
    const row = backend.index.rowData(id);
    assert.equal(await page.textContent('#row-0 [data-col="principal"]'), row.principal);
    assert.equal(await page.getAttribute('#row-0 [data-col="principal"]', 'title'), row.principalArn);
    assert.ok(row.principalArn.startsWith('arn:aws:'));
    const header = page.locator('[role=columnheader][data-col="bucket"]');
    const before = (await header.boundingBox()).width;
    const edge = await page.locator('[role=columnheader][data-col="bucket"] .col-resizer').boundingBox();
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2 + 80, edge.y + edge.height / 2, { steps: 4 });
    await page.mouse.up();
    const afterWidth = (await header.boundingBox()).width;
    assert.ok(Math.abs(afterWidth - before - 80) <= 2, `${before} -> ${afterWidth}`);
    assert.equal((await page.locator('#row-0 [data-col="bucket"]').boundingBox()).width, afterWidth);
    assert.equal(await page.getAttribute('[role=columnheader][data-col="bucket"]', 'aria-sort'), 'none', 'resizing does not sort');
  });

  test('index status messages: progress while indexing, counts refresh when records arrive', async () => {
    const ex = await open();
    const { page } = ex;
    const status = backend.status();
    await ex.reply({ type: 'status', status: { ...status, state: 'indexing', filesTotal: 10, filesDone: 3, percent: 30 } });
    await page.waitForSelector('.status-progress:not([hidden])');
    assert.match(await page.textContent('.status-progress'), /Indexing 3\/10 files · 30%/);
    assert.match(await statusText(page), /\(3 files, 0 problems\)/);
    const mark = ex.posted.length;
    await ex.reply({ type: 'status', status: { ...status, state: 'ready' } });
    await page.waitForSelector('.status-progress[hidden]', { state: 'attached' });
    // A finished index makes the explorer ask again for the current result.
    await ex.waitForPostedSince(mark, (m) => m.type === 'request' && m.method === 'cloudtrail/query' && m.params.offset === 0);
    await waitForCount(page, S3.length);
  });

  test('problems list entries post openProblem', async () => {
    const bad = await host.fileBackend([TRAIL, path.join(FIXTURES, 'not-json.json')]);
    const ex = await session.open(bad);
    const { page } = ex;
    await page.waitForSelector('.problems-toggle:not([hidden])');
    assert.match(await statusText(page), /\(2 files, [1-9]\d* problems\)/);
    await page.click('.problems-toggle');
    await page.waitForSelector('.problems:not([hidden]) .problem');
    await page.click('.problem');
    const posted = await ex.waitForPosted((m) => m.type === 'openProblem', { past: true });
    assert.deepEqual(posted.problem, bad.problems[0]);
  });
});
