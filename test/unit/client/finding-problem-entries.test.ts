// The Problems panel entries of findings: dismissed findings have none; severity, message and code per entry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingProblemEntries, PROBLEM_SEVERITY } from '../../../client/finding-problem-entries';
import type { FindingPlace } from '../../../core/protocol';

const place = (findingId: string, severity: FindingPlace['severity'], count: number): FindingPlace => ({
  findingId, ruleId: `rule-${findingId}`, title: `Title ${findingId}`, severity, count, file: `/logs/${findingId}.json`, gzip: findingId === 'g', line: 3, column: 4,
});

test('one entry per open finding: severity mapped, rule, title and count in the message, rule id as code', () => {
  const entries = findingProblemEntries([place('a', 'critical', 1), place('b', 'medium', 12), place('g', 'info', 2), place('d', 'high', 3)], new Set(['d']));
  assert.deepEqual(entries.map((e) => [e.code, e.severity, e.message, e.file, e.gzip, e.line, e.column]), [
    ['rule-a', 'error', 'Title a (rule rule-a, 1 record, critical)', '/logs/a.json', false, 3, 4],
    ['rule-b', 'warning', 'Title b (rule rule-b, 12 records, medium)', '/logs/b.json', false, 3, 4],
    ['rule-g', 'hint', 'Title g (rule rule-g, 2 records, info)', '/logs/g.json', true, 3, 4],
  ]);
  assert.deepEqual(PROBLEM_SEVERITY, { critical: 'error', high: 'error', medium: 'warning', low: 'information', info: 'hint' });
});
