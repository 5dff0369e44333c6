/**
 * Reads `definitions`: consts, enums and flags (entry numbering) and structs
 * (member layout and total size, structs nested in structs resolved in any
 * order).
 */
import { Ctx, MEMBER_KEYS, DEF_KEYS, BYTE_ORDERS, HINTS, SCALARS, describe, type Obj } from './load-context.js';
import type { Definition, EnumDef, ScalarType, StructDef, StructMember } from './model.js';

/** Reads and validates the definitions list. */
export function readDefinitions(c: Ctx, raw: unknown): Definition[] {
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
export function lenValue(c: Ctx, o: Obj, path: string, defs: Definition[]): number | undefined {
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
