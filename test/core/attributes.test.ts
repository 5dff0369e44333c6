import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttrDecoder, AttrEncoder, AttrFlags, MalformedError, attributes } from '../../src/index.js';

test('every integer width round-trips with exact sizes', () => {
  const e = new AttrEncoder(8);
  e.u8(1, 0xff).u16(2, 0xfffe).u32(3, 0xfffffffd).u64(4, 0xfffffffffffffffcn)
    .s8(5, -128).s16(6, -32768).s32(7, -2147483648).s64(8, -9223372036854775808n)
    .u16be(9, 0x1234).u32be(10, 0x12345678).u64be(11, 0x1122334455667788n)
    .uint(12, 7).uint(13, 0x100000000n).sint(14, -5).sint(15, -0x100000000n)
    .u64(16, 42);
  const d = new AttrDecoder(e.finish());
  const got: unknown[] = [];
  while (d.next()) {
    switch (d.type) {
      case 1: got.push(d.u8()); break;
      case 2: got.push(d.u16()); break;
      case 3: got.push(d.u32()); break;
      case 4: got.push(d.u64()); break;
      case 5: got.push(d.s8()); break;
      case 6: got.push(d.s16()); break;
      case 7: got.push(d.s32()); break;
      case 8: got.push(d.s64()); break;
      case 9: got.push(d.u16be()); break;
      case 10: got.push(d.u32be()); break;
      case 11: got.push(d.u64be()); break;
      case 12: got.push(d.length, d.uint()); break;
      case 13: got.push(d.length, d.uint()); break;
      case 14: got.push(d.length, d.sint()); break;
      case 15: got.push(d.length, d.sint()); break;
      case 16: got.push(d.u64n()); break;
    }
  }
  assert.deepEqual(got, [0xff, 0xfffe, 0xfffffffd, 0xfffffffffffffffcn, -128, -32768, -2147483648, -9223372036854775808n,
    0x1234, 0x12345678, 0x1122334455667788n, 4, 7, 8, 0x100000000, 4, -5, 8, -0x100000000, 42]);
});

test('network byte order is big endian on the wire', () => {
  const b = new AttrEncoder().u16be(1 | AttrFlags.NetByteOrder, 0x0102).finish();
  assert.deepEqual([...b], [6, 0, 1, 0x40, 1, 2, 0, 0]);
  const d = new AttrDecoder(b);
  assert.ok(d.next());
  assert.equal(d.type, 1);
  assert.ok(d.netByteOrder);
  assert.ok(!d.nestedFlag);
});

test('strings, bytes, flags, bitfield32 and alignment of 0..7-byte payloads', () => {
  for (let n = 0; n <= 7; n++) {
    const payload = Uint8Array.from({ length: n }, (_, i) => 0xa0 + i);
    const b = new AttrEncoder(4).bytes(1, payload).u8(2, 9).finish();
    assert.equal(b.length, 4 + ((n + 3) & ~3) + 8, `payload ${n}`);
    assert.equal(new DataView(b.buffer, b.byteOffset).getUint16(0, true), 4 + n, 'nla_len excludes padding');
    for (let i = 4 + n; i < 4 + ((n + 3) & ~3); i++) assert.equal(b[i], 0, 'padding is zero');
    const d = new AttrDecoder(b);
    assert.ok(d.next());
    assert.deepEqual([...d.value()], [...payload]);
    assert.ok(d.next());
    assert.equal(d.u8(), 9);
    assert.ok(!d.next());
  }
  const b = new AttrEncoder().string(1, 'veth0').string(2, 'héllo ✓').flag(3).bitfield32(4, 5, 7).finish();
  const d = new AttrDecoder(b);
  d.next(); assert.equal(d.string(), 'veth0'); assert.equal(d.length, 6);
  d.next(); assert.equal(d.string(), 'héllo ✓');
  d.next(); assert.equal(d.flag(), true);
  d.next(); assert.deepEqual(d.bitfield32(), { value: 5, selector: 7 });
});

test('nested attributes set NLA_F_NESTED and decode through a shared view', () => {
  const e = new AttrEncoder();
  e.nested(18, (n) => { n.string(1, 'veth'); n.nested(2, (m) => m.u32(5, 77)); });
  const t = e.nestStart(19, false);
  e.u8(1, 1);
  e.nestEnd(t);
  const outer = new AttrDecoder(e.finish());
  assert.ok(outer.next());
  assert.equal(outer.type, 18);
  assert.ok(outer.nestedFlag);
  const inner = outer.nested();
  inner.next(); assert.equal(inner.string(), 'veth');
  inner.next(); assert.equal(inner.type, 2);
  const deep = inner.nested(); deep.next(); assert.equal(deep.u32(), 77);
  assert.ok(outer.next());
  assert.equal(outer.type, 19);
  assert.ok(!outer.nestedFlag);
});

test('encoder range checks name the attribute', () => {
  const e = new AttrEncoder();
  assert.throws(() => e.u8(3, 256), /attribute type 3: 256 is not a valid u8/);
  assert.throws(() => e.u32(4, -1), /not a valid u32/);
  assert.throws(() => e.u64(5, -1n), /not a valid u64/);
  assert.throws(() => e.u64(5, 2 ** 60), /not a valid u64/, 'unsafe number');
  assert.throws(() => e.s8(6, 1.5), /not a valid s8/);
  assert.throws(() => e.u8(0x10000, 1), /16-bit/);
  assert.throws(() => e.bytes(1, new Uint8Array(70000)), /does not fit/);
});

test('malformed attribute streams give MalformedError with an offset', () => {
  const cases: [string, number[], RegExp][] = [
    ['length below header', [2, 0, 1, 0], /smaller than the 4-byte header/],
    ['length past end', [12, 0, 1, 0, 0, 0, 0, 0], /runs past the end/],
    ['trailing garbage', [5, 0, 1, 0, 7, 0, 0, 0, 1, 2], /header needs 4/],
  ];
  for (const [name, bytes, re] of cases) {
    const d = new AttrDecoder(Uint8Array.from(bytes));
    assert.throws(() => { while (d.next()) { /* walk */ } }, (e: unknown) => e instanceof MalformedError && re.test((e as Error).message), name);
  }
  const d = new AttrDecoder(new AttrEncoder().u16(1, 5).finish());
  d.next();
  assert.throws(() => d.u32(), (e: unknown) => e instanceof MalformedError && /u32 needs exactly 4 bytes, got 2/.test((e as Error).message));
  assert.throws(() => d.u8(), MalformedError);
  // a truncated nest: the outer attribute is fine, its payload is not
  const nest = Uint8Array.from([12, 0, 0x81, 0x80, 8, 0, 1, 0, 0, 0, 0, 0].slice(0, 12));
  new DataView(nest.buffer).setUint16(4, 20, true);
  const o = new AttrDecoder(nest); o.next();
  const inner = o.nested();
  assert.throws(() => inner.next(), MalformedError);
});

test('attributes() iterates plain objects', () => {
  const b = new AttrEncoder().u32(1, 1).nested(2, (n) => n.flag(1)).finish();
  const list = [...attributes(b)];
  assert.deepEqual(list.map((a) => [a.type, a.nested, a.value.length]), [[1, false, 4], [2, true, 4]]);
});

test('fuzz: random attribute streams decode or throw MalformedError', () => {
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
  for (let i = 0; i < 5000; i++) {
    const b = Uint8Array.from({ length: rnd() % 64 }, () => rnd() & 0xff);
    const walk = (d: AttrDecoder, depth: number): void => {
      while (d.next()) {
        const getters = [() => d.u8(), () => d.u16(), () => d.u32(), () => d.u64(), () => d.string(), () => d.uint(), () => d.flag()];
        try { getters[rnd() % getters.length]!(); } catch (e) { if (!(e instanceof MalformedError)) throw e; }
        if (depth < 3 && d.length >= 4) walk(d.nested(), depth + 1);
      }
    };
    try { walk(new AttrDecoder(b), 0); } catch (e) { assert.ok(e instanceof MalformedError, `unexpected ${String(e)}`); }
  }
});
