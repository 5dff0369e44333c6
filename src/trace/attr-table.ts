/**
 * Attribute tables: how a describer names and decodes the attributes of one
 * attribute set. A table maps an attribute type to its kernel name and the
 * kind of its payload.
 */

/**
 * Payload kinds. Integers are host byte order unless `be*`; 'ip' is an
 * IPv4/IPv6 address, 'mac' a link-layer address, 'nested' a nested
 * attribute set, 'array' a nest whose children (numbered 0, 1, … or 1, 2, …)
 * are each a nest described by `nested`; 'binary' is shown as hex.
 */
export type AttrKind =
  | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'uint' | 'sint'
  | 'be16' | 'be32' | 'string' | 'binary' | 'flag' | 'nested' | 'array' | 'ip' | 'mac' | 'bitfield32';

/** One attribute of a table. */
export interface AttrDef {
  /** Kernel name ('IFLA_IFNAME'). */
  readonly name: string;
  /** Payload kind. */
  readonly kind: AttrKind;
  /** Table of the children, for 'nested' and 'array'. */
  readonly nested?: AttrTable;
  /** Names of integer values (an enum). */
  readonly values?: Readonly<Record<number, string>>;
  /** Names of flag bits, for integer bitmasks. */
  readonly bits?: Readonly<Record<number, string>>;
}

/** Attribute type → definition. */
export type AttrTable = Readonly<Record<number, AttrDef>>;

/**
 * Builds a table from `[name, kind]` pairs listed in type order starting at
 * `first` (most kernel enums are dense): `seqTable(1, [['IFA_ADDRESS', 'ip'], …])`.
 * Entries given as null are skipped (unused numbers).
 */
export function seqTable(first: number, entries: readonly (readonly [string, AttrKind, Partial<AttrDef>?] | null)[]): AttrTable {
  const t: Record<number, AttrDef> = {};
  entries.forEach((e, i) => {
    if (e) t[first + i] = { name: e[0], kind: e[1], ...(e[2] ?? {}) };
  });
  return Object.freeze(t);
}

/** Builds a value → name map from names listed in order starting at `first`. */
export function seqNames(first: number, names: readonly (string | null)[]): Readonly<Record<number, string>> {
  const t: Record<number, string> = {};
  names.forEach((n, i) => { if (n) t[first + i] = n; });
  return Object.freeze(t);
}

/** Renders a bitmask with names ('UP|BROADCAST|0x20000'); '0' for no bits. */
export function bitNames(value: number, bits: Readonly<Record<number, string>>): string {
  const out: string[] = [];
  let rest = value >>> 0;
  for (const [k, name] of Object.entries(bits)) {
    const b = Number(k);
    if (b && (rest & b) === b) { out.push(name); rest = (rest & ~b) >>> 0; }
  }
  if (rest) out.push('0x' + rest.toString(16));
  return out.length ? out.join('|') : '0';
}
