/**
 * Routes (RTM_NEWROUTE/RTM_DELROUTE/RTM_GETROUTE): the plain object
 * RouteClient returns, from a message decoded by the rt-route spec, and
 * the RTA_MULTIPATH payload (struct rtnexthop list), which the spec leaves
 * as binary.
 */
import { HOST_LE } from '../core/constants.js';
import { AttrDecoder, AttrEncoder } from '../core/attributes.js';
import { MalformedError } from '../core/errors.js';
import type { AttrValues } from '../spec/codec.js';
import type { OpMode, SpecFamily } from '../spec/family.js';
import { formatIP, parseIP } from '../util/inet.js';
import { enumNumber } from './families.js';
import { familyNames, routeProtocols, routeScopes, routeTables, routeTypes } from './names.js';
import { AttributeSource, WithAttributes } from './with-attributes.js';


/** One next hop of a multipath route. */
export interface NextHop {
  /** Gateway address. */
  gateway?: string;
  /** Output link index. */
  dev?: number;
  /** Weight (rtnh_hops + 1). */
  weight: number;
  /** RTNH_F_* flags. */
  flags: number;
}

/** A route as RouteClient returns it. Field names follow `ip -j route` where they overlap. */
export interface Route {
  family: 'inet' | 'inet6' | string;
  /** 'unicast', 'local', 'blackhole', … (rtm_type). */
  type: string;
  /** Destination 'a.b.c.d/len', or 'default'. */
  dst: string;
  /** rtm_dst_len */
  dstLen: number;
  /** Source prefix (RTA_SRC / rtm_src_len), if any. */
  src?: string;
  gateway?: string;
  /** Output link index (RTA_OIF). */
  dev?: number;
  /** Input link index (RTA_IIF). */
  iif?: number;
  /** Preferred source (RTA_PREFSRC). */
  prefsrc?: string;
  /** RTA_PRIORITY */
  metric?: number;
  /** Table number (RTA_TABLE, else rtm_table). */
  table: number;
  /** Table name ('main', 'local', or the number). */
  tableName: string;
  /** rtm_protocol name ('kernel', 'boot', 'static', …). */
  protocol: string;
  /** rtm_scope name ('global', 'link', 'host'). */
  scope: string;
  /** rtm_tos */
  tos: number;
  /** RTM_F_* / RTNH_F_* flags as numbers. */
  flags: number;
  /** RTA_METRICS members (mtu, advmss, …). */
  metrics?: Record<string, unknown>;
  /** RTA_MULTIPATH next hops. */
  nexthops?: NextHop[];
  /** Everything the rt-route spec decoded (decoded from the message when first read; JSON.stringify includes it, a spread copy does not). */
  readonly attributes: AttrValues;
}

function ip(v: unknown): string | undefined {
  return v instanceof Uint8Array && (v.length === 4 || v.length === 16) ? formatIP(v) : undefined;
}

/** A Route: named fields set by routeFromValues, `attributes` decoded on first read. */
class RouteObject extends WithAttributes {
  // an explicit constructor: the implicit one forwards its arguments as a spread, which is slower to build
  constructor(src: AttributeSource, buf: ArrayBufferLike | undefined, off: number, len: number, values: AttrValues | undefined) {
    super(src, buf, off, len, values);
  }
}

/** rtm_type as `ip` names it: the spec's enum name when it is one of those, else from the number. */
function typeName(family: SpecFamily, t: unknown): string {
  if (typeof t === 'string' && routeTypes.value(t) !== undefined) return t;
  return routeTypes.name(enumNumber(family, 'rtm-type', t));
}

/**
 * Builds a Route from a decoded rt-route message (camelCase names). With
 * `data` (the message payload), `attributes` is decoded again from it when
 * first read instead of keeping `v`.
 */
export function routeFromValues(family: SpecFamily, v: AttrValues, data?: Uint8Array, source?: AttributeSource): Route {
  const dstLen = Number(v['rtmDstLen'] ?? 0);
  const dstBytes = v['dst'];
  const dstIp = ip(dstBytes);
  const table = typeof v['table'] === 'number' ? (v['table'] as number) : Number(v['rtmTable'] ?? 0);
  const r = (data === undefined
    ? new RouteObject(source ?? new AttributeSource(family, 'getroute', 'dump'), undefined, 0, 0, v)
    : new RouteObject(source ?? new AttributeSource(family, 'getroute', 'dump'), data.buffer, data.byteOffset, data.byteLength, undefined)) as unknown as Route;
  r.family = familyNames.name(Number(v['rtmFamily'] ?? 0));
  r.type = typeName(family, v['rtmType']);
  r.dst = dstIp ? (dstLen === ((dstBytes as Uint8Array).length === 16 ? 128 : 32) ? dstIp : `${dstIp}/${dstLen}`) : dstLen === 0 ? 'default' : `?/${dstLen}`;
  r.dstLen = dstLen;
  r.table = table;
  r.tableName = routeTables.name(table);
  r.protocol = routeProtocols.name(Number(v['rtmProtocol'] ?? 0));
  r.scope = routeScopes.name(Number(v['rtmScope'] ?? 0));
  r.tos = Number(v['rtmTos'] ?? 0);
  r.flags = Number(v['rtmFlags'] ?? 0);
  const src = ip(v['src']);
  if (src) r.src = `${src}/${Number(v['rtmSrcLen'] ?? 0)}`;
  const gw = ip(v['gateway']);
  if (gw) r.gateway = gw;
  if (typeof v['oif'] === 'number') r.dev = v['oif'] as number;
  if (typeof v['iif'] === 'number') r.iif = v['iif'] as number;
  const ps = ip(v['prefsrc']);
  if (ps) r.prefsrc = ps;
  if (typeof v['priority'] === 'number') r.metric = v['priority'] as number;
  if (v['metrics'] && typeof v['metrics'] === 'object') r.metrics = v['metrics'] as Record<string, unknown>;
  if (v['multipath'] instanceof Uint8Array) r.nexthops = decodeMultipath(v['multipath'] as Uint8Array);
  return r;
}

/** Attribute numbers of the rt-route set the named Route fields come from (resolved from the spec once). */
interface RouteAttrNumbers { dst: number; src: number; iif: number; oif: number; gateway: number; priority: number; prefsrc: number; metrics: number; multipath: number; table: number }

/** An AttributeSource for route messages that also knows where the named fields are. */
export class RouteSource extends AttributeSource {
  /** Attribute numbers of the named fields in set route-attrs. */
  readonly n: RouteAttrNumbers;

  constructor(family: SpecFamily, op: string, mode: OpMode) {
    super(family, op, mode);
    const attrs = family.model.attributeSets.find((x) => x.name === 'route-attrs')?.attributes ?? [];
    const num = (name: string) => attrs.find((a) => a.name === name)?.value ?? -1;
    this.n = {
      dst: num('dst'), src: num('src'), iif: num('iif'), oif: num('oif'), gateway: num('gateway'), priority: num('priority'),
      prefsrc: num('prefsrc'), metrics: num('metrics'), multipath: num('multipath'), table: num('table'),
    };
  }
}

/** struct rtmsg (<linux/rtnetlink.h>): 8 u8 members and a u32 of flags; the attributes follow. */
const RTMSG_LEN = 12;

/**
 * Builds a Route from an rt-route message payload (a reply to src.op, or a
 * notification): the named fields straight from the bytes (the same values
 * routeFromValues takes from the decoded message), `attributes` decoded by
 * the spec when first read. Throws MalformedError on bad bytes.
 */
export function routeFromMessage(src: RouteSource, data: Uint8Array): Route {
  if (data.length < RTMSG_LEN) throw new MalformedError(`rt-route: payload of ${data.length} bytes is shorter than the ${RTMSG_LEN}-byte rtmsg`);
  const n = src.n;
  const r = new RouteObject(src, data.buffer, data.byteOffset, data.byteLength, undefined) as unknown as Route;
  const dstLen = data[1]!;
  let table = data[4]!;
  let dst: Uint8Array | undefined, from: Uint8Array | undefined, gw: Uint8Array | undefined, ps: Uint8Array | undefined;
  let oif: number | undefined, iif: number | undefined, metric: number | undefined;
  let metrics: Uint8Array | undefined, multipath: Uint8Array | undefined;
  const ad = new AttrDecoder(data.subarray(RTMSG_LEN));
  while (ad.next()) {
    const t = ad.type;
    if (t === n.dst) dst = ad.value();
    else if (t === n.table) table = ad.u32();
    else if (t === n.oif) oif = ad.u32();
    else if (t === n.gateway) gw = ad.value();
    else if (t === n.priority) metric = ad.u32();
    else if (t === n.prefsrc) ps = ad.value();
    else if (t === n.src) from = ad.value();
    else if (t === n.iif) iif = ad.u32();
    else if (t === n.metrics) metrics = ad.value();
    else if (t === n.multipath) multipath = ad.value();
  }
  const dstIp = ip(dst);
  r.family = familyNames.name(data[0]!);
  r.type = routeTypes.name(data[7]!);
  r.dst = dstIp ? (dstLen === (dst!.length === 16 ? 128 : 32) ? dstIp : `${dstIp}/${dstLen}`) : dstLen === 0 ? 'default' : `?/${dstLen}`;
  r.dstLen = dstLen;
  r.table = table;
  r.tableName = routeTables.name(table);
  r.protocol = routeProtocols.name(data[5]!);
  r.scope = routeScopes.name(data[6]!);
  r.tos = data[3]!;
  r.flags = HOST_LE ? (data[8]! | (data[9]! << 8) | (data[10]! << 16) | (data[11]! << 24)) >>> 0 : ((data[8]! << 24) | (data[9]! << 16) | (data[10]! << 8) | data[11]!) >>> 0;
  const s = ip(from);
  if (s) r.src = `${s}/${data[2]!}`;
  const g = ip(gw);
  if (g) r.gateway = g;
  if (oif !== undefined) r.dev = oif;
  if (iif !== undefined) r.iif = iif;
  const p = ip(ps);
  if (p) r.prefsrc = p;
  if (metric !== undefined) r.metric = metric;
  if (metrics !== undefined) r.metrics = src.family.decodeAttributes('metrics', metrics) as Record<string, unknown>;
  if (multipath !== undefined) r.nexthops = decodeMultipath(multipath);
  return r;
}

const RTA_GATEWAY = 5;

/** Decodes RTA_MULTIPATH: a list of struct rtnexthop { u16 len; u8 flags; u8 hops; s32 ifindex } each followed by attributes. */
export function decodeMultipath(b: Uint8Array): NextHop[] {
  const out: NextHop[] = [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let off = 0;
  while (off + 8 <= b.length) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 8 || off + len > b.length) throw new MalformedError(`RTA_MULTIPATH: next hop at offset ${off} has bad length ${len}`, off);
    const nh: NextHop = { flags: b[off + 2]!, weight: b[off + 3]! + 1 };
    const idx = dv.getInt32(off + 4, HOST_LE);
    if (idx) nh.dev = idx;
    const ad = new AttrDecoder(b.subarray(off + 8, off + len));
    while (ad.next()) if (ad.type === RTA_GATEWAY) nh.gateway = formatIP(ad.value());
    out.push(nh);
    off += (len + 3) & ~3;
  }
  return out;
}

/** Encodes next hops as an RTA_MULTIPATH payload. */
export function encodeMultipath(hops: readonly { gateway?: string; dev?: number; weight?: number }[]): Uint8Array {
  const e = new AttrEncoder();
  for (const h of hops) {
    const inner = new AttrEncoder(32);
    if (h.gateway) inner.bytes(RTA_GATEWAY, parseIP(h.gateway).bytes);
    const attrs = inner.finish();
    const nh = new Uint8Array(8 + attrs.length);
    const dv = new DataView(nh.buffer);
    dv.setUint16(0, nh.length, HOST_LE);
    const w = h.weight ?? 1;
    if (!Number.isInteger(w) || w < 1 || w > 256) throw new RangeError(`next hop weight must be 1..256, got ${String(w)}`);
    nh[3] = w - 1;
    dv.setInt32(4, h.dev ?? 0, HOST_LE);
    nh.set(attrs, 8);
    e.raw(nh);
  }
  return e.finish();
}

/** A route to add, replace, append or delete. Links by name or index. */
export interface RouteSpec {
  /** 'a.b.c.d/len', 'addr' (full length) or 'default'. */
  dst: string;
  /** 'unicast' (default), 'blackhole', 'unreachable', 'prohibit', 'local', 'broadcast', 'throw', … */
  type?: string;
  gateway?: string;
  dev?: string | number;
  /** Preferred source address (RTA_PREFSRC). */
  prefsrc?: string;
  /** Source prefix 'a.b.c.d/len' (RTA_SRC). */
  src?: string;
  metric?: number;
  /** Table number or name ('main' default, 'local'). */
  table?: number | string;
  /** 'global', 'link', 'host' or a number; default: link for routes without gateway on a device, else global (like ip). */
  scope?: string | number;
  /** 'boot' (default, like ip), 'static', 'kernel', a name or a number. */
  protocol?: string | number;
  tos?: number;
  /** Multipath next hops. */
  nexthops?: { gateway?: string; dev?: string | number; weight?: number }[];
  /** RTA_METRICS: mtu, advmss, hoplimit, window, … */
  metrics?: { mtu?: number; advmss?: number; hoplimit?: number; window?: number; initcwnd?: number; initrwnd?: number };
}
