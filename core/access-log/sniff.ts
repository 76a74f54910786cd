// Recognising S3 server access log text by content (names say nothing: no extension, any prefix, renamed copies).

// Bucket owner, bucket, [time], remote IP, requester, request ID, operation of a known family.
const LINE_HEAD = /^\S+ \S+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] \S+ \S+ \S+ (?:REST|SOAP|WEBSITE|BATCH|S3)\.[A-Z_.]+ /;

/**
 * True when the first non-empty lines of `head` (the start of a decompressed file) are access-log lines: the first
 * must be, and of the first 5 at least as many match as not (a damaged line further down is a problem, not a
 * different kind of file).
 */
export function looksLikeAccessLog(head: string): boolean {
  let p = 0;
  let seen = 0;
  let matched = 0;
  while (p < head.length && seen < 5) {
    let e = head.indexOf('\n', p);
    const complete = e >= 0;
    if (e < 0) e = head.length;
    const line = head.slice(p, e).replace(/\r$/, '');
    p = e + 1;
    if (!line.trim()) continue;
    const ok = LINE_HEAD.test(line);
    if (seen === 0 && !ok) return false;
    seen++;
    if (ok) matched++;
    if (!complete) break;
  }
  return matched > 0 && matched * 2 >= seen;
}
