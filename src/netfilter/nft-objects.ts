/**
 * nf_tables objects: tables, chains, rules, sets and set elements as typed
 * values, with the attribute encoding of their NEW/DEL messages and the
 * decoding of what the kernel dumps and notifies. Decoding throws
 * MalformedError (only); encoding throws TypeError/RangeError naming the
 * object.
 */
import { AttrDecoder, AttrEncoder } from '../core/attributes.js';
import { MalformedError } from '../core/errors.js';
import {
  NFT_DATATYPES, NFT_FAMILIES, NFT_HOOKS, NFT_NETDEV_HOOKS, NFT_SET_FLAGS, NFT_VERDICTS, NftaChain, NftaHook,
  NftaRule, NftaSet, NftaSetElem, NftaSetElemList, NftaTable, NftaList, lookupName, nameOf,
} from './nft-constants.js';
import { decodeData, decodeExprs, encodeData, encodeExprs, type NftExpr, type NftVerdict } from './nft-expr.js';

/** nftables family names: 'inet', 'ip', 'ip6', 'arp', 'bridge', 'netdev'. */
export type NftFamily = 'inet' | 'ip' | 'ip6' | 'arp' | 'bridge' | 'netdev';

/** A table (NFTA_TABLE_*). */
export interface NftTable {
  family: NftFamily;
  name: string;
  /** NFTA_TABLE_FLAGS (1 = dormant). */
  flags?: number;
  /** NFTA_TABLE_HANDLE (read only). */
  handle?: number | bigint;
  /** NFTA_TABLE_USE: chains/sets referring to it (read only). */
  use?: number;
}

/** A chain (NFTA_CHAIN_*). Base chains have type, hook and priority. */
export interface NftChain {
  family: NftFamily;
  table: string;
  name: string;
  /** NFTA_CHAIN_TYPE: 'filter', 'nat', 'route'. */
  type?: string;
  /** NFTA_HOOK_HOOKNUM by name ('input', 'output', 'forward', 'prerouting', 'postrouting', 'ingress'). */
  hook?: string | number;
  /** NFTA_HOOK_PRIORITY (signed). */
  priority?: number;
  /** NFTA_HOOK_DEV (netdev ingress). */
  device?: string;
  /** NFTA_CHAIN_POLICY of a base chain: 'accept' or 'drop'. */
  policy?: 'accept' | 'drop';
  /** NFTA_CHAIN_HANDLE (read only). */
  handle?: number | bigint;
  /** NFTA_CHAIN_USE (read only). */
  use?: number;
  /** NFTA_CHAIN_FLAGS */
  flags?: number;
}

/** A rule (NFTA_RULE_*). */
export interface NftRule {
  family: NftFamily;
  table: string;
  chain: string;
  /** NFTA_RULE_EXPRESSIONS, in order. */
  exprs: NftExpr[];
  /** NFTA_RULE_HANDLE (read only; on delete, the rule to remove). */
  handle?: number | bigint;
  /** NFTA_RULE_POSITION: add after (append) / before (insert) this handle. */
  position?: number | bigint;
  /** NFTA_RULE_USERDATA (nft stores comments there). */
  userdata?: Uint8Array;
}

/** A named set (NFTA_SET_*). */
export interface NftSet {
  family: NftFamily;
  table: string;
  name: string;
  /** Key data type by nft's name ('ipv4_addr', 'ipv6_addr', 'inet_service', 'inet_proto', 'mark', 'ether_addr', 'ifname') or number. */
  keyType: string | number;
  /** NFTA_SET_KEY_LEN in bytes (default from keyType). */
  keyLen?: number;
  /** NFTA_SET_FLAGS by name: 'constant', 'interval', 'map', 'timeout', … */
  flags?: string[];
  /** Maps: NFTA_SET_DATA_TYPE ('verdict' or a data type) and NFTA_SET_DATA_LEN. */
  dataType?: string | number;
  dataLen?: number;
  /** NFTA_SET_TIMEOUT in ms. */
  timeout?: number | bigint;
  /** NFTA_SET_HANDLE (read only). */
  handle?: number | bigint;
  /** NFTA_SET_USERDATA (nft stores key byte order and comments there). */
  userdata?: Uint8Array;
}

/** One set element (NFTA_SET_ELEM_*). */
export interface NftSetElement {
  /** NFTA_SET_ELEM_KEY value bytes (use be16(), ip(), …). */
  key: Uint8Array;
  /** NFTA_SET_ELEM_KEY_END (interval sets with concatenations). */
  keyEnd?: Uint8Array;
  /** NFTA_SET_ELEM_DATA value of a map. */
  data?: Uint8Array;
  /** NFTA_SET_ELEM_DATA verdict of a verdict map. */
  verdict?: NftVerdict;
  /** NFTA_SET_ELEM_FLAGS (1 = interval end). */
  flags?: number;
  /** NFTA_SET_ELEM_TIMEOUT in ms. */
  timeout?: number | bigint;
  /** NFTA_SET_ELEM_EXPIRATION in ms (read only). */
  expiration?: number | bigint;
}

/** The elements of one set (NFTA_SET_ELEM_LIST_*). */
export interface NftSetElements {
  family: NftFamily;
  table: string;
  set: string;
  elements: NftSetElement[];
}

/** NFPROTO_* of a family name; throws TypeError for an unknown one. */
export function familyNumber(f: NftFamily | string): number {
  return lookupName(NFT_FAMILIES, f, 'family');
}

/** The family name of an NFPROTO_* number (the number as text when unknown). */
export function familyName(n: number): NftFamily {
  return (nameOf(NFT_FAMILIES, n) ?? String(n)) as NftFamily;
}

function hookNumber(family: NftFamily, hook: string | number): number {
  if (typeof hook === 'number') return hook;
  return lookupName(family === 'netdev' ? NFT_NETDEV_HOOKS : NFT_HOOKS, hook, 'hook');
}

function hookName(family: string, n: number): string | number {
  return nameOf(family === 'netdev' ? NFT_NETDEV_HOOKS : NFT_HOOKS, n) ?? n;
}

function checkName(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 255) throw new TypeError(`${what} must be a non-empty name, got ${JSON.stringify(v)}`);
  return v;
}

// ------------------------------------------------------------------ encoding

/** NFT_MSG_NEWTABLE / DELTABLE attributes. */
export function encodeTable(t: Pick<NftTable, 'name' | 'flags'>): Uint8Array {
  const e = new AttrEncoder(64).string(NftaTable.Name, checkName(t.name, 'table name'));
  if (t.flags !== undefined) e.u32be(NftaTable.Flags, t.flags);
  return e.finish();
}

/** NFT_MSG_NEWCHAIN / DELCHAIN attributes; a hook makes it a base chain (type default 'filter', priority 0). */
export function encodeChain(c: Omit<NftChain, 'handle' | 'use'>, forDelete = false): Uint8Array {
  const e = new AttrEncoder(128).string(NftaChain.Table, checkName(c.table, 'chain table')).string(NftaChain.Name, checkName(c.name, 'chain name'));
  if (forDelete) return e.finish();
  if (c.hook !== undefined) {
    const prio = c.priority ?? 0;
    if (!Number.isInteger(prio) || prio < -0x80000000 || prio > 0x7fffffff) throw new RangeError(`chain ${c.name}: priority must be a 32-bit integer, got ${prio}`);
    e.nested(NftaChain.Hook, (h) => {
      h.u32be(NftaHook.Hooknum, hookNumber(c.family, c.hook!));
      h.u32be(NftaHook.Priority, prio >>> 0);
      if (c.device !== undefined) h.string(NftaHook.Dev, c.device);
    });
    e.string(NftaChain.Type, c.type ?? 'filter');
    if (c.policy !== undefined) {
      if (c.policy !== 'accept' && c.policy !== 'drop') throw new TypeError(`chain ${c.name}: policy must be 'accept' or 'drop', got ${JSON.stringify(c.policy)}`);
      e.u32be(NftaChain.Policy, NFT_VERDICTS[c.policy]!);
    }
  } else if (c.policy !== undefined || c.type !== undefined || c.priority !== undefined) {
    throw new TypeError(`chain ${c.name}: type, priority and policy need a hook (base chain)`);
  }
  if (c.flags !== undefined) e.u32be(NftaChain.Flags, c.flags);
  return e.finish();
}

/** NFT_MSG_NEWRULE / DELRULE attributes. */
export function encodeRule(r: Omit<NftRule, 'family'> & { exprs?: NftExpr[] }, forDelete = false): Uint8Array {
  const e = new AttrEncoder(256).string(NftaRule.Table, checkName(r.table, 'rule table')).string(NftaRule.Chain, checkName(r.chain, 'rule chain'));
  if (r.handle !== undefined) e.u64be(NftaRule.Handle, r.handle);
  if (forDelete) return e.finish();
  if (!Array.isArray(r.exprs)) throw new TypeError(`rule in ${r.table} ${r.chain}: exprs must be an array`);
  if (r.position !== undefined) e.u64be(NftaRule.Position, r.position);
  e.nested(NftaRule.Expressions, (x) => x.raw(encodeExprs(r.exprs!)));
  if (r.userdata) e.bytes(NftaRule.Userdata, r.userdata);
  return e.finish();
}

function dataType(v: string | number, what: string): { id: number; len: number } {
  if (typeof v === 'number') return { id: v, len: 0 };
  const d = NFT_DATATYPES[v];
  if (!d) throw new TypeError(`${what}: unknown data type ${JSON.stringify(v)}; use a number or one of ${Object.keys(NFT_DATATYPES).join(', ')}`);
  return d;
}

/** NFT_MSG_NEWSET / DELSET attributes. */
export function encodeSet(s: Omit<NftSet, 'handle'>, forDelete = false, id?: number): Uint8Array {
  const e = new AttrEncoder(128).string(NftaSet.Table, checkName(s.table, 'set table')).string(NftaSet.Name, checkName(s.name, 'set name'));
  if (forDelete) return e.finish();
  const key = dataType(s.keyType, `set ${s.name} key`);
  const keyLen = s.keyLen ?? key.len;
  if (!keyLen) throw new TypeError(`set ${s.name}: keyLen is needed for key type ${String(s.keyType)}`);
  let flags = 0;
  for (const f of s.flags ?? []) flags |= lookupName(NFT_SET_FLAGS, f, 'set flag');
  if (s.dataType !== undefined) flags |= NFT_SET_FLAGS.map!;
  e.u32be(NftaSet.Flags, flags).u32be(NftaSet.KeyType, key.id).u32be(NftaSet.KeyLen, keyLen);
  if (s.dataType !== undefined) {
    const d = s.dataType === 'verdict' ? { id: 0xffffff00, len: 0 } : dataType(s.dataType, `set ${s.name} data`);
    const len = s.dataLen ?? d.len;
    e.u32be(NftaSet.DataType, d.id);
    if (len) e.u32be(NftaSet.DataLen, len);
  }
  if (id !== undefined) e.u32be(NftaSet.Id, id);
  if (s.timeout !== undefined) e.u64be(NftaSet.Timeout, s.timeout);
  if (s.userdata) e.bytes(NftaSet.Userdata, s.userdata);
  return e.finish();
}

/** NFT_MSG_NEWSETELEM / DELSETELEM attributes. */
export function encodeSetElements(l: Omit<NftSetElements, 'family'>, forDelete = false): Uint8Array {
  const e = new AttrEncoder(128 + 48 * l.elements.length)
    .string(NftaSetElemList.Table, checkName(l.table, 'set table')).string(NftaSetElemList.Set, checkName(l.set, 'set name'));
  e.nested(NftaSetElemList.Elements, (list) => {
    l.elements.forEach((el, i) => {
      if (!(el.key instanceof Uint8Array)) throw new TypeError(`set ${l.set} element ${i}: key must be a Uint8Array (be16(), ip(), …)`);
      list.nested(NftaList.Elem, (n) => {
        n.nested(NftaSetElem.Key, (k) => encodeData(k, el.key, undefined));
        if (el.keyEnd) n.nested(NftaSetElem.KeyEnd, (k) => encodeData(k, el.keyEnd, undefined));
        if (forDelete) return;
        if (el.data || el.verdict) n.nested(NftaSetElem.Data, (d) => encodeData(d, el.data, el.verdict));
        if (el.flags !== undefined) n.u32be(NftaSetElem.Flags, el.flags);
        if (el.timeout !== undefined) n.u64be(NftaSetElem.Timeout, el.timeout);
      });
    });
  });
  return e.finish();
}

// ------------------------------------------------------------------ decoding

function be32(ad: AttrDecoder, what: string): number {
  if (ad.length !== 4) throw new MalformedError(`${what}: needs 4 bytes, got ${ad.length}`, ad.offset);
  return ad.u32be();
}

function be64(ad: AttrDecoder, what: string): number | bigint {
  if (ad.length !== 8) throw new MalformedError(`${what}: needs 8 bytes, got ${ad.length}`, ad.offset);
  const v = ad.u64be();
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Decodes NFT_MSG_NEWTABLE attributes. */
export function decodeTable(family: number, attrs: Uint8Array): NftTable {
  const t: NftTable = { family: familyName(family), name: '' };
  const ad = new AttrDecoder(attrs);
  while (ad.next()) {
    if (ad.type === NftaTable.Name) t.name = ad.string();
    else if (ad.type === NftaTable.Flags) t.flags = be32(ad, 'NFTA_TABLE_FLAGS');
    else if (ad.type === NftaTable.Use) t.use = be32(ad, 'NFTA_TABLE_USE');
    else if (ad.type === NftaTable.Handle) t.handle = be64(ad, 'NFTA_TABLE_HANDLE');
  }
  return t;
}

/** Decodes NFT_MSG_NEWCHAIN attributes. */
export function decodeChain(family: number, attrs: Uint8Array): NftChain {
  const c: NftChain = { family: familyName(family), table: '', name: '' };
  const ad = new AttrDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case NftaChain.Table: c.table = ad.string(); break;
      case NftaChain.Name: c.name = ad.string(); break;
      case NftaChain.Handle: c.handle = be64(ad, 'NFTA_CHAIN_HANDLE'); break;
      case NftaChain.Type: c.type = ad.string(); break;
      case NftaChain.Use: c.use = be32(ad, 'NFTA_CHAIN_USE'); break;
      case NftaChain.Flags: c.flags = be32(ad, 'NFTA_CHAIN_FLAGS'); break;
      case NftaChain.Policy: { const p = be32(ad, 'NFTA_CHAIN_POLICY'); c.policy = p === 0 ? 'drop' : 'accept'; break; }
      case NftaChain.Hook: {
        const h = ad.nested();
        while (h.next()) {
          if (h.type === NftaHook.Hooknum) c.hook = hookName(c.family, be32(h, 'NFTA_HOOK_HOOKNUM'));
          else if (h.type === NftaHook.Priority) c.priority = be32(h, 'NFTA_HOOK_PRIORITY') | 0;
          else if (h.type === NftaHook.Dev) c.device = h.string();
        }
        break;
      }
      default: break;
    }
  }
  return c;
}

/** Decodes NFT_MSG_NEWRULE attributes, expressions included. */
export function decodeRule(family: number, attrs: Uint8Array): NftRule {
  const r: NftRule = { family: familyName(family), table: '', chain: '', exprs: [] };
  const ad = new AttrDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case NftaRule.Table: r.table = ad.string(); break;
      case NftaRule.Chain: r.chain = ad.string(); break;
      case NftaRule.Handle: r.handle = be64(ad, 'NFTA_RULE_HANDLE'); break;
      case NftaRule.Position: r.position = be64(ad, 'NFTA_RULE_POSITION'); break;
      case NftaRule.Expressions: r.exprs = decodeExprs(ad.value()); break;
      case NftaRule.Userdata: r.userdata = ad.value().slice(); break;
      default: break;
    }
  }
  return r;
}

/** Decodes NFT_MSG_NEWSET attributes. */
export function decodeSet(family: number, attrs: Uint8Array): NftSet {
  const s: NftSet = { family: familyName(family), table: '', name: '', keyType: 0 };
  const ad = new AttrDecoder(attrs);
  const typeName = (id: number): string | number => {
    if (id === 0xffffff00) return 'verdict';
    for (const [k, v] of Object.entries(NFT_DATATYPES)) if (v.id === id) return k;
    return id;
  };
  while (ad.next()) {
    switch (ad.type) {
      case NftaSet.Table: s.table = ad.string(); break;
      case NftaSet.Name: s.name = ad.string(); break;
      case NftaSet.Flags: {
        const f = be32(ad, 'NFTA_SET_FLAGS');
        s.flags = Object.entries(NFT_SET_FLAGS).filter(([, v]) => f & v).map(([k]) => k);
        break;
      }
      case NftaSet.KeyType: s.keyType = typeName(be32(ad, 'NFTA_SET_KEY_TYPE')); break;
      case NftaSet.KeyLen: s.keyLen = be32(ad, 'NFTA_SET_KEY_LEN'); break;
      case NftaSet.DataType: s.dataType = typeName(be32(ad, 'NFTA_SET_DATA_TYPE')); break;
      case NftaSet.DataLen: s.dataLen = be32(ad, 'NFTA_SET_DATA_LEN'); break;
      case NftaSet.Timeout: s.timeout = be64(ad, 'NFTA_SET_TIMEOUT'); break;
      case NftaSet.Handle: s.handle = be64(ad, 'NFTA_SET_HANDLE'); break;
      case NftaSet.Userdata: s.userdata = ad.value().slice(); break;
      default: break;
    }
  }
  return s;
}

/** Decodes NFT_MSG_NEWSETELEM attributes. */
export function decodeSetElements(family: number, attrs: Uint8Array): NftSetElements {
  const l: NftSetElements = { family: familyName(family), table: '', set: '', elements: [] };
  const ad = new AttrDecoder(attrs);
  while (ad.next()) {
    if (ad.type === NftaSetElemList.Table) l.table = ad.string();
    else if (ad.type === NftaSetElemList.Set) l.set = ad.string();
    else if (ad.type === NftaSetElemList.Elements) {
      const list = ad.nested();
      while (list.next()) {
        if (list.type !== NftaList.Elem) continue;
        const el: NftSetElement = { key: new Uint8Array(0) };
        const n = list.nested();
        while (n.next()) {
          switch (n.type) {
            case NftaSetElem.Key: el.key = decodeData(n.value()).data ?? new Uint8Array(0); break;
            case NftaSetElem.KeyEnd: el.keyEnd = decodeData(n.value()).data; break;
            case NftaSetElem.Data: { const d = decodeData(n.value()); if (d.data) el.data = d.data; if (d.verdict) el.verdict = d.verdict; break; }
            case NftaSetElem.Flags: el.flags = be32(n, 'NFTA_SET_ELEM_FLAGS'); break;
            case NftaSetElem.Timeout: el.timeout = be64(n, 'NFTA_SET_ELEM_TIMEOUT'); break;
            case NftaSetElem.Expiration: el.expiration = be64(n, 'NFTA_SET_ELEM_EXPIRATION'); break;
            default: break;
          }
        }
        l.elements.push(el);
      }
    }
  }
  return l;
}
