/**
 * Emits sub-message codecs: a `switch` on the selector value choosing the
 * format's fixed header and attribute set.
 */
import { q, type GenContext } from './context.js';

/** Decoder `smdecN` and encoder `smencN` of sub-message number `i`. */
export function emitSubMessage(g: GenContext, i: number): void {
  const sm = g.m.subMessages[i]!;
  const formats = sm.formats.filter((f, j) => sm.formats.findIndex((g) => g.value === f.value) === j);
  g.w(`function smdec${i}(sel: string | undefined, p: Uint8Array, s: readonly Scope[]): unknown {`);
  g.w('  switch (sel) {');
  for (const f of formats) {
    const parts: string[] = [];
    if (f.fixedHeader !== undefined) {
      const st = g.structIdx.get(f.fixedHeader)!;
      parts.push(`const o = sdec${st}(p);`);
      if (f.attributeSet !== undefined) {
        parts.push(`Object.assign(o, dec${g.setIdx.get(f.attributeSet)}(p.subarray(Math.min(p.length, ${(g.struct(f.fixedHeader).size + 3) & ~3})), s));`);
      }
      parts.push('return o;');
    } else if (f.attributeSet !== undefined) parts.push(`return dec${g.setIdx.get(f.attributeSet)}(p, s);`);
    else parts.push('return {};');
    g.w(`    case ${q(f.value)}: { ${parts.join(' ')} }`);
  }
  g.w('    default: return p.slice();');
  g.w('  }');
  g.w('}');
  g.w();
  g.w(`function smenc${i}(e: AttrEncoder, type: number, v: unknown, sel: unknown, s: readonly Scope[], where: string, selector: string): void {`);
  g.w('  switch (rt.selectorKey(sel)) {');
  for (const f of formats) {
    const parts: string[] = [`const t = e.nestStart(type, ${f.attributeSet !== undefined});`];
    let skip = 'undefined';
    if (f.fixedHeader !== undefined) {
      const st = g.structIdx.get(f.fixedHeader)!;
      parts.push(`e.raw(senc${st}(v as AttrValues, true));`);
      skip = `SKIP${st}`;
    }
    if (f.attributeSet !== undefined) parts.push(`enc${g.setIdx.get(f.attributeSet)}(e, v as AttrValues, s, ${skip});`);
    parts.push('e.nestEnd(t);', 'return;');
    g.w(`    case ${q(f.value)}: { ${parts.join(' ')} }`);
  }
  g.w('    default:');
  g.w('      if (v instanceof Uint8Array) { e.bytes(type, v); return; }');
  g.w('      throw rt.noFormat(where, selector, sel);');
  g.w('  }');
  g.w('}');
  g.w();
}
