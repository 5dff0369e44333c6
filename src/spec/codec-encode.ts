/**
 * Run-time encoding: objects → attribute bytes, by walking the model (see
 * codec.ts for the rules). Throws TypeError / RangeError on bad values.
 */
import type { AttrEncoder } from '../core/attributes.js';
import { AttrFlags } from '../core/constants.js';
import type { AttrValues, Scope, UnknownAttr } from './codec-types.js';
import { SCALARS, sizeOf, type CodecIndex } from './codec-index.js';
import type { AttrSpec, ScalarType, StructDef } from './model.js';
import { autoScalarType, enumValue, flagsValue, scalarBytes, toBytes, writeScalar } from './values.js';

/** Encodes attribute sets and structs of one indexed model. */
export class RuntimeEncoder {
  /** Encodes with the tables of `ix`. */
  constructor(private readonly ix: CodecIndex) {}

  /**
   * Encodes `values` as attributes of set `setName` into `e`. Keys listed in
   * `skip` are ignored (fixed-header members); undefined values are
   * skipped; an unknown key throws TypeError naming the set.
   */
  encodeSet(setName: string, e: AttrEncoder, values: AttrValues, outer: readonly Scope[] = [], skip?: ReadonlySet<string>): void {
    const set = this.ix.set(setName);
    if (values === null || typeof values !== 'object') throw new TypeError(`${setName}: expected an object of attributes`);
    const scopes = [{ set: setName, values }, ...outer];
    for (const key of Object.keys(values)) {
      const v = values[key];
      if (v === undefined || skip?.has(key)) continue;
      if (key === '_unknown' && this.ix.style === 'camel') {
        for (const u of v as UnknownAttr[]) e.bytes(u.nested ? u.type | AttrFlags.Nested : u.type, u.data);
        continue;
      }
      const spec = set.byKey.get(key);
      if (!spec) throw new TypeError(`attribute set "${setName}" has no attribute "${key}"`);
      if (spec.multiAttr && Array.isArray(v) && !(spec.type === 'binary' && spec.subType !== undefined && !Array.isArray(v[0]))) {
        for (const item of v) this.encodeValue(spec, e, item, scopes, `${setName}.${spec.name}`);
      } else this.encodeValue(spec, e, v, scopes, `${setName}.${spec.name}`);
    }
  }

  private scalarOf(spec: { enum?: string; enumAsFlags?: boolean }, v: unknown, where: string): unknown {
    if (spec.enum === undefined || typeof v === 'number' || typeof v === 'bigint') return v;
    const e = this.ix.enums.get(spec.enum)!;
    return e.def.kind === 'flags' || spec.enumAsFlags ? flagsValue(e.table, v, where) : enumValue(e.table, v, where);
  }

  /** Encodes one attribute of `spec` with value `v`. */
  encodeValue(spec: AttrSpec, e: AttrEncoder, v: unknown, scopes: Scope[], where: string): void {
    const t = spec.type;
    const big = spec.byteOrder === 'big-endian';
    if (SCALARS.has(t)) {
      e.bytes(spec.value, scalarBytes(t as ScalarType, this.scalarOf(spec, v, where), big, where));
      return;
    }
    if (t === 'uint' || t === 'sint') {
      const n = this.scalarOf(spec, v, where);
      e.bytes(spec.value, scalarBytes(autoScalarType(t, n, where), n, big, where));
      return;
    }
    switch (t) {
      case 'string':
        if (typeof v !== 'string') throw new TypeError(`${where}: expected a string`);
        e.string(spec.value, v);
        return;
      case 'flag':
        if (v) e.flag(spec.value);
        return;
      case 'pad':
      case 'unused':
        return;
      case 'binary':
        if (spec.struct !== undefined && v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
          e.bytes(spec.value, this.encodeStruct(spec.struct, v as AttrValues));
        } else if (spec.subType !== undefined && Array.isArray(v)) {
          const st = spec.subType as ScalarType;
          const size = sizeOf(st);
          const out = new Uint8Array(v.length * size);
          const dv = new DataView(out.buffer);
          v.forEach((x, i) => writeScalar(dv, i * size, st, x, big, where));
          e.bytes(spec.value, out);
        } else e.bytes(spec.value, toBytes(v, where));
        return;
      case 'bitfield32': {
        const o = v as { value?: unknown; selector?: unknown };
        if (!o || typeof o !== 'object') throw new TypeError(`${where}: expected {value, selector}`);
        const val = Number(this.scalarOf(spec, o.value ?? 0, where));
        const sel = Number(this.scalarOf(spec, o.selector ?? 0, where));
        e.bitfield32(spec.value, val, sel);
        return;
      }
      case 'nest': {
        const tok = e.nestStart(spec.value);
        this.encodeSet(spec.nestedAttributes!, e, v as AttrValues, scopes);
        e.nestEnd(tok);
        return;
      }
      case 'indexed-array': {
        if (!Array.isArray(v)) throw new TypeError(`${where}: expected an array`);
        const tok = e.nestStart(spec.value);
        v.forEach((item, i) => {
          const sub = spec.subType!;
          if (sub === 'nest') {
            const t2 = e.nestStart(i);
            this.encodeSet(spec.nestedAttributes!, e, item as AttrValues, scopes);
            e.nestEnd(t2);
          } else if (sub === 'binary') e.bytes(i, toBytes(item, where));
          else if (sub === 'string') e.string(i, String(item));
          else if (sub === 'uint' || sub === 'sint') e.bytes(i, scalarBytes(autoScalarType(sub, item, where), item, big, where));
          else e.bytes(i, scalarBytes(sub as ScalarType, item, big, where));
        });
        e.nestEnd(tok);
        return;
      }
      case 'nest-type-value': {
        if (!Array.isArray(v)) throw new TypeError(`${where}: expected an array of entries`);
        const names = spec.typeValue!.map((n) => this.ix.key(n));
        const tok = e.nestStart(spec.value);
        for (const entry of v as AttrValues[]) {
          const toks: number[] = [];
          const rest: AttrValues = { ...entry };
          for (const n of names) {
            const id = entry[n];
            if (typeof id !== 'number') throw new TypeError(`${where}: entry needs a numeric "${n}"`);
            toks.push(e.nestStart(id));
            delete rest[n];
          }
          this.encodeSet(spec.nestedAttributes!, e, rest, scopes);
          for (let i = toks.length - 1; i >= 0; i--) e.nestEnd(toks[i]!);
        }
        e.nestEnd(tok);
        return;
      }
      case 'sub-message': {
        const sel = this.ix.findSelector(spec.selector!, scopes);
        const fmt = sel === undefined ? undefined : this.ix.subs.get(spec.subMessage!)!.formats.find((f) => f.value === String(sel));
        if (!fmt) {
          if (v instanceof Uint8Array) { e.bytes(spec.value, v); return; }
          throw new TypeError(`${where}: no sub-message format for selector "${spec.selector}" = ${JSON.stringify(sel)}`);
        }
        const obj = v as AttrValues;
        const tok = e.nestStart(spec.value, fmt.attributeSet !== undefined);
        let skip: Set<string> | undefined;
        if (fmt.fixedHeader !== undefined) {
          const def = this.ix.struct(fmt.fixedHeader);
          e.raw(this.encodeStruct(fmt.fixedHeader, obj, true));
          skip = new Set(def.members.map((m) => this.ix.key(m.name)));
        }
        if (fmt.attributeSet !== undefined) this.encodeSet(fmt.attributeSet, e, obj, scopes, skip);
        e.nestEnd(tok);
        return;
      }
    }
  }

  /**
   * Encodes a struct from an object of its members; missing members are
   * zero. With `partial`, keys that are not members are ignored (they are
   * attributes next to a fixed header), else they throw TypeError.
   */
  encodeStruct(name: string, v: AttrValues, partial = false): Uint8Array {
    const def = this.ix.struct(name);
    const out = new Uint8Array(def.size);
    this.writeStruct(def, v, out, 0, partial);
    return out;
  }

  private writeStruct(def: StructDef, v: AttrValues, out: Uint8Array, at: number, partial: boolean): void {
    if (!partial) {
      for (const k of Object.keys(v)) if (!def.members.some((m) => this.ix.key(m.name) === k)) throw new TypeError(`struct ${def.name} has no member "${k}"`);
    }
    const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
    let off = at;
    for (const m of def.members) {
      const where = `${def.name}.${m.name}`;
      const x = v[this.ix.key(m.name)];
      if (m.type === 'pad') { off += m.len!; continue; }
      if (m.type === 'binary' && m.struct !== undefined) {
        const sd = this.ix.struct(m.struct);
        if (x !== undefined) this.writeStruct(sd, x as AttrValues, out, off, false);
        off += sd.size;
        continue;
      }
      if (m.type === 'binary' || m.type === 'string') {
        if (x !== undefined) {
          const b = m.type === 'string' ? new TextEncoder().encode(String(x)) : toBytes(x, where);
          if (b.length > m.len!) throw new RangeError(`${where}: ${b.length} bytes do not fit ${m.len}`);
          out.set(b, off);
        }
        off += m.len!;
        continue;
      }
      writeScalar(dv, off, m.type, x === undefined ? 0 : this.scalarOf(m, x, where), m.byteOrder === 'big-endian', where);
      off += sizeOf(m.type);
    }
  }
}
