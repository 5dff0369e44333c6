/**
 * The lookup tables of the run-time codec for one model and name style:
 * attribute sets by number and by property name, structs, enum tables,
 * sub-messages. Immutable after construction.
 */
import type { AttrSpec, EnumDef, FamilyModel, ScalarType, StructDef, SubMessage } from './model.js';
import type { NameStyle, Scope } from './codec-types.js';
import { camelCase } from './names.js';
import { enumTable, type EnumTable } from './values.js';

/** Fixed-width scalar type names. */
export const SCALARS: ReadonlySet<string> = new Set(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64']);

/** One attribute set, indexed. */
export interface SetIndex {
  name: string;
  byValue: Map<number, AttrSpec>;
  byKey: Map<string, AttrSpec>;
  keys: Set<string>;
}

/** Byte size of a fixed-width scalar type. */
export function sizeOf(t: ScalarType): number {
  return t === 'u8' || t === 's8' ? 1 : t === 'u16' || t === 's16' ? 2 : t === 'u32' || t === 's32' ? 4 : 8;
}

/** Indexes a model for one name style. */
export class CodecIndex {
  /** The key style of decoded objects and accepted input. */
  readonly style: NameStyle;
  /** Attribute sets by name. */
  readonly sets: ReadonlyMap<string, SetIndex>;
  /** Struct definitions by name. */
  readonly structs: ReadonlyMap<string, StructDef>;
  /** Enum and flags definitions by name, with their name tables. */
  readonly enums: ReadonlyMap<string, { def: EnumDef; table: EnumTable }>;
  /** Sub-message definitions by name. */
  readonly subs: ReadonlyMap<string, SubMessage>;

  /** Indexes `model` for `style` (the model must come from parseSpec/buildModel). */
  constructor(readonly model: FamilyModel, style: NameStyle = 'camel') {
    this.style = style;
    const sets = new Map<string, SetIndex>();
    const structs = new Map<string, StructDef>();
    const enums = new Map<string, { def: EnumDef; table: EnumTable }>();
    const subs = new Map<string, SubMessage>();
    for (const d of model.definitions) {
      if (d.kind === 'struct') structs.set(d.name, d);
      else if (d.kind !== 'const') enums.set(d.name, { def: d, table: enumTable(d.entries.map((e) => [e.name, e.value])) });
    }
    for (const s of model.attributeSets) {
      const idx: SetIndex = { name: s.name, byValue: new Map(), byKey: new Map(), keys: new Set() };
      for (const a of s.attributes) {
        if (!idx.byValue.has(a.value) || idx.byValue.get(a.value)!.type === 'unused') idx.byValue.set(a.value, a);
        idx.byKey.set(this.key(a.name), a);
        idx.keys.add(a.name);
      }
      sets.set(s.name, idx);
    }
    for (const m of model.subMessages) subs.set(m.name, m);
    this.sets = sets;
    this.structs = structs;
    this.enums = enums;
    this.subs = subs;
  }

  /** The property name used for a spec name in this style. */
  key(name: string): string {
    return this.style === 'camel' ? camelCase(name) : name;
  }

  /** The indexed set `name`; throws TypeError if there is none. */
  set(name: string): SetIndex {
    const s = this.sets.get(name);
    if (!s) throw new TypeError(`${this.model.name}: no attribute set named "${name}"`);
    return s;
  }

  /** The struct definition `name`; throws TypeError if there is none. */
  struct(name: string): StructDef {
    const s = this.structs.get(name);
    if (!s) throw new TypeError(`${this.model.name}: no struct named "${name}"`);
    return s;
  }

  /** Finds a sub-message selector's value, innermost level first, in levels whose set defines it. */
  findSelector(selector: string, scopes: readonly Scope[]): unknown {
    for (const s of scopes) {
      const set = this.sets.get(s.set);
      if (set && set.keys.has(selector)) return s.values[this.key(selector)];
    }
    return undefined;
  }
}
