// Query edits made by facet and timeline clicks: the text they produce parses (core/query) back to a
// term that matches exactly the clicked value.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery } from '../../../core/query';
import { FACET_FIELD, addTerm, facetValueText, setTimeRange, splitTerms, typingQuery } from '../../../webview/query-terms';

function onlyTerm(query: string) {
  const parsed = parseQuery(query);
  assert.ok(parsed.ok, `${query} parses`);
  const terms = parsed.query.terms;
  return terms[terms.length - 1];
}

test('a facet value round-trips through the query language, however odd', () => {
  for (const value of ['GetObject', 'my bucket', 'a,b', 'quote"d', 'star*', 'back\\slash', '-leading-dash', 'key:with:colons', '<img src=x>']) {
    const query = addTerm('', 'bucket', facetValueText('bucket', value), false);
    const term = onlyTerm(query);
    assert.equal(term.field, 'bucket');
    assert.equal(term.negated, false);
    assert.ok(term.matchValue(value), `${query} matches ${value}`);
    assert.ok(!term.matchValue(`${value}x`), `${query} does not match ${value}x`);
  }
});

test('Alt-click terms are negated and flip an existing positive term', () => {
  const q1 = addTerm('error:*', 'eventName', 'GetObject', false);
  assert.equal(q1, 'error:* eventName:GetObject');
  assert.equal(addTerm(q1, 'eventName', 'GetObject', false), q1, 'no duplicate');
  const q2 = addTerm(q1, 'eventName', 'GetObject', true);
  assert.equal(q2, 'error:* -eventName:GetObject');
  assert.equal(onlyTerm(q2).negated, true);
});

test('a Principal facet value adds an exact principal: term, whatever kind of caller it names', () => {
  assert.equal(FACET_FIELD.principal, 'principal');
  for (const value of ['deploy-role/ci-session', 'bob', 'root', 'anonymous', 'elasticloadbalancing.amazonaws.com', 'AWS Internal', 'a,b*']) {
    const text = facetValueText('principal', value);
    const query = addTerm('', 'principal', text, false);
    const term = onlyTerm(query);
    assert.equal(term.field, 'principal', query);
    assert.ok(term.matchValue(value), `${query} matches ${value}`);
    assert.ok(term.matchValue(value.toUpperCase()), `${query} matches ${value} in any case`);
    assert.ok(!term.matchValue(`x/${value}`), `${query} is exact, not a tail glob`);
  }
  assert.equal(addTerm('', 'principal', facetValueText('principal', 'AWS Internal'), true), '-principal:"AWS Internal"');
  const negated = onlyTerm(addTerm('principal:root', 'principal', facetValueText('principal', 'root'), true));
  assert.equal(negated.negated, true);
});

test('the timeline range replaces since/until and keeps other terms whole', () => {
  const q = setTimeRange('bucket:"my bucket" since:-24h -until:x', '2026-01-05T00:00:00.000Z', '2026-01-05T01:00:00.000Z');
  assert.equal(q, 'bucket:"my bucket" since:2026-01-05T00:00:00.000Z until:2026-01-05T01:00:00.000Z');
  const parsed = parseQuery(q);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.query.terms.map((t) => t.timeMs), [undefined, Date.parse('2026-01-05T00:00:00Z'), Date.parse('2026-01-05T01:00:00Z')]);
});

test('splitTerms keeps quoted values with spaces and escapes together', () => {
  assert.deepEqual(splitTerms('  a:"x y" -b:"q\\" z"  c '), ['a:"x y"', '-b:"q\\" z"', 'c']);
});

test('typing: the value under the caret runs as a prefix, and the prefix query parses', () => {
  const r = typingQuery('eventName:Get', 13);
  assert.deepEqual(r, { run: true, query: 'eventName:Get*', prefix: 'Get' });
  assert.ok(parseQuery(r.run ? r.query : '').ok);
  // In the middle of the text, before a space: only that token.
  assert.deepEqual(typingQuery('bucket:prod error:*', 11), { run: true, query: 'bucket:prod* error:*', prefix: 'prod' });
  // The last item of a list; a negated term.
  assert.deepEqual(typingQuery('-eventName:GetObject,Put', 24), { run: true, query: '-eventName:GetObject,Put*', prefix: 'Put' });
});

test('typing: values that are not prefixes run as written', () => {
  for (const [text, caret] of [
    ['eventName:Get*', 14], ['eventName:', 10], ['since:2026-03', 13], ['access:re', 9], ['ip:10.0.0.0/8', 13],
    ['bucket:"my b', 12], ['eventName:GetObject more', 5], ['GetObject', 9],
  ] as const) {
    assert.deepEqual(typingQuery(text, caret), { run: true, query: text }, text);
  }
});

test('typing: a bare word that starts a field name keeps the last result with a hint', () => {
  const r = typingQuery('bucket:logs eventNa', 19);
  assert.equal(r.run, false);
  assert.match(r.run ? '' : r.hint, /":"/);
});
