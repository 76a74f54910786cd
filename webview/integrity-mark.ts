// The table's mark on a row whose log file failed "Verify Trail Integrity" (or that nothing could vouch for):
// an icon at the row's start whose tooltip names the failure and gives the verifier's message. The icon is
// the row's last child, outside the column cells, so the cells keep their indexes and widths.

import type { IntegrityMark } from '../core/integrity';
import { h, visibleText } from './dom';

const MARK_CLASS = 'integrity-mark';

/** The text a tooltip and a screen reader give for a mark. */
export function integrityText(mark: IntegrityMark): string {
  return `Integrity ${mark.severity === 'failed' ? 'failed' : 'unverifiable'}: ${mark.label}`;
}

/** Marks (or unmarks) a row element; cheap when nothing changes (rows are refilled while scrolling). */
export function applyIntegrityMark(row: HTMLElement, mark: IntegrityMark | undefined): void {
  const failed = mark?.severity === 'failed';
  const unverifiable = mark?.severity === 'unverifiable';
  row.classList.toggle('integrity-failed', failed);
  row.classList.toggle('integrity-unverifiable', unverifiable);
  const last = row.lastElementChild as HTMLElement | null;
  let icon = last?.classList.contains(MARK_CLASS) ? last : undefined;
  if (!mark) {
    if (icon) icon.hidden = true;
    return;
  }
  if (!icon) {
    icon = h('span', { class: MARK_CLASS, role: 'img' });
    row.appendChild(icon);
  }
  icon.hidden = false;
  // Log text is attacker-controlled: it goes in as text and attributes only, with bidi controls shown.
  const glyph = failed ? '⚠' : '?';
  if (icon.textContent !== glyph) icon.textContent = glyph;
  const label = visibleText(integrityText(mark));
  const title = `${label}\n${visibleText(mark.message)}`;
  if (icon.title !== title) icon.title = title;
  if (icon.getAttribute('aria-label') !== label) icon.setAttribute('aria-label', label);
}
