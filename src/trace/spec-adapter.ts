/**
 * Describers built from a YNL spec family (src/spec): any netlink-raw
 * family by message type, any generic netlink family by name once its id
 * is known to the registry. Attribute and struct names are the spec's own
 * ('dev-name', 'ifi-index'); enums and flags are named from the spec.
 *
 *     const registry = defaultRegistry();
 *     addSpecFamily(registry, bundledSpec('rt-link'), { first: true });
 *     addSpecFamily(registry, bundledSpec('netdev'));
 */
import type { Message } from '../core/message.js';
import { Flags } from '../core/constants.js';
import type { SpecFamily } from '../spec/index.js';
import type { AttrSpec, EnumDef, FamilyModel, StructDef as SpecStruct } from '../spec/model.js';
import type { AttrDef, AttrKind, AttrTable } from './attr-table.js';
import { decodeAttrs } from './decode-attrs.js';
import type { DescriberRegistry, FamilyDescriber, FamilyDescription, GenlFamilyDescriber } from './describer.js';
import { decodeStruct, structSize, type StructDef, type StructField } from './struct.js';

function enumOf(model: FamilyModel, name: string | undefined): EnumDef | undefined {
  if (!name) return undefined;
  const d = model.definitions.find((x) => x.name === name);
  return d && d.kind !== 'struct' && d.kind !== 'const' ? (d as EnumDef) : undefined;
}

function namesOf(e: EnumDef | undefined, asFlags: boolean): Pick<AttrDef, 'values' | 'bits'> {
  if (!e) return {};
  const t: Record<number, string> = {};
  if (e.kind === 'flags' || asFlags) {
    for (const x of e.entries) if (x.value < 32) t[(2 ** x.value) >>> 0] = x.name;
    return { bits: t };
  }
  for (const x of e.entries) t[x.value] = x.name;
  return { values: t };
}

function kindOf(a: AttrSpec): AttrKind {
  const be = a.byteOrder === 'big-endian';
  const hint = a.displayHint;
  switch (a.type) {
    case 'u16': return be ? 'be16' : 'u16';
    case 'u32': return be ? 'be32' : 'u32';
    case 'u8': case 's8': case 's16': case 's32': case 'uint': case 'sint': case 'flag': case 'string': case 'bitfield32':
      return a.type;
    case 'u64': case 's64': return be ? 'binary' : a.type;
    case 'binary': return hint === 'ipv4' || hint === 'ipv6' || hint === 'ipv4-or-v6' ? 'ip' : hint === 'mac' ? 'mac' : 'binary';
    case 'nest': case 'nest-type-value': case 'sub-message': return 'nested';
    case 'indexed-array': return a.subType === 'nest' ? 'array' : 'nested';
    default: return 'binary';
  }
}

/**
 * Builds the attribute table of a spec attribute set (nested sets
 * included; recursive sets share one table object). Unknown sets give an
 * empty table.
 */
export function attrTableFromSpec(model: FamilyModel, set: string, cache = new Map<string, Record<number, AttrDef>>()): AttrTable {
  const hit = cache.get(set);
  if (hit) return hit;
  const table: Record<number, AttrDef> = {};
  cache.set(set, table);
  const s = model.attributeSets.find((x) => x.name === set);
  for (const a of s?.attributes ?? []) {
    const def: { -readonly [K in keyof AttrDef]: AttrDef[K] } = { name: a.name, kind: kindOf(a), ...namesOf(enumOf(model, a.enum), !!a.enumAsFlags) };
    if (a.nestedAttributes) def.nested = attrTableFromSpec(model, a.nestedAttributes, cache);
    table[a.value] = def;
  }
  return table;
}

/** Converts a spec struct to a fixed header definition, or undefined when a member type has no counterpart. */
export function structFromSpec(model: FamilyModel, name: string): StructDef | undefined {
  const d = model.definitions.find((x) => x.name === name && x.kind === 'struct') as SpecStruct | undefined;
  if (!d) return undefined;
  const fields: StructField[] = [];
  for (const m of d.members) {
    const names = namesOf(enumOf(model, m.enum), !!m.enumAsFlags);
    if (m.type === 'pad' || ((m.type === 'binary' || m.type === 'string') && m.len)) {
      for (let i = 0; i < (m.len ?? 1); i++) fields.push({ name: `${m.name}[${i}]`, type: 'pad8' });
      continue;
    }
    const t = m.type === 'u8' || m.type === 's8' ? 'u8' : m.type === 'u16' || m.type === 's16' ? (m.byteOrder === 'big-endian' ? 'be16' : 'u16')
      : m.type === 'u32' ? 'u32' : m.type === 's32' ? 's32' : undefined;
    if (!t) return undefined;
    fields.push({ name: m.name, type: t, ...names });
  }
  return { name: d.name, fields };
}

/** A FamilyDescriber for a netlink-raw spec family (rt-link, rt-addr, …), matching message types through its operations. */
export function specRawDescriber(family: SpecFamily): FamilyDescriber {
  const model = family.model;
  const cache = new Map<string, Record<number, AttrDef>>();
  return {
    protocol: family.protonum,
    name: family.name,
    describe(msg: Message): FamilyDescription | undefined {
      const isRequest = (msg.header.flags & Flags.Request) !== 0;
      const ops = family.operationsForMessage(msg.header.type, isRequest ? 'request' : 'reply');
      const op = ops[0];
      if (!op) return undefined;
      const out: FamilyDescription = { type: `${family.name} ${op.name}`, family: family.name, flagKind: /^(new|set)/.test(op.name) ? 'new' : /^del/.test(op.name) ? 'del' : 'get' };
      let data = msg.data;
      if (op.fixedHeader) {
        const st = structFromSpec(model, op.fixedHeader);
        const size = st ? structSize(st) : 0;
        if (!st || data.length < size) {
          out.problems = [`payload shorter than ${op.fixedHeader} or header not describable`];
          out.rest = data;
          return out;
        }
        out.header = decodeStruct(st, data);
        data = data.subarray(size);
      }
      if (data.length && op.attributeSet) out.attrs = decodeAttrs(data, attrTableFromSpec(model, op.attributeSet, cache));
      return out;
    },
  };
}

/** A GenlFamilyDescriber for a generic netlink spec family; commands by operation name. */
export function specGenlDescriber(family: SpecFamily): GenlFamilyDescriber {
  const model = family.model;
  const cache = new Map<string, Record<number, AttrDef>>();
  const find = (cmd: number, fromKernel: boolean) =>
    model.operations.find((o) => (fromKernel && model.msgIdModel === 'directional' ? o.replyValue ?? o.requestValue : o.requestValue ?? o.replyValue) === cmd);
  return {
    family: family.name,
    commandName: (cmd, fromKernel) => find(cmd, fromKernel)?.name,
    attrs: (cmd, fromKernel) => {
      const set = find(cmd, fromKernel)?.attributeSet;
      return set ? attrTableFromSpec(model, set, cache) : undefined;
    },
  };
}

/**
 * Registers a spec family on a registry: netlink-raw families as protocol
 * describers (asked before the built-in ones when `first` is true),
 * generic netlink families as family describers (replacing a built-in one
 * of the same name).
 */
export function addSpecFamily(registry: DescriberRegistry, family: SpecFamily, opts: { first?: boolean } = {}): DescriberRegistry {
  if (family.isGenetlink) return registry.addGenl(specGenlDescriber(family));
  const d = specRawDescriber(family);
  return opts.first ? registry.addFirst(d) : registry.add(d);
}
