// The Time field of an access-log line: `[06/Feb/2019:00:00:38 +0000]`, English month abbreviations, any offset.

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(at + i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Epoch milliseconds of the bracketed time at s[start, end) (brackets included), or NaN when it is not
 * `[dd/Mon/yyyy:HH:MM:SS ±hhmm]` with values in range.
 */
export function parseAccessTime(s: string, start: number, end: number): number {
  if (end - start !== 28 || s.charCodeAt(start) !== 91 || s.charCodeAt(end - 1) !== 93) return NaN;
  const p = start + 1;
  if (s.charCodeAt(p + 2) !== 47 || s.charCodeAt(p + 6) !== 47 || s.charCodeAt(p + 11) !== 58 || s.charCodeAt(p + 14) !== 58
    || s.charCodeAt(p + 17) !== 58 || s.charCodeAt(p + 20) !== 32) return NaN;
  const day = digits(s, p, 2);
  const month = MONTHS[s.slice(p + 3, p + 6)];
  const year = digits(s, p + 7, 4);
  const hour = digits(s, p + 12, 2);
  const minute = digits(s, p + 15, 2);
  const second = digits(s, p + 18, 2);
  const sign = s.charCodeAt(p + 21);
  const oh = digits(s, p + 22, 2);
  const om = digits(s, p + 24, 2);
  if (month === undefined || day < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60
    || oh < 0 || om < 0 || om > 59 || (sign !== 43 && sign !== 45)) return NaN;
  const ms = Date.UTC(year, month, day, hour, minute, second);
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return NaN;
  const offset = (oh * 60 + om) * 60_000;
  return sign === 43 ? ms - offset : ms + offset;
}

/**
 * parseAccessTime of a Time field given as bytes (ASCII), for the index's byte lane. Lines of one object come in
 * time order, most in the same hour: the hour and the zone last read are compared byte for byte and only minutes
 * and seconds read; any other time is parsed whole (from a 28-character string: that happens about once an hour
 * of log). Gives what parseAccessTime gives, NaN included.
 */
export class AccessTimeBytes {
  /** The last valid time's bytes (`[dd/Mon/yyyy:HH` at 0..14, ` ±hhmm]` at 21..27) and its hour in epoch ms. */
  private readonly last = new Uint8Array(28);
  private hourMs = NaN;

  read(d: Uint8Array, start: number, end: number): number {
    if (end - start !== 28) return NaN;
    const last = this.last;
    if (!Number.isNaN(this.hourMs) && d[start + 15] === 58 && d[start + 18] === 58) {
      let same = true;
      for (let i = 0; i < 15 && same; i++) same = d[start + i] === last[i];
      for (let i = 21; i < 28 && same; i++) same = d[start + i] === last[i];
      if (same) {
        const mm = twoDigitBytes(d, start + 16);
        const ss = twoDigitBytes(d, start + 19);
        if (mm >= 0 && mm <= 59 && ss >= 0 && ss <= 60) return this.hourMs + (mm * 60 + ss) * 1000;
      }
    }
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(d[i]);
    const t = parseAccessTime(s, 0, 28);
    if (!Number.isNaN(t)) {
      last.set(d.subarray(start, end));
      this.hourMs = t - (twoDigitBytes(d, start + 16) * 60 + twoDigitBytes(d, start + 19)) * 1000;
    }
    return t;
  }
}

function twoDigitBytes(d: Uint8Array, at: number): number {
  const a = d[at] - 48;
  const b = d[at + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
