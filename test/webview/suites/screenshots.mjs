// Suite (run by ../chromium.test.mjs): screenshots of the explorer in the dark, light and high-contrast themes (.e2e/webview/*.png), with the detail pane
// open and a hover doc showing, for people to look at; asserts the theme variables reach the page.

/* global getComputedStyle -- evaluated in the page */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { FIXTURES, OUT, sharedSession } from '../harness.mjs';
import { THEMES } from '../themes.mjs';

let backend, session;
before(async () => {
  let host;
  ({ host, session } = await sharedSession());
  backend = await host.fileBackend([path.join(FIXTURES, 's3-trail-120.json')]);
});

describe('screenshots', () => {
  for (const theme of ['dark', 'light', 'hc']) {
  test(`explorer screenshot, ${theme} theme`, async () => {
    const { page } = await session.open(backend, { theme, query: '-eventName:HeadObject' });
    await page.waitForSelector('.grid-row[data-loaded="1"]');
    await page.waitForSelector('.facet-value');
    await page.waitForSelector('.timeline canvas');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const want = THEMES[theme].vars['--vscode-editor-background'];
    const hex = (c) => '#' + c.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
    assert.equal(hex(bg), want);
    await page.click('#row-2');
    if (theme === 'hc') {
      // High contrast has no fills to tell rows apart: as in VS Code's lists, the focused selection has the solid
      // focus outline and a hovered row the dashed active contrast border.
      const outline = (sel) => page.$eval(sel, (el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineColor]; });
      assert.deepEqual(await outline('#row-2'), ['solid', 'rgb(243, 133, 24)']);
      await page.hover('#row-4');
      assert.deepEqual(await outline('#row-4'), ['dashed', 'rgb(243, 133, 24)']);
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('.detail:not([hidden]) .json-tree');
    await page.hover('.json-string[data-path=\'["eventName"]\']');
    await page.waitForSelector('.doc-tooltip:not([hidden])');
    fs.mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, `explorer-${theme}.png`);
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 20_000);

    // The query bar with an error and with the completion popup.
    await page.fill('.query-input', 'eventName:Get* bucket:');
    await page.press('.query-input', 'Enter');
    await page.waitForSelector('.query-error:not([hidden])');
    await page.screenshot({ path: path.join(OUT, `query-error-${theme}.png`), clip: { x: 0, y: 0, width: 1440, height: 220 } });
    await page.fill('.query-input', '');
    await page.type('.query-input', 'eventName:Get');
    await page.waitForSelector('.completions:not([hidden])');
    await page.screenshot({ path: path.join(OUT, `completion-${theme}.png`), clip: { x: 0, y: 0, width: 1440, height: 360 } });
  });
  }
});
