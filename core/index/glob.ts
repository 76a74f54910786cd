// Glob patterns of the index.include / index.exclude settings, matched against '/'-separated paths
// relative to a workspace folder: `**` (any folders), `*`, `?`, `{a,b}`, `[abc]` / `[!abc]`.
// Small enough to own rather than add a dependency for.

export type GlobMatcher = (relPath: string) => boolean;

export function compileGlob(pattern: string): GlobMatcher {
  const re = new RegExp(`^${globSource(pattern.replace(/\\/g, '/').replace(/^\.\//, ''))}$`);
  return (p) => re.test(p);
}

/** A matcher true when any pattern matches. */
export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const ms = patterns.map(compileGlob);
  return (p) => ms.some((m) => m(p));
}

/** True when the pattern has glob syntax (else it names one path). */
export function hasGlobSyntax(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function globSource(g: string): string {
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
      out += ch.replace(/[.+^$()|\\/]/g, '\\$&');
      i++;
    }
  }
  return out + ')'.repeat(braces);
}
