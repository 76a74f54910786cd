import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, compileGlobs, GlobSyntaxError, hasGlobSyntax, partitionGlobs } from '../../../../core/files/glob';

test('** spans any number of folders, * stays within one', () => {
  const json = compileGlob('**/*.json');
  assert.ok(json('a.json'));
  assert.ok(json('AWSLogs/1/CloudTrail/us-east-1/2026/01/01/x.json'));
  assert.ok(!json('x.json.gz'));
  assert.ok(!json('x.jsonl'));
  const gz = compileGlob('AWSLogs/*/CloudTrail/*.json.gz');
  assert.ok(gz('AWSLogs/123/CloudTrail/a.json.gz'));
  assert.ok(!gz('AWSLogs/123/x/CloudTrail/a.json.gz'));
  const nm = compileGlob('**/node_modules/**');
  assert.ok(nm('node_modules/a/b.json'));
  assert.ok(nm('x/node_modules/b.json'));
  assert.ok(!nm('x/node_modulesx/b.json'));
  assert.ok(compileGlob('**/CloudTrail-Digest/**')('AWSLogs/1/CloudTrail-Digest/us-east-1/d.json.gz'));
});

test('braces, classes, ? and literal dots', () => {
  const m = compileGlob('logs/{a,b}/file-?.[jn]son');
  assert.ok(m('logs/a/file-1.json'));
  assert.ok(m('logs/b/file-x.nson'));
  assert.ok(!m('logs/c/file-1.json'));
  assert.ok(!m('logs/a/file-12.json'));
  assert.ok(!compileGlob('*.json')('axjson'));
  assert.ok(compileGlob('[!.]*.json')('a.json'));
  assert.ok(!compileGlob('[!.]*.json')('.a.json'));
  const any = compileGlobs(['**/*.json', '**/*.json.gz']);
  assert.ok(any('a/b.json.gz') && any('b.json') && !any('b.txt'));
  assert.ok(hasGlobSyntax('logs/**/*.gz') && !hasGlobSyntax('/work/shared/corpus'));
});

test('a class range in descending order is a GlobSyntaxError naming the pattern, never a RegExp SyntaxError', () => {
  for (const [pattern, range] of [['[z-a]', 'z-a'], ['logs/**/[9-0]*.json', '9-0'], ['[!b-a]x', 'b-a'], ['{a,[z-a]}', 'z-a']]) {
    assert.throws(() => compileGlob(pattern), (e: unknown) => {
      assert.ok(e instanceof GlobSyntaxError, String(e));
      assert.equal(e.pattern, pattern);
      assert.match(e.message, new RegExp(`invalid glob pattern "${pattern.replace(/[[\]{}*!.]/g, '\\$&')}": the range ${range} `));
      return true;
    });
  }
  assert.throws(() => compileGlobs(['**/*.json', '[z-a]']), GlobSyntaxError);
  assert.deepEqual(partitionGlobs(['**/*.json', '[z-a]', '*.gz']).valid, ['**/*.json', '*.gz']);
  assert.deepEqual(partitionGlobs(['**/*.json', '[z-a]']).errors.map((e) => e.pattern), ['[z-a]']);
});

test('classes and ? take whole code points; lone ] and } are literal', () => {
  assert.ok(compileGlob('[😀-😂].json')('😁.json'));
  assert.ok(!compileGlob('[😀-😂].json')('😃.json'));
  assert.ok(compileGlob('?.json')('🪣.json'));
  assert.ok(compileGlob('a]b}c.json')('a]b}c.json'));
  assert.ok(compileGlob('[a-c]x')('bx') && !compileGlob('[a-c]x')('dx'));
  assert.ok(compileGlob('[-a]x')('-x'));
});
