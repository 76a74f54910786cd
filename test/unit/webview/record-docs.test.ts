import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupEvent } from '../../../core/catalog';
import { explainRecordValue } from '../../../core/language/explain';
import { docLines, keyDoc, valueDoc } from '../../../webview/record-docs';

const record = {
  eventVersion: '1.08', eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true,
  userIdentity: { type: 'AWSAccount', accountId: '111111111111' }, recipientAccountId: '222222222222',
};

test('an eventName value gets the hover text as plain lines: no markdown marks, the link kept as text', () => {
  const doc = valueDoc(['eventName'], 'GetObject', record);
  assert.ok(doc);
  const entry = lookupEvent('GetObject', 's3.amazonaws.com');
  assert.ok(entry);
  assert.equal(doc.title, `GetObject — ${entry.description}`);
  const all = [doc.title, ...doc.lines].join('\n');
  assert.doesNotMatch(all, /\*\*|`/);
  assert.ok(doc.lines.includes(`API reference: ${entry.apiUrl}`));
  assert.ok(doc.lines.some((l) => l.startsWith('• IAM action: s3:GetObject')));
});

test('the detail pane and the hover say the same thing about a value (one source of explanations)', () => {
  const md = explainRecordValue(['userIdentity', 'accountId'], '111111111111', record, 0);
  assert.ok(md);
  assert.deepEqual(valueDoc(['userIdentity', 'accountId'], '111111111111', record, 0), docLines(md));
  assert.ok(docLines(md).lines.some((l) => l.startsWith('Cross-account: caller 111111111111 ≠ recipient 222222222222')));
});

test('booleans are explained from their value, keys from the field docs, unknown keys get nothing', () => {
  assert.match(valueDoc(['readOnly'], true, record)?.title ?? '', /^readOnly true — a read call/);
  assert.match(keyDoc(['eventVersion'])?.title ?? '', /^eventVersion \(string "1.NN"\) — Log format version/);
  assert.equal(keyDoc(['noSuchField']), undefined);
});

test('attacker text stays text: a value with markdown and HTML comes back literally minus backticks', () => {
  const doc = valueDoc(['eventName'], '<img src=x onerror=alert(1)>`', { ...record, eventSource: 's3.amazonaws.com' });
  assert.ok(doc);
  assert.ok(doc.title.includes('<img src=x onerror=alert(1)>'));
});
