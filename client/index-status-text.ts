// Words and numbers shown for the workspace index's status (status bar, progress notification).

import type { IndexStatus } from '../core/protocol';

const count = (n: number) => n.toLocaleString('en-US');

export function statusBarText(status: IndexStatus): string {
  if (status.state === 'indexing') return `$(sync~spin) ${count(status.s3Records)} S3 records (${Math.floor(status.percent)}%)`;
  return `$(database) ${count(status.s3Records)} S3 records`;
}

export function progressMessage(status: IndexStatus): string {
  return `${count(status.filesDone)}/${count(status.filesTotal)} files, ${count(status.records)} records`;
}
