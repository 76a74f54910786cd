import { test } from 'node:test';
import assert from 'node:assert/strict';
import { walkArgs, type ArgOption } from '../../../cli/args';

test('walkArgs: options with = or the next word, -- ends them, the other words in order', () => {
  const seen: string[] = [];
  const words = walkArgs(['q', '--format=json', 'a', '--top', '5', '--', '--not-an-option', 'b'], (o: ArgOption) => {
    seen.push(`${o.name}=${o.value()} (${o.text})`);
    return undefined;
  });
  assert.deepEqual(words, ['q', 'a', '--not-an-option', 'b']);
  assert.deepEqual(seen, ['--format=json (--format=json)', '--top=5 (--top)']);
});

test('walkArgs: an option handler\'s exit code stops the walk; an option not asked for its value takes none', () => {
  let after = false;
  assert.equal(walkArgs(['--help', '--x'], (o) => (o.name === '--help' ? 0 : ((after = true), undefined))), 0);
  assert.equal(after, false);
  assert.deepEqual(walkArgs(['--flag', 'word'], () => undefined), ['word']);
  assert.deepEqual(walkArgs(['--last'], (o) => (o.value() === undefined ? undefined : 2)), []);
});

test('choice and wholeNumber: a value an option does not take is a usage message for onUsage', () => {
  const messages: string[] = [];
  const onUsage = (m: string): number => (messages.push(m), 2);
  let format = '';
  let workers = -1;
  const ok = walkArgs(['--format', 'json', '--workers=3', 'p'], (o) => {
    if (o.name === '--format') format = o.choice(['table', 'json'] as const);
    else workers = o.wholeNumber(1);
    return undefined;
  }, onUsage);
  assert.deepEqual([ok, format, workers], [['p'], 'json', 3]);
  assert.equal(walkArgs(['--format', 'csv'], (o) => (o.choice(['table', 'json', 'sarif'] as const), undefined), onUsage), 2);
  assert.equal(walkArgs(['--workers', '0'], (o) => (o.wholeNumber(1), undefined), onUsage), 2);
  assert.equal(walkArgs(['--top', 'x'], (o) => (o.wholeNumber(), undefined), onUsage), 2);
  assert.deepEqual(messages, ['--format must be table, json or sarif', '--workers needs a whole number of at least 1', '--top needs a whole number']);
  assert.throws(() => walkArgs(['--top'], (o) => (o.wholeNumber(), undefined)), /--top needs a whole number/);
});
