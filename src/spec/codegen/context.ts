/**
 * Shared state of the code generator for one family: the model, index
 * numbers of sets/structs/enums (the generated function names), unique
 * TypeScript type names, and helpers that produce TypeScript snippets.
 */
import type { AttrSet, AttrSpec, EnumDef, FamilyModel, StructDef, StructMember } from '../model.js';
import { camelCase, pascalCase } from '../names.js';

/** Fixed-width scalar type names. */
export const SCALARS: ReadonlySet<string> = new Set(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64']);
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(['model', 'codecs', 'family', 'AttrValues', 'Scope', 'UnknownAttr', 'AttrDecoder', 'AttrEncoder', 'Int64']);

/** A string as a TypeScript string literal. */
export function q(s: string): string {
  return JSON.stringify(s);
}
/** Property access `obj.key` (or `obj["key"]` when key is not an identifier). */
export function prop(obj: string, key: string): string {
  return IDENT.test(key) ? `${obj}.${key}` : `${obj}[${q(key)}]`;
}
/** A property name in a type or object literal. */
export function propKey(key: string): string {
  return IDENT.test(key) ? key : q(key);
}
/** Byte size of a fixed-width scalar type. */
export function size(t: string): number {
  return t === 'u8' || t === 's8' ? 1 : t === 'u16' || t === 's16' ? 2 : t === 'u32' || t === 's32' ? 4 : 8;
}

/** Everything the emitters share: the model, name tables and the output lines. */
export class GenContext {
  readonly setIdx = new Map<string, number>();
  readonly structIdx = new Map<string, number>();
  readonly enumIdx = new Map<string, number>();
  readonly typeNames = new Map<string, string>();
  readonly used = new Set<string>(RESERVED);
  readonly scoped = new Set<string>();
  readonly out: string[] = [];

  /** Indexes `m` and allocates unique TypeScript names. */
  constructor(readonly m: FamilyModel) {
    m.attributeSets.forEach((s, i) => this.setIdx.set(s.name, i));
    let si = 0;
    let ei = 0;
    for (const d of m.definitions) {
      if (d.kind === 'struct') this.structIdx.set(d.name, si++);
      else if (d.kind !== 'const') this.enumIdx.set(d.name, ei++);
    }
    for (const d of m.definitions) {
      if (d.kind === 'struct') this.typeNames.set(`struct:${d.name}`, this.alloc(`${pascalCase(d.name)}Struct`));
      else if (d.kind !== 'const') this.typeNames.set(`enum:${d.name}`, this.alloc(pascalCase(d.name) + (d.kind === 'flags' ? 'Flag' : 'Enum')));
    }
    for (const s of m.attributeSets) {
      const base = pascalCase(s.name);
      this.typeNames.set(`set:${s.name}`, this.alloc(base.endsWith('Attrs') ? base : `${base}Attrs`));
    }
    for (const o of m.operations) {
      if (o.attributeSet !== undefined) this.typeNames.set(`op:${o.name}`, this.alloc(`${pascalCase(o.name)}Message`));
    }
    this.computeScoped();
  }

  /** Allocates a unique exported name. */
  alloc(name: string): string {
    let n = name;
    for (let i = 2; this.used.has(n) || this.used.has(`decode${n}`) || this.used.has(`encode${n}`); i++) n = `${name}${i}`;
    this.used.add(n);
    return n;
  }

  /** The attribute set `name`. */
  set(name: string): AttrSet {
    return this.m.attributeSets[this.setIdx.get(name)!]!;
  }

  /** The struct `name`. */
  struct(name: string): StructDef {
    return this.m.definitions.find((d) => d.kind === 'struct' && d.name === name) as StructDef;
  }

  /** The enum or flags definition `name`. */
  enumDef(name: string): EnumDef {
    return this.m.definitions.find((d) => d.name === name && d.kind !== 'struct' && d.kind !== 'const') as EnumDef;
  }

  /** Sets from which a sub-message attribute is reachable push a scope for selector lookups. */
  computeScoped(): void {
    const children = (s: AttrSet): string[] => {
      const out: string[] = [];
      for (const a of s.attributes) {
        if (a.nestedAttributes !== undefined) out.push(a.nestedAttributes);
        if (a.subMessage !== undefined) {
          for (const f of this.m.subMessages.find((x) => x.name === a.subMessage)?.formats ?? []) if (f.attributeSet) out.push(f.attributeSet);
        }
      }
      return out;
    };
    const memo = new Map<string, boolean>();
    const reaches = (name: string, seen: Set<string>): boolean => {
      if (memo.has(name)) return memo.get(name)!;
      if (seen.has(name)) return false;
      seen.add(name);
      const s = this.set(name);
      const r = s.attributes.some((a) => a.type === 'sub-message') || children(s).some((c) => reaches(c, seen));
      seen.delete(name);
      return r;
    };
    for (const s of this.m.attributeSets) {
      const r = reaches(s.name, new Set());
      memo.set(s.name, r);
      if (r) this.scoped.add(s.name);
    }
  }

  /** Appends one output line. */
  w(line = ''): void {
    this.out.push(line);
  }

  /** TypeScript type of an enum-valued field. */
  enumType(name: string, asFlags: boolean | undefined): string {
    const t = this.typeNames.get(`enum:${name}`)!;
    return this.enumDef(name).kind === 'flags' || asFlags ? `${t}[]` : t;
  }

  /** TypeScript type of a scalar. */
  scalarTs(t: string): string {
    return t === 'u64' || t === 's64' || t === 'uint' || t === 'sint' ? 'rt.Int64' : 'number';
  }

  /** TypeScript type of an attribute value. */
  attrTs(a: AttrSpec): string {
    let t: string;
    if (SCALARS.has(a.type) || a.type === 'uint' || a.type === 'sint') t = a.enum ? this.enumType(a.enum, a.enumAsFlags) : this.scalarTs(a.type);
    else {
      switch (a.type) {
        case 'string': t = 'string'; break;
        case 'flag': t = 'boolean'; break;
        case 'binary':
          t = a.struct ? this.typeNames.get(`struct:${a.struct}`)! : a.subType ? `${this.scalarTs(a.subType)}[]` : 'Uint8Array';
          break;
        case 'bitfield32': {
          const v = a.enum ? this.enumType(a.enum, a.enumAsFlags) : 'number';
          t = `{ value: ${v}; selector: ${v} }`;
          break;
        }
        case 'nest': t = this.typeNames.get(`set:${a.nestedAttributes}`)!; break;
        case 'indexed-array':
          t = a.subType === 'nest' ? `${this.typeNames.get(`set:${a.nestedAttributes}`)!}[]`
            : a.subType === 'binary' ? 'Uint8Array[]' : a.subType === 'string' ? 'string[]' : `${this.scalarTs(a.subType!)}[]`;
          break;
        case 'nest-type-value':
          t = `(${this.typeNames.get(`set:${a.nestedAttributes}`)!} & { ${a.typeValue!.map((n) => `${propKey(camelCase(n))}: number`).join('; ')} })[]`;
          break;
        case 'sub-message': t = 'AttrValues | Uint8Array'; break;
        default: t = 'never';
      }
    }
    if (a.multiAttr) t = t.endsWith(']') || /^[A-Za-z0-9_.]+$/.test(t) ? `${t}[]` : `(${t})[]`;
    return t;
  }

  /** TypeScript type of a struct member. */
  memberTs(mem: StructMember): string {
    if (mem.type === 'binary') return mem.struct ? this.typeNames.get(`struct:${mem.struct}`)! : 'Uint8Array';
    if (mem.type === 'string') return 'string';
    if (mem.enum) return this.enumType(mem.enum, mem.enumAsFlags);
    return this.scalarTs(mem.type);
  }

  /** Expression decoding an enum or flags value. */
  enumDecode(name: string, asFlags: boolean | undefined, expr: string): string {
    const fn = this.enumDef(name).kind === 'flags' || asFlags ? 'rt.flagNames' : 'rt.enumName';
    return `${fn}(E${this.enumIdx.get(name)}, ${expr})`;
  }

  /** Expression encoding an enum or flags value. */
  enumEncode(name: string, asFlags: boolean | undefined, expr: string, where: string): string {
    const flags = this.enumDef(name).kind === 'flags' || asFlags ? 'true' : 'false';
    return `rt.encEnum(E${this.enumIdx.get(name)}, ${flags}, ${expr}, ${q(where)})`;
  }

  /** The line defining `s` (the scope list) in a set codec. */
  scopeLine(s: AttrSet, values: string): string {
    return this.scoped.has(s.name) ? `  const s: readonly Scope[] = [{ set: ${q(s.name)}, values: ${values} }, ...outer];` : '  const s = outer;';
  }

  /** Expression finding a sub-message selector value. */
  selectorExpr(a: AttrSpec): string {
    const sets = this.m.attributeSets.filter((x) => x.attributes.some((y) => y.name === a.selector)).map((x) => q(x.name));
    return `rt.findSelector(s, ${q(camelCase(a.selector!))}, [${sets.join(', ')}])`;
  }
}
