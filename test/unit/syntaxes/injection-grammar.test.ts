import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const GRAMMAR = path.join(__dirname, '../../../syntaxes/cloudtrail.injection.tmLanguage.json');
const grammar = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')) as { scopeName: string; injectionSelector: string; repository: Record<string, { match?: string; begin?: string; end?: string }> };

/** Every regex of the grammar, compiled as JavaScript (the patterns use only the common Oniguruma subset). */
function regexes(): { name: string; re: RegExp }[] {
  const out: { name: string; re: RegExp }[] = [];
  for (const [name, rule] of Object.entries(grammar.repository)) {
    for (const key of ['match', 'begin', 'end'] as const) {
      const src = rule[key];
      if (src) out.push({ name: `${name}.${key}`, re: new RegExp(src, 'g') });
    }
  }
  return out;
}

function scan(re: RegExp, text: string): { count: number; steps: number } {
  re.lastIndex = 0;
  let count = 0;
  let steps = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    count++;
    steps++;
    if (m[0].length === 0) re.lastIndex++;
  }
  return { count, steps };
}

test('the grammar is an injection into JSON with a stable scope name', () => {
  assert.equal(grammar.scopeName, 'cloudtrail.injection');
  assert.match(grammar.injectionSelector, /source\.json/);
  assert.ok(regexes().length >= 10);
});

test('patterns highlight what they should', () => {
  const byName = Object.fromEntries(regexes().map((r) => [r.name, r.re]));
  const hit = (name: string, text: string): string | undefined => {
    const re = byName[`${name}.match`];
    re.lastIndex = 0;
    return re.exec(text)?.[0];
  };
  assert.equal(hit('event-name', '{"eventName": "GetObject", "x": 1}'), '"eventName": "GetObject"');
  assert.equal(hit('event-source-keyed', '"eventSource":"s3.amazonaws.com"'), '"eventSource":"s3.amazonaws.com"');
  assert.equal(hit('error-code-keyed', '"errorCode":"AccessDenied"'), '"errorCode":"AccessDenied"');
  assert.equal(hit('arn', '"ARN":"arn:aws:s3:::prod-logs/a b"'), 'arn:aws:s3:::prod-logs/a');
  assert.equal(hit('access-key-id', '"accessKeyId":"ASIAEXAMPLEKEY123456"'), 'ASIAEXAMPLEKEY123456');
  assert.equal(hit('principal-id', '"principalId":"AROAEXAMPLEROLEID1234:alice"'), 'AROAEXAMPLEROLEID1234');
  assert.equal(hit('ipv4', '"sourceIPAddress":"203.0.113.7"'), '203.0.113.7');
  assert.equal(hit('anonymous', '"accountId":"ANONYMOUS_PRINCIPAL"'), 'ANONYMOUS_PRINCIPAL');
  assert.equal(hit('event-time', '"eventTime":"2026-03-01T12:00:00Z"'), '2026-03-01T12:00:00Z');
  assert.equal(hit('access-key-id', '"x":"AKIASHORT"'), undefined);
});

/**
 * The quantifiers of a regex source that can make its work on a line grow faster than the line: unbounded ones
 * (`*`, `+`, `{n,}`) and a group that holds a quantifier repeated a varying number of times (`(a{1,9}){2,9}`; an
 * optional one, `?`, or a fixed count, `{3}`, multiplies the tries by a small constant). With neither, each start
 * position costs at most a constant set by the pattern, so a line costs in proportion to its length, whatever its
 * text: the count of tries is bounded, not timed.
 */
function superlinearQuantifiers(src: string): string[] {
  const found: string[] = [];
  const groups: { start: number; quantified: boolean }[] = [];
  let lastGroup: { start: number; quantified: boolean } | undefined;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    let quantifier: string | undefined;
    if (c === '\\') { i++; lastGroup = undefined; continue; }
    if (c === '[') {
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
      lastGroup = undefined;
      continue;
    }
    if (c === '(') { groups.push({ start: i, quantified: false }); lastGroup = undefined; continue; }
    if (c === ')') { lastGroup = groups.pop(); continue; }
    if (c === '*' || c === '+' || c === '?') quantifier = c;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (m) { quantifier = m[0]; i += m[0].length - 1; }
    }
    if (quantifier === undefined) { lastGroup = undefined; continue; }
    if (quantifier === '?' && src[i - 1] === '(') continue; // (?: (?= …: a group's kind, not a quantifier
    if (quantifier === '*' || quantifier === '+' || /^\{\d+,\}$/.test(quantifier)) found.push(`unbounded ${quantifier} at ${i}`);
    const repeats = quantifier !== '?' && quantifier !== '{0,1}' && !/^\{\d+\}$/.test(quantifier);
    if (lastGroup?.quantified && repeats) found.push(`repeated group with a quantifier inside, at ${lastGroup.start}`);
    for (const g of groups) g.quantified = true;
    if (lastGroup) for (const g of groups) g.quantified ||= lastGroup.quantified;
    lastGroup = undefined;
  }
  return found;
}

test('the bound on the tries is checked: unbounded and nested quantifiers are found', () => {
  assert.deepEqual(superlinearQuantifiers('\\b[a-z0-9-]{1,40}\\.amazonaws\\.com\\b'), []);
  assert.deepEqual(superlinearQuantifiers('(?:\\d{12}|aws)?:[^"\\s]{1,1024}'), []);
  assert.deepEqual(superlinearQuantifiers('[*+]{1,3}\\*\\+'), []);
  assert.equal(superlinearQuantifiers('"a.*b"').length, 1);
  assert.equal(superlinearQuantifiers('x{2,}').length, 1);
  assert.deepEqual(superlinearQuantifiers('\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b'), []);
  assert.deepEqual(superlinearQuantifiers('(?:a{1,9}|b){2,9}'), ['repeated group with a quantifier inside, at 0']);
  assert.equal(superlinearQuantifiers('((a)b{1,3}){1,4}').length, 1);
});

test('every regex costs a bounded number of tries per position (no catastrophic backtracking), and runs on 1 MB lines', { timeout: 120_000 }, () => {
  for (const { name, re } of regexes()) assert.deepEqual(superlinearQuantifiers(re.source), [], `${name}: /${re.source}/`);
  const record = '{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEROLEID1234:alice","accessKeyId":"ASIAEXAMPLEKEY123456"},"eventTime":"2026-03-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","sourceIPAddress":"203.0.113.7","errorCode":"AccessDenied","resources":[{"ARN":"arn:aws:s3:::prod-logs/reports/q1.csv"}]},';
  const MB = 1024 * 1024;
  const lines = {
    trail: `{"Records":[${record.repeat(Math.ceil(MB / record.length))}]}`,
    letters: 'A'.repeat(MB),
    arnNoEnd: `arn:aws:s3:::${'x'.repeat(MB)}`,
    digitsDots: '1.'.repeat(MB / 2),
    keysNoValue: '"eventName":  '.repeat(MB / 14),
    akia: 'AKIA'.repeat(MB / 4),
    dates: '2026-03-01T12:00:00'.repeat(MB / 19),
  };
  // adversarial lines still end (the test's timeout is the guard should a pattern regress)
  for (const { re } of regexes()) for (const text of Object.values(lines)) scan(re, text);
  assert.ok(scan(new RegExp(grammar.repository['event-name'].match ?? '', 'g'), lines.trail).count > 1000);
});
