// Words and numbers shown for the workspace index's status (status bar item, its tooltip, progress).

import type { IndexStatus } from '../core/protocol';
import { plural, recordCountsText } from '../core/record-counts';

export { plural };

const count = (n: number) => n.toLocaleString('en-US');

/** The counts in the words the explorer and `cloudtrail-s3 stats` use too (core/record-counts.ts). */
export function statusBarText(status: IndexStatus): string {
  if (status.state === 'indexing') return `$(sync~spin) ${recordCountsText(status)} (${Math.floor(status.percent)}%)`;
  return `$(database) ${recordCountsText(status)}`;
}

export function progressMessage(status: IndexStatus): string {
  return `${count(status.filesDone)}/${plural(status.filesTotal, 'file')}, ${plural(status.records, 'record')}`;
}

/** The status bar item's tooltip: one fact per line, numbers with separators, nouns in the right number. */
export function statusTooltip(status: IndexStatus): string {
  const lines = ['CloudTrail S3 Explorer'];
  const seconds = status.elapsedMs < 10_000 ? (status.elapsedMs / 1000).toFixed(1) : count(Math.round(status.elapsedMs / 1000));
  switch (status.state) {
    case 'indexing':
      lines.push(`Indexing: ${count(status.filesDone)} of ${plural(status.filesTotal, 'file')} read (${Math.floor(status.percent)}%)`);
      break;
    case 'cancelled':
      lines.push(`Indexing cancelled after ${plural(status.filesDone, 'file')}: what was read stays queryable`);
      break;
    case 'ready':
      lines.push(`Indexed ${plural(status.filesDone, 'file')} in ${seconds} s`);
      break;
    case 'idle':
      lines.push('Nothing indexed yet');
      break;
  }
  lines.push(`${plural(status.s3Records, 'S3 record')} of ${plural(status.records, 'record')}`);
  if (status.accessLines) lines.push(`${plural(status.accessLines, 'S3 server access log line')}${status.accessDuplicates ? ` (${plural(status.accessDuplicates, 'repeated delivery', 'repeated deliveries')} dropped)` : ''}`);
  const notes = [
    status.duplicates ? `${plural(status.duplicates, 'duplicate')} dropped` : '',
    status.problems ? plural(status.problems, 'problem') : '',
    status.skipped ? `${plural(status.skipped, 'file')} skipped (not CloudTrail)` : '',
  ].filter(Boolean);
  if (notes.length) lines.push(notes.join(' · '));
  lines.push(status.state === 'indexing' ? 'Click to open the explorer; "CloudTrail: Cancel Indexing" stops.' : 'Click to open the explorer.');
  return lines.join('\n');
}
