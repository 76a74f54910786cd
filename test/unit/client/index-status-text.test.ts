import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexStatus } from '../../../core/protocol';
import { plural, progressMessage, statusBarText, statusTooltip } from '../../../client/index-status-text';

const status = (over: Partial<IndexStatus>): IndexStatus => ({
  state: 'ready', filesTotal: 12, filesDone: 12, records: 15234, s3Records: 12001, duplicates: 0, problems: 0, percent: 100, elapsedMs: 900, ...over,
});

test('the status bar shows the S3 record count with thousands separators', () => {
  assert.equal(statusBarText(status({})), '$(database) 12,001 S3 records');
  assert.equal(statusBarText(status({ s3Records: 1 })), '$(database) 1 S3 record');
});

test('while indexing the status bar spins and shows the percent', () => {
  assert.equal(statusBarText(status({ state: 'indexing', s3Records: 40, percent: 33.7 })), '$(sync~spin) 40 S3 records (33%)');
});

test('the progress message counts files and records', () => {
  assert.equal(progressMessage(status({ filesDone: 3, filesTotal: 1200, records: 4567 })), '3/1,200 files, 4,567 records');
  assert.equal(progressMessage(status({ filesDone: 0, filesTotal: 1, records: 1 })), '0/1 file, 1 record');
});

test('plural: singular for one, the plural form otherwise, with separators', () => {
  assert.equal(plural(1, 'file'), '1 file');
  assert.equal(plural(0, 'file'), '0 files');
  assert.equal(plural(12345, 'entry', 'entries'), '12,345 entries');
});

test('the tooltip formats counts, plurals, problems and the files skipped as not CloudTrail', () => {
  assert.equal(statusTooltip(status({ duplicates: 1, problems: 2, skipped: 1 })), [
    'CloudTrail S3 Explorer',
    'Indexed 12 files in 0.9 s',
    '12,001 S3 records of 15,234 records',
    '1 duplicate dropped · 2 problems · 1 file skipped (not CloudTrail)',
    'Click to open the explorer.',
  ].join('\n'));
  assert.equal(statusTooltip(status({ filesDone: 1, records: 1, s3Records: 1, elapsedMs: 65_000 })), [
    'CloudTrail S3 Explorer',
    'Indexed 1 file in 65 s',
    '1 S3 record of 1 record',
    'Click to open the explorer.',
  ].join('\n'));
  assert.match(statusTooltip(status({ state: 'indexing', filesDone: 1500, filesTotal: 2506, percent: 59.9 })), /Indexing: 1,500 of 2,506 files read \(59%\)/);
});

test('access-log lines are counted apart in the status bar and its tooltip', () => {
  assert.equal(statusBarText(status({ accessLines: 650_000 })), '$(database) 12,001 S3 records + 650,000 access-log lines');
  assert.equal(statusBarText(status({ accessLines: 1, state: 'indexing', percent: 40 })), '$(sync~spin) 12,001 S3 records + 1 access-log line (40%)');
  assert.match(statusTooltip(status({ accessLines: 2, accessDuplicates: 1 })), /^2 S3 server access log lines \(1 repeated delivery dropped\)$/m);
  assert.doesNotMatch(statusTooltip(status({})), /access log/);
});
