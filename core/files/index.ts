// Public face of the trail files on disk: which files a folder contributes (discovery, globs, the default
// file set) and reading records again from where the index found them.

export { compileGlob, compileGlobs, globRegExp, GlobSyntaxError, hasGlobSyntax, partitionGlobs } from './glob';
export type { GlobMatcher } from './glob';
export { discoverFiles, splitGlob } from './discover';
// The default file set lives beside core/settings.ts (its defaults; the webview bundle reads settings, not files).
export { DEFAULT_INCLUDE, DEFAULT_EXCLUDE } from '../file-set';
export type { DiscoverOptions, DiscoverResult, TrailFile } from './discover';
export { openText, readRecordAt, readRecordsAt, startsGzip, TextPosition } from './reread';
export type { RereadResult, RecordSpanAt, RecordTextResult } from './reread';
