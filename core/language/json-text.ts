// Small helpers over JSON text: string-literal offset maps (for records embedded as JSON strings),
// syntax-error positions of one record, line starts.

import { parseTree, printParseErrorCode, type Node, type ParseError } from './jsonc';

/**
 * Maps offsets in the decoded value of a JSON string literal back to offsets in the document.
 * `map[i]` is the document offset of decoded character i; `map[decoded.length]` is the closing quote.
 */
export function decodeOffsetMap(text: string, literalStart: number, literalEnd: number): Int32Array {
  const out: number[] = [];
  let i = literalStart + 1;
  const stop = literalEnd - 1;
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      const n = text.charCodeAt(i + 1);
      out.push(i);
      i += n === 0x75 /* u */ ? 6 : 2;
    } else {
      out.push(i);
      i++;
    }
  }
  out.push(stop);
  return Int32Array.from(out);
}

/** Nearest decoded index whose document offset is <= offset (binary search over an increasing map). */
export function decodedIndexAt(map: Int32Array, offset: number): number {
  let lo = 0;
  let hi = map.length - 1;
  if (offset <= map[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface SyntaxErrorAt {
  offset: number;
  length: number;
  message: string;
}

/** Syntax errors of one JSON text (tolerant parse), relative to the text. Used only when JSON.parse failed. */
export function syntaxErrors(text: string, max = 20): SyntaxErrorAt[] {
  const errors: ParseError[] = [];
  try {
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  } catch (err) {
    // jsonc-parser recurses once per level: a broken record nested thousands deep overflows the stack.
    if (!(err instanceof RangeError)) throw err;
    return [{ offset: 0, length: 1, message: 'JSON syntax error in a value nested too deep to locate it (over the parser\'s stack).' }];
  }
  return errors.slice(0, max).map((e) => ({ offset: e.offset, length: Math.max(1, e.length), message: describeParseError(printParseErrorCode(e.error)) }));
}

function describeParseError(code: string): string {
  switch (code) {
    case 'InvalidSymbol': return 'Invalid symbol (not JSON).';
    case 'InvalidNumberFormat': return 'Invalid number.';
    case 'PropertyNameExpected': return 'Property name expected.';
    case 'ValueExpected': return 'Value expected.';
    case 'ColonExpected': return 'Colon expected.';
    case 'CommaExpected': return 'Comma expected.';
    case 'CloseBraceExpected': return 'Closing brace } expected.';
    case 'CloseBracketExpected': return 'Closing bracket ] expected.';
    case 'EndOfFileExpected': return 'End of file expected (text after the JSON value).';
    case 'InvalidCommentToken': return 'Comments are not allowed in JSON.';
    case 'UnexpectedEndOfComment': return 'Unexpected end of comment.';
    case 'UnexpectedEndOfString': return 'Unterminated string.';
    case 'UnexpectedEndOfNumber': return 'Unexpected end of number.';
    case 'InvalidUnicode': return 'Invalid unicode escape sequence.';
    case 'InvalidEscapeCharacter': return 'Invalid escape character in string.';
    case 'InvalidCharacter': return 'Invalid character in string (control characters must be escaped).';
    default: return `JSON syntax error (${code}).`;
  }
}

/** The syntax tree of a text; undefined when it nests too deep for the recursive parser (callers measure depth first, this is the net). */
export function buildTree(text: string): Node | undefined {
  try {
    return parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** Offsets where each line starts (\n, \r\n and lone \r end a line, like the editor). */
export function lineStarts(text: string): Int32Array {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    } else if (c === 0x0a) starts.push(i + 1);
  }
  return Int32Array.from(starts);
}

export function positionOf(starts: Int32Array, offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - starts[lo] };
}
