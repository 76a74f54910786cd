import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexStatus } from '../../../core/protocol';
import { progressMessage, statusBarText } from '../../../client/index-status-text';

const status = (over: Partial<IndexStatus>): IndexStatus => ({
  state: 'ready', filesTotal: 12, filesDone: 12, records: 15234, s3Records: 12001, duplicates: 0, problems: 0, percent: 100, elapsedMs: 900, ...over,
});

test('the status bar shows the S3 record count with thousands separators', () => {
  assert.equal(statusBarText(status({})), '$(database) 12,001 S3 records');
});

test('while indexing the status bar spins and shows the percent', () => {
  assert.equal(statusBarText(status({ state: 'indexing', s3Records: 40, percent: 33.7 })), '$(sync~spin) 40 S3 records (33%)');
});

test('the progress message counts files and records', () => {
  assert.equal(progressMessage(status({ filesDone: 3, filesTotal: 1200, records: 4567 })), '3/1,200 files, 4,567 records');
});
