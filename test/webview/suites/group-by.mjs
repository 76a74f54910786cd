// Suite (run by ../chromium.test.mjs): the group-by table as a user drives it in Chromium: counts of two
// fields against each other under the current query, asked of the server (never counted in the page),
// each cell and heading a click (or Enter) that filters to its records.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, sharedSession, waitForCount } from '../harness.mjs';

const TRAIL = path.join(FIXTURES, 's3-trail-120.json');
const RECORDS = JSON.parse(fs.readFileSync(TRAIL, 'utf8')).Records;
const S3 = RECORDS.filter((r) => ['s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com'].includes(r.eventSource));
const countWhere = (pred) => S3.filter(pred).length;

let host, backend, session;
before(async () => {
  ({ host, session } = await sharedSession());
  backend = await host.fileBackend([TRAIL]);
});
after(async () => { await session.page.setViewportSize({ width: 1440, height: 900 }); });

async function openGroupBy(viewport = { width: 1400, height: 860 }) {
  const ex = await session.open(backend, { viewport });
  await ex.page.waitForSelector('.grid-row[data-loaded="1"]');
  await ex.page.click('vscode-button.group-by-toggle');
  await ex.page.waitForSelector('.group-by:not([hidden]):not(.stale) .group-table');
  return ex;
}

/** The table as shown: column headings, then per row its heading and counts (0 for '·'). */
async function shownTable(page) {
  return page.$eval('.group-table', (t) => ({
    columns: [...t.querySelectorAll('thead .group-head')].map((b) => b.textContent),
    rows: [...t.querySelectorAll('tbody tr')].map((tr) => ({
      value: tr.querySelector('th .group-head').textContent,
      counts: [...tr.querySelectorAll('.group-cell')].map((b) => (b.textContent === '·' ? 0 : Number(b.textContent.replace(/,/g, '')))),
      total: Number(tr.querySelector('td.group-total').textContent.replace(/,/g, '')),
    })),
  }));
}

describe('group-by table', () => {
  test('principal × eventName by default, as the server counts it; a cell click filters to exactly its records', async () => {
    const ex = await openGroupBy();
    const { page } = ex;
    assert.equal(await page.getAttribute('vscode-button.group-by-toggle', 'aria-pressed'), 'true');
    assert.equal(await page.inputValue('#group-rows'), 'principal');
    assert.equal(await page.inputValue('#group-columns'), 'eventName');
    const asked = ex.posted.filter((m) => m.type === 'request' && m.method === 'cloudtrail/groupBy');
    assert.ok(asked.length >= 1 && asked.every((m) => m.params.query === ''), 'the table is asked of the server');
    const want = host.answer(backend, 'cloudtrail/groupBy', asked[asked.length - 1].params);
    const shown = await shownTable(page);
    const label = (v) => (v === '' ? '(none)' : v);
    assert.deepEqual(shown.columns, want.columns.map((c) => label(c.value)));
    assert.deepEqual(shown.rows, want.rows.map((r, i) => ({ value: label(r.value), counts: want.counts[i], total: r.count })));
    // The eventName counts of the whole table agree with the records themselves.
    for (const [j, c] of want.columns.entries()) {
      assert.ok(want.rows.reduce((n, _r, i) => n + want.counts[i][j], 0) <= countWhere((r) => r.eventName === c.value));
    }
    // The largest cell: a click filters to that principal and eventName, back in the records view.
    let best = { n: 0, i: 0, j: 0 };
    want.counts.forEach((row, i) => row.forEach((n, j) => { if (n > best.n) best = { n, i, j }; }));
    const principal = want.rows[best.i].value;
    const eventName = want.columns[best.j].value;
    await page.locator('.group-table tbody tr').nth(best.i).locator('.group-cell').nth(best.j).click();
    assert.equal(await page.inputValue('.query-input'), `principal:${principal} eventName:${eventName}`);
    await page.waitForSelector('.group-by[hidden]', { state: 'attached' });
    await waitForCount(page, best.n);
  });

  test('bucket × error: records without an error are a column; its heading filters to -error:*; the table follows the query', async () => {
    const ex = await openGroupBy();
    const { page } = ex;
    await page.selectOption('#group-rows', 'bucket');
    await page.selectOption('#group-columns', 'error');
    await page.waitForFunction(() => document.querySelector('.group-corner')?.textContent.startsWith('Bucket'));
    await page.waitForSelector('.group-by:not(.stale) .group-table');
    const shown = await shownTable(page);
    assert.equal(shown.columns[0], '(none)', 'most records have no error');
    // Each row's counts add up to at most its total; the (none) column is every record of the bucket without an error.
    for (const r of shown.rows) {
      assert.ok(r.counts.reduce((a, b) => a + b, 0) <= r.total);
      if (r.value !== '(none)') assert.equal(r.counts[0], countWhere((x) => x.requestParameters?.bucketName === r.value && x.errorCode === undefined), r.value);
    }
    await page.locator('.group-table thead .group-head').first().click();
    assert.equal(await page.inputValue('.query-input'), '-error:*');
    await waitForCount(page, countWhere((r) => r.errorCode === undefined));
    // Back to the table: it is counted under the current query, and the fields were kept.
    await page.click('vscode-button.group-by-toggle');
    await page.waitForSelector('.group-by:not([hidden]):not(.stale) .group-table');
    await page.waitForFunction(() => document.querySelector('.group-summary')?.textContent.length > 0);
    const summary = await page.textContent('.group-summary');
    assert.match(summary, new RegExp(`^${countWhere((r) => r.errorCode === undefined)} records`));
    assert.equal(await page.inputValue('#group-rows'), 'bucket');
    assert.deepEqual((await shownTable(page)).columns, ['(none)']);
  });

  test('by keyboard: one tab stop, arrows move between cells, Enter filters; the view survives a reload', async () => {
    const ex = await openGroupBy();
    const { page } = ex;
    assert.equal(await page.$$eval('.group-table button[tabindex="0"]', (b) => b.length), 1, 'one tab stop in the table');
    await page.focus('.group-table button[tabindex="0"]');
    const start = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    assert.match(start, /and eventName/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const moved = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    assert.notEqual(moved, start);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const heading = await page.evaluate(() => ({ cls: document.activeElement.className, text: document.activeElement.textContent }));
    assert.equal(heading.cls, 'group-head', 'Up from the first row reaches the column heading');
    // The view and its fields survive a reload.
    await page.selectOption('#group-rows', 'region');
    const reloaded = await session.open(backend, { keepState: true });
    await reloaded.page.waitForSelector('.group-by:not([hidden]) .group-table');
    assert.equal(await reloaded.page.inputValue('#group-rows'), 'region');
    await reloaded.page.focus('.group-table thead .group-head');
    await reloaded.page.keyboard.press('Enter');
    await reloaded.page.waitForSelector('.group-by[hidden]', { state: 'attached' });
    assert.match(await reloaded.page.inputValue('.query-input'), /^eventName:\S+$/);
  });
});
