/**
 * Builds random values for any attribute set of a model, in the canonical
 * shape the decoders return (so decode(encode(v)) must equal v). Used by
 * the property test over every bundled family. Deterministic for a seed.
 */
import type { AttrSet, AttrSpec, EnumDef, FamilyModel, ScalarType, StructDef } from '../../src/spec/model.js';
import { camelCase } from '../../src/spec/names.js';

type Obj = Record<string, unknown>;

const RANGE: Record<ScalarType, [number, number]> = {
  u8: [0, 0xff], s8: [-0x80, 0x7f], u16: [0, 0xffff], s16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff], s32: [-0x80000000, 0x7fffffff], u64: [0, Number.MAX_SAFE_INTEGER], s64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random value generator over one model. */
export class RandomValues {
  constructor(private readonly m: FamilyModel, private readonly r: () => number) {}

  private int(min: number, max: number): number {
    return min + Math.floor(this.r() * (max - min + 1));
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  private set(name: string): AttrSet {
    return this.m.attributeSets.find((s) => s.name === name)!;
  }
  private struct(name: string): StructDef {
    return this.m.definitions.find((d) => d.kind === 'struct' && d.name === name) as StructDef;
  }
  private enumDef(name: string): EnumDef {
    return this.m.definitions.find((d) => d.name === name && (d.kind === 'enum' || d.kind === 'flags')) as EnumDef;
  }

  private scalar(t: ScalarType | 'uint' | 'sint'): number | bigint {
    if (t === 'uint') return this.r() < 0.2 ? 2n ** 63n + BigInt(this.int(0, 1000)) : this.int(0, 2 ** 40);
    if (t === 'sint') return this.int(-(2 ** 40), 2 ** 40);
    if (t === 'u64' && this.r() < 0.2) return 2n ** 60n + BigInt(this.int(0, 1000));
    const [min, max] = RANGE[t];
    return this.int(min, max);
  }

  /** Enum or flags value in decoded form, or undefined when no entry fits the type. */
  private enumValue(name: string, asFlags: boolean | undefined, bits: number): unknown {
    const d = this.enumDef(name);
    const canonical = d.entries.filter((e) => d.entries.find((x) => x.value === e.value) === e);
    if (d.kind === 'flags' || asFlags) {
      const ok = canonical.filter((e) => e.value >= 0 && e.value < Math.min(bits, 53));
      return ok.filter(() => this.r() < 0.4).sort((a, b) => a.value - b.value).map((e) => e.name);
    }
    const max = bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1;
    const ok = canonical.filter((e) => e.value >= 0 && e.value <= max);
    return ok.length ? this.pick(ok).name : undefined;
  }

  private bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(0, 255));
  }

  private text(max: number): string {
    const n = this.int(0, max);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.int(0x20, 0x7e));
    return s;
  }

  /** A struct object with every non-pad member. */
  structValue(name: string): Obj {
    const o: Obj = {};
    for (const mem of this.struct(name).members) {
      const k = camelCase(mem.name);
      if (mem.type === 'pad') continue;
      if (mem.type === 'binary') o[k] = mem.struct ? this.structValue(mem.struct) : this.bytes(mem.len!);
      else if (mem.type === 'string') o[k] = this.text(Math.max(0, mem.len! - 1));
      else if (mem.enum) {
        const v = this.enumValue(mem.enum, mem.enumAsFlags, 8 * RANGEBITS[mem.type]);
        o[k] = v ?? 0;
        if (v === undefined) o[k] = 0;
      } else o[k] = this.scalar(mem.type);
    }
    return o;
  }

  /** A random object of set `name` (depth-limited), or with selector values in `outer` scopes. */
  setValue(name: string, depth: number, outer: { set: string; values: Obj }[] = []): Obj {
    const s = this.set(name);
    const o: Obj = {};
    const scopes = [{ set: name, values: o }, ...outer];
    const byKey = new Map<string, AttrSpec>();
    for (const a of s.attributes) {
      byKey.delete(camelCase(a.name));
      byKey.set(camelCase(a.name), a);
    }
    // Selectors first, so they precede their sub-messages on the wire.
    for (const a of byKey.values()) {
      if (a.type !== 'sub-message' || this.r() < 0.3) continue;
      const sel = [...byKey.values()].find((x) => x.name === a.selector);
      if (!sel || sel.type !== 'string') continue;
      o[camelCase(sel.name)] = this.pick(this.m.subMessages.find((x) => x.name === a.subMessage)!.formats).value;
    }
    for (const [k, a] of byKey) {
      if (k in o || this.r() < 0.35) continue;
      const v = a.multiAttr ? this.multi(a, depth, scopes) : this.attrValue(a, depth, scopes);
      if (v !== undefined) o[k] = v;
    }
    return o;
  }

  private multi(a: AttrSpec, depth: number, scopes: { set: string; values: Obj }[]): unknown {
    const n = this.int(1, 3);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const v = this.attrValue(a, depth, scopes);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }

  private attrValue(a: AttrSpec, depth: number, scopes: { set: string; values: Obj }[]): unknown {
    const t = a.type;
    if (t in RANGE || t === 'uint' || t === 'sint') {
      if (a.enum) return this.enumValue(a.enum, a.enumAsFlags, t === 'uint' || t === 'sint' ? 64 : 8 * RANGEBITS[t as ScalarType]);
      return this.scalar(t as ScalarType);
    }
    switch (t) {
      case 'string': return this.text(12);
      case 'flag': return true;
      case 'binary':
        if (a.struct) return this.structValue(a.struct);
        if (a.subType) return Array.from({ length: this.int(0, 4) }, () => this.scalar(a.subType as ScalarType));
        return this.bytes(this.int(0, 9));
      case 'bitfield32':
        if (a.enum) {
          const v = this.enumValue(a.enum, a.enumAsFlags, 32);
          const sel = this.enumValue(a.enum, a.enumAsFlags, 32);
          return v === undefined || sel === undefined ? undefined : { value: v, selector: sel };
        }
        return { value: this.scalar('u32'), selector: this.scalar('u32') };
      case 'nest':
        return depth <= 0 ? undefined : this.setValue(a.nestedAttributes!, depth - 1, scopes);
      case 'indexed-array': {
        const n = this.int(0, 3);
        if (a.subType === 'nest') return depth <= 0 ? undefined : Array.from({ length: n }, () => this.setValue(a.nestedAttributes!, depth - 1, scopes));
        if (a.subType === 'binary') return Array.from({ length: n }, () => this.bytes(this.int(0, 6)));
        if (a.subType === 'string') return Array.from({ length: n }, () => this.text(6));
        return Array.from({ length: n }, () => this.scalar(a.subType as ScalarType));
      }
      case 'nest-type-value': {
        if (depth <= 0) return undefined;
        return Array.from({ length: this.int(1, 2) }, () => {
          const ids: Obj = {};
          for (const n of a.typeValue!) ids[camelCase(n)] = this.int(0, 999);
          return { ...ids, ...this.setValue(a.nestedAttributes!, depth - 1, scopes) };
        });
      }
      case 'sub-message': {
        if (depth <= 0) return undefined;
        const holder = scopes.find((s) => this.set(s.set).attributes.some((x) => x.name === a.selector));
        const sel = holder?.values[camelCase(a.selector!)];
        const fmt = this.m.subMessages.find((x) => x.name === a.subMessage)!.formats.find((f) => f.value === sel);
        if (!fmt) return undefined;
        const o: Obj = fmt.fixedHeader ? this.structValue(fmt.fixedHeader) : {};
        if (fmt.attributeSet) {
          const attrs = this.setValue(fmt.attributeSet, depth - 1, scopes);
          for (const [k, v] of Object.entries(attrs)) if (!(k in o)) o[k] = v;
        }
        return o;
      }
      default: return undefined;
    }
  }
}

const RANGEBITS: Record<ScalarType, number> = { u8: 1, s8: 1, u16: 2, s16: 2, u32: 4, s32: 4, u64: 8, s64: 8 };
