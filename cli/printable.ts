// What the CLI may print: record values and file names are attacker-controlled text, so every one is
// escaped before it reaches a terminal or a CI log. Text output shows the characters that could drive the
// terminal (ESC, BEL, C1 controls), forge lines (CR, LF, U+2028/2029: a problem matcher reads each line as
// `file:line:col: error ...`), reorder what is shown (bidi controls) or hide text (zero-width characters,
// lone surrogates) as visible escapes (`\x1b`, `\n`, `\u202e`); JSON output escapes the same characters
// as `\uXXXX`, so it stays exact for a parser and inert on a terminal.

// C0 controls, DEL, C1 controls, Arabic letter mark, zero-width and bidi marks, line/paragraph separators,
// bidi embeddings/overrides/isolates, word joiner and invisible operators, BOM, lone surrogates.
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex(ch: string, width: number): string {
  return ch.charCodeAt(0).toString(16).padStart(width, '0');
}

/** The text with every unsafe character shown as a visible escape. */
export function printable(s: string): string {
  return s.replace(UNSAFE, (ch) => SHORT[ch] ?? (ch.charCodeAt(0) < 0x100 ? `\\x${hex(ch, 2)}` : `\\u${hex(ch, 4)}`));
}

/** What JSON.stringify leaves raw of UNSAFE (it escapes C0 controls and lone surrogates itself; a raw
 *  newline in its output is the indentation's). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** JSON.stringify whose output holds no unsafe character: they are written as \uXXXX escapes (the parsed
 *  value is the same). */
export function safeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(UNSAFE_IN_JSON, (ch) => `\\u${hex(ch, 4)}`);
}
