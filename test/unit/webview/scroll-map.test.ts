import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fullHeight, MAX_SPACER, rowOffset, scaled, scrollTopFor, spacerHeight, virtualTop, type ScrollGeometry } from '../../../webview/scroll-map';

const geometry = (count: number): ScrollGeometry => ({ header: 24, rowHeight: 22, count, view: 800, maxSpacer: MAX_SPACER });

test('below the cap the spacer is the full height and rows sit at their plain offsets', () => {
  const g = geometry(1_000_000);
  assert.equal(scaled(g), false);
  assert.equal(spacerHeight(g), 24 + 22_000_000);
  assert.equal(virtualTop(g, 12_345), 12_345);
  assert.equal(scrollTopFor(g, 777), 777);
  assert.equal(rowOffset(g, 5_000, 300), 24 + 300 * 22);
});

test('past the cap: the spacer stays under the layout limit and the scroll range covers every row', () => {
  const g = geometry(5_000_000);
  assert.equal(scaled(g), true);
  const spacer = spacerHeight(g);
  assert.equal(spacer, MAX_SPACER);
  assert.ok(spacer < 33_554_431);
  const maxScroll = spacer - g.view;
  // Top of the range shows row 0 under the header; the bottom shows the last row at the bottom of the view.
  assert.equal(virtualTop(g, 0), 0);
  assert.equal(rowOffset(g, 0, 0), 24);
  assert.equal(virtualTop(g, maxScroll), fullHeight(g) - g.view);
  const last = g.count - 1;
  assert.equal(rowOffset(g, maxScroll, last) + g.rowHeight, maxScroll + g.view);
  // Rows next to each other stay one row apart wherever the view is, and scrollTopFor inverts virtualTop.
  for (const scrollTop of [1, 777_777, 9_999_999, maxScroll - 1]) {
    const v = virtualTop(g, scrollTop);
    const i = Math.floor((v - 24) / 22) + 3;
    assert.equal(rowOffset(g, scrollTop, i + 1) - rowOffset(g, scrollTop, i), 22);
    const off = rowOffset(g, scrollTop, i) - scrollTop;
    assert.ok(off >= 0 && off < g.view, `row ${i} is in view at ${scrollTop} (${off})`);
    assert.ok(Math.abs(scrollTopFor(g, v) - scrollTop) <= 1);
  }
  // Monotonic: scrolling down never shows an earlier row at the top.
  let prev = -1;
  for (let s = 0; s <= maxScroll; s += 99_991) {
    const v = virtualTop(g, s);
    assert.ok(v > prev);
    prev = v;
  }
});
