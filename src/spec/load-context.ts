/**
 * The walking context of the spec loader: typed access to parsed YAML
 * values with their key path, so every problem becomes a SpecError naming
 * the file and the path. Also the lists of keys and values the format allows.
 */
import { SpecError } from './errors.js';
import type { AttrType, ByteOrder, ProtocolLevel, ScalarType } from './model.js';

/** Protocol levels. */
export const PROTOCOLS: readonly ProtocolLevel[] = ['genetlink', 'genetlink-c', 'genetlink-legacy', 'netlink-raw'];
/** Fixed-width scalar types. */
export const SCALARS: readonly ScalarType[] = ['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64'];
/** Attribute types. */
export const ATTR_TYPES: readonly AttrType[] = [
  ...SCALARS, 'uint', 'sint', 'string', 'binary', 'flag', 'pad', 'unused', 'bitfield32', 'nest', 'indexed-array',
  'nest-type-value', 'sub-message',
];
/** Sub-types of arrays. */
export const SUB_TYPES = [...SCALARS, 'binary', 'nest', 'string', 'uint', 'sint'];
/** Byte orders. */
export const BYTE_ORDERS: readonly ByteOrder[] = ['big-endian', 'little-endian'];
/** Display hints. */
export const HINTS = ['hex', 'mac', 'fddi', 'ipv4', 'ipv6', 'uuid', 'ipv4-or-v6'];

/** Keys allowed at the top level. */
export const TOP_KEYS = [
  'name', 'doc', 'protocol', 'protonum', 'uapi-header', 'c-family-name', 'c-version-name', 'max-by-define',
  'cmd-max-name', 'cmd-cnt-name', 'kernel-policy', 'definitions', 'attribute-sets', 'sub-messages', 'operations',
  'mcast-groups', 'version', 'kernel-family', 'license',
];
/** Keys of a definition. */
export const DEF_KEYS = [
  'name', 'header', 'scope', 'type', 'doc', 'value', 'value-start', 'entries', 'render-max', 'enum-name',
  'name-prefix', 'members', 'enum-cnt-name',
];
/** Keys of a struct member. */
export const MEMBER_KEYS = ['name', 'type', 'len', 'byte-order', 'doc', 'enum', 'enum-as-flags', 'display-hint', 'struct'];
/** Keys of an attribute set. */
export const SET_KEYS = ['name', 'name-prefix', 'enum-name', 'doc', 'subset-of', 'attr-cnt-name', 'attr-max-name', 'attributes', 'header'];
/** Keys of an attribute. */
export const ATTR_KEYS = [
  'name', 'type', 'doc', 'value', 'type-value', 'byte-order', 'multi-attr', 'nested-attributes', 'enum',
  'enum-as-flags', 'checks', 'sub-type', 'display-hint', 'name-prefix', 'struct', 'sub-message', 'selector',
  'len', 'config-cond', 'header',
];
/** Keys of an operation. */
export const OP_KEYS = [
  'name', 'doc', 'value', 'attribute-set', 'flags', 'dont-validate', 'do', 'dump', 'notify', 'event', 'mcgrp',
  'fixed-header', 'config-cond',
];

/** A parsed YAML mapping. */
export type Obj = Record<string, unknown>;

/** Walks the parsed YAML with the current key path, for error messages. */
export class Ctx {
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
export function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Describes a YAML value for an error message. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
