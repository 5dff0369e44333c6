/**
 * Bad bytes from the kernel: truncated or malformed attributes must throw
 * MalformedError and nothing else, from both codecs; random bytes too.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AttrEncoder } from '../../src/core/attributes.js';
import { MalformedError } from '../../src/core/errors.js';
import { SpecFamily, bundledSpec, bundledSpecNames, loadSpec } from '../../src/spec/index.js';
import { ALL_TYPES_SPEC, captures, compileGenerated } from './fixtures.js';
import { rng } from './random-values.js';

const runtime = loadSpec(ALL_TYPES_SPEC);
let compiled: SpecFamily;
before(async () => {
  const g = await compileGenerated(ALL_TYPES_SPEC);
  compiled = new SpecFamily(g.model, g.codecs);
});

/** Decodes; returns 'ok' or throws if anything other than MalformedError escapes. */
function tryDecode(fn: () => unknown): 'ok' | 'malformed' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof MalformedError) return 'malformed';
    throw e;
  }
}

describe('malformed attribute bytes', () => {
  const cases: [string, (e: AttrEncoder) => void][] = [
    ['u32 with 3 bytes', (e) => e.bytes(3, new Uint8Array(3))],
    ['u8 with 2 bytes', (e) => e.bytes(1, new Uint8Array(2))],
    ['u64 with 4 bytes', (e) => e.bytes(4, new Uint8Array(4))],
    ['uint with 5 bytes', (e) => e.bytes(9, new Uint8Array(5))],
    ['bitfield32 with 4 bytes', (e) => e.bytes(15, new Uint8Array(4))],
    ['big-endian u16 with 1 byte', (e) => e.bytes(16, new Uint8Array(1))],
    ['u16 array with an odd length', (e) => e.bytes(20, new Uint8Array(3))],
    ['nest holding a truncated attribute', (e) => e.bytes(21, new Uint8Array([8, 0, 2, 0, 1]))],
    ['indexed array with a bad item length', (e) => e.bytes(23, new Uint8Array([2, 0, 0, 0]))],
    ['multi-attr u32 with 2 bytes', (e) => e.u32(22, 1).bytes(22, new Uint8Array(2))],
    ['nest-type-value with garbage', (e) => e.bytes(25, new Uint8Array([200, 0, 1, 0]))],
  ];
  for (const [title, build] of cases) {
    it(title, () => {
      const e = new AttrEncoder();
      build(e);
      for (const fam of [runtime, compiled]) {
        assert.throws(() => fam.decodeAttributes('main', e.finish()), MalformedError);
        assert.throws(() => fam.decodeAttributes('main', e.finish(), { names: 'spec' }), MalformedError);
      }
    });
  }

  it('attribute length past the end, and a short header', () => {
    for (const fam of [runtime, compiled]) {
      assert.throws(() => fam.decodeAttributes('main', new Uint8Array([12, 0, 1, 0, 0, 0, 0, 0])), MalformedError);
      assert.throws(() => fam.decodeAttributes('main', new Uint8Array([8, 0])), MalformedError);
      assert.throws(() => fam.decodeAttributes('main', new Uint8Array([2, 0, 1, 0])), MalformedError);
    }
  });

  it('a message shorter than its fixed header or genetlink header', () => {
    assert.throws(() => bundledSpec('rt-link').decodeReply('getlink', 'dump', new Uint8Array(10)), MalformedError);
    assert.throws(() => bundledSpec('nlctrl').decodeReply('getfamily', 'dump', new Uint8Array(2)), MalformedError);
  });

  it('every truncation of real captured messages gives a result or MalformedError', () => {
    const fams = [bundledSpec('rt-link')];
    for (const data of captures().link) {
      for (let n = 0; n <= data.length; n += 3) {
        for (const fam of fams) {
          tryDecode(() => fam.decodeReply('getlink', 'dump', data.subarray(0, n)));
          tryDecode(() => fam.decodeReply('getlink', 'dump', data.subarray(0, n), { names: 'spec' }));
        }
      }
    }
  });
});

describe('fuzz', () => {
  it('random bytes never throw anything but MalformedError', () => {
    const link = bundledSpec('rt-link');
    const random = rng(20241123);
    let ok = 0;
    for (let i = 0; i < 3000; i++) {
      const n = Math.floor(random() * 96);
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
      // Make plausible attribute headers more likely: small lengths and known types.
      if (n >= 4 && i % 2 === 0) { bytes[0] = Math.min(n, 4 + (bytes[0]! % 16)); bytes[1] = 0; bytes[3] = 0; bytes[2] = bytes[2]! % 48; }
      for (const fam of [runtime, compiled]) {
        if (tryDecode(() => fam.decodeAttributes('main', bytes)) === 'ok') ok++;
        tryDecode(() => fam.decodeAttributes('main', bytes, { names: 'spec' }));
      }
      tryDecode(() => link.decodeReply('getlink', 'dump', bytes));
      tryDecode(() => link.decodeAttributes('link-attrs', bytes, { names: 'spec' }));
    }
    assert.ok(ok > 0, 'some random inputs decode');
  });

  it('random mutations of real messages decode identically in both codecs or fail in both', () => {
    const compiledLink = bundledSpec('rt-link');
    const random = rng(7);
    const msgs = captures().link;
    for (let i = 0; i < 400; i++) {
      const src = msgs[i % msgs.length]!;
      const m = src.slice();
      const flips = 1 + (i % 4);
      for (let k = 0; k < flips; k++) m[Math.floor(random() * m.length)] = Math.floor(random() * 256);
      let a: unknown;
      let b: unknown;
      const ra = tryDecode(() => { a = compiledLink.decodeReply('getlink', 'dump', m); });
      const rb = tryDecode(() => { b = runtimeLink().decodeReply('getlink', 'dump', m); });
      assert.equal(ra, rb);
      if (ra === 'ok') assert.deepEqual(a, b);
    }
  });
});

describe('fuzz every bundled family', () => {
  it('random attribute streams: both codecs agree, or both throw MalformedError', () => {
    const random = rng(99);
    for (const name of bundledSpecNames()) {
      const compiled = bundledSpec(name);
      const runtime = new SpecFamily(compiled.model);
      for (const set of compiled.model.attributeSets) {
        for (let i = 0; i < 25; i++) {
          // Build a plausible stream: a few attributes with known numbers and random payloads.
          const parts: number[] = [];
          const count = 1 + Math.floor(random() * 4);
          for (let k = 0; k < count; k++) {
            const a = set.attributes[Math.floor(random() * set.attributes.length)];
            const len = Math.floor(random() * 13);
            const type = (a ? a.value : Math.floor(random() * 40)) | (random() < 0.3 ? 0x8000 : 0);
            parts.push((len + 4) & 0xff, (len + 4) >> 8, type & 0xff, type >> 8);
            for (let j = 0; j < len; j++) parts.push(Math.floor(random() * 256));
            while (parts.length % 4) parts.push(0);
          }
          if (random() < 0.2) parts.length = Math.floor(random() * parts.length);
          const bytes = new Uint8Array(parts);
          let a: unknown;
          let b: unknown;
          const ra = tryDecode(() => { a = compiled.decodeAttributes(set.name, bytes); });
          const rb = tryDecode(() => { b = runtime.decodeAttributes(set.name, bytes); });
          assert.equal(ra, rb, `${name} ${set.name}`);
          if (ra === 'ok') assert.deepEqual(a, b, `${name} ${set.name}`);
          tryDecode(() => runtime.decodeAttributes(set.name, bytes, { names: 'spec' }));
        }
      }
    }
  });
});

let cachedRuntimeLink: SpecFamily | undefined;
function runtimeLink(): SpecFamily {
  const b = bundledSpec('rt-link');
  // The run-time codec over the bundled model (no spec files needed).
  cachedRuntimeLink ??= new SpecFamily(b.model);
  return cachedRuntimeLink;
}
