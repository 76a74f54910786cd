// Answers cloudtrail/cloudWatchPattern: the query as a CloudWatch Logs filter pattern. It needs no
// index (the pattern is the query's, not the workspace's), so it answers with or without folders.

import type { CloudWatchPatternParams, CloudWatchPatternResult } from '../core/protocol';
import { CloudWatchUnsupportedError, parseQuery, toCloudWatchPattern } from '../core/query';

export function cloudWatchPattern(p: CloudWatchPatternParams): CloudWatchPatternResult {
  const parsed = parseQuery(typeof p?.query === 'string' ? p.query : '');
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, ...toCloudWatchPattern(parsed.query) };
  } catch (e) {
    if (!(e instanceof CloudWatchUnsupportedError)) throw e;
    return { ok: false, error: { message: e.message, start: e.start, end: e.end } };
  }
}
