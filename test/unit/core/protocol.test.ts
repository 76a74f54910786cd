import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWebviewToHost } from '../../../core/protocol';

test('a story message from the webview names a row id or an identity value, nothing else', () => {
  assert.equal(isWebviewToHost({ type: 'story', id: 12 }), true);
  assert.equal(isWebviewToHost({ type: 'story', identity: 'ASIAADMIN00000000001' }), true);
  assert.equal(isWebviewToHost({ type: 'story' }), false);
  assert.equal(isWebviewToHost({ type: 'story', id: '12' }), false);
  assert.equal(isWebviewToHost({ type: 'story', identity: '' }), false);
  assert.equal(isWebviewToHost({ type: 'story', identity: 'x'.repeat(5000) }), false);
  assert.equal(isWebviewToHost({ type: 'story', identity: { row: 1 } }), false);
});
