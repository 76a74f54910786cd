// toCloudWatchPattern: the pattern's form, the documented limits, escapes, spellings and the notes.
// What the patterns select is checked in cloudwatch-semantics.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOUDWATCH_PATTERN_MAX, CloudWatchUnsupportedError, parseQuery, toCloudWatchPattern, type CloudWatchPattern } from '../../../../core/query';

function render(q: string): CloudWatchPattern {
  const parsed = parseQuery(q);
  assert.ok(parsed.ok, q);
  return toCloudWatchPattern(parsed.query);
}

function refusal(q: string): CloudWatchUnsupportedError {
  try {
    render(q);
  } catch (e) {
    if (e instanceof CloudWatchUnsupportedError) return e;
    throw e;
  }
  assert.fail(`${q} rendered`);
}

test('a source term replaces the S3 scope; terms are ANDed, values ORed', () => {
  assert.equal(
    render('source:s3.amazonaws.com eventName:PutBucketPolicy,DeleteBucketPolicy').pattern,
    '{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "PutBucketPolicy") || ($.eventName = "DeleteBucketPolicy")) }',
  );
  const scoped = render('eventName:GetObject').pattern;
  assert.match(scoped, /^\{ \(\(\$\.eventSource = "s3\.amazonaws\.com"\) \|\| \(\$\.eventSource = "s3express\.amazonaws\.com"\) \|\| .*\) && \(\$\.eventName = "GetObject"\) \}$/);
});

test('eventName values take the catalog spelling; a glob is re-cased only when it selects the same names', () => {
  assert.match(render('source:* eventName:putbucketpolicy').pattern, /\$\.eventName = "PutBucketPolicy"/);
  assert.match(render('source:* eventName:delete*').pattern, /\$\.eventName = "Delete\*"/);
  assert.deepEqual(render('source:* eventName:delete*').notes, []);
  // an unknown name goes in as typed, and the note says so
  const unknown = render('source:* eventName:MyCall');
  assert.match(unknown.pattern, /"MyCall"/);
  assert.match(unknown.notes[0], /case-sensitively: eventName:MyCall matches the value as written/);
});

test('a negated term also matches records without the member', () => {
  assert.equal(render('source:* -error:AccessDenied').pattern, '{ ($.eventSource = "*") && (($.errorCode != "AccessDenied") || ($.errorCode NOT EXISTS)) }');
  assert.equal(render('source:* -error:*').pattern, '{ ($.eventSource = "*") && ($.errorCode NOT EXISTS) }');
});

test('quotes in values are escaped; a literal star, a backslash or a control character is refused', () => {
  assert.match(render('source:* agent:"say \\"hi\\""').pattern, /\$\.userAgent = "say \\"hi\\""/);
  assert.match(refusal('source:* agent:"a\\*b"').message, /^agent:"a\\\*b": a literal '\*' cannot be written/);
  assert.match(refusal('source:* key:"a\\\\b"').message, /backslash/);
});

test('CIDR blocks on octet boundaries become prefixes; others are refused with the term named', () => {
  assert.match(render('source:* ip:10.0.0.0/8').pattern, /\$\.sourceIPAddress = "10\.\*"/);
  assert.match(render('source:* ip:192.168.4.0/24').pattern, /\$\.sourceIPAddress = "192\.168\.4\.\*"/);
  assert.match(render('source:* ip:192.168.4.7/32').pattern, /\$\.sourceIPAddress = "192\.168\.4\.7"/);
  // host bits are dropped as the explorer drops them
  assert.match(render('source:* ip:10.1.0.0/8').pattern, /\$\.sourceIPAddress = "10\.\*"/);
  for (const q of ['ip:10.0.0.0/12', 'ip:2001:db8::/32']) {
    const e = refusal(`source:* ${q}`);
    assert.ok(e.message.startsWith(`${q}:`), e.message);
    assert.equal(`source:* ${q}`.slice(e.start, e.end), q);
  }
});

test('terms with no rendering name themselves and say why', () => {
  const cases: [string, RegExp][] = [
    ['since:-24h', /time range is chosen where the pattern is used/],
    ['until:2026-01-01', /cannot compare times/],
    ['principal:alice', /derived from several userIdentity members/],
    ['crossaccount:true', /never two members/],
    ['alice', /bare word/],
    ['anonymous:*', /matches every record/],
    ['-console:true,false', /matches no record/],
    ['type:*', /catalog/],
    ['requestParameters.a$b:x', /member name 'a\$b'/],
  ];
  for (const [q, why] of cases) {
    const e = refusal(`bucket:b ${q}`);
    assert.ok(e.message.startsWith(`${q}:`), e.message);
    assert.match(e.message, why);
    assert.equal(`bucket:b ${q}`.slice(e.start, e.end), q);
  }
});

test('the pattern stays within the documented 1024 characters', () => {
  const names = Array.from({ length: 20 }, (_, i) => `bucket-number-${i}`).join(',');
  const e = refusal(`bucket:${names}`);
  assert.match(e.message, new RegExp(`would be \\d+ characters; CloudWatch Logs accepts at most ${CLOUDWATCH_PATTERN_MAX}`));
  assert.equal(e.start, 0);
  const ok = render('source:s3.amazonaws.com bucket:a,b,c');
  assert.ok(ok.pattern.length <= CLOUDWATCH_PATTERN_MAX);
});

test('numeric comparisons on paths, flags and categories', () => {
  assert.match(render('source:* additionalEventData.bytesTransferredOut:>1000000').pattern, /\(\$\.additionalEventData\.bytesTransferredOut > 1000000\)/);
  assert.match(render('source:* -additionalEventData.bytesTransferredOut:>10').pattern,
    /\(\(\$\.additionalEventData\.bytesTransferredOut <= 10\) \|\| \(\$\.additionalEventData\.bytesTransferredOut NOT EXISTS\)\)/);
  assert.match(render('source:* access:read').pattern, /\$\.readOnly IS TRUE/);
  assert.match(render('source:* anonymous:true').pattern, /\$\.userIdentity\.accountId = "ANONYMOUS_PRINCIPAL"/);
  assert.match(render('source:* type:management').pattern, /\(\$\.eventCategory = "Management"\) \|\| \(\(\$\.eventCategory NOT EXISTS\) && \(\$\.managementEvent IS TRUE\)\)/);
});
