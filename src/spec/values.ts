/**
 * Leaf value conversions shared by the run-time codec and the generated
 * code, so both produce identical results: fixed-width scalars in either
 * byte order, 64-bit values (a number when it is a safe integer, else a
 * bigint), enum and flags names, hex strings. Pure functions, no state.
 */
import { MalformedError } from '../core/errors.js';
import type { ScalarType } from './model.js';

/** True on little-endian hosts (netlink's "host byte order"). */
import { HOST_LE } from '../core/constants.js';

export { HOST_LE };

/** A decoded 64-bit value: a number when it is a safe integer, else a bigint. */
export type Int64 = number | bigint;

/** Returns a bigint as a number when it is a safe integer (the 64-bit decoding rule). */
export function narrow64(v: bigint): Int64 {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/**
 * Reads a scalar of `type` from `len` bytes at `at`. `big` selects network
 * byte order. `uint`/`sint` accept 4 or 8 bytes. Throws MalformedError when
 * `len` does not fit the type.
 */
export function readScalar(dv: DataView, at: number, len: number, type: ScalarType | 'uint' | 'sint', big: boolean, where: string): Int64 {
  const le = !big && HOST_LE;
  switch (type) {
    case 'u8': need(len, 1, type, where); return dv.getUint8(at);
    case 's8': need(len, 1, type, where); return dv.getInt8(at);
    case 'u16': need(len, 2, type, where); return dv.getUint16(at, le);
    case 's16': need(len, 2, type, where); return dv.getInt16(at, le);
    case 'u32': need(len, 4, type, where); return dv.getUint32(at, le);
    case 's32': need(len, 4, type, where); return dv.getInt32(at, le);
    case 'u64': need(len, 8, type, where); return readU64(dv, at, le);
    case 's64': need(len, 8, type, where); return readS64(dv, at, le);
    case 'uint':
      if (len === 4) return dv.getUint32(at, le);
      if (len === 8) return readU64(dv, at, le);
      throw new MalformedError(`${where}: uint needs 4 or 8 bytes, got ${len}`);
    case 'sint':
      if (len === 4) return dv.getInt32(at, le);
      if (len === 8) return readS64(dv, at, le);
      throw new MalformedError(`${where}: sint needs 4 or 8 bytes, got ${len}`);
  }
}

/** Reads a u64 (little endian when `le`): a number when below 2^53, else a bigint; no bigint work on the common path. */
export function readU64(dv: DataView, at: number, le: boolean): Int64 {
  const hi = dv.getUint32(le ? at + 4 : at, le);
  const lo = dv.getUint32(le ? at : at + 4, le);
  return hi < 0x200000 ? hi * 0x100000000 + lo : dv.getBigUint64(at, le);
}

/** Reads an s64: a number when it is a safe integer, else a bigint. */
export function readS64(dv: DataView, at: number, le: boolean): Int64 {
  const hi = dv.getInt32(le ? at + 4 : at, le);
  const lo = dv.getUint32(le ? at : at + 4, le);
  if (hi >= -0x200000 && hi < 0x200000) {
    const v = hi * 0x100000000 + lo;
    if (Number.isSafeInteger(v)) return v;
  }
  return narrow64(dv.getBigInt64(at, le));
}

function need(len: number, n: number, type: string, where: string): void {
  if (len !== n) throw new MalformedError(`${where}: ${type} needs exactly ${n} bytes, got ${len}`);
}

const LIMITS: Record<ScalarType, [bigint, bigint, number]> = {
  u8: [0n, 0xffn, 1], s8: [-0x80n, 0x7fn, 1],
  u16: [0n, 0xffffn, 2], s16: [-0x8000n, 0x7fffn, 2],
  u32: [0n, 0xffffffffn, 4], s32: [-0x80000000n, 0x7fffffffn, 4],
  u64: [0n, 0xffffffffffffffffn, 8], s64: [-0x8000000000000000n, 0x7fffffffffffffffn, 8],
};

/** Converts a number or bigint to a bigint, checking it is an integer. */
function toBig(v: unknown, where: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new TypeError(`${where}: expected an integer, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
}

/** The fixed-width type a variable-width uint/sint value is sent as (4 bytes when it fits, else 8). */
export function autoScalarType(type: 'uint' | 'sint', v: unknown, where: string): ScalarType {
  if (typeof v === 'number' && Number.isSafeInteger(v)) {
    if (type === 'uint') return v <= 0xffffffff ? 'u32' : 'u64';
    return v >= -0x80000000 && v <= 0x7fffffff ? 's32' : 's64';
  }
  const b = toBig(v, where);
  if (type === 'uint') return b <= 0xffffffffn ? 'u32' : 'u64';
  return b >= -0x80000000n && b <= 0x7fffffffn ? 's32' : 's64';
}

/** Byte size of a fixed-width scalar type. */
export function sizeOfScalar(type: ScalarType): number {
  return LIMITS[type][2];
}

/**
 * Writes an integer as `type` at `at`. Throws RangeError (out of range) or
 * TypeError (not an integer), naming `where`.
 */
export function writeScalar(dv: DataView, at: number, type: ScalarType, v: unknown, big: boolean, where: string): void {
  const le = !big && HOST_LE;
  if (typeof v === 'number' && Number.isSafeInteger(v)) {
    const [min, max, size] = LIMITS[type];
    if (size <= 4 || v >= 0) {
      if (v < Number(min) || v > Number(max)) throw new RangeError(`${where}: ${String(v)} does not fit ${type}`);
      switch (type) {
        case 'u8': dv.setUint8(at, v); return;
        case 's8': dv.setInt8(at, v); return;
        case 'u16': dv.setUint16(at, v, le); return;
        case 's16': dv.setInt16(at, v, le); return;
        case 'u32': dv.setUint32(at, v, le); return;
        case 's32': dv.setInt32(at, v, le); return;
        default: {
          const hi = Math.floor(v / 0x100000000);
          const lo = v - hi * 0x100000000;
          dv.setUint32(le ? at + 4 : at, hi, le);
          dv.setUint32(le ? at : at + 4, lo, le);
          return;
        }
      }
    }
  }
  const b = toBig(v, where);
  const [min, max] = LIMITS[type];
  if (b < min || b > max) throw new RangeError(`${where}: ${String(v)} does not fit ${type}`);
  switch (type) {
    case 'u8': dv.setUint8(at, Number(b)); break;
    case 's8': dv.setInt8(at, Number(b)); break;
    case 'u16': dv.setUint16(at, Number(b), le); break;
    case 's16': dv.setInt16(at, Number(b), le); break;
    case 'u32': dv.setUint32(at, Number(b), le); break;
    case 's32': dv.setInt32(at, Number(b), le); break;
    case 'u64': dv.setBigUint64(at, b, le); break;
    case 's64': dv.setBigInt64(at, b, le); break;
  }
}

/** Encodes a scalar into a new byte array of its size. */
export function scalarBytes(type: ScalarType, v: unknown, big: boolean, where: string): Uint8Array {
  const out = new Uint8Array(sizeOfScalar(type));
  writeScalar(new DataView(out.buffer), 0, type, v, big, where);
  return out;
}

/**
 * Decodes a C array of fixed-width scalars (a binary attribute with a
 * scalar sub-type). Throws MalformedError when the length is not a whole
 * number of items.
 */
export function readCArray(p: Uint8Array, sub: ScalarType, big: boolean, where: string): Int64[] {
  const size = LIMITS[sub][2];
  if (p.length % size !== 0) throw new MalformedError(`${where}: ${p.length} bytes are not a whole number of ${sub} items`);
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const le = !big && HOST_LE;
  const n = p.length / size;
  const out: Int64[] = new Array<Int64>(n);
  switch (sub) {
    case 'u32': for (let i = 0; i < n; i++) out[i] = dv.getUint32(i * 4, le); break;
    case 'u64': for (let i = 0; i < n; i++) out[i] = readU64(dv, i * 8, le); break;
    default: for (let i = 0; i < n; i++) out[i] = readScalar(dv, i * size, size, sub, big, where);
  }
  return out;
}

/** Name table of an enum: value → name and name → value (raw values; bit indexes for flags). */
export interface EnumTable {
  readonly byValue: ReadonlyMap<number, string>;
  readonly byName: ReadonlyMap<string, number>;
}

/** Builds an EnumTable from [name, value] pairs. */
export function enumTable(entries: readonly (readonly [string, number])[]): EnumTable {
  const byValue = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const [n, v] of entries) {
    if (!byValue.has(v)) byValue.set(v, n);
    byName.set(n, v);
  }
  return { byValue, byName };
}

/** Decodes an enum value to its name; a value the spec does not know stays a number. */
export function enumName(t: EnumTable, v: Int64): string | Int64 {
  return typeof v === 'number' ? (t.byValue.get(v) ?? v) : v;
}

/**
 * Decodes a flags value to the names of its set bits, lowest bit first. A
 * set bit the spec does not name appears as its numeric mask (1 << bit).
 */
export function flagNames(t: EnumTable, v: Int64): (string | Int64)[] {
  const out: (string | Int64)[] = [];
  if (typeof v === 'number' && v >= 0 && v <= 0xffffffff && Number.isInteger(v)) {
    // 32-bit masks (nearly all): number arithmetic, no bigint
    for (let i = 0, x = v >>> 0; x !== 0; i++, x >>>= 1) {
      if ((x & 1) === 0) continue;
      const n = t.byValue.get(i);
      out.push(n ?? 2 ** i);
    }
    return out;
  }
  let b = typeof v === 'bigint' ? v : BigInt(v);
  if (b < 0n) b &= 0xffffffffffffffffn;
  for (let i = 0; b !== 0n; i++, b >>= 1n) {
    if ((b & 1n) === 0n) continue;
    const n = t.byValue.get(i);
    out.push(n ?? narrow64(1n << BigInt(i)));
  }
  return out;
}

/** Encodes an enum name (or a number) to its value. */
export function enumValue(t: EnumTable, v: unknown, where: string): Int64 {
  if (typeof v === 'string') {
    const n = t.byName.get(v);
    if (n === undefined) throw new TypeError(`${where}: unknown enum name ${JSON.stringify(v)}`);
    return n;
  }
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  throw new TypeError(`${where}: expected an enum name or number, got ${String(v)}`);
}

/** Encodes flags given as names, masks (numbers) or one name/number, to the combined mask. */
export function flagsValue(t: EnumTable, v: unknown, where: string): Int64 {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  const items = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
  if (!items) throw new TypeError(`${where}: expected a list of flag names, got ${String(v)}`);
  let mask = 0n;
  for (const it of items) {
    if (typeof it === 'string') {
      const bit = t.byName.get(it);
      if (bit === undefined) throw new TypeError(`${where}: unknown flag name ${JSON.stringify(it)}`);
      mask |= 1n << BigInt(bit);
    } else mask |= toBig(it, where);
  }
  return narrow64(mask);
}

/** Binary input: a Uint8Array, or a hex string ('0a1b', spaces and colons allowed). */
export function toBytes(v: unknown, where: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') {
    const hex = v.replace(/[\s:]/g, '');
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError(`${where}: ${JSON.stringify(v)} is not a hex string`);
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return out;
  }
  throw new TypeError(`${where}: expected a Uint8Array or hex string`);
}

/** Copies bytes [from, to) of a view into a new Uint8Array (decoded values never alias the receive buffer). */
export function copyBytes(b: Uint8Array, from: number, to: number): Uint8Array {
  return b.slice(from, to);
}
