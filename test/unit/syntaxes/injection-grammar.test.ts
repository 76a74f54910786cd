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

test('every regex finishes on 1 MB single lines, including adversarial ones (no catastrophic backtracking)', () => {
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
  const started = Date.now();
  for (const { name, re } of regexes()) {
    for (const [kind, text] of Object.entries(lines)) {
      const t0 = Date.now();
      const { steps } = scan(re, text);
      assert.ok(steps >= 0);
      assert.ok(Date.now() - t0 < 5000, `${name} on ${kind} took ${Date.now() - t0} ms`);
    }
  }
  assert.ok(Date.now() - started < 30000);
  assert.ok(scan(new RegExp(grammar.repository['event-name'].match ?? '', 'g'), lines.trail).count > 1000);
});
