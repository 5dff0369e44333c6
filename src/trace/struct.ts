/**
 * Fixed headers (the C structs after nlmsghdr: ifinfomsg, rtmsg, …): a
 * field list, and a decoder that names every field and leaves the rest of
 * the payload (usually attributes) to the caller.
 */
import { HOST_LE } from '../core/constants.js';
import { bitNames } from './attr-table.js';
import type { DescribedHeader } from './model.js';


/** One struct member: its name, its type ('pad' members are skipped) and optional value names. */
export interface StructField {
  readonly name: string;
  readonly type: 'u8' | 'u16' | 'u32' | 's32' | 'be16' | 'pad8' | 'pad16';
  readonly values?: Readonly<Record<number, string>>;
  readonly bits?: Readonly<Record<number, string>>;
}

/** A fixed header. */
export interface StructDef {
  /** C struct name. */
  readonly name: string;
  readonly fields: readonly StructField[];
}

const SIZES = { u8: 1, u16: 2, u32: 4, s32: 4, be16: 2, pad8: 1, pad16: 2 } as const;

/** Size of a struct in bytes (members are listed with their padding, so no extra alignment). */
export function structSize(def: StructDef): number {
  let n = 0;
  for (const f of def.fields) n += SIZES[f.type];
  return n;
}

/**
 * Decodes a struct from the start of `data`. Returns undefined when `data`
 * is shorter than the struct (the caller reports it).
 */
export function decodeStruct(def: StructDef, data: Uint8Array): DescribedHeader | undefined {
  if (data.length < structSize(def)) return undefined;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const fields: DescribedHeader['fields'] = [];
  let off = 0;
  for (const f of def.fields) {
    let v: number;
    switch (f.type) {
      case 'u8': v = dv.getUint8(off); break;
      case 'u16': v = dv.getUint16(off, HOST_LE); break;
      case 'u32': v = dv.getUint32(off, HOST_LE); break;
      case 's32': v = dv.getInt32(off, HOST_LE); break;
      case 'be16': v = dv.getUint16(off, false); break;
      default: v = 0;
    }
    off += SIZES[f.type];
    if (f.type === 'pad8' || f.type === 'pad16') continue;
    const field: DescribedHeader['fields'][number] = { name: f.name, value: v };
    if (f.values?.[v] !== undefined) field.display = f.values[v];
    else if (f.bits) field.display = bitNames(v, f.bits);
    fields.push(field);
  }
  return { struct: def.name, fields };
}
