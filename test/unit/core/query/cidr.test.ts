// Address and CIDR parsing for ip: terms (IPv4, IPv6, mapped forms) without throwing on non-addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, cidrContainsText, parseCidr, parseIpAddress } from '../../../../core/query/cidr';

test('parses IPv4, IPv6 (compressed, full, with an IPv4 tail) and rejects the rest', () => {
  assert.equal(parseIpAddress('10.0.0.1'), 0xffff0a000001n);
  assert.equal(parseIpAddress('::1'), 1n);
  assert.equal(parseIpAddress('::'), 0n, 'the unspecified address');
  assert.equal(parseIpAddress('2001:db8:0:0:0:0:0:1'), parseIpAddress('2001:db8::1'));
  assert.equal(parseIpAddress('::ffff:10.0.0.1'), parseIpAddress('10.0.0.1'));
  assert.equal(parseIpAddress(' 10.0.0.1 '), parseIpAddress('10.0.0.1'));
  assert.equal(parseIpAddress('[2001:db8::1]'), parseIpAddress('2001:db8::1'));
  for (const bad of ['', 'AWS Internal', 's3.amazonaws.com', '256.1.1.1', '1.2.3', '01234.1.1.1', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::',
    'fe80::1%eth0', '::ffff:1.2.3', '81.2.69.142, 192.168.10.10', 'g::1']) {
    assert.equal(parseIpAddress(bad), undefined, bad);
  }
});

test('CIDR blocks mask host bits and contain what they should', () => {
  const v4 = parseCidr('10.1.2.3/8');
  assert.ok(v4);
  assert.equal(v4.text, '10.0.0.0/8');
  assert.equal(cidrContains(v4, parseIpAddress('10.255.0.1')!), true);
  assert.equal(cidrContains(v4, parseIpAddress('11.0.0.1')!), false);
  assert.equal(cidrContains(v4, parseIpAddress('::a00:1')!), false, 'IPv4-compatible (not mapped) is not in an IPv4 block');
  const all4 = parseCidr('0.0.0.0/0');
  assert.ok(all4);
  assert.equal(cidrContains(all4, parseIpAddress('8.8.8.8')!), true);
  assert.equal(cidrContains(all4, parseIpAddress('2001:db8::1')!), false);
  const v6 = parseCidr('2001:db8::/32');
  assert.ok(v6);
  assert.equal(v6.text, '2001:db8:0:0:0:0:0:0/32');
  assert.equal(cidrContains(v6, parseIpAddress('2001:0db8:ffff::1')!), true);
  assert.equal(cidrContains(v6, parseIpAddress('2001:db9::1')!), false);
  const host = parseCidr('192.0.2.7/32');
  assert.ok(host);
  assert.equal(cidrContains(host, parseIpAddress('192.0.2.7')!), true);
  assert.equal(cidrContains(host, parseIpAddress('192.0.2.8')!), false);
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/8/8', 'x/8', '2001:db8::/129', '10.0.0.0/', '/8']) {
    assert.equal(parseCidr(bad), undefined, bad);
  }
});

test('the IPv4 fast path agrees with the 128-bit path', () => {
  const blocks = ['0.0.0.0/0', '10.0.0.0/8', '172.16.0.0/12', '192.168.1.128/25', '255.255.255.255/32', '128.0.0.0/1', '2001:db8::/32', '::ffff:0:0/96'];
  const addresses = ['0.0.0.0', '10.0.0.0', '10.255.255.255', '11.0.0.0', '172.31.1.1', '172.32.0.0', '192.168.1.127', '192.168.1.128',
    '192.168.1.255', '255.255.255.255', '127.255.255.255', '128.0.0.0', '::ffff:10.1.1.1', '2001:db8::1', 'AWS Internal', ' 10.1.1.1 '];
  for (const b of blocks) {
    const block = parseCidr(b)!;
    for (const a of addresses) {
      const addr = parseIpAddress(a);
      assert.equal(cidrContainsText(block, a), addr !== undefined && cidrContains(block, addr), `${b} ${a}`);
    }
  }
  assert.equal(cidrContainsText(parseCidr('10.0.0.0/8')!, '10.1.2.3'), true);
  assert.equal(cidrContainsText(parseCidr('::ffff:0:0/96')!, '10.1.2.3'), true, 'an IPv4 address is an IPv4-mapped IPv6 address');
});
