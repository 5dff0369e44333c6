/**
 * Decodes an attribute stream into DescribedAttr objects using a table.
 * Never throws on bad input: a malformed stream ends with an entry holding
 * the remaining bytes in hex and a note saying what was wrong; a payload
 * whose size does not fit its declared kind is shown in hex with a note.
 */
import { AttrFlags, NLA_HDRLEN, align4, HOST_LE } from '../core/constants.js';
import { decodeString } from '../core/attributes.js';
import { bitNames, type AttrDef, type AttrTable } from './attr-table.js';
import { formatIp, formatMac, toHex } from './hex.js';
import type { DescribedAttr } from './model.js';

/** Nesting deeper than this is shown as hex (a guard against hostile input). */
const MAX_DEPTH = 16;

/** Decodes `bytes` as attributes described by `table` (undefined: names unknown, nests guessed). */
export function decodeAttrs(bytes: Uint8Array, table: AttrTable | undefined, depth = 0): DescribedAttr[] {
  const out: DescribedAttr[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (pos < bytes.length) {
    const left = bytes.length - pos;
    if (left < NLA_HDRLEN) {
      if (bytes.subarray(pos).every((b) => b === 0)) break; // padding
      out.push({ type: -1, length: left, hex: toHex(bytes.subarray(pos)), note: `${left} trailing bytes, too short for an attribute header` });
      break;
    }
    const len = dv.getUint16(pos, HOST_LE);
    const raw = dv.getUint16(pos + 2, HOST_LE);
    const type = raw & AttrFlags.TypeMask;
    if (len < NLA_HDRLEN || len > left) {
      out.push({ type, length: left, hex: toHex(bytes.subarray(pos)), note: `malformed attribute: length ${len} with ${left} bytes left` });
      break;
    }
    const value = bytes.subarray(pos + NLA_HDRLEN, pos + len);
    out.push(decodeOne(type, raw, value, table?.[type], depth));
    pos += align4(len);
  }
  return out;
}

function decodeOne(type: number, raw: number, v: Uint8Array, def: AttrDef | undefined, depth: number): DescribedAttr {
  const a: DescribedAttr = { type, length: v.length };
  if (def) a.name = def.name;
  const nestedFlag = (raw & AttrFlags.Nested) !== 0;
  const kind = def?.kind ?? (nestedFlag ? 'nested' : undefined);
  if (!kind) {
    a.hex = toHex(v);
    return a;
  }
  if (kind === 'nested' || kind === 'array') {
    if (depth >= MAX_DEPTH) { a.hex = toHex(v); a.note = 'nested too deep'; return a; }
    if (!def && !looksNested(v)) { a.hex = toHex(v); return a; }
    const items = decodeAttrs(v, kind === 'array' ? arrayTable(v, def!) : def?.nested, depth + 1);
    a.items = items;
    return a;
  }
  const r = scalar(kind, v, (raw & AttrFlags.NetByteOrder) !== 0);
  if (r === undefined) {
    a.hex = toHex(v);
    if (kind !== 'binary') a.note = `${v.length} bytes do not fit ${kind}`;
    return a;
  }
  a.value = r;
  if (kind === 'ip' || kind === 'mac' || kind === 'bitfield32') a.display = r as string; // printed bare, not quoted
  if (typeof r === 'number' && def?.values?.[r] !== undefined) a.display = def.values[r];
  else if (typeof r === 'number' && def?.bits) a.display = bitNames(r, def.bits);
  return a;
}

/** For an 'array' nest, every child (index) is a nest described by def.nested. */
function arrayTable(v: Uint8Array, def: AttrDef): AttrTable {
  const t: Record<number, AttrDef> = {};
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  for (let pos = 0; pos + NLA_HDRLEN <= v.length; ) {
    const len = dv.getUint16(pos, HOST_LE);
    const type = dv.getUint16(pos + 2, HOST_LE) & AttrFlags.TypeMask;
    t[type] = { name: `[${type}]`, kind: 'nested', nested: def.nested };
    if (len < NLA_HDRLEN) break;
    pos += align4(len);
  }
  return t;
}

/** True when the bytes parse exactly as an attribute stream (used to guess unnamed nests). */
export function looksNested(v: Uint8Array): boolean {
  if (v.length < NLA_HDRLEN) return false;
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  let pos = 0;
  while (pos < v.length) {
    if (v.length - pos < NLA_HDRLEN) return false;
    const len = dv.getUint16(pos, HOST_LE);
    if (len < NLA_HDRLEN || len > v.length - pos) return false;
    pos += align4(len);
  }
  return true;
}

function u64(dv: DataView, le: boolean): number | string {
  const b = dv.getBigUint64(0, le);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString();
}

function s64(dv: DataView, le: boolean): number | string {
  const b = dv.getBigInt64(0, le);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : b.toString();
}

/** Decodes a scalar payload, or undefined when the size is wrong for the kind. */
function scalar(kind: string, v: Uint8Array, netOrder: boolean): string | number | boolean | undefined {
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const le = HOST_LE && !netOrder;
  switch (kind) {
    case 'u8': return v.length === 1 ? v[0] : undefined;
    case 's8': return v.length === 1 ? dv.getInt8(0) : undefined;
    case 'u16': return v.length === 2 ? dv.getUint16(0, le) : undefined;
    case 's16': return v.length === 2 ? dv.getInt16(0, le) : undefined;
    case 'u32': return v.length === 4 ? dv.getUint32(0, le) : undefined;
    case 's32': return v.length === 4 ? dv.getInt32(0, le) : undefined;
    case 'u64': return v.length === 8 ? u64(dv, le) : undefined;
    case 's64': return v.length === 8 ? s64(dv, le) : undefined;
    case 'uint': return v.length === 4 ? dv.getUint32(0, le) : v.length === 8 ? u64(dv, le) : undefined;
    case 'sint': return v.length === 4 ? dv.getInt32(0, le) : v.length === 8 ? s64(dv, le) : undefined;
    case 'be16': return v.length === 2 ? dv.getUint16(0, false) : undefined;
    case 'be32': return v.length === 4 ? dv.getUint32(0, false) : undefined;
    case 'flag': return v.length === 0 ? true : undefined;
    case 'string': return decodeString(v, 0, v.length);
    case 'ip': return formatIp(v);
    case 'mac': return v.length ? formatMac(v) : undefined;
    case 'bitfield32': return v.length === 8 ? `value=0x${dv.getUint32(0, HOST_LE).toString(16)} selector=0x${dv.getUint32(4, HOST_LE).toString(16)}` : undefined;
    default: return undefined;
  }
}
