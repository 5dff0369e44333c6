/**
 * Emits the TypeScript types of a family: enum name unions, struct and
 * attribute-set interfaces, per-operation message types, enum tables.
 */
import type { AttrSet, AttrSpec } from '../model.js';
import { camelCase } from '../names.js';
import { propKey, q, type GenContext } from './context.js';

/** Enum unions, struct interfaces and attribute-set interfaces. */
export function emitTypes(g: GenContext): void {
  for (const d of g.m.definitions) {
    if (d.kind === 'enum' || d.kind === 'flags') {
      const names = d.entries.map((e) => q(e.name));
      g.w(`/** Names of ${d.kind} "${d.name}" (a number when the kernel sends a value the spec does not know). */`);
      g.w(`export type ${g.typeNames.get(`enum:${d.name}`)} = ${[...names, 'number'].join(' | ')};`);
      g.w();
    } else if (d.kind === 'struct') {
      g.w(`/** struct "${d.name}" (${d.size} bytes). */`);
      g.w(`export interface ${g.typeNames.get(`struct:${d.name}`)} {`);
      for (const mem of d.members) {
        if (mem.type === 'pad') continue;
        g.w(`  ${propKey(camelCase(mem.name))}?: ${g.memberTs(mem)};`);
      }
      g.w('}');
      g.w();
    }
  }
  for (const s of g.m.attributeSets) {
    g.w(`/** Attribute set "${s.name}". */`);
    g.w(`export interface ${g.typeNames.get(`set:${s.name}`)} {`);
    const seen = new Set<string>();
    for (const a of [...s.attributes].reverse()) {
      const k = camelCase(a.name);
      if (seen.has(k) || a.type === 'pad' || a.type === 'unused') continue;
      seen.add(k);
    }
    for (const a of s.attributes) {
      const k = camelCase(a.name);
      if (!seen.has(k)) continue;
      seen.delete(k);
      g.w(`  ${propKey(k)}?: ${g.attrTs(lastByKey(s, k))};`);
    }
    g.w('  _unknown?: UnknownAttr[];');
    g.w('}');
    g.w();
  }
}

/** One message type per operation (fixed header & attributes). */
export function emitOpTypes(g: GenContext): void {
  for (const o of g.m.operations) {
    const t = g.typeNames.get(`op:${o.name}`);
    if (t === undefined) continue;
    const set = g.typeNames.get(`set:${o.attributeSet}`)!;
    const parts = o.fixedHeader !== undefined ? [g.typeNames.get(`struct:${o.fixedHeader}`)!, set] : [set];
    g.w(`/** Messages of operation "${o.name}"${o.fixedHeader !== undefined ? ' (fixed header members and attributes)' : ''}. */`);
    g.w(`export type ${t} = ${parts.join(' & ')};`);
  }
  g.w();
}

/** The enum name tables used by the codecs. */
export function emitEnums(g: GenContext): void {
  for (const d of g.m.definitions) {
    if (d.kind !== 'enum' && d.kind !== 'flags') continue;
    const pairs = d.entries.map((e) => `[${q(e.name)}, ${e.value}]`).join(', ');
    g.w(`const E${g.enumIdx.get(d.name)} = rt.enumTable([${pairs}]);`);
  }
  g.w();
}

/** The last attribute of `s` whose property name is `k` (later definitions win). */
function lastByKey(s: AttrSet, k: string): AttrSpec {
  let found: AttrSpec | undefined;
  for (const a of s.attributes) if (camelCase(a.name) === k) found = a;
  return found!;
}
