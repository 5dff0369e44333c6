/**
 * Reads YNL spec text into the validated, resolved model (model.ts). Every
 * problem raises SpecError naming the file and the key path. Pure: no I/O
 * here (see loadSpecFile in family.ts for reading files).
 *
 * Resolution rules (as the kernel's own tools apply them):
 * - attributes are numbered from 1 in list order; an explicit `value`
 *   restarts the count there; `name-prefix` only affects C names;
 * - a `subset-of` set takes each listed attribute (type, number, ...) from
 *   its parent set;
 * - enum entries count from `value-start` (default 0), an explicit `value`
 *   restarts the count; flags entries are bit indexes (mask = 1 << value);
 * - operations (`enum-model: unified`) are numbered from 1, `value`
 *   restarts; in the `directional` model requests and replies count
 *   separately and take explicit numbers from `do`/`dump` `request`/`reply`
 *   `value` keys, notifications from their own `value`;
 * - an operation's fixed header is its own `fixed-header`, else the
 *   `operations.fixed-header` default; a notify operation uses the
 *   attribute set of the operation it names.
 */
import { parse as parseYaml } from 'yaml';
import { SpecError } from './errors.js';
import type {
  AttrSet, AttrSpec, AttrType, ByteOrder, Definition, EnumDef, FamilyModel, McastGroup, OpMessage, OpMode,
  OperationSpec, ProtocolLevel, ScalarType, StructDef, StructMember, SubMessage,
} from './model.js';

const PROTOCOLS: readonly ProtocolLevel[] = ['genetlink', 'genetlink-c', 'genetlink-legacy', 'netlink-raw'];
const SCALARS: readonly ScalarType[] = ['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64'];
const ATTR_TYPES: readonly AttrType[] = [
  ...SCALARS, 'uint', 'sint', 'string', 'binary', 'flag', 'pad', 'unused', 'bitfield32', 'nest', 'indexed-array',
  'nest-type-value', 'sub-message',
];
const SUB_TYPES = [...SCALARS, 'binary', 'nest', 'string', 'uint', 'sint'];
const BYTE_ORDERS: readonly ByteOrder[] = ['big-endian', 'little-endian'];
const HINTS = ['hex', 'mac', 'fddi', 'ipv4', 'ipv6', 'uuid', 'ipv4-or-v6'];

const TOP_KEYS = [
  'name', 'doc', 'protocol', 'protonum', 'uapi-header', 'c-family-name', 'c-version-name', 'max-by-define',
  'cmd-max-name', 'cmd-cnt-name', 'kernel-policy', 'definitions', 'attribute-sets', 'sub-messages', 'operations',
  'mcast-groups', 'version', 'kernel-family', 'license',
];
const DEF_KEYS = [
  'name', 'header', 'scope', 'type', 'doc', 'value', 'value-start', 'entries', 'render-max', 'enum-name',
  'name-prefix', 'members', 'enum-cnt-name',
];
const MEMBER_KEYS = ['name', 'type', 'len', 'byte-order', 'doc', 'enum', 'enum-as-flags', 'display-hint', 'struct'];
const SET_KEYS = ['name', 'name-prefix', 'enum-name', 'doc', 'subset-of', 'attr-cnt-name', 'attr-max-name', 'attributes', 'header'];
const ATTR_KEYS = [
  'name', 'type', 'doc', 'value', 'type-value', 'byte-order', 'multi-attr', 'nested-attributes', 'enum',
  'enum-as-flags', 'checks', 'sub-type', 'display-hint', 'name-prefix', 'struct', 'sub-message', 'selector',
  'len', 'config-cond', 'header',
];
const OP_KEYS = [
  'name', 'doc', 'value', 'attribute-set', 'flags', 'dont-validate', 'do', 'dump', 'notify', 'event', 'mcgrp',
  'fixed-header', 'config-cond',
];

type Obj = Record<string, unknown>;

/** Walks the parsed YAML with the current key path, for error messages. */
class Ctx {
  constructor(readonly file: string) {}
  fail(path: string, problem: string): never {
    throw new SpecError(this.file, path, problem);
  }
  obj(v: unknown, path: string): Obj {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `expected a mapping, got ${describe(v)}`);
    return v as Obj;
  }
  list(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected a list, got ${describe(v)}`);
    return v;
  }
  str(o: Obj, key: string, path: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v === '') this.fail(at(path, key), v === undefined ? 'missing' : `expected a non-empty string, got ${describe(v)}`);
    return v;
  }
  optStr(o: Obj, key: string, path: string): string | undefined {
    return o[key] === undefined || o[key] === null ? undefined : this.str(o, key, path);
  }
  optInt(o: Obj, key: string, path: string): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(at(path, key), `expected an integer, got ${describe(v)}`);
    return v;
  }
  optBool(o: Obj, key: string, path: string): boolean | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(at(path, key), `expected true or false, got ${describe(v)}`);
    return v;
  }
  oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[], path: string, what: string): T {
    const v = o[key];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(at(path, key), v === undefined ? 'missing' : `unknown ${what} ${JSON.stringify(v)}`);
    }
    return v as T;
  }
  keys(o: Obj, allowed: readonly string[], path: string): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(at(path, k), 'unknown key');
  }
}

/** Joins a key path and a key ('' + 'protocol' → 'protocol'). */
function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Parses and validates YNL spec text. `file` is used in error messages
 * only. Returns the resolved model; throws SpecError on any problem (YAML
 * syntax, unknown keys or types, references to undefined names, duplicates).
 */
export function parseSpec(text: string, file = '<text>'): FamilyModel {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true, merge: true, maxAliasCount: -1 });
  } catch (e) {
    throw new SpecError(file, '', `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return buildModel(doc, file);
}

/** Validates an already-parsed YAML document (see parseSpec). */
export function buildModel(doc: unknown, file = '<text>'): FamilyModel {
  const c = new Ctx(file);
  const top = c.obj(doc, '');
  c.keys(top, TOP_KEYS, '');
  const name = c.str(top, 'name', '');
  const protocol = top['protocol'] === undefined ? 'genetlink' : c.oneOf(top, 'protocol', PROTOCOLS, '', 'protocol');
  const protonum = c.optInt(top, 'protonum', '');
  if (protocol === 'netlink-raw' && protonum === undefined) c.fail('protonum', 'missing (required by netlink-raw)');
  if (protocol !== 'netlink-raw' && protonum !== undefined) c.fail('protonum', 'only allowed in netlink-raw specs');
  const version = c.optInt(top, 'version', '');

  const definitions = readDefinitions(c, top['definitions']);
  const attributeSets = readAttrSets(c, top['attribute-sets'], definitions);
  const subMessages = readSubMessages(c, top['sub-messages'], definitions, attributeSets);
  checkAttrRefs(c, attributeSets, subMessages);
  const { operations, msgIdModel } = readOperations(c, top['operations'], attributeSets, definitions);
  const mcastGroups = readMcastGroups(c, top['mcast-groups']);
  for (let i = 0; i < operations.length; i++) {
    const g = operations[i]!.mcgrp;
    if (g !== undefined && !mcastGroups.some((m) => m.name === g)) c.fail(`operations.list[${i}].mcgrp`, `no multicast group named "${g}"`);
  }
  const model: FamilyModel = { name, protocol, msgIdModel, definitions, attributeSets, subMessages, operations, mcastGroups };
  if (protonum !== undefined) model.protonum = protonum;
  if (version !== undefined) model.version = version;
  return model;
}

function readDefinitions(c: Ctx, raw: unknown): Definition[] {
  if (raw === undefined) return [];
  const out: Definition[] = [];
  const items = c.list(raw, 'definitions');
  const pending: { def: StructDef; path: string; raw: Obj[] }[] = [];
  items.forEach((item, i) => {
    const p = `definitions[${i}]`;
    const o = c.obj(item, p);
    c.keys(o, DEF_KEYS, p);
    const name = c.str(o, 'name', p);
    if (out.some((d) => d.name === name)) c.fail(`${p}.name`, `duplicate definition "${name}"`);
    const type = c.oneOf(o, 'type', ['const', 'enum', 'flags', 'struct'] as const, p, 'definition type');
    if (type === 'const') {
      const v = o['value'];
      if (typeof v !== 'number' && typeof v !== 'string') c.fail(`${p}.value`, v === undefined ? 'missing' : `expected a number or string, got ${describe(v)}`);
      out.push({ kind: 'const', name, value: v });
    } else if (type === 'enum' || type === 'flags') {
      const start = c.optInt(o, 'value-start', p) ?? 0;
      const entries = c.list(o['entries'], `${p}.entries`);
      const def: EnumDef = { kind: type, name, entries: [] };
      let next = start;
      entries.forEach((e, j) => {
        const ep = `${p}.entries[${j}]`;
        let en: string;
        let ev = next;
        if (typeof e === 'string') en = e;
        else {
          const eo = c.obj(e, ep);
          c.keys(eo, ['name', 'value', 'doc'], ep);
          en = c.str(eo, 'name', ep);
          ev = c.optInt(eo, 'value', ep) ?? next;
        }
        if (def.entries.some((x) => x.name === en)) c.fail(`${ep}`, `duplicate entry "${en}"`);
        if (type === 'flags' && (ev < 0 || ev > 63)) c.fail(ep, `flag bit ${ev} is out of range 0..63`);
        def.entries.push({ name: en, value: ev });
        next = ev + 1;
      });
      out.push(def);
    } else {
      const members = o['members'] === undefined ? [] : c.list(o['members'], `${p}.members`);
      const def: StructDef = { kind: 'struct', name, members: [], size: 0 };
      pending.push({ def, path: p, raw: members.map((m, j) => c.obj(m, `${p}.members[${j}]`)) });
      out.push(def);
    }
  });
  // Members may reference structs defined later: resolve sizes on demand.
  const sizing = new Set<string>();
  const sizeOf = (sname: string, path: string): number => {
    const entry = pending.find((x) => x.def.name === sname);
    if (!entry) c.fail(path, `no struct named "${sname}"`);
    if (entry.def.members.length === entry.raw.length && !sizing.has(sname)) return entry.def.size;
    if (sizing.has(sname)) c.fail(path, `struct "${sname}" contains itself`);
    sizing.add(sname);
    const members: StructMember[] = [];
    let size = 0;
    entry.raw.forEach((m, j) => {
      const mp = `${entry.path}.members[${j}]`;
      c.keys(m, MEMBER_KEYS, mp);
      const mname = c.str(m, 'name', mp);
      const mtype = c.oneOf(m, 'type', [...SCALARS, 'string', 'binary', 'pad'] as const, mp, 'member type');
      const mem: StructMember = { name: mname, type: mtype };
      const len = lenValue(c, m, mp, out);
      const bo = m['byte-order'] === undefined ? undefined : c.oneOf(m, 'byte-order', BYTE_ORDERS, mp, 'byte order');
      if (bo) mem.byteOrder = bo;
      const en = c.optStr(m, 'enum', mp);
      if (en !== undefined) {
        if (!out.some((d) => d.name === en && d.kind !== 'struct' && d.kind !== 'const')) c.fail(`${mp}.enum`, `no enum or flags named "${en}"`);
        mem.enum = en;
      }
      const eaf = c.optBool(m, 'enum-as-flags', mp);
      if (eaf) mem.enumAsFlags = true;
      const hint = m['display-hint'] === undefined ? undefined : c.oneOf(m, 'display-hint', HINTS, mp, 'display hint');
      if (hint) mem.displayHint = hint;
      const st = c.optStr(m, 'struct', mp);
      if (SCALARS.includes(mtype as ScalarType)) {
        size += scalarSize(mtype as ScalarType);
      } else if (st !== undefined) {
        if (mtype !== 'binary') c.fail(`${mp}.struct`, 'only binary members can hold a struct');
        mem.struct = st;
        size += sizeOf(st, `${mp}.struct`);
      } else {
        if (len === undefined) c.fail(`${mp}.len`, `missing (required for ${mtype} members)`);
        mem.len = len;
        size += len;
      }
      members.push(mem);
    });
    entry.def.members = members;
    entry.def.size = size;
    sizing.delete(sname);
    return size;
  };
  for (const e of pending) sizeOf(e.def.name, e.path);
  return out;
}

/** Reads `len`, which may be a number, a numeric string or the name of a const definition. */
function lenValue(c: Ctx, o: Obj, path: string, defs: Definition[]): number | undefined {
  const v = o['len'];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string') {
    if (/^[0-9]+$/.test(v)) return Number(v);
    const d = defs.find((x) => x.name === v);
    if (d && d.kind === 'const' && typeof d.value === 'number') return d.value;
    c.fail(`${path}.len`, `no numeric const named "${v}"`);
  }
  c.fail(`${path}.len`, `expected a length, got ${describe(v)}`);
}

/** Byte size of a fixed-width scalar. */
export function scalarSize(t: ScalarType): number {
  return t === 'u8' || t === 's8' ? 1 : t === 'u16' || t === 's16' ? 2 : t === 'u32' || t === 's32' ? 4 : 8;
}

function readAttrSets(c: Ctx, raw: unknown, defs: Definition[]): AttrSet[] {
  const items = c.list(raw, 'attribute-sets');
  const sets: AttrSet[] = [];
  const objs = items.map((item, i) => c.obj(item, `attribute-sets[${i}]`));
  // Full sets first, so subsets can refer to sets listed after them.
  objs.forEach((o, i) => {
    const p = `attribute-sets[${i}]`;
    c.keys(o, SET_KEYS, p);
    const name = c.str(o, 'name', p);
    if (objs.slice(0, i).some((x) => x['name'] === name)) c.fail(`${p}.name`, `duplicate attribute set "${name}"`);
    if (o['subset-of'] !== undefined) return;
    const attrs = c.list(o['attributes'], `${p}.attributes`);
    const set: AttrSet = { name, attributes: [] };
    let next = 1;
    attrs.forEach((a, j) => {
      const ap = `${p}.attributes[${j}]`;
      const ao = c.obj(a, ap);
      const spec = readAttr(c, ao, ap, defs, next);
      const dup = set.attributes.find((x) => x.name === spec.name);
      if (dup && dup.type !== 'unused' && spec.type !== 'unused') c.fail(`${ap}.name`, `duplicate attribute "${spec.name}"`);
      set.attributes.push(spec);
      next = spec.value + 1;
    });
    sets.push(set);
  });
  objs.forEach((o, i) => {
    const p = `attribute-sets[${i}]`;
    const parentName = o['subset-of'];
    if (parentName === undefined) return;
    const name = o['name'] as string;
    if (typeof parentName !== 'string') c.fail(`${p}.subset-of`, `expected a set name, got ${describe(parentName)}`);
    const parent = sets.find((s) => s.name === parentName && s.subsetOf === undefined);
    if (!parent) c.fail(`${p}.subset-of`, `no attribute set named "${parentName}"`);
    const attrs = c.list(o['attributes'], `${p}.attributes`);
    const set: AttrSet = { name, subsetOf: parentName, attributes: [] };
    attrs.forEach((a, j) => {
      const ap = `${p}.attributes[${j}]`;
      const ao = c.obj(a, ap);
      c.keys(ao, ATTR_KEYS, ap);
      const an = c.str(ao, 'name', ap);
      const base = parent.attributes.find((x) => x.name === an);
      if (!base) c.fail(`${ap}.name`, `attribute "${an}" is not in the parent set "${parentName}"`);
      // A subset may refine the parent's definition (a wider type, a display hint...); the number stays the parent's.
      const refined = Object.keys(ao).some((k) => k !== 'name' && k !== 'doc')
        ? { ...base, ...readAttr(c, { ...specToRaw(base), ...ao }, ap, defs, base.value), value: base.value }
        : { ...base };
      set.attributes.push(refined);
    });
    sets.push(set);
  });
  // Keep the spec's order.
  return objs.map((o) => sets.find((s) => s.name === o['name'])!);
}

/** Turns a resolved attribute back into spec keys (to merge a subset's refinements over it). */
function specToRaw(a: AttrSpec): Obj {
  const o: Obj = { name: a.name, type: a.type };
  if (a.multiAttr) o['multi-attr'] = true;
  if (a.nestedAttributes !== undefined) o['nested-attributes'] = a.nestedAttributes;
  if (a.enum !== undefined) o['enum'] = a.enum;
  if (a.enumAsFlags) o['enum-as-flags'] = true;
  if (a.byteOrder !== undefined) o['byte-order'] = a.byteOrder;
  if (a.struct !== undefined) o['struct'] = a.struct;
  if (a.subType !== undefined) o['sub-type'] = a.subType;
  if (a.len !== undefined) o['len'] = a.len;
  if (a.displayHint !== undefined) o['display-hint'] = a.displayHint;
  if (a.subMessage !== undefined) o['sub-message'] = a.subMessage;
  if (a.selector !== undefined) o['selector'] = a.selector;
  if (a.typeValue !== undefined) o['type-value'] = a.typeValue;
  return o;
}

function readAttr(c: Ctx, o: Obj, p: string, defs: Definition[], next: number): AttrSpec {
  c.keys(o, ATTR_KEYS, p);
  const name = c.str(o, 'name', p);
  const type = c.oneOf(o, 'type', ATTR_TYPES, p, 'type');
  const value = c.optInt(o, 'value', p) ?? next;
  if (value < 0 || value > 0x3fff) c.fail(`${p}.value`, `attribute number ${value} is out of range 0..16383`);
  const a: AttrSpec = { name, type, value };
  if (c.optBool(o, 'multi-attr', p)) a.multiAttr = true;
  const nested = c.optStr(o, 'nested-attributes', p);
  if (nested !== undefined) a.nestedAttributes = nested;
  const en = c.optStr(o, 'enum', p);
  if (en !== undefined) {
    if (!defs.some((d) => d.name === en && (d.kind === 'enum' || d.kind === 'flags'))) c.fail(`${p}.enum`, `no enum or flags named "${en}"`);
    a.enum = en;
  }
  if (c.optBool(o, 'enum-as-flags', p)) a.enumAsFlags = true;
  if (o['byte-order'] !== undefined) a.byteOrder = c.oneOf(o, 'byte-order', BYTE_ORDERS, p, 'byte order');
  const st = c.optStr(o, 'struct', p);
  if (st !== undefined) {
    if (!defs.some((d) => d.name === st && d.kind === 'struct')) c.fail(`${p}.struct`, `no struct named "${st}"`);
    a.struct = st;
  }
  if (o['sub-type'] !== undefined) a.subType = c.oneOf(o, 'sub-type', SUB_TYPES, p, 'sub-type');
  const len = lenValue(c, o, p, defs);
  if (len !== undefined) a.len = len;
  if (o['display-hint'] !== undefined) a.displayHint = c.oneOf(o, 'display-hint', HINTS, p, 'display hint');
  const sm = c.optStr(o, 'sub-message', p);
  if (sm !== undefined) a.subMessage = sm;
  const sel = c.optStr(o, 'selector', p);
  if (sel !== undefined) a.selector = sel;
  if (o['type-value'] !== undefined) {
    const tv = c.list(o['type-value'], `${p}.type-value`);
    a.typeValue = tv.map((x, k) => {
      if (typeof x !== 'string' || !x) c.fail(`${p}.type-value[${k}]`, `expected a name, got ${describe(x)}`);
      return x;
    });
  }
  if ((type === 'nest' || type === 'nest-type-value') && nested === undefined) c.fail(`${p}.nested-attributes`, `missing (required for ${type})`);
  if (type === 'indexed-array') {
    if (a.subType === undefined) c.fail(`${p}.sub-type`, 'missing (required for indexed-array)');
    if (a.subType === 'nest' && nested === undefined) c.fail(`${p}.nested-attributes`, 'missing (required for an indexed-array of nests)');
  }
  if (type === 'nest-type-value' && (!a.typeValue || a.typeValue.length === 0)) c.fail(`${p}.type-value`, 'missing (required for nest-type-value)');
  if (type === 'sub-message') {
    if (sm === undefined) c.fail(`${p}.sub-message`, 'missing (required for sub-message)');
    if (sel === undefined) c.fail(`${p}.selector`, 'missing (required for sub-message)');
  }
  if (type === 'binary' && a.subType !== undefined && !SCALARS.includes(a.subType as ScalarType)) {
    c.fail(`${p}.sub-type`, `binary arrays need a fixed-width scalar sub-type, got "${a.subType}"`);
  }
  return a;
}

/** Checks that nested-attributes / sub-message references name existing sets. */
function checkAttrRefs(c: Ctx, sets: AttrSet[], subs: SubMessage[]): void {
  sets.forEach((s, i) => {
    if (s.subsetOf !== undefined) return;
    s.attributes.forEach((a, j) => {
      const p = `attribute-sets[${i}].attributes[${j}]`;
      if (a.nestedAttributes !== undefined && !sets.some((x) => x.name === a.nestedAttributes)) {
        c.fail(`${p}.nested-attributes`, `no attribute set named "${a.nestedAttributes}"`);
      }
      if (a.subMessage !== undefined && !subs.some((x) => x.name === a.subMessage)) {
        c.fail(`${p}.sub-message`, `no sub-message named "${a.subMessage}"`);
      }
    });
  });
}

function readSubMessages(c: Ctx, raw: unknown, defs: Definition[], sets: AttrSet[]): SubMessage[] {
  if (raw === undefined) return [];
  return c.list(raw, 'sub-messages').map((item, i) => {
    const p = `sub-messages[${i}]`;
    const o = c.obj(item, p);
    c.keys(o, ['name', 'doc', 'formats'], p);
    const sm: SubMessage = { name: c.str(o, 'name', p), formats: [] };
    c.list(o['formats'], `${p}.formats`).forEach((f, j) => {
      const fp = `${p}.formats[${j}]`;
      const fo = c.obj(f, fp);
      c.keys(fo, ['value', 'fixed-header', 'attribute-set', 'doc'], fp);
      const v = fo['value'];
      if (typeof v !== 'string' && typeof v !== 'number') c.fail(`${fp}.value`, v === undefined ? 'missing' : `expected a string or number, got ${describe(v)}`);
      const fmt: SubMessage['formats'][number] = { value: String(v) };
      const fh = c.optStr(fo, 'fixed-header', fp);
      if (fh !== undefined) {
        if (!defs.some((d) => d.name === fh && d.kind === 'struct')) c.fail(`${fp}.fixed-header`, `no struct named "${fh}"`);
        fmt.fixedHeader = fh;
      }
      const as = c.optStr(fo, 'attribute-set', fp);
      if (as !== undefined) {
        if (!sets.some((s) => s.name === as)) c.fail(`${fp}.attribute-set`, `no attribute set named "${as}"`);
        fmt.attributeSet = as;
      }
      sm.formats.push(fmt);
    });
    return sm;
  });
}

function readOpMessage(c: Ctx, raw: unknown, p: string): OpMessage & { value?: number } {
  const o = c.obj(raw, p);
  c.keys(o, ['attributes', 'value'], p);
  const attrs = o['attributes'] === undefined ? [] : c.list(o['attributes'], `${p}.attributes`);
  const out: OpMessage & { value?: number } = {
    attributes: attrs.map((x, k) => {
      if (typeof x !== 'string') c.fail(`${p}.attributes[${k}]`, `expected an attribute name, got ${describe(x)}`);
      return x;
    }),
  };
  const v = c.optInt(o, 'value', p);
  if (v !== undefined) out.value = v;
  return out;
}

function readMode(c: Ctx, raw: unknown, p: string): { mode: OpMode; reqValue?: number; rspValue?: number } {
  if (raw === null) return { mode: {} };
  const o = c.obj(raw, p);
  c.keys(o, ['request', 'reply', 'pre', 'post'], p);
  const mode: OpMode = {};
  let reqValue: number | undefined;
  let rspValue: number | undefined;
  if (o['request'] !== undefined) {
    const m = readOpMessage(c, o['request'], `${p}.request`);
    reqValue = m.value;
    mode.request = { attributes: m.attributes };
  }
  if (o['reply'] !== undefined) {
    const m = readOpMessage(c, o['reply'], `${p}.reply`);
    rspValue = m.value;
    mode.reply = { attributes: m.attributes };
  }
  return { mode, reqValue, rspValue };
}

function readOperations(c: Ctx, raw: unknown, sets: AttrSet[], defs: Definition[]): { operations: OperationSpec[]; msgIdModel: 'unified' | 'directional' } {
  const o = c.obj(raw, 'operations');
  c.keys(o, ['enum-model', 'name-prefix', 'enum-name', 'async-prefix', 'async-enum', 'list', 'fixed-header'], 'operations');
  const msgIdModel = o['enum-model'] === undefined ? 'unified' : c.oneOf(o, 'enum-model', ['unified', 'directional'] as const, 'operations', 'enum model');
  const defaultHeader = c.optStr(o, 'fixed-header', 'operations');
  const checkStruct = (n: string | undefined, p: string): void => {
    if (n !== undefined && !defs.some((d) => d.name === n && d.kind === 'struct')) c.fail(p, `no struct named "${n}"`);
  };
  checkStruct(defaultHeader, 'operations.fixed-header');
  const list = c.list(o['list'], 'operations.list');
  const ops: OperationSpec[] = [];
  let val = 1;
  let reqVal = 1;
  let rspVal = 1;
  list.forEach((item, i) => {
    const p = `operations.list[${i}]`;
    const io = c.obj(item, p);
    c.keys(io, OP_KEYS, p);
    const name = c.str(io, 'name', p);
    if (ops.some((x) => x.name === name)) c.fail(`${p}.name`, `duplicate operation "${name}"`);
    const op: OperationSpec = { name };
    const as = c.optStr(io, 'attribute-set', p);
    if (as !== undefined) {
      if (!sets.some((s) => s.name === as)) c.fail(`${p}.attribute-set`, `no attribute set named "${as}"`);
      op.attributeSet = as;
    }
    const fh = c.optStr(io, 'fixed-header', p) ?? defaultHeader;
    checkStruct(fh, `${p}.fixed-header`);
    if (fh !== undefined) op.fixedHeader = fh;
    let reqV: number | undefined;
    let rspV: number | undefined;
    let hasReply = false;
    for (const m of ['do', 'dump'] as const) {
      if (!(m in io)) continue;
      const r = readMode(c, io[m], `${p}.${m}`);
      op[m] = r.mode;
      reqV ??= r.reqValue;
      rspV ??= r.rspValue;
      if (r.mode.reply) hasReply = true;
    }
    const notify = c.optStr(io, 'notify', p);
    if (notify !== undefined) op.notify = notify;
    if (io['event'] !== undefined) {
      const ev = c.obj(io['event'], `${p}.event`);
      c.keys(ev, ['attributes'], `${p}.event`);
      op.event = { attributes: readOpMessage(c, ev, `${p}.event`).attributes };
    }
    const mcgrp = c.optStr(io, 'mcgrp', p);
    if (mcgrp !== undefined) op.mcgrp = mcgrp;
    const explicit = c.optInt(io, 'value', p);
    const isAsync = op.notify !== undefined || op.event !== undefined;
    const isCall = op.do !== undefined || op.dump !== undefined;
    if (msgIdModel === 'unified') {
      if (explicit !== undefined) val = explicit;
      if (isAsync) op.replyValue = val;
      else {
        op.requestValue = val;
        if (isCall) op.replyValue = val;
      }
      val++;
    } else if (isAsync) {
      if (explicit !== undefined) rspVal = explicit;
      op.replyValue = rspVal;
      rspVal++;
    } else if (isCall) {
      if (reqV !== undefined) reqVal = reqV;
      if (rspV !== undefined) rspVal = rspV;
      op.requestValue = reqVal;
      reqVal++;
      if (hasReply) {
        op.replyValue = rspVal;
        rspVal++;
      }
    } else {
      c.fail(p, 'an operation of the directional model needs do, dump, notify or event');
    }
    ops.push(op);
  });
  ops.forEach((op, i) => {
    if (op.notify !== undefined && op.attributeSet === undefined) {
      const target = ops.find((x) => x.name === op.notify);
      if (!target) c.fail(`operations.list[${i}].notify`, `no operation named "${op.notify}"`);
      if (target.attributeSet !== undefined) op.attributeSet = target.attributeSet;
      if (op.fixedHeader === undefined && target.fixedHeader !== undefined) op.fixedHeader = target.fixedHeader;
    }
    if (op.attributeSet === undefined && (op.do || op.dump || op.event)) {
      c.fail(`operations.list[${i}]`, `operation "${op.name}" has no attribute-set`);
    }
  });
  return { operations: ops, msgIdModel };
}

function readMcastGroups(c: Ctx, raw: unknown): McastGroup[] {
  if (raw === undefined) return [];
  const o = c.obj(raw, 'mcast-groups');
  c.keys(o, ['list'], 'mcast-groups');
  return c.list(o['list'], 'mcast-groups.list').map((item, i) => {
    const p = `mcast-groups.list[${i}]`;
    const g = c.obj(item, p);
    c.keys(g, ['name', 'value', 'c-define-name', 'flags', 'doc'], p);
    const out: McastGroup = { name: c.str(g, 'name', p) };
    const v = c.optInt(g, 'value', p);
    if (v !== undefined) out.value = v;
    return out;
  });
}
