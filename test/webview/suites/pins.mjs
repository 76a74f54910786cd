// Suite (run by ../chromium.test.mjs): pins and notes as a user drives them in Chromium, with the test
// playing the extension host (client/pins.ts keeps the pins and tells the server; here the backend's
// pinned set): pin from the detail pane, a note, the pinned rows marked, `pinned:true`, Copy Link,
// the report request, a record link reopening its record, unpin.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, sharedSession, waitForCount } from '../harness.mjs';

const TRAIL = path.join(FIXTURES, 's3-trail-120.json');

let host, backend, session;
before(async () => {
  ({ host, session } = await sharedSession());
  backend = await host.fileBackend([TRAIL]);
});
after(async () => { await session.page.setViewportSize({ width: 1440, height: 900 }); });

/** Plays the host: pin/unpin/note messages update the pins, which go back to the page (and to the "server"). */
function playHost(ex) {
  const pins = new Map();
  backend.pinned = new Set();
  let seen = 0;
  const timer = setInterval(() => {
    const fresh = ex.posted.slice(seen);
    seen = ex.posted.length;
    let changed = false;
    for (const m of fresh) {
      if (m.type === 'pin' && m.pinned) pins.set(m.eventID, { eventID: m.eventID, note: '', pinnedAt: '2026-03-02T10:00:00.000Z', row: m.row });
      else if (m.type === 'pin') pins.delete(m.eventID);
      else if (m.type === 'pinNote' && pins.has(m.eventID)) pins.get(m.eventID).note = m.note;
      else continue;
      changed = true;
    }
    if (changed) {
      backend.pinned = new Set(pins.keys());
      void ex.reply({ type: 'pins', pins: [...pins.values()] });
    }
  }, 20);
  return { pins, stop: () => clearInterval(timer) };
}

async function openRow(page, index) {
  await page.click(`#row-${index}`);
  await page.keyboard.press('Enter');
  const id = Number(await page.getAttribute(`#row-${index}`, 'data-id'));
  const eventID = JSON.parse(backend.record(id).json).eventID;
  await page.waitForFunction((e) => document.querySelector('.detail:not([hidden]) .json-tree')?.textContent.includes(e), eventID);
  return eventID;
}

describe('pins and notes', () => {
  test('pin two records with a note; pinned:true shows them; Copy Link and Report post; unpin', async () => {
    const ex = await session.open(backend, { viewport: { width: 1400, height: 860 } });
    const { page } = ex;
    await page.waitForSelector('.grid-row[data-loaded="1"]');
    await page.waitForSelector('vscode-button.show-pinned');
    const hostPins = playHost(ex);
    try {
      const first = await openRow(page, 2);
      await page.click('.detail vscode-button.pin-record');
      const pinMsg = await ex.waitForPosted((m) => m.type === 'pin', { past: true });
      assert.equal(pinMsg.eventID, first);
      assert.equal(pinMsg.pinned, true);
      const id2 = Number(await page.getAttribute('#row-2', 'data-id'));
      const row = backend.index.rowData(id2);
      assert.deepEqual(pinMsg.row, { time: row.time, eventName: row.eventName, bucket: row.bucket, key: row.key, principal: row.principal, sourceIP: row.sourceIP, error: row.error, file: row.file });
      await page.waitForSelector('.detail vscode-button.pin-record[aria-pressed="true"]');
      assert.equal(await page.textContent('.detail vscode-button.pin-record'), 'Unpin');
      await page.waitForSelector('#row-2.pinned');
      assert.equal(await page.getAttribute('#row-2', 'aria-description'), 'pinned');
      assert.equal(await page.textContent('vscode-button.show-pinned'), 'Pinned (1)');
      // A note, saved as typed (after a pause), kept by the host.
      await page.fill('.pin-note', 'Downloaded just before the delete <b>check</b>');
      await ex.waitForPosted((m) => m.type === 'pinNote' && m.eventID === first && m.note === 'Downloaded just before the delete <b>check</b>', { past: true });
      // A second record.
      const second = await openRow(page, 5);
      assert.equal(await page.isHidden('.pin-note-box'), true, 'an unpinned record has no note');
      await page.click('.detail vscode-button.pin-record');
      await page.waitForSelector('vscode-button.show-pinned:text("Pinned (2)")');
      // Back on the first record its note is there.
      await openRow(page, 2);
      assert.equal(await page.inputValue('.pin-note'), 'Downloaded just before the delete <b>check</b>');
      // Copy Link posts the record's eventID (the host puts the command URI on the clipboard).
      await page.click('.detail vscode-button.copy-link');
      await ex.waitForPosted((m) => m.type === 'copyLink' && m.eventID === first, { past: true });
      // pinned:true: exactly the two pinned records.
      await page.keyboard.press('Escape');
      await page.click('vscode-button.show-pinned');
      assert.equal(await page.inputValue('.query-input'), 'pinned:true source:*');
      await waitForCount(page, 2);
      const ids = await page.$$eval('.grid-row[data-loaded="1"]', (rows) => rows.map((r) => Number(r.dataset.id)));
      assert.deepEqual(new Set(ids.map((id) => JSON.parse(backend.record(id).json).eventID)), new Set([first, second]));
      assert.equal(await page.$$eval('.grid-row.pinned', (r) => r.length), 2);
      // The report is asked for with the query shown.
      await page.click('vscode-button.export-report');
      await ex.waitForPosted((m) => m.type === 'exportReport' && m.query === 'pinned:true source:*', { past: true });
      // Unpinning the first: the pinned:true table follows.
      await openRow(page, 0);
      const shown = await page.evaluate(() => JSON.parse(document.querySelector('.json-tree').textContent).eventID);
      await page.click('.detail vscode-button.pin-record');
      await ex.waitForPosted((m) => m.type === 'pin' && m.pinned === false && m.eventID === shown, { past: true });
      await waitForCount(page, 1);
      assert.deepEqual([...hostPins.pins.keys()], [first, second].filter((e) => e !== shown));
    } finally {
      hostPins.stop();
      backend.pinned = undefined;
    }
  });

  test('a record link opened in VS Code shows that record with its detail', async () => {
    const ex = await session.open(backend, { viewport: { width: 1400, height: 860 } });
    const { page } = ex;
    await page.waitForSelector('.grid-row[data-loaded="1"]');
    await page.waitForSelector('vscode-button.show-pinned');
    const id = Number(await page.getAttribute('#row-7', 'data-id'));
    const want = JSON.parse(backend.record(id).json);
    await ex.reply({ type: 'openRecord', eventID: want.eventID });
    await page.waitForFunction((e) => document.querySelector('.detail:not([hidden]) .json-tree')?.textContent.includes(e), want.eventID);
    assert.match(await page.inputValue('.query-input'), new RegExp(`^source:\\* eventid:${want.eventID}$`));
    await waitForCount(page, 1);
    assert.deepEqual(JSON.parse(await page.textContent('.json-tree')), want);
    // An eventID not in the index: a message, not an empty detail.
    await ex.reply({ type: 'openRecord', eventID: 'no-such-event' });
    await page.waitForSelector('.toast:not([hidden])');
    assert.match(await page.textContent('.toast'), /not in the index/);
  });
});
