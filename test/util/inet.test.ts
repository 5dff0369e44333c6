import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIPv6, formatMAC, parseIP, parseIPv4, parseIPv6, parseMAC, parsePrefix, formatIP } from '../../src/util/inet.js';

test('IPv6 parse/format round trips in RFC 5952 form', () => {
  const cases: [string, string][] = [
    ['fe80::1', 'fe80::1'], ['::', '::'], ['::1', '::1'], ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:DB8::', '2001:db8::'], ['1:0:0:2:0:0:0:3', '1:0:0:2::3'], ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'], ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'], ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
  ];
  for (const [inp, out] of cases) assert.equal(formatIPv6(parseIPv6(inp)!), out, inp);
  for (const bad of ['1::2::3', '12345::', ':::', '1:2:3:4:5:6:7:8:9', 'g::1', '1.2.3.4', '']) assert.equal(parseIPv6(bad), undefined, bad);
});

test('IPv4: four decimal parts of 1-3 digits up to 255, nothing else', () => {
  const good: [string, number[]][] = [['0.0.0.0', [0, 0, 0, 0]], ['255.255.255.255', [255, 255, 255, 255]], ['10.1.2.3', [10, 1, 2, 3]], ['010.001.0.9', [10, 1, 0, 9]]];
  for (const [s, b] of good) assert.deepEqual(parseIPv4(s), Uint8Array.from(b), s);
  for (const bad of ['', '1', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '256.1.1.1', '1.2.3.256', '1.2.3.1000', '1.2.3.-1', '1.2.3.4 ', ' 1.2.3.4', 'a.b.c.d', '1.2.3.4/8', '::1']) {
    assert.equal(parseIPv4(bad), undefined, JSON.stringify(bad));
  }
});

test('prefixes, families and clear errors', () => {
  assert.deepEqual(parsePrefix('10.1.2.0/24'), { family: 2, bytes: Uint8Array.from([10, 1, 2, 0]), prefixLength: 24 });
  assert.equal(parsePrefix('fe80::1').prefixLength, 128);
  assert.equal(parseIP('10.0.0.1').family, 2);
  assert.throws(() => parsePrefix('10.0.0.1/33'), /prefix length must be 0..32/);
  assert.throws(() => parseIP('300.1.1.1'), /"300.1.1.1" is not an IPv4 or IPv6 address/);
  assert.equal(formatIP(Uint8Array.from([192, 168, 0, 1])), '192.168.0.1');
});

test('MAC addresses', () => {
  assert.equal(formatMAC(parseMAC('AA:bb:0c:d:ee:ff')), 'aa:bb:0c:0d:ee:ff');
  assert.throws(() => parseMAC('zz:00'), /not a hardware address/);
});
