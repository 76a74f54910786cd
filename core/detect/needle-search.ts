// Whether a record's bytes hold a needle (facts.ts: the member names and values a check reads), asked record
// after record of one buffer. Searching each record's bytes for each needle cost a native call per needle and
// record (~0.4 µs a record in the index workers); needles are rare (6% of records hold one), so a search over a
// window of the buffer answers for the records after it until the next occurrence.

/** Bytes searched for a needle at once (see NeedleSearch). */
const SEARCH_WINDOW = 64 * 1024;

/**
 * Whether a record's bytes hold a needle, asked record after record of one buffer: each needle is searched over
 * a window of the buffer (64 KB, a few dozen records) and the answer is kept, so the records after it in that
 * window cost a comparison, not a native search over their bytes (needles are rare: 6% of records hold one).
 * Answers exactly what searching the record's own bytes would.
 */
export class NeedleSearch {
  private readonly texts: Buffer[] = [];
  private readonly ids = new Map<string, number>();
  /** The buffer the state below is about. */
  private buffer: Uint8Array | undefined;
  /** Per needle: no occurrence starts in [from, clear); at clear one does when `hit` is 1. from = -1: unknown. */
  private from = new Int32Array(0);
  private clear = new Int32Array(0);
  private hit = new Uint8Array(0);
  /** Per needle, where the record asked about last started. */
  private asked = new Int32Array(0);

  /** The id of a needle (latin1 text). */
  id(text: string): number {
    let k = this.ids.get(text);
    if (k === undefined) {
      k = this.texts.length;
      this.ids.set(text, k);
      this.texts.push(Buffer.from(text, 'latin1'));
      this.from = Int32Array.from({ length: k + 1 }, () => -1);
      this.clear = new Int32Array(k + 1);
      this.hit = new Uint8Array(k + 1);
      this.asked = new Int32Array(k + 1);
      this.buffer = undefined;
    }
    return k;
  }

  /** Whether needle k occurs within b[start, end). */
  within(k: number, b: Buffer, start: number, end: number): boolean {
    if (b !== this.buffer) {
      this.buffer = b;
      this.from.fill(-1);
      this.asked.fill(-1);
    }
    const last = end - this.texts[k].length;
    if (last < start) return false;
    // The state answers when it covers start: from <= start <= clear, and either an occurrence at clear or none
    // up to the record's last possible start; else a search from start answers (its window reaches end).
    const from = this.from[k];
    if (from < 0 || from > start || this.clear[k] < start || (this.hit[k] === 0 && this.clear[k] <= last)) this.searchFrom(k, b, start, end);
    this.asked[k] = start;
    return this.hit[k] === 1 && this.clear[k] <= last;
  }

  /** Searches needle k from `start` over a window reaching at least `end`: the record alone when the last record
   *  asked about lies more than a record back (a needle of a rare eventName's plan: a window would search the
   *  bytes of many records for one ask), else the next 64 KB. */
  private searchFrom(k: number, b: Buffer, start: number, end: number): void {
    const needle = this.texts[k];
    const dense = this.from[k] >= 0 && start - this.asked[k] <= 2 * (end - start);
    const stop = dense ? Math.min(b.length, Math.max(start + SEARCH_WINDOW, end)) : end;
    const at = b.subarray(start, stop).indexOf(needle);
    this.from[k] = start;
    if (at >= 0) {
      this.clear[k] = start + at;
      this.hit[k] = 1;
    } else {
      // Every start up to stop - length was searched (stop = the buffer's end: none anywhere after).
      this.clear[k] = stop === b.length ? b.length : stop - needle.length + 1;
      this.hit[k] = 0;
    }
  }
}
