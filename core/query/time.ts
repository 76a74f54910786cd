// `since:` / `until:` values: ISO date-times (UTC unless an offset is given) and relative ages
// (-24h, -7d, -30m). A bound covers the precision it was written in: `until:2024-05-01` runs to the
// end of that day, `since:2024-05-01T10:00` starts at 10:00:00.000. Both bounds are inclusive.

export type TimeUnit = 's' | 'm' | 'h' | 'd' | 'w';

export type TimeBound =
  | { kind: 'absolute'; ms: number; /** the bound as ISO text (ms precision, Z) */ iso: string }
  | { kind: 'relative'; ms: number; amount: number; unit: TimeUnit };

const UNIT_MS: Record<TimeUnit, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

const RELATIVE = /^-?(\d{1,9})([smhdw])$/i;
const ABSOLUTE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses a bound; `end` selects the last millisecond of the written precision (for until:). */
export function parseTimeBound(text: string, now: number, end: boolean): TimeBound | undefined {
  const rel = RELATIVE.exec(text);
  if (rel) {
    const unit = rel[2].toLowerCase() as TimeUnit;
    const amount = Number(rel[1]);
    return { kind: 'relative', ms: now - amount * UNIT_MS[unit], amount, unit };
  }
  const m = ABSOLUTE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, frac, zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = hh === undefined ? 0 : Number(hh);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = ss === undefined ? 0 : Number(ss);
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls Feb 30 into March; a real calendar date round-trips.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2)), offM = Number(digits.slice(2, 4));
    if (offH > 23 || offM > 59) return undefined;
    ms -= sign * (offH * 60 + offM) * 60_000;
  }
  if (end) {
    const span = hh === undefined ? UNIT_MS.d : ss === undefined ? UNIT_MS.m : frac === undefined ? UNIT_MS.s : 1;
    ms += span - 1;
  }
  if (!Number.isFinite(ms)) return undefined;
  return { kind: 'absolute', ms, iso: new Date(ms).toISOString() };
}

/** eventTime as epoch ms; a time without a zone is UTC (CloudTrail writes Z). */
export function eventTimeMs(eventTime: string): number | undefined {
  const hasZone = /(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(eventTime);
  const ms = Date.parse(hasZone ? eventTime : eventTime + 'Z');
  return Number.isNaN(ms) ? undefined : ms;
}
