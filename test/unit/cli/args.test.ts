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
