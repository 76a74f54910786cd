// The table's vertical geometry: where row i sits for a scrollTop. Browsers stop laying out elements
// past ~33.5M px (Chromium), so a result whose full height would pass MAX_SPACER gets a spacer of that
// height and scrollTop maps linearly onto the full ("virtual") height; rows are then placed relative to
// the view. Below the cap the mapping is the identity and rows sit at their plain offsets.

export interface ScrollGeometry {
  /** Height of the sticky header above the first row. */
  header: number;
  rowHeight: number;
  count: number;
  /** Height of the scroll viewport. */
  view: number;
  /** Spacer height cap (px). */
  maxSpacer: number;
}

/** Under Chromium's layout limit (33,554,431 px) with room to spare; a million 22 px rows fit unscaled. */
export const MAX_SPACER = 30_000_000;

export function fullHeight(g: ScrollGeometry): number {
  return g.header + g.count * g.rowHeight;
}

export function spacerHeight(g: ScrollGeometry): number {
  return Math.min(fullHeight(g), g.maxSpacer);
}

/** Full-height units per scroll px (1 unless the spacer is capped). */
function ratio(g: ScrollGeometry): number {
  const full = fullHeight(g);
  const spacer = spacerHeight(g);
  if (full === spacer) return 1;
  const maxScroll = spacer - g.view;
  return maxScroll > 0 ? (full - g.view) / maxScroll : 1;
}

/** The full-height offset shown at the top of the view for a scrollTop. */
export function virtualTop(g: ScrollGeometry, scrollTop: number): number {
  const r = ratio(g);
  return r === 1 ? scrollTop : scrollTop * r;
}

/** The scrollTop that shows a full-height offset at the top of the view (inverse of virtualTop). */
export function scrollTopFor(g: ScrollGeometry, virtual: number): number {
  const r = ratio(g);
  return r === 1 ? virtual : Math.round(virtual / r);
}

/** Offset of row i within the spacer for the current scrollTop. */
export function rowOffset(g: ScrollGeometry, scrollTop: number, index: number): number {
  const top = g.header + index * g.rowHeight;
  const r = ratio(g);
  return r === 1 ? top : scrollTop + top - Math.floor(virtualTop(g, scrollTop));
}

/** Is the geometry scaled (row offsets depend on scrollTop)? */
export function scaled(g: ScrollGeometry): boolean {
  return ratio(g) !== 1;
}
