// Fixed-width forms of the near-unique values CloudTrail repeats shape for shape: a canonical UUID (eventID,
// the requestID of most services) is 36 characters that carry 16 bytes, an S3 request ID 16 characters of
// [0-9A-Za-z] that carry 12, a creationDate in the `YYYY-MM-DDTHH:MM:SSZ` form a 32-bit count of seconds.
// A form packs a value's UTF-8 bytes into a slot only when unpacking gives back the very same text (case
// included: an uppercase UUID is a form of its own), so a dictionary that keeps values in this form answers
// exactly what one that keeps the text would.

export interface IdForm {
  /** For messages and tests. */
  readonly name: string;
  /** Bytes of a packed value (at most the slot width of the dictionary that uses the form). */
  readonly width: number;
  /** Packs b[start, end) into out[0, width); false (out left in any state) when the value is not of the form. */
  pack(b: Uint8Array, start: number, end: number, out: Uint8Array): boolean;
  /** The text of a packed value. */
  unpack(slot: Uint8Array, at: number): string;
}

const LOWER_HEX = '0123456789abcdef';
const UPPER_HEX = '0123456789ABCDEF';

/** Byte -> nibble of a hex digit of one case (digits belong to both), -1 for anything else: the merge of every
 *  batch packs each new id, so this is a table rather than comparisons. */
function hexTable(upper: boolean): Int8Array {
  const t = new Int8Array(256).fill(-1);
  for (let d = 0; d < 10; d++) t[0x30 + d] = d;
  for (let d = 0; d < 6; d++) t[(upper ? 0x41 : 0x61) + d] = 10 + d;
  return t;
}

/** Where the 32 hex digits of a canonical UUID are. */
const UUID_DIGITS = Uint8Array.from([...Array(36).keys()].filter((i) => i !== 8 && i !== 13 && i !== 18 && i !== 23));

function uuidForm(upper: boolean): IdForm {
  const digits = upper ? UPPER_HEX : LOWER_HEX;
  const nibble = hexTable(upper);
  return {
    name: upper ? 'uuid-upper' : 'uuid',
    width: 16,
    pack(b, start, end, out) {
      if (end - start !== 36 || b[start + 8] !== 0x2d || b[start + 13] !== 0x2d || b[start + 18] !== 0x2d || b[start + 23] !== 0x2d) return false;
      for (let i = 0; i < 32; i += 2) {
        const high = nibble[b[start + UUID_DIGITS[i]]];
        const low = nibble[b[start + UUID_DIGITS[i + 1]]];
        if ((high | low) < 0) return false;
        out[i >> 1] = (high << 4) | low;
      }
      return true;
    },
    unpack(slot, at) {
      let s = '';
      for (let i = 0; i < 16; i++) {
        if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
        const v = slot[at + i];
        s += digits[v >> 4] + digits[v & 15];
      }
      return s;
    },
  };
}

/** The 62 characters of the alnum form, in the order of their 6-bit values. */
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Byte -> its 6-bit value in the alnum form, -1 for anything else. */
const ALNUM_VALUE = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < ALNUM.length; i++) t[ALNUM.charCodeAt(i)] = i;
  return t;
})();

/** 16 characters of [0-9A-Za-z] (S3's request IDs: hex in AWS's logs, base 36 in generated ones), 6 bits each. */
const alnum16: IdForm = {
  name: 'alnum16',
  width: 12,
  pack(b, start, end, out) {
    if (end - start !== 16) return false;
    for (let g = 0; g < 4; g++) {
      let bits = 0;
      for (let i = 0; i < 4; i++) {
        const v = ALNUM_VALUE[b[start + g * 4 + i]];
        if (v < 0) return false;
        bits = (bits << 6) | v;
      }
      out[g * 3] = bits >>> 16;
      out[g * 3 + 1] = (bits >>> 8) & 0xff;
      out[g * 3 + 2] = bits & 0xff;
    }
    return true;
  },
  unpack(slot, at) {
    let s = '';
    for (let g = 0; g < 4; g++) {
      const bits = (slot[at + g * 3] << 16) | (slot[at + g * 3 + 1] << 8) | slot[at + g * 3 + 2];
      s += ALNUM[(bits >>> 18) & 63] + ALNUM[(bits >>> 12) & 63] + ALNUM[(bits >>> 6) & 63] + ALNUM[bits & 63];
    }
    return s;
  },
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = b[at + i] - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `YYYY-MM-DDTHH:MM:SSZ` (sessionContext.attributes.creationDate), 1970 to 2105: seconds since the epoch. Only
 *  real dates and times qualify (no 24:00, no 30 February), so the text printed back is the text read. */
const isoSeconds: IdForm = {
  name: 'iso-seconds',
  width: 4,
  pack(b, start, end, out) {
    if (end - start !== 20) return false;
    if (b[start + 4] !== 0x2d || b[start + 7] !== 0x2d || b[start + 10] !== 0x54 || b[start + 13] !== 0x3a || b[start + 16] !== 0x3a || b[start + 19] !== 0x5a) return false;
    const y = digits(b, start, 4), mo = digits(b, start + 5, 2), d = digits(b, start + 8, 2);
    const h = digits(b, start + 11, 2), mi = digits(b, start + 14, 2), s = digits(b, start + 17, 2);
    if (y < 1970 || y > 2105 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return false;
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (d > DAYS_IN_MONTH[mo - 1] + (mo === 2 && leap ? 1 : 0)) return false;
    const secs = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
    out[0] = secs >>> 24;
    out[1] = (secs >>> 16) & 0xff;
    out[2] = (secs >>> 8) & 0xff;
    out[3] = secs & 0xff;
    return true;
  },
  unpack(slot, at) {
    const secs = ((slot[at] << 24) | (slot[at + 1] << 16) | (slot[at + 2] << 8) | slot[at + 3]) >>> 0;
    return new Date(secs * 1000).toISOString().slice(0, 19) + 'Z';
  },
};

/** A dotted-quad IPv4 address as CloudTrail writes sourceIPAddress (no leading zeros, each part 0-255): 4 bytes. */
const ipv4: IdForm = {
  name: 'ipv4',
  width: 4,
  pack(b, start, end, out) {
    if (end - start < 7 || end - start > 15) return false;
    let parts = 0;
    let part = 0;
    let digitsIn = 0;
    for (let at = start; at <= end; at++) {
      const c = at < end ? b[at] : 0x2e;
      if (c === 0x2e) {
        if (digitsIn === 0 || part > 255 || parts === 4) return false;
        out[parts++] = part;
        part = 0;
        digitsIn = 0;
        continue;
      }
      const d = c - 0x30;
      // '01' would print back as '1': not of the form.
      if (d < 0 || d > 9 || (digitsIn > 0 && part === 0) || ++digitsIn > 3) return false;
      part = part * 10 + d;
    }
    return parts === 4;
  },
  unpack(slot, at) {
    return `${slot[at]}.${slot[at + 1]}.${slot[at + 2]}.${slot[at + 3]}`;
  },
};

export const UUID = uuidForm(false);
export const UUID_UPPER = uuidForm(true);
export const ALNUM16 = alnum16;
export const ISO_SECONDS = isoSeconds;
export const IPV4 = ipv4;

/** Every form by name: what a saved dictionary names its forms by. */
export const ID_FORMS: ReadonlyMap<string, IdForm> = new Map([UUID, UUID_UPPER, ALNUM16, ISO_SECONDS, IPV4].map((f) => [f.name, f]));
