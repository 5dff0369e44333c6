/**
 * Emits attribute-set codecs: a decoder with a `switch` on the attribute
 * type, and an encoder with a `switch` on the property name.
 */
import type { AttrSet, AttrSpec } from '../model.js';
import { camelCase } from '../names.js';
import { SCALARS, prop, q, size, type GenContext } from './context.js';

/** Decoder `decN` of one attribute set. */
export function emitSetDecoder(g: GenContext, s: AttrSet): void {
  const i = g.setIdx.get(s.name)!;
  g.w(`function dec${i}(b: Uint8Array, outer: readonly Scope[], into?: AttrValues, only?: ReadonlySet<number>): AttrValues {`);
  g.w('  const o: AttrValues = into ?? {};');
  g.w(g.scopeLine(s, 'o'));
  g.w('  const ad = new AttrDecoder(b);');
  g.w('  while (ad.next()) {');
  g.w('    if (only !== undefined && !only.has(ad.type)) continue;');
  g.w('    switch (ad.type) {');
  const byValue = new Map<number, AttrSpec>();
  for (const a of s.attributes) if (!byValue.has(a.value) || byValue.get(a.value)!.type === 'unused') byValue.set(a.value, a);
  for (const [v, a] of byValue) {
    if (a.type === 'unused') continue;
    if (a.type === 'pad') { g.w(`      case ${v}: break;`); continue; }
    const where = `${s.name}.${a.name}`;
    const val = decodeExpr(g, a, where);
    const k = camelCase(a.name);
    if (a.multiAttr) g.w(`      case ${v}: rt.push(o, ${q(k)}, ${val}); break;`);
    else g.w(`      case ${v}: ${prop('o', k)} = ${val}; break;`);
  }
  g.w('      default: rt.unknown(o, ad);');
  g.w('    }');
  g.w('  }');
  g.w('  return o;');
  g.w('}');
  g.w();
}

/** Expression decoding the current attribute (`ad`) of spec `a`. */
function decodeExpr(g: GenContext, a: AttrSpec, where: string): string {
  const t = a.type;
  const big = a.byteOrder === 'big-endian';
  const W = q(where);
  if (SCALARS.has(t) || t === 'uint' || t === 'sint') {
    let v: string;
    if (!big) {
      v = t === 'u64' ? 'ad.u64n()' : t === 's64' ? `rt.scalar(ad, 's64', false, ${W})` : `ad.${t}()`;
    } else if (t === 'u16' || t === 'u32') v = `ad.${t}be()`;
    else if (t === 'u64') v = 'rt.narrow64(ad.u64be())';
    else v = `rt.scalar(ad, ${q(t)}, true, ${W})`;
    return a.enum !== undefined ? g.enumDecode(a.enum, a.enumAsFlags, v) : v;
  }
  switch (t) {
    case 'string': return 'ad.string()';
    case 'flag': return 'true';
    case 'binary':
      if (a.struct !== undefined) return `sdec${g.structIdx.get(a.struct)}(ad.value())`;
      if (a.subType !== undefined) return `rt.cArray(ad.value(), ${q(a.subType)}, ${big}, ${W})`;
      return 'ad.copy()';
    case 'bitfield32':
      if (a.enum === undefined) return `rt.bitfield32(ad.value(), null, false, ${W})`;
      return `rt.bitfield32(ad.value(), E${g.enumIdx.get(a.enum)}, ${g.enumDef(a.enum).kind === 'flags' || !!a.enumAsFlags}, ${W})`;
    case 'nest': return `dec${g.setIdx.get(a.nestedAttributes!)}(ad.value(), s)`;
    case 'indexed-array':
      if (a.subType === 'nest') return `rt.indexedNests(ad.value(), dec${g.setIdx.get(a.nestedAttributes!)}, s)`;
      return `rt.indexedItems(ad.value(), ${q(a.subType!)}, ${big}, ${W})`;
    case 'nest-type-value':
      return `rt.nestTypeValue(ad.value(), [${a.typeValue!.map((n) => q(camelCase(n))).join(', ')}], dec${g.setIdx.get(a.nestedAttributes!)}, s)`;
    case 'sub-message': {
      const k = g.m.subMessages.findIndex((x) => x.name === a.subMessage);
      return `smdec${k}(rt.selectorKey(${g.selectorExpr(a)}), ad.value(), s)`;
    }
    default: return 'ad.copy()';
  }
}

/** Encoder `encN` of one attribute set. */
export function emitSetEncoder(g: GenContext, s: AttrSet): void {
  const i = g.setIdx.get(s.name)!;
  g.w(`function enc${i}(e: AttrEncoder, v: AttrValues, outer: readonly Scope[], skip?: ReadonlySet<string>): void {`);
  g.w(`  if (v === null || typeof v !== 'object') throw new TypeError(${q(`${s.name}: expected an object of attributes`)});`);
  g.w(g.scopeLine(s, 'v'));
  g.w('  for (const k of Object.keys(v)) {');
  g.w('    const x = v[k];');
  g.w('    if (x === undefined || skip?.has(k)) continue;');
  g.w('    switch (k) {');
  g.w("      case '_unknown': rt.putUnknown(e, x); break;");
  const byKey = new Map<string, AttrSpec>();
  for (const a of s.attributes) {
    const k = camelCase(a.name);
    byKey.delete(k);
    byKey.set(k, a);
  }
  for (const [k, a] of byKey) {
    if (k === '_unknown') continue;
    const where = `${s.name}.${a.name}`;
    if (a.multiAttr) {
      const cArr = a.type === 'binary' && a.subType !== undefined;
      g.w(`      case ${q(k)}: for (const y of rt.items(x, ${cArr})) { ${encodeStmt(g, a, 'y', where)} } break;`);
    } else g.w(`      case ${q(k)}: { ${encodeStmt(g, a, 'x', where)} } break;`);
  }
  g.w(`      default: throw rt.noSuchAttr(${q(s.name)}, k);`);
  g.w('    }');
  g.w('  }');
  g.w('}');
  g.w();
}

/** Statements encoding value `x` as attribute `a`. */
function encodeStmt(g: GenContext, a: AttrSpec, x: string, where: string): string {
  const t = a.type;
  const big = a.byteOrder === 'big-endian';
  const W = q(where);
  const T = a.value;
  if (SCALARS.has(t)) {
    const val = a.enum !== undefined ? g.enumEncode(a.enum, a.enumAsFlags, x, where) : x;
    if (!big && a.enum === undefined && size(t) <= 4) {
      return `if (typeof ${x} === 'number' && Number.isInteger(${x})) e.${t}(${T}, ${x}); else rt.putScalar(e, ${T}, ${q(t)}, ${x}, false, ${W});`;
    }
    return `rt.putScalar(e, ${T}, ${q(t)}, ${val}, ${big}, ${W});`;
  }
  if (t === 'uint' || t === 'sint') {
    const val = a.enum !== undefined ? g.enumEncode(a.enum, a.enumAsFlags, x, where) : x;
    return `rt.putAuto(e, ${T}, ${q(t)}, ${val}, ${big}, ${W});`;
  }
  switch (t) {
    case 'string': return `rt.putString(e, ${T}, ${x}, ${W});`;
    case 'flag': return `if (${x}) e.flag(${T});`;
    case 'pad':
    case 'unused': return '';
    case 'binary': {
      let stmt = '';
      if (a.struct !== undefined) stmt += `if (rt.isObject(${x})) e.bytes(${T}, senc${g.structIdx.get(a.struct)}(${x}, false)); else `;
      if (a.subType !== undefined) stmt += `if (Array.isArray(${x})) rt.putCArray(e, ${T}, ${q(a.subType)}, ${x}, ${big}, ${W}); else `;
      return `${stmt}e.bytes(${T}, rt.toBytes(${x}, ${W}));`;
    }
    case 'bitfield32':
      if (a.enum === undefined) return `rt.putBitfield32(e, ${T}, ${x}, null, false, ${W});`;
      return `rt.putBitfield32(e, ${T}, ${x}, E${g.enumIdx.get(a.enum)}, ${g.enumDef(a.enum).kind === 'flags' || !!a.enumAsFlags}, ${W});`;
    case 'nest':
      return `const t = e.nestStart(${T}); enc${g.setIdx.get(a.nestedAttributes!)}(e, ${x} as AttrValues, s); e.nestEnd(t);`;
    case 'indexed-array': {
      const enc = a.subType === 'nest' ? `enc${g.setIdx.get(a.nestedAttributes!)}` : 'null';
      return `rt.putIndexed(e, ${T}, ${x}, ${q(a.subType!)}, ${big}, ${enc}, s, ${W});`;
    }
    case 'nest-type-value':
      return `rt.putNestTypeValue(e, ${T}, ${x}, [${a.typeValue!.map((n) => q(camelCase(n))).join(', ')}], enc${g.setIdx.get(a.nestedAttributes!)}, s, ${W});`;
    case 'sub-message': {
      const k = g.m.subMessages.findIndex((y) => y.name === a.subMessage);
      return `smenc${k}(e, ${T}, ${x}, ${g.selectorExpr(a)}, s, ${W}, ${q(a.selector!)});`;
    }
    default: return '';
  }
}
