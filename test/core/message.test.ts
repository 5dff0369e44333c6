import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessages, encodeMessage, encodeMessages, MalformedError, Flags, flagNames, messageTypeName } from '../../src/index.js';

test('encode/decode round trip keeps every header field', () => {
  const cases = [
    { type: 0x10, flags: Flags.Request | Flags.Ack, seq: 1, portId: 0 },
    { type: 0xffff, flags: 0xffff, seq: 0xffffffff, portId: 0xffffffff },
    { type: 2, flags: Flags.Multi, seq: 12345, portId: 99 },
  ];
  for (const h of cases) {
    for (let n = 0; n <= 9; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => i + 1);
      const enc = encodeMessage({ header: { length: 0, ...h }, data });
      assert.equal(enc.length % 4, 0, 'padded to 4');
      const [m, ...rest] = decodeMessages(enc);
      assert.equal(rest.length, 0);
      assert.deepEqual(m!.header, { length: 16 + n, ...h });
      assert.deepEqual([...m!.data], [...data]);
    }
  }
});

test('decodeMessages walks several aligned messages and returns views', () => {
  const a = { header: { length: 0, type: 16, flags: 0, seq: 1, portId: 0 }, data: new Uint8Array([1, 2, 3]) };
  const b = { header: { length: 0, type: 17, flags: 0, seq: 2, portId: 0 }, data: new Uint8Array([4, 5, 6, 7, 8]) };
  const buf = encodeMessages([a, b]);
  assert.equal(buf.length, 20 + 24);
  const ms = decodeMessages(buf);
  assert.deepEqual(ms.map((m) => m.header.type), [16, 17]);
  assert.equal(ms[1]!.data.buffer, buf.buffer, 'zero-copy view');
  assert.deepEqual([...ms[1]!.data], [4, 5, 6, 7, 8]);
});

test('host byte order header layout matches struct nlmsghdr', () => {
  const enc = encodeMessage({ header: { length: 0, type: 0x1234, flags: 0x0305, seq: 0x01020304, portId: 0x0a0b0c0d }, data: new Uint8Array(0) });
  const dv = new DataView(enc.buffer);
  assert.equal(dv.getUint32(0, true), 16);
  assert.equal(dv.getUint16(4, true), 0x1234);
  assert.equal(dv.getUint16(6, true), 0x0305);
  assert.equal(dv.getUint32(8, true), 0x01020304);
  assert.equal(dv.getUint32(12, true), 0x0a0b0c0d);
});

test('malformed messages give MalformedError, never another error', () => {
  const hdr = (len: number, total: number) => { const b = new Uint8Array(total); new DataView(b.buffer).setUint32(0, len, true); return b; };
  const cases: [string, Uint8Array, RegExp][] = [
    ['short header', new Uint8Array(10).fill(1), /header needs 16/],
    ['length below header', hdr(8, 16), /smaller than the 16-byte header/],
    ['length past buffer', hdr(64, 32), /runs past the end/],
    ['second message truncated', (() => { const b = new Uint8Array(28); new DataView(b.buffer).setUint32(0, 16, true); b[16] = 9; return b; })(), /header needs 16/],
    ['zero length', hdr(0, 16), /smaller than/],
  ];
  for (const [name, buf, re] of cases) {
    assert.throws(() => decodeMessages(buf), (e: unknown) => e instanceof MalformedError && re.test((e as Error).message), name);
  }
});

test('flag and type names', () => {
  assert.equal(flagNames(Flags.Request | Flags.Ack | Flags.Dump), 'REQUEST|ACK|DUMP');
  assert.equal(flagNames(Flags.Request | Flags.Create | Flags.Excl, 'new'), 'REQUEST|EXCL|CREATE');
  assert.equal(flagNames(Flags.Capped | Flags.AckTlvs, 'ack'), 'CAPPED|ACK_TLVS');
  assert.equal(flagNames(0), '0');
  assert.equal(flagNames(0x8000), '0x8000');
  assert.equal(messageTypeName(2), 'NLMSG_ERROR');
  assert.equal(messageTypeName(3), 'NLMSG_DONE');
  assert.equal(messageTypeName(16), undefined);
});

test('fuzz: random bytes decode or throw MalformedError, and terminate', () => {
  let seed = 42;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
  for (let i = 0; i < 5000; i++) {
    const n = rnd() % 80;
    const b = Uint8Array.from({ length: n }, () => rnd() & 0xff);
    if (n >= 4 && rnd() % 2) new DataView(b.buffer).setUint32(0, 16 + (rnd() % 64), true);
    try {
      const ms = decodeMessages(b);
      for (const m of ms) assert.ok(m.header.length >= 16 && m.data.length === m.header.length - 16);
    } catch (e) {
      assert.ok(e instanceof MalformedError, `unexpected ${String(e)}`);
    }
  }
});
