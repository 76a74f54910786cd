// Suite (run by ../chromium.test.mjs): log fields are attacker-controlled; the explorer renders them as
// text only and runs under a strict CSP.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { FIXTURES, sharedSession, waitForCount } from '../harness.mjs';

const PAYLOADS = ['<img src=x onerror=window.__xss=1>', '</script><script>window.__xss=1</script>', 'javascript:alert(1)', '\u202Egnp.exe', '"><svg onload=window.__xss=1>'];
const XSS = path.join(FIXTURES, 'xss-payloads.json');

describe('explorer in Chromium', () => {
  let host, session;
  before(async () => {
    ({ host, session } = await sharedSession());
  });

  test('records whose every string field is a payload render as literal text', async () => {
    const backend = await host.fileBackend([XSS]);
    const ex = await session.open(backend, { query: 'source:*' });
    const { page } = ex;
    await waitForCount(page, 5);
    await page.waitForSelector('.facet-value');
    // Show every column, open each record's detail and hover its values.
    await page.click('vscode-button.choose-columns');
    const hidden = await page.$$eval('.picker-item input[type=checkbox]:not(:checked)', (bs) => bs.map((b) => b.id));
    for (const id of hidden) await page.check(`#${id}`);
    assert.equal(await page.$$eval('[role=columnheader]', (hs) => hs.length), 20);
    await page.keyboard.press('Escape');
    for (let i = 0; i < 5; i++) {
      const eventID = await page.textContent(`#row-${i} [data-col="eventID"]`);
      await page.click(`#row-${i}`);
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => [...document.querySelectorAll('.json-string')].some((e) => e.textContent === JSON.stringify(id)), eventID, { timeout: 5000 });
      // Hover docs render values too (eventName docs, enum explanations).
      for (const sel of ['.json-string[data-path=\'["eventName"]\']', '.json-string[data-path=\'["userIdentity","type"]\']', '.json-string[data-path=\'["errorCode"]\']']) {
        await page.hover(sel);
      }
    }
    await page.hover('.json-string[data-path=\'["eventName"]\']');
    await page.waitForSelector('.doc-tooltip:not([hidden])');
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.$$eval('img, svg:not(.u-over svg), script:not([src]), iframe, object, embed', (els) => els.length), 0);
    assert.equal(await page.$$eval('a[href]', (as) => as.filter((a) => /^\s*javascript:/i.test(a.getAttribute('href'))).length), 0);
    assert.equal(await page.$$eval('*', (els) => els.filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length), 0);
    const text = await page.evaluate(() => document.body.innerText);
    for (const p of PAYLOADS.slice(0, 3)) assert.ok(text.includes(p) || text.includes(JSON.stringify(p).slice(1, -1)), `shows ${p} literally`);
    // Bidi overrides are shown as visible escapes, never applied.
    const raw = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.data.includes('\u202E'))).map((e) => e.className));
    assert.deepEqual(raw, [], 'no raw U+202E in the rendered text');
    assert.ok(text.includes('\\u202Egnp.exe'), 'U+202E shown as \\u202E');
    const cells = await page.$$eval('.grid-cell[data-col="eventName"]', (els) => els.map((e) => e.textContent));
    assert.deepEqual(new Set(cells), new Set(PAYLOADS.map((p) => p.replace('\u202E', '\\u202E'))));
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  });

  test('payloads that arrive in the page\'s HTML (the first rows) render as literal text too', async () => {
    const backend = await host.fileBackend([XSS]);
    const ex = await session.open(backend);
    const { page } = ex;
    await waitForCount(page, 3); // the S3 records among the payloads
    assert.equal(await page.getAttribute('body', 'data-first-rows'), 'embedded');
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.$$eval('img, svg:not(.u-over svg), script:not([src]):not([type="application/json"]), iframe, object, embed', (els) => els.length), 0);
    assert.equal(await page.$$eval('*', (els) => els.filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length), 0);
    const s3 = JSON.parse(fs.readFileSync(XSS, 'utf8')).Records.filter((r) => r.eventSource === 's3.amazonaws.com');
    const cells = await page.$$eval('.grid-cell[data-col="eventName"]', (els) => els.map((e) => e.textContent));
    assert.deepEqual(new Set(cells), new Set(s3.map((r) => r.eventName.replace('\u202E', '\\u202E'))));
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  });

  test('the page carries the CSP meta and a script without the nonce does not run', async () => {
    const backend = await host.fileBackend([path.join(FIXTURES, 's3-trail-120.json')]);
    const ex = await session.open(backend);
    const { page } = ex;
    await page.waitForSelector('.grid-row[data-loaded="1"]');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    const nonce = await page.evaluate(() => document.querySelector('script[src$="webview.js"]').nonce);
    assert.ok(nonce.length >= 16);
    assert.ok(csp.includes(`script-src 'nonce-${nonce}'`));
    // Styles the bundle injected carry the same nonce.
    assert.ok(await page.$$eval('style', (ss, n) => ss.length >= 2 && ss.every((s) => s.nonce === n), nonce));

    const probe = await session.open(backend, { path: '/csp-probe.html' });
    await probe.page.waitForSelector('.grid-row[data-loaded="1"]');
    const ran = await probe.page.evaluate(() => ({ inline: window.__inlineRan, external: window.__externalRan, handler: window.__handlerRan }));
    assert.deepEqual(ran, { inline: undefined, external: undefined, handler: undefined });
    const violations = await probe.page.evaluate(() => window.__cspViolations);
    assert.ok(violations.some((v) => v.startsWith('script-src')), violations.join('; '));
  });
});
