// The one wording of how many rows the index holds, by record kind: the status bar, the explorer's status line and
// `cloudtrail-s3 stats` all say "784 S3 records + 3 access-log lines" for the same index. (They used to disagree:
// the explorer folded access-log lines into its "S3 records" while the status bar counted them apart.)

const count = (n: number): string => n.toLocaleString('en-US');

/** "1 file", "2,000 files": a count with its noun, singular or plural. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count(n)} ${n === 1 ? singular : pluralForm}`;
}

/** What the counts are taken from: CloudTrail S3 records and access-log lines, each without dropped duplicates. */
export interface RecordKindCounts {
  s3Records: number;
  accessLines?: number;
}

/** "784 S3 records + 3 access-log lines"; "784 S3 records" when the index holds no access-log line. */
export function recordCountsText(c: RecordKindCounts): string {
  const records = plural(c.s3Records, 'S3 record');
  return c.accessLines ? `${records} + ${plural(c.accessLines, 'access-log line')}` : records;
}
