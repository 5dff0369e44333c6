/**
 * Emits the exports of a family module: typed encode/decode functions per
 * attribute set and struct, the `codecs` table and the `family` object.
 */
import type { StructDef } from '../model.js';
import { q, type GenContext } from './context.js';

/** Typed `decodeX`/`encodeX` functions. */
export function emitWrappers(g: GenContext): void {
  for (const s of g.m.attributeSets) {
    const i = g.setIdx.get(s.name)!;
    const T = g.typeNames.get(`set:${s.name}`)!;
    g.w(`/** Decodes an attribute stream of set "${s.name}". Throws MalformedError on bad bytes. */`);
    g.w(`export function decode${T}(bytes: Uint8Array): ${T} {`);
    g.w(`  return dec${i}(bytes, []) as unknown as ${T};`);
    g.w('}');
    g.w(`/** Encodes an object as attributes of set "${s.name}". */`);
    g.w(`export function encode${T}(v: ${T}): Uint8Array {`);
    g.w('  const e = new AttrEncoder();');
    g.w(`  enc${i}(e, v as unknown as AttrValues, []);`);
    g.w('  return e.finish().slice();');
    g.w('}');
  }
  for (const d of g.m.definitions) {
    if (d.kind !== 'struct') continue;
    const i = g.structIdx.get(d.name)!;
    const T = g.typeNames.get(`struct:${d.name}`)!;
    g.w(`/** Decodes struct "${d.name}" (members that do not fit are left out). */`);
    g.w(`export function decode${T}(bytes: Uint8Array): ${T} {`);
    g.w(`  return sdec${i}(bytes) as unknown as ${T};`);
    g.w('}');
    g.w(`/** Encodes struct "${d.name}" (missing members are zero). */`);
    g.w(`export function encode${T}(v: ${T}): Uint8Array {`);
    g.w(`  return senc${i}(v as unknown as AttrValues, false);`);
    g.w('}');
  }
  g.w();
}

/** The `codecs` table and the `family` export. */
export function emitCodecs(g: GenContext): void {
  const sets = g.m.attributeSets;
  const structs = g.m.definitions.filter((d): d is StructDef => d.kind === 'struct');
  g.w('/** Specialised codecs, by attribute set and struct name. */');
  g.w('export const codecs: CompiledCodecs = {');
  g.w(`  decode: { ${sets.map((s) => `${q(s.name)}: dec${g.setIdx.get(s.name)}`).join(', ')} },`);
  g.w(`  encode: { ${sets.map((s) => `${q(s.name)}: enc${g.setIdx.get(s.name)}`).join(', ')} },`);
  g.w(`  decodeStruct: { ${structs.map((d) => `${q(d.name)}: sdec${g.structIdx.get(d.name)}`).join(', ')} },`);
  g.w(`  encodeStruct: { ${structs.map((d) => `${q(d.name)}: senc${g.structIdx.get(d.name)}`).join(', ')} },`);
  g.w('};');
  g.w();
  g.w('/** Model and codecs together, for the bundled family registry. */');
  g.w('export const family: BundledFamily = { model, codecs };');
}
