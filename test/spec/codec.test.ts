/**
 * Encoding and decoding every attribute type of the spec format, with the
 * run-time codec and with generated code compiled from the same spec: both
 * must give identical bytes and identical objects.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AttrDecoder, AttrEncoder } from '../../src/core/attributes.js';
import type { BundledFamily } from '../../src/spec/compiled.js';
import { SpecFamily, loadSpec, toYnlJson, type AttrValues } from '../../src/spec/index.js';
import { ALL_TYPES_SPEC, RAW_SPEC, compileGenerated } from './fixtures.js';

const runtime = loadSpec(ALL_TYPES_SPEC);
let compiled: SpecFamily;
let gen: BundledFamily;

before(async () => {
  gen = await compileGenerated(ALL_TYPES_SPEC);
  compiled = new SpecFamily(gen.model, gen.codecs);
});

/** A value using every attribute type. */
function sample(): AttrValues {
  return {
    aU8: 200, aU16: 65000, aU32: 4000000000, aU64: 2n ** 63n + 5n, aS8: -100, aS16: -30000, aS32: -2000000000,
    aS64: -(2n ** 62n), aUint: 2 ** 40, aSint: -5, aString: 'héllo', aBinary: new Uint8Array([1, 2, 3]), aFlag: true,
    aBitfield: { value: ['read', 'exec'], selector: ['read', 'write', 'exec'] }, aBe16: 0x1234, aColor: 'blue',
    aPerms: ['write'], aStruct: { x: 7, y: 0x01020304, tag: new Uint8Array([9, 9, 9, 9]), hue: 'green' },
    aArray: [1, 2, 65535], aNest: { name: 'in', val: 3 }, aMulti: [1, 2, 3],
    aIndexed: [{ name: 'a', val: 1 }, { val: 2 }], aIndexedU32: [10, 20],
    aNtv: [{ id: 4, name: 'four', val: 40 }, { id: 9, val: 90 }], kind: 'baz',
    data: { x: 1, y: 2, tag: new Uint8Array([0, 0, 0, 0]), hue: 'red', speed: 1000, mode: 'blue' },
    aIpv4: 0x0a000001, aMac: new Uint8Array([0, 0x11, 0x22, 0x33, 0x44, 0x55]), aHex: 255, aEnumFlags: ['red', 'blue'],
    aLine: { from: { x: 1, y: 2, tag: new Uint8Array([1, 2, 3, 4]), hue: 'blue' }, width: -3 }, aBe64: 2n ** 60n,
    aLite: { val: 5 }, aMultiNest: [{ val: 1 }, { name: 'z' }],
  };
}

describe('every attribute type', () => {
  it('round trips through the run-time codec', () => {
    const bytes = runtime.encodeAttributes('main', sample());
    assert.deepEqual(runtime.decodeAttributes('main', bytes), sample());
  });

  it('generated code encodes the same bytes and decodes the same objects', () => {
    const a = runtime.encodeAttributes('main', sample());
    const b = compiled.encodeAttributes('main', sample());
    assert.deepEqual(b, a);
    assert.deepEqual(compiled.decodeAttributes('main', a), runtime.decodeAttributes('main', a));
    assert.ok(compiled.isCompiled && !runtime.isCompiled);
  });

  it('writes the wire format the kernel expects', () => {
    const bytes = runtime.encodeAttributes('main', { aBe16: 0x1234, aUint: 7, aSint: -(2 ** 40), aFlag: false, aU8: 1, aNest: { val: 1 } });
    const ad = new AttrDecoder(bytes);
    const seen: [number, number, boolean][] = [];
    while (ad.next()) seen.push([ad.type, ad.length, ad.nestedFlag]);
    assert.deepEqual(seen, [[16, 2, false], [9, 4, false], [10, 8, false], [1, 1, false], [21, 8, true]]);
    assert.deepEqual(Array.from(bytes.subarray(4, 6)), [0x12, 0x34], 'big-endian payload');
    const st = runtime.encodeStruct('point', { x: 1, y: 0x0a0b0c0d, hue: 'blue' });
    assert.deepEqual(Array.from(st), [1, 0, 0, 0, 0x0a, 0x0b, 0x0c, 0x0d, 0, 0, 0, 0, 7, 0, 0, 0]);
  });

  it('64-bit values are numbers when safe, bigints otherwise', () => {
    const v = runtime.decodeAttributes('main', runtime.encodeAttributes('main', { aU64: 5, aS64: -(2n ** 60n), aUint: 2n ** 53n }));
    assert.equal(v['aU64'], 5);
    assert.equal(v['aS64'], -(2n ** 60n));
    assert.equal(v['aUint'], 2n ** 53n);
  });

  it('accepts numbers for enums and flags, and hex strings for binary', () => {
    const a = runtime.encodeAttributes('main', { aColor: 7, aPerms: 6, aBinary: '0a0b' });
    assert.deepEqual(runtime.decodeAttributes('main', a), { aColor: 'blue', aPerms: ['write', 'exec'], aBinary: new Uint8Array([10, 11]) });
  });

  it('keeps unknown enum values and flag bits as numbers', () => {
    const e = new AttrEncoder();
    e.u32(17, 99).u32(18, 0b1000_0001).u32(45, 0b1001);
    for (const fam of [runtime, compiled]) {
      assert.deepEqual(fam.decodeAttributes('main', e.finish()), { aColor: 99, aPerms: ['read', 128], aEnumFlags: ['red', 8] });
    }
  });

  it('keeps unknown attributes raw and re-encodes them', () => {
    const e = new AttrEncoder();
    e.u8(1, 5).u32(300, 42).nested(301, (n) => n.u8(1, 1)).flag(0);
    const bytes = e.finish().slice();
    for (const fam of [runtime, compiled]) {
      const v = fam.decodeAttributes('main', bytes);
      assert.equal(v['aU8'], 5);
      assert.deepEqual(v['_unknown'], [
        { type: 300, nested: false, data: new Uint8Array([42, 0, 0, 0]) },
        { type: 301, nested: true, data: new Uint8Array([5, 0, 1, 0, 1, 0, 0, 0]) },
        { type: 0, nested: false, data: new Uint8Array(0) },
      ]);
      assert.deepEqual(fam.encodeAttributes('main', v), bytes);
    }
  });

  it('sub-messages follow their selector, inner or outer', () => {
    for (const fam of [runtime, compiled]) {
      for (const [kind, data] of [['foo', { speed: 1, mode: 'green' }], ['bar', { x: 1, y: 2, tag: new Uint8Array(4), hue: 'red' }], ['none', {}], ['qux', { defcls: 3, speed: 9 }]] as const) {
        const v = { kind, data, aNest: { val: 1, deep: data } };
        assert.deepEqual(fam.decodeAttributes('main', fam.encodeAttributes('main', v)), v, kind);
      }
      // A 2-byte fixed header is padded to 4 before the attributes, as nla_put does.
      const q = fam.encodeAttributes('main', { kind: 'qux', data: { defcls: 3, speed: 9 } });
      assert.deepEqual(Array.from(q.subarray(8)), [16, 0, 41, 0x80, 3, 0, 0, 0, 8, 0, 1, 0, 9, 0, 0, 0]);
      // A selector value without a format: the payload stays raw bytes.
      const raw = fam.decodeAttributes('main', fam.encodeAttributes('main', { kind: 'other', data: new Uint8Array([1, 2, 3, 4]) }));
      assert.deepEqual(raw, { kind: 'other', data: new Uint8Array([1, 2, 3, 4]) });
      assert.throws(() => fam.encodeAttributes('main', { kind: 'other', data: { speed: 1 } }), /no sub-message format/);
    }
  });

  it('rejects unknown keys and bad values clearly', () => {
    for (const fam of [runtime, compiled]) {
      assert.throws(() => fam.encodeAttributes('main', { devName: 'x' }), /attribute set "main" has no attribute "devName"/);
      assert.throws(() => fam.encodeAttributes('main', { aU8: 256 }), RangeError);
      assert.throws(() => fam.encodeAttributes('main', { aU8: 1.5 }), TypeError);
      assert.throws(() => fam.encodeAttributes('main', { aColor: 'purple' }), /unknown enum name "purple"/);
      assert.throws(() => fam.encodeAttributes('main', { aStruct: { z: 1 } }), /struct point has no member "z"/);
    }
  });

  it('decodes structs member by member, leaving out members that do not fit', () => {
    for (const fam of [runtime, compiled]) {
      assert.deepEqual(fam.decodeStruct('point', new Uint8Array([1, 0, 0, 0, 0, 0, 0, 2, 5])), { x: 1, y: 2 });
      assert.deepEqual(fam.decodeStruct('point', new Uint8Array(20)), { x: 0, y: 0, tag: new Uint8Array(4), hue: 'red' });
    }
  });
});

describe('messages', () => {
  it('genetlink request: genlmsghdr, then attributes', () => {
    const data = runtime.encodeRequest('get', 'do', { aU8: 3 });
    assert.deepEqual(Array.from(data), [1, 1, 0, 0, 5, 0, 1, 0, 3, 0, 0, 0]);
    assert.deepEqual(runtime.decodeReply('get', 'do', data), { aU8: 3 });
    assert.deepEqual(compiled.decodeReply('get', 'dump', data), { aU8: 3 });
    assert.equal(runtime.decodeKernelMessage(data)?.operation, 'get');
    assert.throws(() => runtime.encodeRequest('set', 'dump', {}), /no dump mode/);
    assert.throws(() => runtime.encodeRequest('nope', 'do', {}), /no operation named "nope"/);
  });

  it('explains extended-ack offsets and missing attribute types', () => {
    const data = runtime.encodeRequest('get', 'do', { aU8: 1, aNest: { name: 'x', val: 2 } });
    // nlmsghdr (16) + genlmsghdr (4): a-u8 at 20, a-nest at 28, its name at 32, its val at 40.
    assert.equal(runtime.attributePath('get', data, 20), '.a-u8');
    assert.equal(runtime.attributePath('get', data, 28), '.a-nest');
    assert.equal(runtime.attributePath('get', data, 32), '.a-nest.name');
    assert.equal(runtime.attributePath('get', data, 40), '.a-nest.val');
    assert.equal(runtime.attributePath('get', data, 41), undefined);
    assert.equal(runtime.attributeName('main', 3), 'a-u32');
    assert.equal(runtime.attributeName('main', 0), 'unspec');
    assert.equal(runtime.attributeName('main', 999), undefined);
    const raw = loadSpec(RAW_SPEC);
    const rd = raw.encodeRequest('getobj', 'do', { family: 2, name: 'eth0' });
    assert.equal(raw.attributePath('getobj', rd, 16 + 8), '.name');
  });

  it('netlink-raw: fixed header members next to the attributes', () => {
    const raw = loadSpec(RAW_SPEC);
    const data = raw.encodeRequest('getobj', 'do', { family: 2, index: -1, name: 'eth0' });
    assert.deepEqual(Array.from(data.subarray(0, 8)), [2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    assert.deepEqual(raw.decodeReply('getobj', 'do', data), { family: 2, index: -1, name: 'eth0' });
    const ntf = raw.decodeKernelMessage(data, 16);
    assert.equal(ntf?.operation, 'newobj-ntf');
    assert.equal(raw.decodeKernelMessage(data, 99), undefined);
    assert.deepEqual(Object.keys(raw.decodeReply('getobj', 'do', data, { names: 'spec' })), ['name', 'family', 'index']);
    assert.equal(raw.mcastGroupId('objs'), 1);
  });
});

describe('spec-names mode (cli.py output)', () => {
  it('uses dashed names, display hints, and Python JSON formatting', () => {
    const bytes = runtime.encodeAttributes('main', sample());
    const v = runtime.decodeAttributes('main', bytes, { names: 'spec' });
    assert.equal(v['a-ipv4'], '10.0.0.1');
    assert.equal(v['a-mac'], '00:11:22:33:44:55');
    assert.equal(v['a-hex'], '0xff');
    assert.deepEqual(v['a-perms'], ['write']);
    assert.deepEqual(v['a-indexed'], [{ 0: { name: 'a', val: 1 } }, { 1: { val: 2 } }]);
    assert.deepEqual(v['a-ntv'], { id: 4, name: 'four', val: 40 });
    assert.deepEqual(v['a-nest'], { name: 'in', val: 3 });
    const json = toYnlJson({ 'a-u64': v['a-u64'], 'a-string': v['a-string'], 'a-binary': v['a-binary'], list: [1, true, null] });
    assert.equal(json, '{"a-u64": 9223372036854775813, "a-string": "h\\u00e9llo", "a-binary": "010203", "list": [1, true, null]}');
    assert.deepEqual(runtime.encodeAttributes('main', { 'a-u8': 1, 'a-color': 'green' }, { names: 'spec' }), runtime.encodeAttributes('main', { aU8: 1, aColor: 'green' }));
  });

  it('strings: up to the first NUL, or (spec names) everything but the last byte, like the kernel tool', () => {
    const e = new AttrEncoder();
    e.bytes(11, new Uint8Array([0x61, 0x62, 0, 0]));
    assert.deepEqual(runtime.decodeAttributes('main', e.finish()), { aString: 'ab' });
    assert.deepEqual(compiled.decodeAttributes('main', e.finish()), { aString: 'ab' });
    const v = runtime.decodeAttributes('main', e.finish(), { names: 'spec' });
    assert.deepEqual(v, { 'a-string': 'ab\u0000' });
    assert.equal(toYnlJson(v), '{"a-string": "ab\\u0000"}');
  });

  it('names unknown attributes UnknownAttr(N), as --process-unknown does', () => {
    const e = new AttrEncoder();
    e.u32(300, 1).u32(300, 2).nested(301, (n) => n.u8(2, 1));
    assert.deepEqual(runtime.decodeAttributes('main', e.finish(), { names: 'spec' }), {
      'UnknownAttr(300)': [new Uint8Array([1, 0, 0, 0]), new Uint8Array([2, 0, 0, 0])],
      'UnknownAttr(301)': { 'UnknownAttr(2)': new Uint8Array([1]) },
    });
  });
});
