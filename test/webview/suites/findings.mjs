// Suite (run by ../chromium.test.mjs): the explorer's findings badge as a user sees it in Chromium: rows the
// server marks as part of findings carry the badge and say which findings (their accessible description);
// other rows carry none, also after scrolling recycles the row elements.

import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { FIXTURES, sharedSession } from '../harness.mjs';

const TRAIL = path.join(FIXTURES, 's3-trail-120.json');

let host, backend, session;
before(async () => {
  ({ host, session } = await sharedSession());
  backend = await host.fileBackend([TRAIL]);
});

describe('findings badge', () => {
  test('rows of findings show the badge with their rule ids; other rows none, after scrolling too', async () => {
    // the rows the explorer opens with (its default query and sort): the 2nd and 5th, and the last one
    const { query, sort } = host.initialState({});
    const first = host.answer(backend, 'cloudtrail/query', { query, sort, offset: 0, limit: 10 });
    const last = host.answer(backend, 'cloudtrail/query', { query, sort, offset: first.total - 1, limit: 1 });
    const [a, b, z] = [first.rows[1].id, first.rows[4].id, last.rows[0].id];
    backend.findings = new Map([[a, 's3-public-acl'], [b, 's3-public-acl,s3-public-policy'], [z, 's3-mass-delete']]);
    const ex = await session.open(backend, { viewport: { width: 1400, height: 700 } });
    const { page } = ex;
    try {
      await page.waitForSelector('.grid-row[data-loaded="1"]');
      const marks = () => page.$$eval('.grid-row[data-loaded="1"]:not([hidden])', (rows) => rows.map((r) => ({
        id: Number(r.dataset.id), badge: r.classList.contains('in-finding'), findings: r.dataset.findings ?? '', description: r.getAttribute('aria-description') ?? '',
        before: window.getComputedStyle(r.querySelector('.grid-cell'), '::before').content,
      })));
      await page.waitForSelector('.grid-row.in-finding');
      let seen = await marks();
      const byId = new Map(seen.map((m) => [m.id, m]));
      assert.ok(byId.has(a) && byId.has(b), `rows shown: ${seen.map((m) => m.id).join(' ')}`);
      assert.deepEqual([byId.get(a).badge, byId.get(a).findings, byId.get(a).description], [true, 's3-public-acl', 'in finding: s3-public-acl']);
      assert.equal(byId.get(b).description, 'in finding: s3-public-acl, s3-public-policy');
      assert.match(byId.get(a).before, /\u26A0/);
      for (const m of seen.filter((x) => ![a, b].includes(x.id))) {
        assert.deepEqual([m.badge, m.findings, m.description, m.before], [false, '', '', 'none'], `row ${m.id}`);
      }
      // scrolled to the end: the recycled elements keep no badge of the rows they showed before
      await page.click('#row-0');
      await page.keyboard.press('End');
      await page.waitForFunction((id) => [...document.querySelectorAll('.grid-row[data-loaded="1"]:not([hidden])')].some((r) => r.dataset.id === id), String(z));
      seen = await marks();
      assert.deepEqual(seen.filter((m) => m.badge).map((m) => [m.id, m.findings]), [[z, 's3-mass-delete']]);
    } finally {
      delete backend.findings;
    }
  });
});
