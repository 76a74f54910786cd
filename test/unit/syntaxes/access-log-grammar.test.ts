// The S3 access-log TextMate grammar: a small tokenizer here applies it the way TextMate does for this
// grammar's shape (the line rule's `begin` with its captures at the line start, then at each position the
// earliest-matching inner pattern, ties by order) and the tests check the scope of each field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

interface Rule { name?: string; match?: string; begin?: string; end?: string; include?: string; patterns?: Rule[]; beginCaptures?: Record<string, Rule> }

const ROOT = path.join(__dirname, '../../..');
const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes/s3-access-log.tmLanguage.json'), 'utf8')) as { scopeName: string; repository: Record<string, Rule> };
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { languages: { id: string; firstLine?: string }[]; grammars: { language?: string; scopeName: string; path: string }[] };
};

/** The leaf rules a rule stands for (includes resolved), in order. */
function leaves(rule: Rule): Rule[] {
  if (rule.include) return leaves(grammar.repository[rule.include.slice(1)]);
  if (rule.patterns && !rule.match) return rule.patterns.flatMap(leaves);
  return [rule];
}

/** The first leaf of `rules` matching exactly `text` (captures are matched whole). */
function scopeOfCapture(rule: Rule, text: string): string | undefined {
  if (rule.name) return rule.name;
  for (const leaf of leaves(rule)) {
    const m = new RegExp(`^(?:${leaf.match})$`).exec(text);
    if (m) return leaf.name;
  }
  return undefined;
}

/** Tokens of one line: [text, scope] for each scoped piece. */
function tokenize(line: string): [string, string][] {
  const lineRule = grammar.repository.line;
  const begin = new RegExp(lineRule.begin!, 'y').exec(line);
  if (!begin) return [];
  const out: [string, string][] = [];
  let at = 0;
  for (let i = 1; i < begin.length; i++) {
    const text = begin[i];
    const scope = scopeOfCapture(lineRule.beginCaptures![String(i)], text);
    if (scope) out.push([text, scope]);
    at = line.indexOf(text, at) + text.length;
  }
  const inner = (lineRule.patterns ?? []).flatMap(leaves).map((r) => ({ name: r.name!, re: new RegExp(r.match!, 'g') }));
  while (at < line.length) {
    let best: { index: number; text: string; name: string } | undefined;
    for (const { name, re } of inner) {
      re.lastIndex = at;
      const m = re.exec(line);
      if (m && (!best || m.index < best.index)) best = { index: m.index, text: m[0], name };
    }
    if (!best || best.text.length === 0) break;
    out.push([best.text, best.name]);
    at = best.index + best.text.length;
  }
  return out;
}

const SAMPLE = fs.readFileSync(path.join(ROOT, 'test/fixtures/access-log/editor-sample.log'), 'utf8').split('\n');

function scopeOf(tokens: [string, string][], text: string): string | undefined {
  return tokens.find(([t]) => t === text)?.[1];
}

test('package.json: the language by first line, and its grammar', () => {
  const lang = pkg.contributes.languages.find((l) => l.id === 's3-access-log');
  assert.ok(lang?.firstLine);
  const firstLine = new RegExp(lang.firstLine);
  for (const line of SAMPLE.filter((l) => l.trim())) assert.ok(firstLine.test(line), line.slice(0, 80));
  assert.equal(firstLine.test('{"Records":[]}'), false);
  assert.equal(firstLine.test('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'), false, 'an Apache access log is not an S3 one');
  const g = pkg.contributes.grammars.find((x) => x.language === 's3-access-log');
  assert.equal(g?.scopeName, grammar.scopeName);
  assert.equal(g?.path, './syntaxes/s3-access-log.tmLanguage.json');
});

test('fields coloured by kind', () => {
  const t = tokenize(SAMPLE[0]);
  assert.equal(scopeOf(t, '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'), 'constant.other.bucket-owner.s3-access-log');
  assert.equal(scopeOf(t, 'amzn-s3-demo-bucket1'), 'entity.name.type.bucket.s3-access-log');
  assert.equal(scopeOf(t, '[06/Feb/2019:00:00:38 +0000]'), 'constant.numeric.time.s3-access-log');
  assert.equal(scopeOf(t, '192.0.2.3'), 'constant.numeric.ip.s3-access-log');
  assert.equal(scopeOf(t, 'arn:aws:sts::123456789012:assumed-role/Admin/alice'), 'variable.other.arn.s3-access-log');
  assert.equal(scopeOf(t, '3E57427F3EXAMPLE'), 'constant.other.request-id.s3-access-log');
  assert.equal(scopeOf(t, 'REST.GET.OBJECT'), 'entity.name.function.operation.s3-access-log');
  assert.equal(scopeOf(t, 'photos/2019/my+puppy%25.jpg'), 'string.unquoted.key.s3-access-log');
  assert.equal(scopeOf(t, '"GET /amzn-s3-demo-bucket1/photos/2019/my+puppy%25.jpg HTTP/1.1"'), 'string.quoted.double.s3-access-log');
  assert.equal(scopeOf(t, '2662992'), 'constant.numeric.s3-access-log');
  assert.equal(scopeOf(t, '"aws-cli/2.15.0"'), 'string.quoted.double.s3-access-log');
  assert.equal(scopeOf(t, 'SigV4'), 'support.constant.auth.s3-access-log');
  assert.equal(scopeOf(t, 'TLSv1.2'), 'support.constant.tls.s3-access-log');
  const lifecycle = tokenize(SAMPLE[2]);
  assert.equal(scopeOf(lifecycle, 'AmazonS3'), 'support.constant.service.s3-access-log');
  assert.equal(scopeOf(lifecycle, 'S3.EXPIRE.OBJECT'), 'entity.name.function.operation.lifecycle.s3-access-log');
  assert.equal(scopeOf(lifecycle, '-'), 'comment.other.empty.s3-access-log');
});

test('status classes and the error code', () => {
  assert.equal(scopeOf(tokenize(SAMPLE[0]), '200'), 'markup.inserted.status.success.s3-access-log');
  const notFound = tokenize(SAMPLE[1]);
  assert.equal(scopeOf(notFound, '404'), 'markup.deleted.status.client-error.s3-access-log');
  assert.equal(scopeOf(notFound, 'NoSuchBucketPolicy'), 'keyword.other.error-code.s3-access-log');
  const line = SAMPLE[0].replace('" 200 - ', '" 304 - ');
  assert.equal(scopeOf(tokenize(line), '304'), 'markup.changed.status.redirect.s3-access-log');
  assert.equal(scopeOf(tokenize(SAMPLE[0].replace('" 200 - ', '" 503 SlowDown ')), '503'), 'markup.deleted.status.server-error.s3-access-log');
});

test('quoted fields with unescaped quotes inside stay one string', () => {
  // the shapes of real lines (reference section 1, rule 2): a shellshock probe, a user agent ending in `""`
  const probe = SAMPLE[0].replace('"-" "aws-cli/2.15.0"', '"() { :;}; echo; echo "x"" "curl/7.1 ""');
  const t = tokenize(probe);
  assert.equal(scopeOf(t, '"() { :;}; echo; echo "x""'), 'string.quoted.double.s3-access-log');
  assert.equal(scopeOf(t, '"curl/7.1 ""'), 'string.quoted.double.s3-access-log');
  assert.equal(scopeOf(t, 'SigV4'), 'support.constant.auth.s3-access-log', 'the fields after them are read as before');
});

test('every regex finishes on 1 MB adversarial lines (no catastrophic backtracking)', () => {
  const MB = 1024 * 1024;
  const lines = [
    SAMPLE[0].repeat(Math.ceil(MB / SAMPLE[0].length)),
    `${SAMPLE[0].slice(0, 200)}"${'a"'.repeat(MB / 2)}`,
    '"'.repeat(MB),
    ' -'.repeat(MB / 2),
    `x x [${'1'.repeat(MB)}`,
    '9'.repeat(MB),
  ];
  const rules = Object.values(grammar.repository).flatMap(leaves).filter((r) => r.match).map((r) => new RegExp(r.match!, 'g'));
  rules.push(new RegExp(grammar.repository.line.begin!, 'g'));
  for (const re of rules) {
    for (const text of lines) {
      const t0 = Date.now();
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) if (m[0].length === 0) re.lastIndex++;
      assert.ok(Date.now() - t0 < 5000, `${re.source} took ${Date.now() - t0} ms`);
    }
  }
});
