// Suite (run by ../chromium.test.mjs): the table's mark on rows of log files that failed "Verify Trail
// Integrity", as the server sends it on each row: an icon whose tooltip names the failure and gives the
// verifier's message (attacker-controlled text: shown as text, bidi controls made visible), the row
// described to screen readers, nothing on rows of other files, and gone again after a verification that
// passed (the host's rowsChanged message re-fetches the rows in place).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, sharedSession } from '../harness.mjs';

const TRAIL = path.join(FIXTURES, 's3-trail-120.json');
const XSS = path.join(FIXTURES, 'xss-payloads.json');

let host, backend, session;
before(async () => {
  ({ host, session } = await sharedSession());
  backend = await host.fileBackend([TRAIL, XSS]);
});
after(async () => {
  backend.integrity = undefined;
  await session.page.setViewportSize({ width: 1440, height: 900 });
});

/** Every loaded row on screen: whether it is marked, its mark's tooltip, and the file its record comes from. */
async function shownRows(page) {
  const rows = await page.$$eval('.grid-row[data-loaded="1"]:not([hidden])', (els) => els.map((el) => {
    const icon = el.querySelector('.integrity-mark:not([hidden])');
    return {
      id: Number(el.dataset.id), failed: el.classList.contains('integrity-failed'), unverifiable: el.classList.contains('integrity-unverifiable'),
      title: icon?.getAttribute('title') ?? null, label: icon?.getAttribute('aria-label') ?? null, description: el.getAttribute('aria-description'),
      imgs: el.querySelectorAll('img, svg, script').length,
    };
  }));
  return rows.map((r) => ({ ...r, file: backend.index.location(r.id)?.file }));
}

describe('integrity marks', () => {
  test('rows of a modified log file are marked with the failure named; rows of other files are not; a passing verification clears them', async () => {
    const message = 'SHA-256 is 00ff; the digest <img src=x onerror=window.__xss=1> lists \u202Egnp.exe';
    backend.integrity = new Map([[TRAIL, { severity: 'failed', label: 'modified', message }], [XSS, { severity: 'unverifiable', label: 'unverifiable: bad signature of its digest', message: 'listed only by the digest d' }]]);
    const ex = await session.open(backend, { viewport: { width: 1400, height: 860 }, query: 'source:*' });
    const { page } = ex;
    await page.waitForSelector('.grid-row.integrity-failed .integrity-mark');
    let rows = await shownRows(page);
    assert.ok(rows.length > 10, `${rows.length} rows`);
    const fromTrail = rows.filter((r) => r.file === TRAIL);
    const fromXss = rows.filter((r) => r.file === XSS);
    assert.ok(fromTrail.length > 0 && fromXss.length > 0, 'rows of both files on screen');
    for (const r of fromTrail) {
      assert.equal(r.failed, true);
      assert.equal(r.title, 'Integrity failed: modified\nSHA-256 is 00ff; the digest <img src=x onerror=window.__xss=1> lists \\u202Egnp.exe');
      assert.equal(r.label, 'Integrity failed: modified');
      assert.match(r.description ?? '', /Integrity failed: modified/);
      assert.equal(r.imgs, 0);
    }
    for (const r of fromXss) {
      assert.equal(r.failed, false);
      assert.equal(r.unverifiable, true);
      assert.equal(r.label, 'Integrity unverifiable: unverifiable: bad signature of its digest');
    }
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    // The icon is outside the column cells: the first cell still holds the time, the cells line up with the header.
    const [cellLeft, headerLeft] = await page.evaluate(() => [
      document.querySelector('.grid-row.integrity-failed .grid-cell.col-time')?.getBoundingClientRect().left,
      document.querySelector('.grid-hcell[data-col="time"]')?.getBoundingClientRect().left,
    ]);
    assert.equal(cellLeft, headerLeft);
    // A hover shows the tooltip the icon carries (the native title).
    await page.hover('.grid-row.integrity-failed .integrity-mark');

    // Verification passed this time: the host says the rows changed, and the marks go.
    backend.integrity = new Map([[XSS, { severity: 'failed', label: 'unlisted', message: 'no digest lists it' }]]);
    await ex.reply({ type: 'rowsChanged' });
    await page.waitForFunction(() => !document.querySelector('.grid-row.integrity-unverifiable'));
    rows = await shownRows(page);
    for (const r of rows) {
      assert.equal(r.failed, r.file === XSS, `${r.file}`);
      assert.equal(r.title === null, r.file !== XSS);
    }
    backend.integrity = undefined;
    await ex.reply({ type: 'rowsChanged' });
    await page.waitForFunction(() => !document.querySelector('.grid-row.integrity-failed'));
    assert.equal(await page.$$eval('.integrity-mark:not([hidden])', (els) => els.length), 0);
  });
});
