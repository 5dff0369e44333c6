/**
 * Helpers called by the generated codecs in src/generated. Each mirrors the
 * run-time codec (codec.ts) exactly, so generated and run-time decoding
 * agree. Not meant for direct use. Pure functions, no state.
 */
import { AttrDecoder, type AttrEncoder } from '../core/attributes.js';
import { AttrFlags } from '../core/constants.js';
import { MalformedError } from '../core/errors.js';
import type { AttrValues, Scope, UnknownAttr } from './codec.js';
import type { ScalarType } from './model.js';
import {
  autoScalarType, enumName, enumValue, flagNames, flagsValue, readCArray, readScalar, scalarBytes, sizeOfScalar, toBytes, writeScalar,
  type EnumTable, type Int64,
} from './values.js';

import { u32 } from '../core/bytes.js';
import { HOST_LE, narrow64 } from './values.js';
export { HOST_LE, enumTable, enumName, flagNames, narrow64, readScalar, writeScalar, toBytes } from './values.js';
export type { EnumTable, Int64 } from './values.js';

/** Keeps an attribute the spec does not know under `_unknown`. */
export function unknown(o: AttrValues, ad: AttrDecoder): void {
  ((o['_unknown'] ??= []) as UnknownAttr[]).push({ type: ad.type, nested: ad.nestedFlag, data: ad.copy() });
}

/** Appends a value to a multi-attr array property. */
export function push(o: AttrValues, k: string, v: unknown): void {
  const a = o[k] as unknown[] | undefined;
  if (a) a.push(v);
  else o[k] = [v];
}

/** u16 / s16 / u32 / s32 at `at` of `p`, host byte order (`be`: network order); the caller checked the length. */
export { u16, s16, u32, s32 } from '../core/bytes.js';

/** u64 / s64 at `at` of `p` (as readU64 / readS64: a number when it is a safe integer, else a bigint). */
export function u64(p: Uint8Array, at: number, be: boolean): Int64 {
  const le = HOST_LE && !be;
  const hi = u32(p, le ? at + 4 : at, be);
  const lo = u32(p, le ? at : at + 4, be);
  return hi < 0x200000 ? hi * 0x100000000 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}
export function s64(p: Uint8Array, at: number, be: boolean): Int64 {
  const le = HOST_LE && !be;
  const hi = u32(p, le ? at + 4 : at, be) | 0;
  const lo = u32(p, le ? at : at + 4, be);
  if (hi >= -0x200000 && hi < 0x200000) {
    const v = hi * 0x100000000 + lo;
    if (Number.isSafeInteger(v)) return v;
  }
  return narrow64((BigInt(hi) << 32n) | BigInt(lo));
}

/** A DataView over exactly `p`. */
export function view(p: Uint8Array): DataView {
  return new DataView(p.buffer, p.byteOffset, p.byteLength);
}

/** Reads a scalar attribute payload (any byte order). */
export function scalar(ad: AttrDecoder, type: ScalarType | 'uint' | 'sint', big: boolean, where: string): Int64 {
  const p = ad.value();
  return readScalar(view(p), 0, p.length, type, big, where);
}

/** Decodes a binary attribute holding a C array of scalars. */
export function cArray(p: Uint8Array, sub: ScalarType, big: boolean, where: string): Int64[] {
  return readCArray(p, sub, big, where);
}

/** Decodes a bitfield32 payload; with an enum table, value and selector become names (flags: lists of names). */
export function bitfield32(p: Uint8Array, t: EnumTable | null, flags: boolean, where: string): { value: unknown; selector: unknown } {
  if (p.length !== 8) throw new MalformedError(`${where}: bitfield32 needs exactly 8 bytes, got ${p.length}`);
  const dv = view(p);
  const value = readScalar(dv, 0, 4, 'u32', false, where);
  const selector = readScalar(dv, 4, 4, 'u32', false, where);
  if (!t) return { value, selector };
  return flags ? { value: flagNames(t, value), selector: flagNames(t, selector) } : { value: enumName(t, value), selector: enumName(t, selector) };
}

/** Decodes an indexed-array of nests (the index is dropped; items keep their order). */
export function indexedNests(p: Uint8Array, dec: (b: Uint8Array, s: readonly Scope[]) => AttrValues, s: readonly Scope[]): AttrValues[] {
  const out: AttrValues[] = [];
  const ad = new AttrDecoder(p);
  while (ad.next()) out.push(dec(ad.value(), s));
  return out;
}

/** Decodes an indexed-array of scalars, strings or binaries. */
export function indexedItems(p: Uint8Array, sub: string, big: boolean, where: string): unknown[] {
  const out: unknown[] = [];
  const ad = new AttrDecoder(p);
  while (ad.next()) {
    if (sub === 'binary') out.push(ad.copy());
    else if (sub === 'string') out.push(ad.string());
    else out.push(scalar(ad, sub as ScalarType, big, where));
  }
  return out;
}

/** Decodes a nest-type-value attribute into one flat object per entry. */
export function nestTypeValue(p: Uint8Array, names: readonly string[], dec: (b: Uint8Array, s: readonly Scope[]) => AttrValues, s: readonly Scope[]): AttrValues[] {
  const out: AttrValues[] = [];
  const walk = (bytes: Uint8Array, level: number, ids: AttrValues): void => {
    const ad = new AttrDecoder(bytes);
    while (ad.next()) {
      const here = { ...ids, [names[level]!]: ad.type };
      if (level + 1 < names.length) walk(ad.value(), level + 1, here);
      else out.push(Object.assign(here, dec(ad.value(), s)));
    }
  };
  walk(p, 0, {});
  return out;
}

/** Finds a sub-message selector value: the innermost scope whose set (one of `sets`) defines it. */
export function findSelector(s: readonly Scope[], key: string, sets: readonly string[]): unknown {
  for (const sc of s) if (sets.includes(sc.set)) return sc.values[key];
  return undefined;
}

/** The selector as a format key (formats match on the selector's string form). */
export function selectorKey(v: unknown): string | undefined {
  return v === undefined ? undefined : String(v);
}

// ------------------------------------------------------------------ encoding

/** A multi-attr value as a list of items (a single value is one item). */
export function items(x: unknown, cArrayItems: boolean): unknown[] {
  if (!Array.isArray(x)) return [x];
  if (cArrayItems && !Array.isArray(x[0])) return [x];
  return x;
}

/** Enum or flags input (names or numbers) to its number. */
export function encEnum(t: EnumTable, flags: boolean, v: unknown, where: string): unknown {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  return flags ? flagsValue(t, v, where) : enumValue(t, v, where);
}

/** Appends a fixed-width scalar attribute. */
export function putScalar(e: AttrEncoder, type: number, st: ScalarType, v: unknown, big: boolean, where: string): void {
  e.bytes(type, scalarBytes(st, v, big, where));
}

/** Appends a uint/sint attribute (4 bytes when it fits, else 8). */
export function putAuto(e: AttrEncoder, type: number, t: 'uint' | 'sint', v: unknown, big: boolean, where: string): void {
  e.bytes(type, scalarBytes(autoScalarType(t, v, where), v, big, where));
}

/** Appends a string attribute. */
export function putString(e: AttrEncoder, type: number, v: unknown, where: string): void {
  if (typeof v !== 'string') throw new TypeError(`${where}: expected a string`);
  e.string(type, v);
}

/** Appends a C-array binary attribute. */
export function putCArray(e: AttrEncoder, type: number, st: ScalarType, v: unknown[], big: boolean, where: string): void {
  const size = sizeOfScalar(st);
  const out = new Uint8Array(v.length * size);
  const dv = new DataView(out.buffer);
  v.forEach((x, i) => writeScalar(dv, i * size, st, x, big, where));
  e.bytes(type, out);
}

/** Whether a binary value is a struct given as an object. */
export function isObject(v: unknown): v is AttrValues {
  return v !== null && typeof v === 'object' && !(v instanceof Uint8Array);
}

/** Appends a bitfield32 attribute; with an enum table, names are accepted for value and selector. */
export function putBitfield32(e: AttrEncoder, type: number, v: unknown, t: EnumTable | null, flags: boolean, where: string): void {
  const o = v as { value?: unknown; selector?: unknown };
  if (!o || typeof o !== 'object') throw new TypeError(`${where}: expected {value, selector}`);
  const c = (x: unknown): unknown => (t ? encEnum(t, flags, x, where) : x);
  e.bitfield32(type, Number(c(o.value ?? 0)), Number(c(o.selector ?? 0)));
}

/** Appends an indexed-array attribute. */
export function putIndexed(
  e: AttrEncoder, type: number, v: unknown, sub: string, big: boolean,
  enc: ((e: AttrEncoder, v: AttrValues, s: readonly Scope[]) => void) | null, s: readonly Scope[], where: string,
): void {
  if (!Array.isArray(v)) throw new TypeError(`${where}: expected an array`);
  const tok = e.nestStart(type);
  v.forEach((item, i) => {
    if (sub === 'nest') {
      const t2 = e.nestStart(i);
      enc!(e, item as AttrValues, s);
      e.nestEnd(t2);
    } else if (sub === 'binary') e.bytes(i, toBytes(item, where));
    else if (sub === 'string') e.string(i, String(item));
    else if (sub === 'uint' || sub === 'sint') putAuto(e, i, sub, item, big, where);
    else putScalar(e, i, sub as ScalarType, item, big, where);
  });
  e.nestEnd(tok);
}

/** Appends a nest-type-value attribute from its flat entries. */
export function putNestTypeValue(
  e: AttrEncoder, type: number, v: unknown, names: readonly string[],
  enc: (e: AttrEncoder, v: AttrValues, s: readonly Scope[]) => void, s: readonly Scope[], where: string,
): void {
  if (!Array.isArray(v)) throw new TypeError(`${where}: expected an array of entries`);
  const tok = e.nestStart(type);
  for (const entry of v as AttrValues[]) {
    const toks: number[] = [];
    const rest: AttrValues = { ...entry };
    for (const n of names) {
      const id = entry[n];
      if (typeof id !== 'number') throw new TypeError(`${where}: entry needs a numeric "${n}"`);
      toks.push(e.nestStart(id));
      delete rest[n];
    }
    enc(e, rest, s);
    for (let i = toks.length - 1; i >= 0; i--) e.nestEnd(toks[i]!);
  }
  e.nestEnd(tok);
}

/** Re-emits `_unknown` attributes verbatim. */
export function putUnknown(e: AttrEncoder, v: unknown): void {
  for (const u of v as UnknownAttr[]) e.bytes(u.nested ? u.type | AttrFlags.Nested : u.type, u.data);
}

/** Error for a key that is not an attribute of the set. */
export function noSuchAttr(set: string, key: string): TypeError {
  return new TypeError(`attribute set "${set}" has no attribute "${key}"`);
}

/** Error for a sub-message value without a matching format. */
export function noFormat(where: string, selector: string, sel: unknown): TypeError {
  return new TypeError(`${where}: no sub-message format for selector "${selector}" = ${JSON.stringify(sel)}`);
}

/** Throws TypeError for keys of `v` that are not struct members. */
export function checkMembers(v: AttrValues, members: readonly string[], struct: string): void {
  for (const k of Object.keys(v)) if (!members.includes(k)) throw new TypeError(`struct ${struct} has no member "${k}"`);
}

/** Writes a binary or string struct member of `len` bytes. */
export function writeBytesMember(out: Uint8Array, at: number, len: number, v: unknown, isString: boolean, where: string): void {
  if (v === undefined) return;
  const b = isString ? new TextEncoder().encode(String(v)) : toBytes(v, where);
  if (b.length > len) throw new RangeError(`${where}: ${b.length} bytes do not fit ${len}`);
  out.set(b, at);
}
