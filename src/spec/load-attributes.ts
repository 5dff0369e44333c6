/**
 * Reads `attribute-sets` (attribute numbering, subsets resolved against
 * their parent) and `sub-messages`, and checks the references between them.
 */
import { ATTR_KEYS, ATTR_TYPES, BYTE_ORDERS, Ctx, HINTS, SCALARS, SET_KEYS, SUB_TYPES, describe, type Obj } from './load-context.js';
import { lenValue } from './load-definitions.js';
import type { AttrSet, AttrSpec, Definition, ScalarType, SubMessage } from './model.js';

/** Reads and validates the attribute sets. */
export function readAttrSets(c: Ctx, raw: unknown, defs: Definition[]): AttrSet[] {
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
export function checkAttrRefs(c: Ctx, sets: AttrSet[], subs: SubMessage[]): void {
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
      if (a.selector !== undefined && !sets.some((x) => x.attributes.some((y) => y.name === a.selector))) {
        c.fail(`${p}.selector`, `no attribute named "${a.selector}" in any attribute set`);
      }
    });
  });
}

/** Reads and validates the sub-messages. */
export function readSubMessages(c: Ctx, raw: unknown, defs: Definition[], sets: AttrSet[]): SubMessage[] {
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
