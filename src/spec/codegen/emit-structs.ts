/**
 * Emits straight-line struct codecs: a decoder reading members at fixed
 * offsets (stopping at the first member that does not fit) and an encoder.
 */
import type { StructDef } from '../model.js';
import { camelCase } from '../names.js';
import { SCALARS, prop, q, size, type GenContext } from './context.js';

/** Decoder `sdecN`, member list, skip set and encoder `sencN`/`swrN` of one struct. */
export function emitStruct(g: GenContext, d: StructDef): void {
  const i = g.structIdx.get(d.name)!;
  // the struct starts at `at` of `p` (no view per struct); scalar members are read byte by byte
  g.w(`function sdec${i}(p: Uint8Array, at = 0): AttrValues {`);
  g.w('  const o: AttrValues = {};');
  g.w('  const n = p.length - at;');
  let off = 0;
  for (const mem of d.members) {
    const sz = mem.type === 'pad' || mem.type === 'binary' || mem.type === 'string'
      ? (mem.struct !== undefined ? g.struct(mem.struct).size : mem.len!) : size(mem.type);
    const end = off + sz;
    const k = prop('o', camelCase(mem.name));
    if (mem.type === 'pad') g.w(`  if (n < ${end}) return o;`);
    else if (mem.type === 'binary' && mem.struct !== undefined) g.w(`  if (n < ${end}) return o;\n  ${k} = sdec${g.structIdx.get(mem.struct)}(p, at + ${off});`);
    else if (mem.type === 'binary') g.w(`  if (n < ${end}) return o;\n  ${k} = p.slice(at + ${off}, at + ${end});`);
    else if (mem.type === 'string') g.w(`  if (n < ${end}) return o;\n  ${k} = decodeString(p, at + ${off}, at + ${end});`);
    else {
      const big = mem.byteOrder === 'big-endian';
      let v: string;
      if (mem.type === 'u8') v = `p[at + ${off}]!`;
      else if (mem.type === 's8') v = `(p[at + ${off}]! << 24) >> 24`;
      else v = `rt.${mem.type}(p, at + ${off}, ${big})`;
      if (mem.enum !== undefined) v = g.enumDecode(mem.enum, mem.enumAsFlags, v);
      g.w(`  if (n < ${end}) return o;\n  ${k} = ${v};`);
    }
    off = end;
  }
  g.w('  return o;');
  g.w('}');
  g.w();
  const keys = d.members.map((mm) => q(camelCase(mm.name))).join(', ');
  g.w(`const MEMBERS${i}: readonly string[] = [${keys}];`);
  g.w(`const SKIP${i}: ReadonlySet<string> = new Set(MEMBERS${i});`);
  g.w(`function senc${i}(v: AttrValues, partial: boolean): Uint8Array {`);
  g.w(`  const out = new Uint8Array(${d.size});`);
  g.w(`  swr${i}(v, out, 0, partial);`);
  g.w('  return out;');
  g.w('}');
  g.w(`function swr${i}(v: AttrValues, out: Uint8Array, at: number, partial: boolean): void {`);
  g.w(`  if (!partial) rt.checkMembers(v, MEMBERS${i}, ${q(d.name)});`);
  if (d.members.some((mm) => SCALARS.has(mm.type))) g.w('  const dv = rt.view(out);');
  off = 0;
  for (const mem of d.members) {
    const where = q(`${d.name}.${mem.name}`);
    const k = prop('v', camelCase(mem.name));
    if (mem.type === 'pad') off += mem.len!;
    else if (mem.type === 'binary' && mem.struct !== undefined) {
      g.w(`  if (${k} !== undefined) swr${g.structIdx.get(mem.struct)}(${k} as AttrValues, out, at + ${off}, false);`);
      off += g.struct(mem.struct).size;
    } else if (mem.type === 'binary' || mem.type === 'string') {
      g.w(`  rt.writeBytesMember(out, at + ${off}, ${mem.len}, ${k}, ${mem.type === 'string'}, ${where});`);
      off += mem.len!;
    } else {
      const val = mem.enum !== undefined ? g.enumEncode(mem.enum, mem.enumAsFlags, k, `${d.name}.${mem.name}`) : k;
      g.w(`  rt.writeScalar(dv, at + ${off}, ${q(mem.type)}, ${k} === undefined ? 0 : ${val}, ${mem.byteOrder === 'big-endian'}, ${where});`);
      off += size(mem.type);
    }
  }
  g.w('}');
  g.w();
}
