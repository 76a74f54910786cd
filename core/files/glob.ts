// Glob patterns of the index.include / index.exclude settings and of glob PATH arguments, matched against
// '/'-separated paths: `**` (any folders), `*`, `?`, `{a,b}`, `[abc]` / `[!abc]` / `[a-z]`.
// Small enough to own rather than add a dependency for. A pattern that cannot be compiled (a class range
// such as `[z-a]`) is a GlobSyntaxError naming the pattern, never a bare RegExp SyntaxError.

export type GlobMatcher = (relPath: string) => boolean;

/** A glob that is not a pattern; `reason` says what is wrong with it, the message names the pattern too. */
export class GlobSyntaxError extends Error {
  constructor(readonly pattern: string, readonly reason: string) {
    super(`invalid glob pattern "${pattern}": ${reason}`);
    this.name = 'GlobSyntaxError';
  }
}

/** The pattern as one regular expression; throws GlobSyntaxError. */
export function globRegExp(pattern: string): RegExp {
  const source = globSource(pattern, pattern.replace(/\\/g, '/').replace(/^\.\//, ''));
  try {
    // 'u': classes and `?` take whole code points (an emoji in an object key is one character).
    return new RegExp(`^${source}$`, 'u');
  } catch (e) {
    throw new GlobSyntaxError(pattern, (e as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, ''));
  }
}

export function compileGlob(pattern: string): GlobMatcher {
  const re = globRegExp(pattern);
  return (p) => re.test(p);
}

/** A matcher true when any pattern matches; throws GlobSyntaxError for the first bad one. */
export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const ms = patterns.map(compileGlob);
  return (p) => ms.some((m) => m(p));
}

/** The patterns that compile, and an error for each one that does not (settings keep working without it). */
export function partitionGlobs(patterns: readonly string[]): { valid: string[]; errors: GlobSyntaxError[] } {
  const valid: string[] = [];
  const errors: GlobSyntaxError[] = [];
  for (const p of patterns) {
    try {
      globRegExp(p);
      valid.push(p);
    } catch (e) {
      if (!(e instanceof GlobSyntaxError)) throw e;
      errors.push(e);
    }
  }
  return { valid, errors };
}

/** True when the pattern has glob syntax (else it names one path). */
export function hasGlobSyntax(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function globSource(pattern: string, g: string): string {
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < g.length) {
    const ch = g[i];
    if (ch === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        if (atStart && g[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 3;
          continue;
        }
        if (atStart && i + 2 === g.length) {
          out += '.*';
          i += 2;
          continue;
        }
        out += '.*';
        i += 2;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (ch === '?') {
      out += '[^/]';
      i++;
    } else if (ch === '[') {
      const close = g.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        i++;
        continue;
      }
      let body = g.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      const bad = backwardRange(body);
      if (bad) throw new GlobSyntaxError(pattern, `the range ${bad} in the class ${g.slice(i, close + 1)} is out of order (write its lower end first)`);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close + 1;
    } else if (ch === '{') {
      braces++;
      out += '(?:';
      i++;
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
      i++;
    } else if (ch === ',' && braces > 0) {
      out += '|';
      i++;
    } else {
      out += ch.replace(/[.+^$()|\\/\]}]/g, '\\$&');
      i++;
    }
  }
  return out + ')'.repeat(braces);
}

/** The first range of a class body whose ends are in descending order (`z-a`), if any. */
function backwardRange(body: string): string | undefined {
  const chars = Array.from(body);
  for (let j = 0; j + 2 < chars.length; j++) {
    if (chars[j + 1] !== '-') continue;
    if (chars[j].codePointAt(0)! > chars[j + 2].codePointAt(0)!) return `${chars[j]}-${chars[j + 2]}`;
    j += 2;
  }
  return undefined;
}
