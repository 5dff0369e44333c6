/**
 * The run-time codec: encodes JS objects to attribute bytes and decodes
 * them back by walking the model (model.ts). It is what loadSpec() uses for
 * any spec; the generated code (src/generated) does the same work with
 * specialised functions and must give identical results (a test checks).
 *
 * Decoding rules (both name styles):
 * - integers are numbers; 64-bit and variable-width values are numbers when
 *   they are safe integers, else bigints;
 * - enums decode to their name, flags (and enum-as-flags) to the list of
 *   set flag names, lowest bit first; values the spec does not know stay
 *   numbers (an unknown flag bit appears as its mask);
 * - multi-attr attributes are arrays; a repeated single attribute keeps
 *   the last value (as the kernel's own parser does);
 * - binary is a Uint8Array copy (a struct-typed binary an object of its
 *   members, a binary with a scalar sub-type an array of numbers);
 * - fixed-header and sub-message struct members are merged into the object;
 * - attributes the spec does not know are kept raw: under `_unknown` as
 *   `{type, nested, data}` (camel style) or as `UnknownAttr(N)` keys
 *   (spec style, like the kernel tool's --process-unknown);
 * - bad sizes or lengths throw MalformedError, never anything else.
 *
 * Name styles: 'camel' uses camelCase property names (`devName`) and raw
 * values; 'spec' uses the spec's own names (`dev-name`) and formats values
 * by their display hints, as the kernel's tools/net/ynl/cli.py does.
 */
import { AttrDecoder, AttrEncoder, decodeString } from '../core/attributes.js';
import { AttrFlags } from '../core/constants.js';
import { MalformedError } from '../core/errors.js';
import { formatBytesHint, formatIntHint } from './hints.js';
import type { AttrSpec, EnumDef, FamilyModel, ScalarType, StructDef, SubMessage } from './model.js';
import { camelCase } from './names.js';
import {
  autoScalarType, enumName, enumTable, enumValue, flagNames, flagsValue, readCArray, readScalar, scalarBytes, toBytes,
  writeScalar, type EnumTable, type Int64,
} from './values.js';

/** 'camel': camelCase keys and raw values; 'spec': the spec's dashed names and display-hint formatting. */
export type NameStyle = 'camel' | 'spec';

/** A decoded (or to-be-encoded) attribute set: property name → value. */
export type AttrValues = Record<string, unknown>;

/** An attribute the spec does not describe, kept as received. */
export interface UnknownAttr {
  type: number;
  nested: boolean;
  data: Uint8Array;
}

/** One level of the nest being encoded or decoded; sub-message selectors are looked up from the innermost level out. */
export interface Scope {
  set: string;
  values: AttrValues;
}

const SCALARS = new Set(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64']);

interface SetIndex {
  name: string;
  byValue: Map<number, AttrSpec>;
  byKey: Map<string, AttrSpec>;
  keys: Set<string>;
}

/** Walks the model to encode and decode attribute sets and structs. Immutable after construction. */
export class RuntimeCodec {
  /** The key style of decoded objects and accepted input. */
  readonly style: NameStyle;
  private readonly sets = new Map<string, SetIndex>();
  private readonly structs = new Map<string, StructDef>();
  private readonly enums = new Map<string, { def: EnumDef; table: EnumTable }>();
  private readonly subs = new Map<string, SubMessage>();

  /** Indexes `model` for `style` (the model must come from parseSpec/buildModel). */
  constructor(readonly model: FamilyModel, style: NameStyle = 'camel') {
    this.style = style;
    for (const d of model.definitions) {
      if (d.kind === 'struct') this.structs.set(d.name, d);
      else if (d.kind !== 'const') this.enums.set(d.name, { def: d, table: enumTable(d.entries.map((e) => [e.name, e.value])) });
    }
    for (const s of model.attributeSets) {
      const idx: SetIndex = { name: s.name, byValue: new Map(), byKey: new Map(), keys: new Set() };
      for (const a of s.attributes) {
        if (!idx.byValue.has(a.value) || idx.byValue.get(a.value)!.type === 'unused') idx.byValue.set(a.value, a);
        idx.byKey.set(this.key(a.name), a);
        idx.keys.add(a.name);
      }
      this.sets.set(s.name, idx);
    }
    for (const m of model.subMessages) this.subs.set(m.name, m);
  }

  /** The property name used for a spec name in this style. */
  key(name: string): string {
    return this.style === 'camel' ? camelCase(name) : name;
  }

  private set(name: string): SetIndex {
    const s = this.sets.get(name);
    if (!s) throw new TypeError(`${this.model.name}: no attribute set named "${name}"`);
    return s;
  }

  /** The struct definition `name`; throws TypeError if there is none. */
  struct(name: string): StructDef {
    const s = this.structs.get(name);
    if (!s) throw new TypeError(`${this.model.name}: no struct named "${name}"`);
    return s;
  }

  // ---------------------------------------------------------------- decoding

  /** Decodes an attribute stream of set `setName`. `outer` are the enclosing levels (innermost first). */
  decodeSet(setName: string, bytes: Uint8Array, outer: readonly Scope[] = []): AttrValues {
    const set = this.set(setName);
    const out: AttrValues = {};
    const scopes = [{ set: setName, values: out }, ...outer];
    const ad = new AttrDecoder(bytes);
    while (ad.next()) {
      const spec = set.byValue.get(ad.type);
      if (!spec || spec.type === 'unused') {
        this.addUnknown(out, ad.type, ad.nestedFlag, ad.value());
        continue;
      }
      if (spec.type === 'pad') continue;
      const v = this.decodeValue(spec, ad.value(), scopes, `${setName}.${spec.name}`);
      const k = this.key(spec.name);
      if (spec.multiAttr) {
        const arr = out[k] as unknown[] | undefined;
        if (arr) arr.push(v);
        else out[k] = [v];
      } else out[k] = v;
    }
    return out;
  }

  private addUnknown(out: AttrValues, type: number, nested: boolean, payload: Uint8Array): void {
    if (this.style === 'camel') {
      const list = (out['_unknown'] ??= []) as UnknownAttr[];
      list.push({ type, nested, data: payload.slice() });
      return;
    }
    const k = `UnknownAttr(${type})`;
    const v = nested ? this.decodeUnknownNest(payload) : payload.slice();
    if (k in out) {
      const prev = out[k];
      if (Array.isArray(prev)) prev.push(v);
      else out[k] = [prev, v];
    } else out[k] = v;
  }

  private decodeUnknownNest(payload: Uint8Array): AttrValues {
    const out: AttrValues = {};
    const ad = new AttrDecoder(payload);
    while (ad.next()) this.addUnknown(out, ad.type, ad.nestedFlag, ad.value());
    return out;
  }

  private dv(b: Uint8Array): DataView {
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  private decodeEnum(enumName_: string, asFlags: boolean | undefined, v: Int64): unknown {
    const e = this.enums.get(enumName_)!;
    return e.def.kind === 'flags' || asFlags ? flagNames(e.table, v) : enumName(e.table, v);
  }

  /** Decodes one attribute payload by its spec. */
  decodeValue(spec: AttrSpec, p: Uint8Array, scopes: Scope[], where: string): unknown {
    const spec_ = this.style === 'spec';
    const t = spec.type;
    if (SCALARS.has(t) || t === 'uint' || t === 'sint') {
      const v = readScalar(this.dv(p), 0, p.length, t as ScalarType, spec.byteOrder === 'big-endian', where);
      if (spec.enum !== undefined) return this.decodeEnum(spec.enum, spec.enumAsFlags, v);
      if (spec_ && spec.displayHint !== undefined && SCALARS.has(t)) return formatIntHint(v, spec.displayHint);
      return v;
    }
    switch (t) {
      case 'string':
        // The kernel tool drops the last byte (the NUL) and keeps anything before it, embedded NULs included.
        if (spec_) return new TextDecoder().decode(p.subarray(0, Math.max(0, p.length - 1)));
        return decodeString(p, 0, p.length);
      case 'flag':
        return true;
      case 'binary':
        if (spec.struct !== undefined) return this.decodeStruct(spec.struct, p, where);
        if (spec.subType !== undefined) return readCArray(p, spec.subType as ScalarType, spec.byteOrder === 'big-endian', where);
        if (spec_ && spec.displayHint !== undefined) return formatBytesHint(p.slice(), spec.displayHint);
        return p.slice();
      case 'bitfield32': {
        if (p.length !== 8) throw new MalformedError(`${where}: bitfield32 needs exactly 8 bytes, got ${p.length}`);
        const dv = this.dv(p);
        const value = readScalar(dv, 0, 4, 'u32', false, where);
        const selector = readScalar(dv, 4, 4, 'u32', false, where);
        if (spec.enum !== undefined) {
          return { value: this.decodeEnum(spec.enum, spec.enumAsFlags, value), selector: this.decodeEnum(spec.enum, spec.enumAsFlags, selector) };
        }
        return { value, selector };
      }
      case 'nest':
        return this.decodeSet(spec.nestedAttributes!, p, scopes);
      case 'indexed-array':
        return this.decodeIndexedArray(spec, p, scopes, where);
      case 'nest-type-value':
        return this.decodeNestTypeValue(spec, p, scopes);
      case 'sub-message':
        return this.decodeSubMessage(spec, p, scopes, where);
      default:
        return p.slice();
    }
  }

  private decodeIndexedArray(spec: AttrSpec, p: Uint8Array, scopes: Scope[], where: string): unknown[] {
    const out: unknown[] = [];
    const ad = new AttrDecoder(p);
    const sub = spec.subType!;
    while (ad.next()) {
      const item = ad.value();
      let v: unknown;
      if (sub === 'nest') {
        v = this.decodeSet(spec.nestedAttributes!, item, scopes);
        if (this.style === 'spec') v = { [ad.type]: v };
      } else if (sub === 'binary') {
        v = this.style === 'spec' && spec.displayHint !== undefined ? formatBytesHint(item.slice(), spec.displayHint) : item.slice();
      } else if (sub === 'string') {
        v = decodeString(item, 0, item.length);
      } else {
        v = readScalar(this.dv(item), 0, item.length, sub as ScalarType, spec.byteOrder === 'big-endian', where);
        if (this.style === 'spec' && spec.displayHint !== undefined && SCALARS.has(sub)) v = formatIntHint(v as Int64, spec.displayHint);
      }
      out.push(v);
    }
    return out;
  }

  /**
   * nest-type-value: each level's attribute type is a value (an id), the
   * innermost payload is a nested set. Camel style returns every entry as a
   * flat object; spec style follows the first entry only, as the kernel
   * tool does.
   */
  private decodeNestTypeValue(spec: AttrSpec, p: Uint8Array, scopes: Scope[]): unknown {
    const names = spec.typeValue!.map((n) => this.key(n));
    if (this.style === 'spec') {
      const out: AttrValues = {};
      let cur = p;
      for (const n of names) {
        const ad = new AttrDecoder(cur);
        if (!ad.next()) throw new MalformedError(`${spec.name}: nest-type-value level "${n}" is empty`);
        out[n] = ad.type;
        cur = ad.value();
      }
      return Object.assign(out, this.decodeSet(spec.nestedAttributes!, cur, scopes));
    }
    const out: AttrValues[] = [];
    const walk = (bytes: Uint8Array, level: number, ids: AttrValues): void => {
      const ad = new AttrDecoder(bytes);
      while (ad.next()) {
        const here = { ...ids, [names[level]!]: ad.type };
        if (level + 1 < names.length) walk(ad.value(), level + 1, here);
        else out.push(Object.assign(here, this.decodeSet(spec.nestedAttributes!, ad.value(), scopes)));
      }
    };
    walk(p, 0, {});
    return out;
  }

  /** Finds a sub-message selector's value, innermost level first, in levels whose set defines it. */
  findSelector(selector: string, scopes: readonly Scope[]): unknown {
    for (const s of scopes) {
      const set = this.sets.get(s.set);
      if (set && set.keys.has(selector)) return s.values[this.key(selector)];
    }
    return undefined;
  }

  private decodeSubMessage(spec: AttrSpec, p: Uint8Array, scopes: Scope[], where: string): unknown {
    const sel = this.findSelector(spec.selector!, scopes);
    const fmt = sel === undefined ? undefined : this.subs.get(spec.subMessage!)!.formats.find((f) => f.value === String(sel));
    if (!fmt) return p.slice();
    const out: AttrValues = {};
    let off = 0;
    if (fmt.fixedHeader !== undefined) {
      Object.assign(out, this.decodeStruct(fmt.fixedHeader, p, where));
      off = Math.min(p.length, this.struct(fmt.fixedHeader).size);
    }
    if (fmt.attributeSet !== undefined) Object.assign(out, this.decodeSet(fmt.attributeSet, p.subarray(off), scopes));
    return out;
  }

  /**
   * Decodes a struct member by member. Members that do not fit in `p` are
   * left out (older kernels send shorter structs); extra bytes are ignored.
   */
  decodeStruct(name: string, p: Uint8Array, where = name): AttrValues {
    const def = this.struct(name);
    const out: AttrValues = {};
    const dv = this.dv(p);
    let off = 0;
    for (const m of def.members) {
      const size = m.type === 'pad' || m.type === 'binary' || m.type === 'string'
        ? (m.struct !== undefined ? this.struct(m.struct).size : m.len!)
        : sizeOf(m.type);
      if (off + size > p.length) break;
      const k = this.key(m.name);
      if (m.type === 'pad') { /* skipped */ } else if (m.type === 'binary') {
        if (m.struct !== undefined) out[k] = this.decodeStruct(m.struct, p.subarray(off, off + size), where);
        else out[k] = this.style === 'spec' && m.displayHint !== undefined ? formatBytesHint(p.slice(off, off + size), m.displayHint) : p.slice(off, off + size);
      } else if (m.type === 'string') {
        out[k] = decodeString(p, off, off + size);
      } else {
        const v = readScalar(dv, off, size, m.type, m.byteOrder === 'big-endian', where);
        if (m.enum !== undefined) out[k] = this.decodeEnum(m.enum, m.enumAsFlags, v);
        else if (this.style === 'spec' && m.displayHint !== undefined) out[k] = formatIntHint(v, m.displayHint);
        else out[k] = v;
      }
      off += size;
    }
    return out;
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Encodes `values` as attributes of set `setName` into `e`. Keys listed in
   * `skip` are ignored (fixed-header members); undefined values are
   * skipped; an unknown key throws TypeError naming the set.
   */
  encodeSet(setName: string, e: AttrEncoder, values: AttrValues, outer: readonly Scope[] = [], skip?: ReadonlySet<string>): void {
    const set = this.set(setName);
    if (values === null || typeof values !== 'object') throw new TypeError(`${setName}: expected an object of attributes`);
    const scopes = [{ set: setName, values }, ...outer];
    for (const key of Object.keys(values)) {
      const v = values[key];
      if (v === undefined || skip?.has(key)) continue;
      if (key === '_unknown' && this.style === 'camel') {
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
    const e = this.enums.get(spec.enum)!;
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
        const names = spec.typeValue!.map((n) => this.key(n));
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
        const sel = this.findSelector(spec.selector!, scopes);
        const fmt = sel === undefined ? undefined : this.subs.get(spec.subMessage!)!.formats.find((f) => f.value === String(sel));
        if (!fmt) {
          if (v instanceof Uint8Array) { e.bytes(spec.value, v); return; }
          throw new TypeError(`${where}: no sub-message format for selector "${spec.selector}" = ${JSON.stringify(sel)}`);
        }
        const obj = v as AttrValues;
        const tok = e.nestStart(spec.value, fmt.attributeSet !== undefined);
        let skip: Set<string> | undefined;
        if (fmt.fixedHeader !== undefined) {
          const def = this.struct(fmt.fixedHeader);
          e.raw(this.encodeStruct(fmt.fixedHeader, obj, true));
          skip = new Set(def.members.map((m) => this.key(m.name)));
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
    const def = this.struct(name);
    const out = new Uint8Array(def.size);
    this.writeStruct(def, v, out, 0, partial);
    return out;
  }

  private writeStruct(def: StructDef, v: AttrValues, out: Uint8Array, at: number, partial: boolean): void {
    if (!partial) {
      for (const k of Object.keys(v)) if (!def.members.some((m) => this.key(m.name) === k)) throw new TypeError(`struct ${def.name} has no member "${k}"`);
    }
    const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
    let off = at;
    for (const m of def.members) {
      const where = `${def.name}.${m.name}`;
      const x = v[this.key(m.name)];
      if (m.type === 'pad') { off += m.len!; continue; }
      if (m.type === 'binary' && m.struct !== undefined) {
        const sd = this.struct(m.struct);
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

function sizeOf(t: ScalarType): number {
  return t === 'u8' || t === 's8' ? 1 : t === 'u16' || t === 's16' ? 2 : t === 'u32' || t === 's32' ? 4 : 8;
}
