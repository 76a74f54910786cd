// Tick labels of the timeline's time axis (UTC): pure functions, no DOM, so they are tested in node.
// The format follows the distance between ticks, not the whole span, so two ticks never read alike
// ("01-01 01-01" when ticks 12 h apart showed dates only, "03:16 03:16" when ticks 30 s apart showed
// minutes); the first tick and every tick that starts a new day (or year) carry the date (or year),
// so a range that crosses days or years says where each part lies.

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Formats from the least to the most precise; a label set with repeats moves to the next one. */
type Precision = 'year' | 'month' | 'day' | 'minute' | 'second';
const PRECISIONS: readonly Precision[] = ['year', 'month', 'day', 'minute', 'second'];

/** The least precise format that can tell ticks `step` seconds apart. */
function precisionFor(step: number): Precision {
  if (step >= 365 * DAY) return 'year';
  if (step >= 28 * DAY) return 'month';
  if (step >= DAY) return 'day';
  if (step >= MINUTE) return 'minute';
  return 'second';
}

function label(iso: string, p: Precision, withDate: boolean, withYear: boolean): string {
  const year = iso.slice(0, 4);
  const monthDay = iso.slice(5, 10);
  switch (p) {
    case 'year': return year;
    case 'month': return iso.slice(0, 7);
    case 'day': return withYear ? iso.slice(0, 10) : monthDay;
    case 'minute':
    case 'second': {
      const time = p === 'minute' ? iso.slice(11, 16) : iso.slice(11, 19);
      if (!withDate) return time;
      return `${withYear ? iso.slice(0, 10) : monthDay} ${time}`;
    }
  }
}

/**
 * Labels for ticks at `splits` (seconds since the epoch, ascending). Ticks closer than a minute show
 * seconds, closer than a day show HH:MM, else dates (MM-DD; with the year when the ticks cross a year),
 * months or years. Sub-day ticks that cross days carry the date on the first tick and where a day
 * begins (the caption says the day of a one-day axis); the year is added when the ticks cross a year.
 * No two neighbouring labels are equal.
 */
export function tickLabels(splits: readonly number[]): string[] {
  if (splits.length === 0) return [];
  const iso = splits.map((s) => new Date(s * 1000).toISOString());
  let step = Infinity;
  for (let i = 1; i < splits.length; i++) step = Math.min(step, splits[i] - splits[i - 1]);
  if (!Number.isFinite(step)) step = HOUR;
  const crossesYear = iso[0].slice(0, 4) !== iso[iso.length - 1].slice(0, 4);
  const crossesDays = iso[0].slice(0, 10) !== iso[iso.length - 1].slice(0, 10);
  for (let p = PRECISIONS.indexOf(precisionFor(step)); p < PRECISIONS.length; p++) {
    const precision = PRECISIONS[p];
    const labels = iso.map((t, i) => {
      const newDay = i === 0 || t.slice(0, 10) !== iso[i - 1].slice(0, 10);
      const newYear = i === 0 || t.slice(0, 4) !== iso[i - 1].slice(0, 4);
      return label(t, precision, crossesDays && newDay, crossesYear && newYear);
    });
    // Equal labels apart are fine ("12:00" of two days, a dated tick between them); side by side, not.
    if (labels.every((l, i) => i === 0 || l !== labels[i - 1])) return labels;
  }
  // Ticks closer than a second (not produced by the histogram's buckets): full times.
  return iso.map((t) => t.slice(0, 19).replace('T', ' ') + (t.slice(19, 23) === '.000' ? '' : t.slice(19, 23)));
}

/** Pixels a tick label needs at the axis font (10px sans-serif: about 6 px a character) plus a gap. */
export function labelSpace(labels: readonly string[]): number {
  return labels.reduce((m, l) => Math.max(m, l.length), 5) * 6 + 16;
}

/**
 * The minimum distance between ticks the axis should ask for at this tick step: wide enough for the
 * longest label that step produces (a date with its time on the first tick of a sub-day axis).
 */
export function tickSpace(stepSeconds: number, crossesDays: boolean, crossesYear: boolean): number {
  const p = precisionFor(stepSeconds);
  const date = crossesYear ? 10 : 5;
  const chars = p === 'year' ? 4 : p === 'month' ? 7 : p === 'day' ? date
    : (p === 'minute' ? 5 : 8) + (crossesDays ? date + 1 : 0);
  return chars * 6 + 16;
}

/** Human text of a time range for the timeline's keyboard selection (UTC, minutes or seconds). */
export function rangeText(startMs: number, endMs: number): string {
  const a = new Date(startMs).toISOString();
  const b = new Date(endMs).toISOString();
  const secs = startMs % 60_000 !== 0 || endMs % 60_000 !== 0;
  const time = (t: string): string => t.slice(11, secs ? 19 : 16);
  return a.slice(0, 10) === b.slice(0, 10)
    ? `${a.slice(0, 10)} ${time(a)}–${time(b)} UTC`
    : `${a.slice(0, 10)} ${time(a)} – ${b.slice(0, 10)} ${time(b)} UTC`;
}
