// The facets the explorer asks for: the record-kind facets (Kind, Operation) only when the index holds access-log
// lines; without them the panel drops those facets, so asking for them was a scan of the result for nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FACET_COLUMNS, facetColumnsFor } from '../../../core/protocol';

test('without access-log lines the record-kind facets are not asked for', () => {
  for (const none of [0, undefined]) {
    const columns = facetColumnsFor(none);
    assert.ok(!columns.includes('kind') && !columns.includes('operation'));
    assert.deepEqual(columns, FACET_COLUMNS.filter((c) => c !== 'kind' && c !== 'operation'));
  }
});

test('with access-log lines every facet is asked for, in the panel\'s order', () => {
  assert.deepEqual(facetColumnsFor(3), [...FACET_COLUMNS]);
});
