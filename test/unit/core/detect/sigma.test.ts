// The Sigma evaluator as a table: rules (our own, written for these tests) × records, with the expected
// matches; and the constructs it does not support, each a per-rule error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSigmaText, valuesAtPath, type SigmaRule } from '../../../../core/detect';
import { SIGMA_COLUMNS } from '../../../../core/detect/from-index';
import { FALSE, MAYBE, TRUE } from '../../../../core/detect/sigma';

/** The rule on one record's "columns" (the fields the index keeps, as from-index reads them): TRUE must mean
 *  it matches, FALSE that it does not; MAYBE is left to the whole record. Returns the answer. */
function narrowOn(r: SigmaRule, rec: Record<string, unknown>): number {
  const t = r.narrow((field) => {
    if (!(field in SIGMA_COLUMNS)) return undefined;
    const found = valuesAtPath(rec, field);
    const v = found.length === 1 && ['string', 'number', 'boolean'].includes(typeof found[0]) ? String(found[0]) : undefined;
    return { code: () => (v === undefined ? 0 : 1), value: () => v };
  })(0);
  if (t === TRUE) assert.ok(r.matches(rec), `${r.title}: TRUE on columns but no match`);
  if (t === FALSE) assert.ok(!r.matches(rec), `${r.title}: FALSE on columns but a match`);
  return t;
}
let definite = 0;

const RECORDS: Record<string, Record<string, unknown>> = {
  put: { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', sourceIPAddress: '10.0.0.5', userAgent: 'S3 Browser 11.6.7', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob' }, requestParameters: { bucketName: 'prod-data', bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: '*' }, { Effect: 'Deny' }] } } },
  get: { eventSource: 's3.amazonaws.com', eventName: 'GetObject', sourceIPAddress: '203.0.113.7', userAgent: 'aws-cli/2.15', userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/r/s' }, requestParameters: { bucketName: 'logs', key: 'a.txt' } },
  denied: { eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', errorCode: 'AccessDenied', sourceIPAddress: '2001:db8::1', userIdentity: { type: 'IAMUser' } },
};

const rule = (name: string, detection: string): string => `title: ${name}
id: ${name}
logsource:
  product: aws
  service: cloudtrail
detection:
${detection.trim().split('\n').map((l) => `  ${l}`).join('\n')}
level: high
tags: [attack.t1530]
`;

const TABLE: [name: string, detection: string, matches: string[]][] = [
  ['plain-map', 'sel:\n  eventSource: s3.amazonaws.com\n  eventName: GetObject\ncondition: sel', ['get']],
  ['value-list', 'sel:\n  eventName: [GetObject, PutBucketPolicy]\ncondition: sel', ['put', 'get']],
  ['case-insensitive-wildcard', 'sel:\n  eventName: put*policy\ncondition: sel', ['put']],
  ['contains', 'sel:\n  userAgent|contains: S3 Browser\ncondition: sel', ['put']],
  ['startswith', 'sel:\n  eventName|startswith: List\ncondition: sel', ['denied']],
  ['endswith', 'sel:\n  userIdentity.arn|endswith: /bob\ncondition: sel', ['put']],
  ['contains-all', 'sel:\n  userAgent|contains|all: [aws, cli]\ncondition: sel', ['get']],
  ['re', 'sel:\n  eventName|re: ^(Get|Head)Object$\ncondition: sel', ['get']],
  ['cidr-v4-v6', 'sel:\n  sourceIPAddress|cidr: [10.0.0.0/8, 2001:db8::/32]\ncondition: sel', ['put', 'denied']],
  ['exists', 'sel:\n  errorCode|exists: true\ncondition: sel', ['denied']],
  ['not-exists', 'sel:\n  errorCode|exists: false\ncondition: sel', ['put', 'get']],
  ['dotted-array-path', 'sel:\n  requestParameters.bucketPolicy.Statement.Principal: "*"\ncondition: sel', ['put']],
  ['null-value', 'sel:\n  errorCode: null\ncondition: sel', ['put', 'get']],
  ['list-of-maps', 'sel:\n  - eventName: GetObject\n  - errorCode: AccessDenied\ncondition: sel', ['get', 'denied']],
  ['and-not', 's3:\n  eventSource: s3.amazonaws.com\nfilter:\n  sourceIPAddress|cidr: 10.0.0.0/8\ncondition: s3 and not filter', ['get']],
  ['or-parens', 'a:\n  eventName: GetObject\nb:\n  eventName: ListUsers\nc:\n  sourceIPAddress|startswith: "2001"\ncondition: (a or b) and not c', ['get']],
  ['one-of-wildcard', 'sel_get:\n  eventName: GetObject\nsel_put:\n  eventName: PutBucketPolicy\nother:\n  eventName: ListUsers\ncondition: 1 of sel_*', ['put', 'get']],
  ['all-of-wildcard', 'sel_s3:\n  eventSource: s3.amazonaws.com\nsel_ip:\n  sourceIPAddress|startswith: "203."\ncondition: all of sel_*', ['get']],
  ['one-of-them', 'x:\n  eventName: ListUsers\ny:\n  eventName: PutBucketPolicy\ncondition: 1 of them', ['put', 'denied']],
  ['escaped-wildcard', 'sel:\n  userAgent: "S3 Browser 11.6.7\\\\*"\ncondition: sel', []],
];

for (const [name, detection, matches] of TABLE) {
  test(`sigma ${name}`, () => {
    const { rules, problems } = loadSigmaText(rule(name, detection), '/r.yml');
    assert.deepEqual(problems, []);
    assert.equal(rules.length, 1);
    assert.deepEqual(Object.keys(RECORDS).filter((k) => rules[0].matches(RECORDS[k])), matches);
    for (const rec of Object.values(RECORDS)) if (narrowOn(rules[0], rec) !== MAYBE) definite++;
    assert.equal(rules[0].asRule.severity, 'high');
    assert.equal(rules[0].asRule.mitre, 'T1530');
  });
}

const UNSUPPORTED: [string, string, RegExp][] = [
  ['base64-modifier', 'sel:\n  eventName|base64: x\ncondition: sel', /modifier "base64" is not supported/],
  ['aggregation', 'sel:\n  eventName: x\ncondition: sel | count() > 5', /aggregations/],
  ['keywords', 'kw:\n  - evil\ncondition: kw', /keyword lists are not supported/],
  ['unknown-selection', 'sel:\n  eventName: x\ncondition: sel and other', /no selection named "other"/],
  ['two-of', 'a:\n  eventName: x\ncondition: 2 of a', /"2 of" is not supported/],
  ['timeframe', 'sel:\n  eventName: x\ntimeframe: 5m\ncondition: sel', /timeframe/],
];

for (const [name, detection, error] of UNSUPPORTED) {
  test(`sigma ${name} is a clear per-rule error`, () => {
    const text = `${rule('fine', 'sel:\n  eventName: GetObject\ncondition: sel')}---\n${rule(name, detection)}`;
    const { rules, problems } = loadSigmaText(text, '/r.yml');
    assert.deepEqual(rules.map((r) => r.title), ['fine']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, '/r.yml');
    assert.match(problems[0].message, error);
  });
}

test('a Sigma rule for another log source is left out, not an error', () => {
  const r = loadSigmaText('title: w\nlogsource:\n  product: windows\ndetection:\n  s:\n    a: b\n  condition: s\n', '/r.yml');
  assert.equal(r.rules.length, 0);
  assert.equal(r.skipped, 1);
  assert.deepEqual(r.problems, []);
});

test('on the index\'s columns, most of the table is answered without the whole record', () => {
  // The table's rules on eventName, eventSource, sourceIPAddress, userAgent and errorCode need no re-read.
  assert.ok(definite >= TABLE.length, `${definite} definite answers`);
});
