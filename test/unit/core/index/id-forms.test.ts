import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALNUM16, IPV4, ISO_SECONDS, UUID, UUID_UPPER, type IdForm } from '../../../../core/index/id-forms';

function roundTrip(form: IdForm, text: string): string | undefined {
  const b = Buffer.from(`xx${text}yy`, 'utf8');
  const slot = new Uint8Array(form.width + 3);
  if (!form.pack(b, 2, b.length - 2, slot.subarray(1))) return undefined;
  return form.unpack(slot, 1);
}

test('a UUID packs to 16 bytes and back, one case per form', () => {
  const lower = '755e6eb0-6ac4-4df2-974f-e56d90d70dbb';
  assert.equal(UUID.width, 16);
  assert.equal(roundTrip(UUID, lower), lower);
  assert.equal(roundTrip(UUID, lower.toUpperCase()), undefined);
  assert.equal(roundTrip(UUID_UPPER, lower.toUpperCase()), lower.toUpperCase());
  assert.equal(roundTrip(UUID_UPPER, lower), undefined);
  // digits only: either form gives the same text back
  assert.equal(roundTrip(UUID, '00000000-0000-0000-0000-000000000000'), '00000000-0000-0000-0000-000000000000');
  assert.equal(roundTrip(UUID, 'ffffffff-ffff-ffff-ffff-ffffffffffff'), 'ffffffff-ffff-ffff-ffff-ffffffffffff');
  for (const odd of ['755E6eb0-6ac4-4df2-974f-e56d90d70dbb', '755e6eb06ac44df2974fe56d90d70dbb', '755e6eb0-6ac4-4df2-974f-e56d90d70db', '755e6eb0-6ac4-4df2-974f-e56d90d70dbbb',
    '755e6eb0_6ac4-4df2-974f-e56d90d70dbb', '755e6eb0-6ac4-4df2-974f-e56d90d70dbg', '', 'ä55e6eb0-6ac4-4df2-974f-e56d90d70db']) {
    assert.equal(roundTrip(UUID, odd), undefined, odd);
    assert.equal(roundTrip(UUID_UPPER, odd.toUpperCase()) === odd, false, odd);
  }
});

test('16 characters of [0-9A-Za-z] pack to 12 bytes and back', () => {
  assert.equal(ALNUM16.width, 12);
  for (const id of ['LPEWBEFJCWK8B4UG', '79104EXAMPLEB723', '0000000000000000', 'zzzzzzzzzzzzzzzz', 'aZ09bY18cX27dW36'])
    assert.equal(roundTrip(ALNUM16, id), id);
  for (const odd of ['LPEWBEFJCWK8B4U', 'LPEWBEFJCWK8B4UGX', 'LPEWBEFJCWK8B4U-', 'LPEWBEFJCWK8B4U ', '']) assert.equal(roundTrip(ALNUM16, odd), undefined, odd);
});

test('a creationDate of the canonical form packs to 4 bytes; other texts and impossible dates do not', () => {
  assert.equal(ISO_SECONDS.width, 4);
  for (const t of ['2026-01-03T07:57:54Z', '1970-01-01T00:00:00Z', '2105-12-31T23:59:59Z', '2024-02-29T12:00:00Z'])
    assert.equal(roundTrip(ISO_SECONDS, t), t);
  for (const odd of ['2026-01-03T07:57:54.000Z', '2026-01-03T07:57:54+00:00', '2026-01-03 07:57:54Z', '2025-02-29T00:00:00Z', '2026-04-31T00:00:00Z',
    '2026-01-03T24:00:00Z', '2026-01-03T23:60:00Z', '1969-12-31T23:59:59Z', '2106-01-01T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-00T00:00:00Z', '2026-01-03t07:57:54Z'])
    assert.equal(roundTrip(ISO_SECONDS, odd), undefined, odd);
});

test('a dotted-quad IPv4 address packs to 4 bytes; what would print back otherwise does not', () => {
  assert.equal(IPV4.width, 4);
  for (const ip of ['10.0.0.1', '176.184.221.25', '0.0.0.0', '255.255.255.255', '1.22.103.4']) assert.equal(roundTrip(IPV4, ip), ip);
  for (const odd of ['010.0.0.1', '10.0.0.01', '256.0.0.1', '10.0.0', '10.0.0.1.2', '10..0.1', '.10.0.0.1', '10.0.0.1.', '10.0.0.1 ', 's3.amazonaws.com',
    '2001:db8::1', '::ffff:10.0.0.1', '', '1000.0.0.1'])
    assert.equal(roundTrip(IPV4, odd), undefined, odd);
});
