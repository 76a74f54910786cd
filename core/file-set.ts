// The files a folder contributes by default, wherever records are read from it: the explorer's index
// (the `index.include` / `index.exclude` settings default to these), `cloudtrail-s3 query`, `stats` and
// `validate`. One definition, so a folder gives the same records in the editor and in a shell.

/** Names that hold CloudTrail records (gzip or not); a file named explicitly is read whatever its name. */
export const DEFAULT_INCLUDE: readonly string[] = ['**/*.json', '**/*.json.gz', '**/*.jsonl', '**/*.jsonl.gz', '**/*.ndjson', '**/*.ndjson.gz',
  // S3 server access logs: no extension; both key formats end in YYYY-MM-DD-hh-mm-ss-UniqueString (the prefix may be
  // glued on). The content decides (core/access-log sniff), not the name; renamed copies are read when named.
  '**/*[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-[0-9][0-9]-[0-9][0-9]-[0-9][0-9]-*'];

/** Tool folders, and digest files (they list log files; they hold no records). */
export const DEFAULT_EXCLUDE: readonly string[] = ['**/node_modules/**', '**/.git/**', '**/CloudTrail-Digest/**'];
