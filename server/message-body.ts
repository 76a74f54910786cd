// Decodes one JSON-RPC message body (UTF-8 JSON bytes) into its value. A large body (a didOpen or
// didChange carrying a big document) is not turned into one string of the whole body and then parsed,
// which would hold the bytes, that string and the parsed document text at the same time (3x the text):
// every long string literal is unescaped in place inside the body buffer and becomes a JS string with one
// decode, and only the small rest of the message (the skeleton) goes through JSON.parse.

import { randomUUID } from 'node:crypto';

/** Bodies at least this long (bytes) take the large-string path; smaller ones are parsed as a whole. */
export const LARGE_BODY_BYTES = 1024 * 1024;

/** String literals at least this long (bytes, escaped) are decoded on their own. */
export const LARGE_STRING_BYTES = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * The JSON value of a message body. Large bodies are consumed: their bytes are overwritten while decoding,
 * so the caller must not read `body` afterwards. Invalid JSON throws a SyntaxError, as JSON.parse does.
 */
export function decodeMessageBody(body: Buffer, largeBody = LARGE_BODY_BYTES, largeString = LARGE_STRING_BYTES): unknown {
  if (body.length < largeBody) return JSON.parse(body.toString('utf8'));
  return parseWithLargeStrings(body, largeString);
}

function parseWithLargeStrings(body: Buffer, minString: number): unknown {
  // The skeleton holds a placeholder where each long literal was; the random token cannot be guessed by
  // whoever wrote the document, so no small string of the message can pass for a placeholder.
  const token = `\u0000large-string-${randomUUID()}-`;
  const skeleton: string[] = [];
  const strings: string[] = [];
  const n = body.length;
  let copied = 0;
  let i = 0;
  while (i < n) {
    if (body[i] !== QUOTE) {
      i++;
      continue;
    }
    const start = i + 1;
    const limit = Math.min(n, start + minString);
    let j = start;
    while (j < limit) {
      const c = body[j];
      if (c === QUOTE) break;
      j += c === BACKSLASH ? 2 : 1;
    }
    if (j < limit) {
      i = j + 1; // a short literal stays in the skeleton as it is
      continue;
    }
    if (j >= n) break; // unterminated: JSON.parse of the skeleton reports it
    const literal = decodeLiteral(body, start);
    skeleton.push(body.toString('utf8', copied, i));
    // A long object key stays a key: it goes back into the skeleton re-encoded.
    if (nextNonSpace(body, literal.end + 1) === COLON) skeleton.push(JSON.stringify(literal.value));
    else {
      skeleton.push(JSON.stringify(token + strings.length));
      strings.push(literal.value);
    }
    copied = literal.end + 1;
    i = copied;
  }
  skeleton.push(body.toString('utf8', copied, n));
  const text = skeleton.join('');
  if (strings.length === 0) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(token) ? strings[Number(value.slice(token.length))] : value);
}

function nextNonSpace(body: Buffer, at: number): number {
  while (at < body.length) {
    const c = body[at];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
    at++;
  }
  return -1;
}

/**
 * The value of the string literal whose content starts at `start` (just after its opening quote) and the
 * index of its closing quote. Unescapes in place: an escape is never shorter than the UTF-8 it stands for,
 * so the write position never passes the read position.
 */
function decodeLiteral(body: Buffer, start: number): { value: string; end: number } {
  const n = body.length;
  let r = start;
  // Up to the first escape nothing moves.
  while (r < n) {
    const c = body[r];
    if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
    r++;
  }
  let w = r;
  while (r < n) {
    const c = body[r];
    if (c > BACKSLASH || (c > QUOTE && c < BACKSLASH) || (c >= 0x20 && c < QUOTE)) {
      body[w++] = c;
      r++;
      continue;
    }
    if (c === QUOTE) return { value: body.toString('utf8', start, w), end: r };
    if (c !== BACKSLASH) throw new SyntaxError(`Bad control character in string literal in JSON at position ${r}`);
    const e = body[r + 1];
    let unit = -1;
    switch (e) {
      case QUOTE: case BACKSLASH: case 0x2f: unit = e; break;
      case 0x62: unit = 0x08; break; // \b
      case 0x66: unit = 0x0c; break; // \f
      case 0x6e: unit = 0x0a; break; // \n
      case 0x72: unit = 0x0d; break; // \r
      case 0x74: unit = 0x09; break; // \t
      case 0x75: break; // \u, below
      default: throw new SyntaxError(`Bad escaped character in JSON at position ${r + 1}`);
    }
    if (unit >= 0) {
      body[w++] = unit;
      r += 2;
      continue;
    }
    const cu = hex4(body, r + 2);
    if (cu < 0) throw new SyntaxError(`Bad Unicode escape in JSON at position ${r}`);
    if (cu < 0xd800 || cu > 0xdfff) {
      w = writeUtf8(body, w, cu);
      r += 6;
      continue;
    }
    const low = cu <= 0xdbff && body[r + 6] === BACKSLASH && body[r + 7] === 0x75 ? hex4(body, r + 8) : -1;
    if (low >= 0xdc00 && low <= 0xdfff) {
      w = writeUtf8(body, w, 0x10000 + ((cu - 0xd800) << 10) + (low - 0xdc00));
      r += 12;
      continue;
    }
    // A lone surrogate has no UTF-8 form: the rest of the literal goes through JSON.parse, which keeps it.
    const end = closingQuote(body, r);
    const rest: unknown = JSON.parse(`"${body.toString('utf8', r, end)}"`);
    return { value: body.toString('utf8', start, w) + String(rest), end };
  }
  throw new SyntaxError(`Unterminated string in JSON at position ${n}`);
}

function closingQuote(body: Buffer, at: number): number {
  while (at < body.length) {
    const c = body[at];
    if (c === QUOTE) return at;
    at += c === BACKSLASH ? 2 : 1;
  }
  throw new SyntaxError(`Unterminated string in JSON at position ${body.length}`);
}

function hex4(body: Buffer, at: number): number {
  if (at + 4 > body.length) return -1;
  let v = 0;
  for (let k = at; k < at + 4; k++) {
    const c = body[k];
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

function writeUtf8(body: Buffer, w: number, cp: number): number {
  if (cp < 0x80) {
    body[w++] = cp;
  } else if (cp < 0x800) {
    body[w++] = 0xc0 | (cp >> 6);
    body[w++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    body[w++] = 0xe0 | (cp >> 12);
    body[w++] = 0x80 | ((cp >> 6) & 0x3f);
    body[w++] = 0x80 | (cp & 0x3f);
  } else {
    body[w++] = 0xf0 | (cp >> 18);
    body[w++] = 0x80 | ((cp >> 12) & 0x3f);
    body[w++] = 0x80 | ((cp >> 6) & 0x3f);
    body[w++] = 0x80 | (cp & 0x3f);
  }
  return w;
}
