/**
 * Property test over every bundled family and attribute set: random values
 * encode to the same bytes with generated and run-time codecs, and both
 * decode them back to the same value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpecFamily, bundledSpec, bundledSpecNames } from '../../src/spec/index.js';
import { RandomValues, rng } from './random-values.js';

describe('random values round trip in every bundled family', () => {
  for (const name of bundledSpecNames()) {
    it(name, () => {
      const compiled = bundledSpec(name);
      const runtime = new SpecFamily(compiled.model);
      const gen = new RandomValues(compiled.model, rng(name.length * 7919 + 1));
      for (const set of compiled.model.attributeSets) {
        for (let i = 0; i < 6; i++) {
          const v = gen.setValue(set.name, 3);
          const where = `${name} ${set.name} #${i}`;
          const a = compiled.encodeAttributes(set.name, v);
          const b = runtime.encodeAttributes(set.name, v);
          assert.deepEqual(a, b, `${where}: encoders differ`);
          assert.deepEqual(compiled.decodeAttributes(set.name, a), v, `${where}: generated decode`);
          assert.deepEqual(runtime.decodeAttributes(set.name, a), v, `${where}: run-time decode`);
        }
      }
      for (const d of compiled.model.definitions) {
        if (d.kind !== 'struct') continue;
        const v = gen.structValue(d.name);
        const bytes = compiled.encodeStruct(d.name, v);
        assert.equal(bytes.length, d.size);
        assert.deepEqual(runtime.encodeStruct(d.name, v), bytes);
        assert.deepEqual(compiled.decodeStruct(d.name, bytes), v);
        assert.deepEqual(runtime.decodeStruct(d.name, bytes), v);
      }
    });
  }
});
