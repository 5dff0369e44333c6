/**
 * nf_tables rule expressions (the NFTA_RULE_EXPRESSIONS list): typed
 * values, small builders, and their encoding/decoding. Each expression is
 * an NFTA_LIST_ELEM nest holding NFTA_EXPR_NAME and NFTA_EXPR_DATA.
 * Expressions nlkit does not model decode as { type: name, raw } and are
 * re-encoded verbatim, so any rule the kernel returns can be written back.
 * Decoding throws MalformedError (only); builders and encoding throw
 * TypeError/RangeError naming the expression.
 */
import { HOST_LE } from '../core/constants.js';
import { AttrDecoder, AttrEncoder } from '../core/attributes.js';
import { MalformedError } from '../core/errors.js';
import { parseIP } from '../util/inet.js';
import {
  NFT_CMP_OPS, NFT_CT_KEYS, NFT_CT_STATES, NFT_LOOKUP_F_INV, NFT_META_KEYS, NFT_PAYLOAD_BASES, NFT_VERDICTS, NftaBitwise, NftaCmp,
  NftaCounter, NftaCt, NftaData, NftaExpr, NftaImmediate, NftaList, NftaLog, NftaLookup, NftaMeta, NftaPayload,
  NftaVerdict, NftReg, lookupName, nameOf,
} from './nft-constants.js';

/** A verdict: accept, drop, continue, return, jump/goto CHAIN, … (NFTA_DATA_VERDICT). */
export interface NftVerdict {
  /** 'accept', 'drop', 'continue', 'return', 'jump', 'goto', 'queue', 'break', or the raw code when unknown. */
  code: string | number;
  /** NFTA_VERDICT_CHAIN for jump/goto. */
  chain?: string;
}

/** payload: load `len` bytes at `offset` of a header into `dreg`. */
export interface PayloadExpr { type: 'payload'; base: string | number; offset: number; len: number; dreg: number }
/** meta: load a packet meta key (NFTA_META_KEY) into `dreg` (or set it from `sreg`). */
export interface MetaExpr { type: 'meta'; key: string | number; dreg?: number; sreg?: number }
/** cmp: compare register `sreg` with `data`. */
export interface CmpExpr { type: 'cmp'; op: string | number; sreg: number; data: Uint8Array }
/** immediate: load `data` or a verdict into `dreg`. */
export interface ImmediateExpr { type: 'immediate'; dreg: number; data?: Uint8Array; verdict?: NftVerdict }
/** counter: packets and bytes (be64 each). */
export interface CounterExpr { type: 'counter'; packets: number | bigint; bytes: number | bigint }
/** log: NFLOG group / syslog prefix and level. */
export interface LogExpr { type: 'log'; prefix?: string; group?: number; snaplen?: number; qthreshold?: number; level?: number; flags?: number }
/** ct: load a conntrack key into `dreg` (or set it from `sreg`). */
export interface CtExpr { type: 'ct'; key: string | number; dreg?: number; sreg?: number; direction?: 'original' | 'reply' }
/** lookup: is register `sreg` in set `set` (optionally inverted, optionally mapping into `dreg`). */
export interface LookupExpr { type: 'lookup'; set: string; sreg: number; dreg?: number; invert?: boolean; setId?: number }
/** bitwise: dreg = (sreg & mask) ^ xor over `len` bytes. */
export interface BitwiseExpr { type: 'bitwise'; sreg: number; dreg: number; len: number; mask: Uint8Array; xor: Uint8Array }
/** Any other expression, kept as its NFTA_EXPR_DATA bytes. */
export interface RawExpr { type: string; raw: Uint8Array }

/** One rule expression. */
export type NftExpr = PayloadExpr | MetaExpr | CmpExpr | ImmediateExpr | CounterExpr | LogExpr | CtExpr | LookupExpr | BitwiseExpr | RawExpr;

// ------------------------------------------------------------------ value helpers

/** One byte (e.g. an IP protocol number). */
export function u8(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`u8 value must be 0..255, got ${v}`);
  return Uint8Array.of(v);
}
/** Two bytes big endian (ports, ethertypes). */
export function be16(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`be16 value must be 0..65535, got ${v}`);
  return Uint8Array.of(v >> 8, v & 0xff);
}
/** Four bytes big endian. */
export function be32(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`be32 value must be 0..2^32-1, got ${v}`);
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}
/** Four bytes in host order (meta mark, ct mark, ct state bits: registers hold them in host order). */
export function u32(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`u32 value must be 0..2^32-1, got ${v}`);
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, HOST_LE);
  return b;
}
/** An IPv4 or IPv6 address in network order (4 or 16 bytes). */
export function ip(addr: string): Uint8Array {
  return parseIP(addr).bytes;
}
/** An interface name padded with NULs to 16 bytes (IFNAMSIZ), as meta iifname compares it. */
export function ifname(name: string): Uint8Array {
  const b = new TextEncoder().encode(name);
  if (b.length >= 16) throw new RangeError(`interface name ${JSON.stringify(name)} is longer than 15 bytes`);
  const out = new Uint8Array(16);
  out.set(b);
  return out;
}

function toData(v: Uint8Array | number, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'number') return u8(v);
  throw new TypeError(`${what}: data must be a Uint8Array or a number 0..255 (use be16(), be32(), u32(), ip() for wider values)`);
}

// ------------------------------------------------------------------ builders

const PAYLOAD_FIELDS: Readonly<Record<string, Readonly<Record<string, readonly [base: number, offset: number, len: number]>>>> = Object.freeze({
  ip: { protocol: [1, 9, 1], saddr: [1, 12, 4], daddr: [1, 16, 4], ttl: [1, 8, 1], length: [1, 2, 2] },
  ip6: { nexthdr: [1, 6, 1], saddr: [1, 8, 16], daddr: [1, 24, 16], hoplimit: [1, 7, 1] },
  tcp: { sport: [2, 0, 2], dport: [2, 2, 2], flags: [2, 13, 1] },
  udp: { sport: [2, 0, 2], dport: [2, 2, 2], length: [2, 4, 2] },
  th: { sport: [2, 0, 2], dport: [2, 2, 2] },
  icmp: { type: [2, 0, 1], code: [2, 1, 1], id: [2, 4, 2] },
  icmpv6: { type: [2, 0, 1], code: [2, 1, 1] },
  ether: { daddr: [0, 0, 6], saddr: [0, 6, 6], type: [0, 12, 2] },
});

/**
 * payload('tcp', 'dport') loads a known header field into register 1;
 * payload({ base: 'transport', offset: 2, len: 2 }) any bytes. Known
 * protocols: ip, ip6, tcp, udp, th, icmp, icmpv6, ether.
 */
export function payload(proto: string | { base: string | number; offset: number; len: number; dreg?: number }, field?: string, dreg: number = NftReg.R1): PayloadExpr {
  if (typeof proto === 'object') return { type: 'payload', base: proto.base, offset: proto.offset, len: proto.len, dreg: proto.dreg ?? NftReg.R1 };
  const f = PAYLOAD_FIELDS[proto]?.[field ?? ''];
  if (!f) throw new TypeError(`payload: unknown field ${proto} ${String(field)}; known: ${Object.entries(PAYLOAD_FIELDS).map(([p, fs]) => Object.keys(fs).map((k) => `${p} ${k}`).join(', ')).join(', ')}`);
  return { type: 'payload', base: nameOf(NFT_PAYLOAD_BASES, f[0])!, offset: f[1], len: f[2], dreg };
}

/** meta(key) loads a meta key ('l4proto', 'mark', 'iifname', 'nfproto', …) into register 1. */
export function meta(key: string, dreg: number = NftReg.R1): MetaExpr {
  lookupName(NFT_META_KEYS, key, 'meta key');
  return { type: 'meta', key, dreg };
}

/** cmp(op, data) compares register 1: op is eq, neq, lt, lte, gt, gte; a number is one byte. */
export function cmp(op: string, data: Uint8Array | number, sreg: number = NftReg.R1): CmpExpr {
  lookupName(NFT_CMP_OPS, op, 'cmp op');
  return { type: 'cmp', op, sreg, data: toData(data, 'cmp') };
}

/** immediate(data) loads constant bytes into a register. */
export function immediate(data: Uint8Array, dreg: number = NftReg.R1): ImmediateExpr {
  return { type: 'immediate', dreg, data };
}

/** verdict('accept' | 'drop' | 'continue' | 'return' | 'queue'), verdict('jump' | 'goto', chain). */
export function verdict(code: string, chain?: string): ImmediateExpr {
  lookupName(NFT_VERDICTS, code, 'verdict');
  if ((code === 'jump' || code === 'goto') && !chain) throw new TypeError(`verdict ${code} needs a chain name`);
  return { type: 'immediate', dreg: NftReg.Verdict, verdict: chain ? { code, chain } : { code } };
}

/** A counter starting at zero. */
export function counter(): CounterExpr {
  return { type: 'counter', packets: 0, bytes: 0 };
}

/** log({ prefix, group }): with `group` the packet goes to NFLOG, without it to the kernel log. */
export function log(opts: Omit<LogExpr, 'type'> = {}): LogExpr {
  return { type: 'log', ...opts };
}

/** ct(key) loads a conntrack key ('state', 'mark', 'status', 'zone', …) into register 1. */
export function ct(key: string, opts: { dreg?: number; direction?: 'original' | 'reply' } = {}): CtExpr {
  lookupName(NFT_CT_KEYS, key, 'ct key');
  const e: CtExpr = { type: 'ct', key, dreg: opts.dreg ?? NftReg.R1 };
  if (opts.direction) e.direction = opts.direction;
  return e;
}

/** lookup(set) tests register 1 against a named set; { invert: true } for `!= @set`. */
export function lookup(set: string, opts: { sreg?: number; dreg?: number; invert?: boolean } = {}): LookupExpr {
  const e: LookupExpr = { type: 'lookup', set, sreg: opts.sreg ?? NftReg.R1 };
  if (opts.dreg !== undefined) e.dreg = opts.dreg;
  if (opts.invert) e.invert = true;
  return e;
}

/** bitwise(mask, xor): register 1 = (register 1 & mask) ^ xor (xor defaults to zeros). */
export function bitwise(mask: Uint8Array, xor?: Uint8Array, reg: number = NftReg.R1): BitwiseExpr {
  const x = xor ?? new Uint8Array(mask.length);
  if (x.length !== mask.length) throw new RangeError('bitwise: mask and xor must have the same length');
  return { type: 'bitwise', sreg: reg, dreg: reg, len: mask.length, mask, xor: x };
}

/** The expressions of `ct state { established, related }`-style matches: ct state, bitwise, cmp neq 0. */
export function ctState(...states: string[]): NftExpr[] {
  let mask = 0;
  for (const s of states) mask |= lookupName(NFT_CT_STATES, s, 'ct state');
  return [ct('state'), bitwise(u32(mask)), cmp('neq', u32(0))];
}

// ------------------------------------------------------------------ encoding

function num(table: Readonly<Record<string, number>>, v: string | number, what: string): number {
  return typeof v === 'number' ? v : lookupName(table, v, what);
}

function reg(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${what} must be a register number, got ${v}`);
  return v;
}

/** Encodes NFTA_DATA_VALUE / NFTA_DATA_VERDICT into `e`. */
export function encodeData(e: AttrEncoder, data: Uint8Array | undefined, v: NftVerdict | undefined): void {
  if (v) {
    e.nested(NftaData.Verdict, (n) => {
      const code = num(NFT_VERDICTS, v.code, 'verdict');
      n.u32be(NftaVerdict.Code, code >>> 0);
      if (v.chain !== undefined) n.string(NftaVerdict.Chain, v.chain);
    });
  } else if (data) {
    if (data.length === 0 || data.length > 64) throw new RangeError(`nftables data must be 1..64 bytes, got ${data.length}`);
    e.bytes(NftaData.Value, data);
  }
}

function encodeBody(x: NftExpr, d: AttrEncoder): void {
  switch (x.type) {
    case 'payload': {
      const p = x as PayloadExpr;
      d.u32be(NftaPayload.Dreg, reg(p.dreg, 'payload dreg')).u32be(NftaPayload.Base, num(NFT_PAYLOAD_BASES, p.base, 'payload base'))
        .u32be(NftaPayload.Offset, p.offset).u32be(NftaPayload.Len, p.len);
      return;
    }
    case 'meta': {
      const m = x as MetaExpr;
      d.u32be(NftaMeta.Key, num(NFT_META_KEYS, m.key, 'meta key'));
      if (m.sreg !== undefined) d.u32be(NftaMeta.Sreg, reg(m.sreg, 'meta sreg'));
      else d.u32be(NftaMeta.Dreg, reg(m.dreg ?? NftReg.R1, 'meta dreg'));
      return;
    }
    case 'cmp': {
      const c = x as CmpExpr;
      d.u32be(NftaCmp.Sreg, reg(c.sreg, 'cmp sreg')).u32be(NftaCmp.Op, num(NFT_CMP_OPS, c.op, 'cmp op'));
      d.nested(NftaCmp.Data, (n) => encodeData(n, toData(c.data, 'cmp'), undefined));
      return;
    }
    case 'immediate': {
      const i = x as ImmediateExpr;
      if (!i.verdict && !i.data) throw new TypeError('immediate: needs data or a verdict');
      d.u32be(NftaImmediate.Dreg, reg(i.dreg, 'immediate dreg'));
      d.nested(NftaImmediate.Data, (n) => encodeData(n, i.data, i.verdict));
      return;
    }
    case 'counter': {
      const c = x as CounterExpr;
      d.u64be(NftaCounter.Bytes, c.bytes ?? 0).u64be(NftaCounter.Packets, c.packets ?? 0);
      return;
    }
    case 'log': {
      const l = x as LogExpr;
      if (l.group !== undefined) d.u16be(NftaLog.Group, l.group);
      if (l.prefix !== undefined) d.string(NftaLog.Prefix, l.prefix);
      if (l.snaplen !== undefined) d.u32be(NftaLog.Snaplen, l.snaplen);
      if (l.qthreshold !== undefined) d.u16be(NftaLog.Qthreshold, l.qthreshold);
      if (l.level !== undefined) d.u32be(NftaLog.Level, l.level);
      if (l.flags !== undefined) d.u32be(NftaLog.Flags, l.flags);
      return;
    }
    case 'ct': {
      const c = x as CtExpr;
      d.u32be(NftaCt.Key, num(NFT_CT_KEYS, c.key, 'ct key'));
      if (c.direction !== undefined) d.u8(NftaCt.Direction, c.direction === 'reply' ? 1 : 0);
      if (c.sreg !== undefined) d.u32be(NftaCt.Sreg, reg(c.sreg, 'ct sreg'));
      else d.u32be(NftaCt.Dreg, reg(c.dreg ?? NftReg.R1, 'ct dreg'));
      return;
    }
    case 'lookup': {
      const l = x as LookupExpr;
      d.string(NftaLookup.Set, l.set).u32be(NftaLookup.Sreg, reg(l.sreg, 'lookup sreg'));
      if (l.dreg !== undefined) d.u32be(NftaLookup.Dreg, reg(l.dreg, 'lookup dreg'));
      if (l.setId !== undefined) d.u32be(NftaLookup.SetId, l.setId);
      if (l.invert) d.u32be(NftaLookup.Flags, NFT_LOOKUP_F_INV);
      return;
    }
    case 'bitwise': {
      const b = x as BitwiseExpr;
      d.u32be(NftaBitwise.Sreg, reg(b.sreg, 'bitwise sreg')).u32be(NftaBitwise.Dreg, reg(b.dreg, 'bitwise dreg')).u32be(NftaBitwise.Len, b.len);
      d.nested(NftaBitwise.Mask, (n) => encodeData(n, b.mask, undefined));
      d.nested(NftaBitwise.Xor, (n) => encodeData(n, b.xor, undefined));
      return;
    }
    default: {
      const r = x as RawExpr;
      if (!(r.raw instanceof Uint8Array)) throw new TypeError(`expression ${JSON.stringify(x.type)}: unknown type without raw bytes`);
      d.raw(r.raw);
    }
  }
}

/** Encodes a list of expressions as the payload of NFTA_RULE_EXPRESSIONS. */
export function encodeExprs(exprs: readonly NftExpr[]): Uint8Array {
  const e = new AttrEncoder(64 * exprs.length + 16);
  exprs.forEach((x, i) => {
    if (!x || typeof x.type !== 'string') throw new TypeError(`expression ${i}: needs a type`);
    e.nested(NftaList.Elem, (el) => {
      el.string(NftaExpr.Name, x.type);
      el.nested(NftaExpr.Data, (d) => {
        try {
          encodeBody(x, d);
        } catch (err) {
          if (err instanceof Error) err.message = `expression ${i} (${x.type}): ${err.message}`;
          throw err;
        }
      });
    });
  });
  return e.finish();
}

// ------------------------------------------------------------------ decoding

function be32Of(ad: AttrDecoder, what: string): number {
  if (ad.length !== 4) throw new MalformedError(`${what}: needs 4 bytes, got ${ad.length}`, ad.offset);
  return ad.u32be();
}

function be64Of(ad: AttrDecoder, what: string): number | bigint {
  if (ad.length !== 8) throw new MalformedError(`${what}: needs 8 bytes, got ${ad.length}`, ad.offset);
  const v = ad.u64be();
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Decodes NFTA_DATA_VALUE / NFTA_DATA_VERDICT from a data nest. */
export function decodeData(bytes: Uint8Array): { data?: Uint8Array; verdict?: NftVerdict } {
  const out: { data?: Uint8Array; verdict?: NftVerdict } = {};
  const ad = new AttrDecoder(bytes);
  while (ad.next()) {
    if (ad.type === NftaData.Value) out.data = ad.value().slice();
    else if (ad.type === NftaData.Verdict) {
      const v: NftVerdict = { code: 0 };
      const n = ad.nested();
      while (n.next()) {
        if (n.type === NftaVerdict.Code) { const c = be32Of(n, 'NFTA_VERDICT_CODE') | 0; v.code = nameOf(NFT_VERDICTS, c) ?? c; }
        else if (n.type === NftaVerdict.Chain) v.chain = n.string();
      }
      out.verdict = v;
    }
  }
  return out;
}

function decodeBody(name: string, body: Uint8Array): NftExpr {
  const ad = new AttrDecoder(body);
  const w = (what: string) => be32Of(ad, `${name} ${what}`);
  switch (name) {
    case 'payload': {
      const p: PayloadExpr = { type: 'payload', base: 0, offset: 0, len: 0, dreg: 0 };
      while (ad.next()) {
        if (ad.type === NftaPayload.Dreg) p.dreg = w('dreg');
        else if (ad.type === NftaPayload.Base) { const b = w('base'); p.base = nameOf(NFT_PAYLOAD_BASES, b) ?? b; }
        else if (ad.type === NftaPayload.Offset) p.offset = w('offset');
        else if (ad.type === NftaPayload.Len) p.len = w('len');
      }
      return p;
    }
    case 'meta': {
      const m: MetaExpr = { type: 'meta', key: 0 };
      while (ad.next()) {
        if (ad.type === NftaMeta.Key) { const k = w('key'); m.key = nameOf(NFT_META_KEYS, k) ?? k; }
        else if (ad.type === NftaMeta.Dreg) m.dreg = w('dreg');
        else if (ad.type === NftaMeta.Sreg) m.sreg = w('sreg');
      }
      return m;
    }
    case 'cmp': {
      const c: CmpExpr = { type: 'cmp', op: 0, sreg: 0, data: new Uint8Array(0) };
      while (ad.next()) {
        if (ad.type === NftaCmp.Sreg) c.sreg = w('sreg');
        else if (ad.type === NftaCmp.Op) { const o = w('op'); c.op = nameOf(NFT_CMP_OPS, o) ?? o; }
        else if (ad.type === NftaCmp.Data) c.data = decodeData(ad.value()).data ?? new Uint8Array(0);
      }
      return c;
    }
    case 'immediate': {
      const i: ImmediateExpr = { type: 'immediate', dreg: 0 };
      while (ad.next()) {
        if (ad.type === NftaImmediate.Dreg) i.dreg = w('dreg');
        else if (ad.type === NftaImmediate.Data) Object.assign(i, decodeData(ad.value()));
      }
      return i;
    }
    case 'counter': {
      const c: CounterExpr = { type: 'counter', packets: 0, bytes: 0 };
      while (ad.next()) {
        if (ad.type === NftaCounter.Bytes) c.bytes = be64Of(ad, 'counter bytes');
        else if (ad.type === NftaCounter.Packets) c.packets = be64Of(ad, 'counter packets');
      }
      return c;
    }
    case 'log': {
      const l: LogExpr = { type: 'log' };
      while (ad.next()) {
        if (ad.type === NftaLog.Group) { if (ad.length !== 2) throw new MalformedError('log group: needs 2 bytes', ad.offset); l.group = ad.u16be(); }
        else if (ad.type === NftaLog.Prefix) l.prefix = ad.string();
        else if (ad.type === NftaLog.Snaplen) l.snaplen = w('snaplen');
        else if (ad.type === NftaLog.Qthreshold) { if (ad.length !== 2) throw new MalformedError('log qthreshold: needs 2 bytes', ad.offset); l.qthreshold = ad.u16be(); }
        else if (ad.type === NftaLog.Level) l.level = w('level');
        else if (ad.type === NftaLog.Flags) l.flags = w('flags');
      }
      return l;
    }
    case 'ct': {
      const c: CtExpr = { type: 'ct', key: 0 };
      while (ad.next()) {
        if (ad.type === NftaCt.Key) { const k = w('key'); c.key = nameOf(NFT_CT_KEYS, k) ?? k; }
        else if (ad.type === NftaCt.Dreg) c.dreg = w('dreg');
        else if (ad.type === NftaCt.Sreg) c.sreg = w('sreg');
        else if (ad.type === NftaCt.Direction) { if (ad.length !== 1) throw new MalformedError('ct direction: needs 1 byte', ad.offset); c.direction = ad.u8() ? 'reply' : 'original'; }
      }
      return c;
    }
    case 'lookup': {
      const l: LookupExpr = { type: 'lookup', set: '', sreg: 0 };
      while (ad.next()) {
        if (ad.type === NftaLookup.Set) l.set = ad.string();
        else if (ad.type === NftaLookup.Sreg) l.sreg = w('sreg');
        else if (ad.type === NftaLookup.Dreg) l.dreg = w('dreg');
        else if (ad.type === NftaLookup.SetId) l.setId = w('set id');
        else if (ad.type === NftaLookup.Flags) { if (w('flags') & NFT_LOOKUP_F_INV) l.invert = true; }
      }
      return l;
    }
    case 'bitwise': {
      const b: BitwiseExpr = { type: 'bitwise', sreg: 0, dreg: 0, len: 0, mask: new Uint8Array(0), xor: new Uint8Array(0) };
      while (ad.next()) {
        if (ad.type === NftaBitwise.Sreg) b.sreg = w('sreg');
        else if (ad.type === NftaBitwise.Dreg) b.dreg = w('dreg');
        else if (ad.type === NftaBitwise.Len) b.len = w('len');
        else if (ad.type === NftaBitwise.Mask) b.mask = decodeData(ad.value()).data ?? new Uint8Array(0);
        else if (ad.type === NftaBitwise.Xor) b.xor = decodeData(ad.value()).data ?? new Uint8Array(0);
      }
      return b;
    }
    default:
      return { type: name, raw: body.slice() };
  }
}

/** Decodes the payload of NFTA_RULE_EXPRESSIONS. Throws MalformedError on bad bytes. */
export function decodeExprs(bytes: Uint8Array): NftExpr[] {
  const out: NftExpr[] = [];
  const ad = new AttrDecoder(bytes);
  while (ad.next()) {
    if (ad.type !== NftaList.Elem) continue;
    let name: string | undefined;
    let body: Uint8Array = new Uint8Array(0);
    const n = ad.nested();
    while (n.next()) {
      if (n.type === NftaExpr.Name) name = n.string();
      else if (n.type === NftaExpr.Data) body = n.value();
    }
    if (name === undefined) throw new MalformedError('rule expression without NFTA_EXPR_NAME', ad.offset);
    out.push(decodeBody(name, body));
  }
  return out;
}
