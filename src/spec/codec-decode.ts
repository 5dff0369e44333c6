/**
 * Run-time decoding: attribute bytes → objects, by walking the model (see
 * codec.ts for the rules). Throws MalformedError on bad bytes.
 */
import { AttrDecoder, decodeString } from '../core/attributes.js';
import { align4 } from '../core/constants.js';
import { MalformedError } from '../core/errors.js';
import type { AttrValues, Scope, UnknownAttr } from './codec-types.js';
import { SCALARS, sizeOf, type CodecIndex } from './codec-index.js';
import { formatBytesHint, formatIntHint } from './hints.js';
import type { AttrSpec, ScalarType } from './model.js';
import { enumName, flagNames, readCArray, readScalar, type Int64 } from './values.js';

/** Decodes attribute sets and structs of one indexed model. */
export class RuntimeDecoder {
  /** Decodes with the tables of `ix`. */
  constructor(private readonly ix: CodecIndex) {}

  /** Decodes an attribute stream of set `setName`. `outer` are the enclosing levels (innermost first). */
  decodeSet(setName: string, bytes: Uint8Array, outer: readonly Scope[] = []): AttrValues {
    const set = this.ix.set(setName);
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
      const k = this.ix.key(spec.name);
      if (spec.multiAttr) {
        const arr = out[k] as unknown[] | undefined;
        if (arr) arr.push(v);
        else out[k] = [v];
      } else out[k] = v;
    }
    return out;
  }

  private addUnknown(out: AttrValues, type: number, nested: boolean, payload: Uint8Array): void {
    if (this.ix.style === 'camel') {
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
    const e = this.ix.enums.get(enumName_)!;
    return e.def.kind === 'flags' || asFlags ? flagNames(e.table, v) : enumName(e.table, v);
  }

  /** Decodes one attribute payload by its spec. */
  decodeValue(spec: AttrSpec, p: Uint8Array, scopes: Scope[], where: string): unknown {
    const spec_ = this.ix.style === 'spec';
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
        if (this.ix.style === 'spec') v = { [ad.type]: v };
      } else if (sub === 'binary') {
        v = this.ix.style === 'spec' && spec.displayHint !== undefined ? formatBytesHint(item.slice(), spec.displayHint) : item.slice();
      } else if (sub === 'string') {
        v = decodeString(item, 0, item.length);
      } else {
        v = readScalar(this.dv(item), 0, item.length, sub as ScalarType, spec.byteOrder === 'big-endian', where);
        if (this.ix.style === 'spec' && spec.displayHint !== undefined && SCALARS.has(sub)) v = formatIntHint(v as Int64, spec.displayHint);
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
    const names = spec.typeValue!.map((n) => this.ix.key(n));
    if (this.ix.style === 'spec') {
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

  private decodeSubMessage(spec: AttrSpec, p: Uint8Array, scopes: Scope[], where: string): unknown {
    const sel = this.ix.findSelector(spec.selector!, scopes);
    const fmt = sel === undefined ? undefined : this.ix.subs.get(spec.subMessage!)!.formats.find((f) => f.value === String(sel));
    if (!fmt) return p.slice();
    const out: AttrValues = {};
    let off = 0;
    if (fmt.fixedHeader !== undefined) {
      Object.assign(out, this.decodeStruct(fmt.fixedHeader, p, where));
      // Attributes start at the next 4-byte boundary after the header (nla_put pads it).
      off = Math.min(p.length, align4(this.ix.struct(fmt.fixedHeader).size));
    }
    if (fmt.attributeSet !== undefined) Object.assign(out, this.decodeSet(fmt.attributeSet, p.subarray(off), scopes));
    return out;
  }

  /**
   * Decodes a struct member by member. Members that do not fit in `p` are
   * left out (older kernels send shorter structs); extra bytes are ignored.
   */
  decodeStruct(name: string, p: Uint8Array, where = name): AttrValues {
    const def = this.ix.struct(name);
    const out: AttrValues = {};
    const dv = this.dv(p);
    let off = 0;
    for (const m of def.members) {
      const size = m.type === 'pad' || m.type === 'binary' || m.type === 'string'
        ? (m.struct !== undefined ? this.ix.struct(m.struct).size : m.len!)
        : sizeOf(m.type);
      if (off + size > p.length) break;
      const k = this.ix.key(m.name);
      if (m.type === 'pad') { /* skipped */ } else if (m.type === 'binary') {
        if (m.struct !== undefined) out[k] = this.decodeStruct(m.struct, p.subarray(off, off + size), where);
        else out[k] = this.ix.style === 'spec' && m.displayHint !== undefined ? formatBytesHint(p.slice(off, off + size), m.displayHint) : p.slice(off, off + size);
      } else if (m.type === 'string') {
        out[k] = decodeString(p, off, off + size);
      } else {
        const v = readScalar(dv, off, size, m.type, m.byteOrder === 'big-endian', where);
        if (m.enum !== undefined) out[k] = this.decodeEnum(m.enum, m.enumAsFlags, v);
        else if (this.ix.style === 'spec' && m.displayHint !== undefined) out[k] = formatIntHint(v, m.displayHint);
        else out[k] = v;
      }
      off += size;
    }
    return out;
  }
}
