/**
 * Conntrack entries: the typed form of a ctnetlink IPCTNL_MSG_CT_NEW /
 * _DELETE message and its encoding. Nested sets the conntrack YNL spec gets
 * right (tuple-attrs, counter-attrs, protoinfo-attrs, help-attrs, the
 * nf-ct-status flag names) go through the spec engine; the top level is
 * walked by hand because the spec mistypes CTA_TIMESTAMP (a nest, not a
 * u64). Decoding throws MalformedError (code ERR_NETLINK_MALFORMED) and
 * nothing else; encoding throws TypeError/RangeError naming the field.
 */
import { AttrDecoder, AttrEncoder } from '../core/attributes.js';
import { MalformedError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { bundledSpec } from '../spec/registry.js';
import type { SpecFamily } from '../spec/family.js';
import { AF, formatIPv4, formatIPv6, parseIP } from '../util/inet.js';
import { CtaAttr, CtaTimestamp } from './ct-constants.js';
import { NFGENMSG_LEN } from './constants.js';

/** One direction of a connection (CTA_TUPLE_ORIG / CTA_TUPLE_REPLY). */
export interface CtTuple {
  /** CTA_IP_V4_SRC / CTA_IP_V6_SRC as text. */
  src: string;
  /** CTA_IP_V4_DST / CTA_IP_V6_DST as text. */
  dst: string;
  /** CTA_PROTO_NUM: IP protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6). */
  proto: number;
  /** CTA_PROTO_SRC_PORT (tcp, udp, sctp, …). */
  srcPort?: number;
  /** CTA_PROTO_DST_PORT */
  dstPort?: number;
  /** CTA_PROTO_ICMP_ID / CTA_PROTO_ICMPV6_ID */
  icmpId?: number;
  /** CTA_PROTO_ICMP_TYPE / CTA_PROTO_ICMPV6_TYPE */
  icmpType?: number;
  /** CTA_PROTO_ICMP_CODE / CTA_PROTO_ICMPV6_CODE */
  icmpCode?: number;
  /** CTA_TUPLE_ZONE (directional zones only). */
  zone?: number;
}

/** A tuple as accepted by create/get/delete: the protocol may be a name. */
export interface CtTupleInput extends Omit<CtTuple, 'proto'> {
  /** IP protocol number or name: 'tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'dccp', 'gre', 'udplite'. */
  proto: number | string;
}

/** Packet and byte counters of one direction (CTA_COUNTERS_PACKETS / _BYTES). */
export interface CtCounters {
  packets: number | bigint;
  bytes: number | bigint;
}

/** A decoded conntrack entry. Fields the kernel did not send are absent. */
export interface ConntrackEntry {
  /** nfgen_family: 2 (IPv4) or 10 (IPv6). */
  family: number;
  /** CTA_TUPLE_ORIG */
  orig?: CtTuple;
  /** CTA_TUPLE_REPLY */
  reply?: CtTuple;
  /** CTA_TUPLE_MASTER: the master connection of an expected one. */
  master?: CtTuple;
  /** CTA_STATUS as flag names ('seen-reply', 'assured', 'confirmed', …), lowest bit first. */
  status: string[];
  /** CTA_STATUS as the raw IPS_* bits. */
  statusBits: number;
  /** CTA_TIMEOUT: seconds left. */
  timeout?: number;
  /** CTA_MARK */
  mark?: number;
  /** CTA_ZONE */
  zone?: number;
  /** CTA_ID */
  id?: number;
  /** CTA_USE: reference count. */
  use?: number;
  /** CTA_COUNTERS_ORIG / _REPLY (net.netfilter.nf_conntrack_acct=1). */
  counters?: { orig?: CtCounters; reply?: CtCounters };
  /** CTA_TIMESTAMP in ns since the epoch (net.netfilter.nf_conntrack_timestamp=1); `stop` once destroyed. */
  timestamp?: { start?: bigint; stop?: bigint };
  /** CTA_PROTOINFO_TCP_STATE as its name ('established', 'time-wait', …). */
  tcpState?: string;
  /** CTA_HELP_NAME */
  helper?: string;
  /** CTA_LABELS bitmap. */
  labels?: Uint8Array;
}

const PROTO_NAMES: Readonly<Record<string, number>> = Object.freeze({ icmp: 1, tcp: 6, udp: 17, gre: 47, icmpv6: 58, 'ipv6-icmp': 58, dccp: 33, sctp: 132, udplite: 136 });

/** The IP protocol number of a name or number; throws TypeError for an unknown name. */
export function ctProtoNumber(p: number | string): number {
  if (typeof p === 'number') {
    if (!Number.isInteger(p) || p < 0 || p > 255) throw new RangeError(`conntrack tuple proto must be 0..255, got ${p}`);
    return p;
  }
  const n = PROTO_NAMES[p.toLowerCase()];
  if (n === undefined) throw new TypeError(`unknown conntrack tuple proto ${JSON.stringify(p)}; use a number or one of ${Object.keys(PROTO_NAMES).join(', ')}`);
  return n;
}

/** The name of an IP protocol number ('tcp'), or the number as text. */
export function ctProtoName(n: number): string {
  for (const [k, v] of Object.entries(PROTO_NAMES)) if (v === n) return k;
  return String(n);
}

/** The conntrack spec family (generated codec). */
export function conntrackSpec(): SpecFamily {
  return bundledSpec('conntrack');
}

function statusNames(spec: SpecFamily, bits: number): string[] {
  const def = spec.model.definitions.find((d) => d.name === 'nf-ct-status');
  const out: string[] = [];
  for (let b = 0; b < 32; b++) {
    if (!(bits & (2 ** b))) continue;
    const e = def && def.kind === 'flags' ? def.entries.find((x) => x.value === b) : undefined;
    out.push(e ? e.name : `0x${(2 ** b).toString(16)}`);
  }
  return out;
}

/** IPS_* bits from flag names (as ConntrackEntry.status lists them) or a number. */
export function ctStatusBits(status: number | readonly string[]): number {
  if (typeof status === 'number') return status >>> 0;
  const def = conntrackSpec().model.definitions.find((d) => d.name === 'nf-ct-status');
  let n = 0;
  for (const name of status) {
    const e = def && def.kind === 'flags' ? def.entries.find((x) => x.name === name) : undefined;
    if (!e) throw new TypeError(`unknown conntrack status flag ${JSON.stringify(name)}`);
    n |= 2 ** e.value;
  }
  return n >>> 0;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function decodeTuple(spec: SpecFamily, bytes: Uint8Array): CtTuple {
  const t = spec.decodeAttributes('tuple-attrs', bytes) as {
    tupleIp?: Record<string, unknown>; tupleProto?: Record<string, unknown>; tupleZone?: unknown;
  };
  const ip = t.tupleIp ?? {};
  const pr = t.tupleProto ?? {};
  const addr = (v4: unknown, v6: unknown): string => {
    if (typeof v4 === 'number') return formatIPv4(Uint8Array.of(v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255));
    if (v6 instanceof Uint8Array) {
      if (v6.length !== 16) throw new MalformedError(`conntrack tuple: IPv6 address of ${v6.length} bytes`);
      return formatIPv6(v6);
    }
    return '';
  };
  const out: CtTuple = { src: addr(ip.ipV4Src, ip.ipV6Src), dst: addr(ip.ipV4Dst, ip.ipV6Dst), proto: num(pr.protoNum) ?? 0 };
  const set = <K extends keyof CtTuple>(k: K, v: unknown) => { if (typeof v === 'number') (out as unknown as Record<string, number>)[k] = v; };
  set('srcPort', pr.protoSrcPort);
  set('dstPort', pr.protoDstPort);
  set('icmpId', pr.protoIcmpId ?? pr.protoIcmpv6Id);
  set('icmpType', pr.protoIcmpType ?? pr.protoIcmpv6Type);
  set('icmpCode', pr.protoIcmpCode ?? pr.protoIcmpv6Code);
  set('zone', t.tupleZone);
  return out;
}

function decodeCounters(spec: SpecFamily, bytes: Uint8Array): CtCounters {
  const c = spec.decodeAttributes('counter-attrs', bytes) as Record<string, unknown>;
  const v = (x: unknown, old: unknown): number | bigint => (typeof x === 'number' || typeof x === 'bigint' ? x : typeof old === 'number' ? old : 0);
  return { packets: v(c.packets, c.packetsOld), bytes: v(c.bytes, c.bytesOld) };
}

function be(ad: AttrDecoder, n: 2 | 4, what: string): number {
  if (ad.length !== n) throw new MalformedError(`conntrack ${what}: needs ${n} bytes, got ${ad.length}`, ad.offset);
  return n === 2 ? ad.u16be() : ad.u32be();
}

/**
 * Decodes the attributes of a conntrack message (after struct nfgenmsg).
 * Unknown attributes are skipped. Throws MalformedError on bad bytes.
 */
export function decodeConntrackAttrs(family: number, attrs: Uint8Array): ConntrackEntry {
  const spec = conntrackSpec();
  const e: ConntrackEntry = { family, status: [], statusBits: 0 };
  const ad = new AttrDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case CtaAttr.TupleOrig: e.orig = decodeTuple(spec, ad.value()); break;
      case CtaAttr.TupleReply: e.reply = decodeTuple(spec, ad.value()); break;
      case 14 /* CTA_TUPLE_MASTER */: e.master = decodeTuple(spec, ad.value()); break;
      case CtaAttr.Status: e.statusBits = be(ad, 4, 'CTA_STATUS'); e.status = statusNames(spec, e.statusBits); break;
      case CtaAttr.Timeout: e.timeout = be(ad, 4, 'CTA_TIMEOUT'); break;
      case CtaAttr.Mark: e.mark = be(ad, 4, 'CTA_MARK'); break;
      case CtaAttr.Zone: e.zone = be(ad, 2, 'CTA_ZONE'); break;
      case CtaAttr.Id: e.id = be(ad, 4, 'CTA_ID'); break;
      case CtaAttr.Use: e.use = be(ad, 4, 'CTA_USE'); break;
      case CtaAttr.CountersOrig: (e.counters ??= {}).orig = decodeCounters(spec, ad.value()); break;
      case CtaAttr.CountersReply: (e.counters ??= {}).reply = decodeCounters(spec, ad.value()); break;
      case CtaAttr.Labels: e.labels = ad.value().slice(); break;
      case CtaAttr.Timestamp: {
        const ts: { start?: bigint; stop?: bigint } = {};
        const n = ad.nested();
        while (n.next()) {
          if (n.type !== CtaTimestamp.Start && n.type !== CtaTimestamp.Stop) continue;
          if (n.length !== 8) throw new MalformedError(`conntrack CTA_TIMESTAMP member ${n.type}: needs 8 bytes, got ${n.length}`, n.offset);
          ts[n.type === CtaTimestamp.Start ? 'start' : 'stop'] = n.u64be();
        }
        e.timestamp = ts;
        break;
      }
      case CtaAttr.Protoinfo: {
        const p = spec.decodeAttributes('protoinfo-attrs', ad.value()) as { protoinfoTcp?: { tcpState?: unknown } };
        const st = p.protoinfoTcp?.tcpState;
        if (st !== undefined) e.tcpState = String(st);
        break;
      }
      case CtaAttr.Help: {
        const h = spec.decodeAttributes('help-attrs', ad.value()) as { helpName?: unknown };
        if (typeof h.helpName === 'string') e.helper = h.helpName;
        break;
      }
      default: break;
    }
  }
  return e;
}

/** Decodes a whole ctnetlink message (nfgenmsg + attributes). Throws MalformedError on bad bytes. */
export function decodeConntrackMessage(m: Message): ConntrackEntry {
  if (m.data.length < NFGENMSG_LEN) throw new MalformedError(`conntrack message: ${m.data.length} payload bytes, struct nfgenmsg needs ${NFGENMSG_LEN}`);
  return decodeConntrackAttrs(m.data[0]!, m.data.subarray(NFGENMSG_LEN));
}

/** The address family (2 or 10) of a tuple input, checking that src and dst agree. */
export function tupleFamily(t: CtTupleInput, what = 'tuple'): 2 | 10 {
  const s = parseIP(t.src);
  const d = parseIP(t.dst);
  if (s.family !== d.family) throw new TypeError(`conntrack ${what}: src ${t.src} and dst ${t.dst} are of different families`);
  return s.family;
}

/** Encodes a tuple as the payload of CTA_TUPLE_ORIG / _REPLY (tuple-attrs through the spec). */
export function encodeTuple(t: CtTupleInput, what = 'tuple'): Uint8Array {
  const s = parseIP(t.src);
  const d = parseIP(t.dst);
  if (s.family !== d.family) throw new TypeError(`conntrack ${what}: src ${t.src} and dst ${t.dst} are of different families`);
  const proto = ctProtoNumber(t.proto);
  const u32 = (b: Uint8Array) => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const ip = s.family === AF.INET ? { ipV4Src: u32(s.bytes), ipV4Dst: u32(d.bytes) } : { ipV6Src: s.bytes, ipV6Dst: d.bytes };
  const pr: Record<string, number> = { protoNum: proto };
  if (proto === 1 || proto === 58) {
    const p = proto === 1 ? 'protoIcmp' : 'protoIcmpv6';
    if (t.icmpId !== undefined) pr[`${p}Id`] = t.icmpId;
    if (t.icmpType !== undefined) pr[`${p}Type`] = t.icmpType;
    if (t.icmpCode !== undefined) pr[`${p}Code`] = t.icmpCode;
  } else {
    if (t.srcPort !== undefined) pr.protoSrcPort = t.srcPort;
    if (t.dstPort !== undefined) pr.protoDstPort = t.dstPort;
  }
  const values: Record<string, unknown> = { tupleIp: ip, tupleProto: pr };
  if (t.zone !== undefined) values.tupleZone = t.zone;
  return conntrackSpec().encodeAttributes('tuple-attrs', values);
}

/** IPS_CONFIRMED (bit 3 of enum ip_conntrack_status). */
const IPS_CONFIRMED = 0x8;

const ICMP_REPLY: Readonly<Record<number, number>> = Object.freeze({ 8: 0, 13: 14, 15: 16, 17: 18 });
const ICMPV6_REPLY: Readonly<Record<number, number>> = Object.freeze({ 128: 129 });

/** The reply tuple the kernel would expect for `orig`: addresses and ports swapped, ICMP request → reply type. */
export function invertTuple(orig: CtTupleInput): CtTupleInput {
  const proto = ctProtoNumber(orig.proto);
  const out: CtTupleInput = { src: orig.dst, dst: orig.src, proto };
  if (orig.zone !== undefined) out.zone = orig.zone;
  if (proto === 1 || proto === 58) {
    out.icmpId = orig.icmpId;
    out.icmpCode = orig.icmpCode;
    const table = proto === 1 ? ICMP_REPLY : ICMPV6_REPLY;
    if (orig.icmpType !== undefined) out.icmpType = table[orig.icmpType] ?? orig.icmpType;
  } else {
    out.srcPort = orig.dstPort;
    out.dstPort = orig.srcPort;
  }
  return out;
}

/** Fields of a create or update request. */
export interface ConntrackSpec {
  /** CTA_TUPLE_ORIG (required). */
  orig: CtTupleInput;
  /** CTA_TUPLE_REPLY; defaults to invertTuple(orig) on create. */
  reply?: CtTupleInput;
  /** CTA_TIMEOUT in seconds (create needs one; default 120). */
  timeout?: number;
  /** CTA_MARK */
  mark?: number;
  /** CTA_ZONE */
  zone?: number;
  /** CTA_STATUS: flag names or IPS_* bits (e.g. ['seen-reply', 'assured']); 'confirmed' is always added. */
  status?: number | readonly string[];
  /** CTA_PROTOINFO_TCP_STATE by name ('established', 'syn-sent', …). */
  tcpState?: string;
}

/** Encodes the attributes of IPCTNL_MSG_CT_NEW (create or update). */
export function encodeConntrackAttrs(s: ConntrackSpec, create: boolean): Uint8Array {
  const e = new AttrEncoder(256);
  e.nested(CtaAttr.TupleOrig, (n) => n.raw(encodeTuple(s.orig, 'orig')));
  const reply = s.reply ?? (create ? invertTuple(s.orig) : undefined);
  if (reply) e.nested(CtaAttr.TupleReply, (n) => n.raw(encodeTuple(reply, 'reply')));
  // IPS_CONFIRMED is always set, as libnetfilter_conntrack does: the kernel
  // answers EBUSY when a status change would flip it (the entry it compares
  // against counts as confirmed).
  if (s.status !== undefined) e.u32be(CtaAttr.Status, (ctStatusBits(s.status) | IPS_CONFIRMED) >>> 0);
  const timeout = s.timeout ?? (create ? 120 : undefined);
  if (timeout !== undefined) e.u32be(CtaAttr.Timeout, timeout);
  if (s.mark !== undefined) e.u32be(CtaAttr.Mark, s.mark);
  if (s.zone !== undefined) e.u16be(CtaAttr.Zone, s.zone);
  if (s.tcpState !== undefined) {
    e.raw(conntrackSpec().encodeAttributes('conntrack-attrs', { protoinfo: { protoinfoTcp: { tcpState: s.tcpState } } }));
  }
  return e.finish();
}

/** A short text naming an entry for error messages: 'tcp 10.0.0.1:1234 -> 10.0.0.2:80'. */
export function describeTuple(t: CtTupleInput | CtTuple): string {
  const p = typeof t.proto === 'number' ? ctProtoName(t.proto) : t.proto;
  const port = (a: string, port?: number) => (port !== undefined ? `${a}:${port}` : a);
  return `${p} ${port(t.src, t.srcPort)} -> ${port(t.dst, t.dstPort)}`;
}
