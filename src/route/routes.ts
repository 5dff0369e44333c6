/**
 * Routes (RTM_NEWROUTE/RTM_DELROUTE/RTM_GETROUTE): the plain object
 * RouteClient returns, from a message decoded by the rt-route spec, and
 * the RTA_MULTIPATH payload (struct rtnexthop list), which the spec leaves
 * as binary.
 */
import { HOST_LE } from '../core/constants.js';
import { u32 } from '../core/bytes.js';
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

/** A Route: named fields set by setRouteFields, `attributes` decoded on first read. */
class RouteObject extends WithAttributes {
  // an explicit constructor: the implicit one forwards its arguments as a spread, which is slower to build
  constructor(src: AttributeSource, buf: ArrayBufferLike | undefined, off: number, len: number, values: AttrValues | undefined) {
    super(src, buf, off, len, values);
  }
}

/** What a Route's named fields are made from: the rtmsg members as numbers, the attributes as payloads. */
interface RouteParts {
  family: number; dstLen: number; srcLen: number; tos: number; table: number; protocol: number; scope: number; type: number; flags: number;
  dst: Uint8Array | undefined; src: Uint8Array | undefined; gateway: Uint8Array | undefined; prefsrc: Uint8Array | undefined;
  oif: number | undefined; iif: number | undefined; priority: number | undefined;
  metrics: Record<string, unknown> | undefined; multipath: Uint8Array | undefined;
}

/** Sets the named fields of `r` from `p` (the one place they are formatted), and returns it. */
function setRouteFields(r: Route, p: RouteParts): Route {
  const dstIp = ip(p.dst);
  r.family = familyNames.name(p.family);
  r.type = routeTypes.name(p.type);
  r.dst = dstIp ? (p.dstLen === (p.dst!.length === 16 ? 128 : 32) ? dstIp : `${dstIp}/${p.dstLen}`) : p.dstLen === 0 ? 'default' : `?/${p.dstLen}`;
  r.dstLen = p.dstLen;
  r.table = p.table;
  r.tableName = routeTables.name(p.table);
  r.protocol = routeProtocols.name(p.protocol);
  r.scope = routeScopes.name(p.scope);
  r.tos = p.tos;
  r.flags = p.flags;
  const src = ip(p.src);
  if (src) r.src = `${src}/${p.srcLen}`;
  const gw = ip(p.gateway);
  if (gw) r.gateway = gw;
  if (p.oif !== undefined) r.dev = p.oif;
  if (p.iif !== undefined) r.iif = p.iif;
  const ps = ip(p.prefsrc);
  if (ps) r.prefsrc = ps;
  if (p.priority !== undefined) r.metric = p.priority;
  if (p.metrics !== undefined) r.metrics = p.metrics;
  if (p.multipath !== undefined) r.nexthops = decodeMultipath(p.multipath);
  return r;
}

const bytesOf = (v: unknown): Uint8Array | undefined => (v instanceof Uint8Array ? v : undefined);
const numberOf = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Builds a Route from a decoded rt-route message (camelCase names); `attributes` is `v`. */
export function routeFromValues(family: SpecFamily, v: AttrValues): Route {
  const r = new RouteObject(new AttributeSource(family, 'getroute', 'dump'), undefined, 0, 0, v) as unknown as Route;
  const metrics = v['metrics'];
  return setRouteFields(r, {
    family: Number(v['rtmFamily'] ?? 0), dstLen: Number(v['rtmDstLen'] ?? 0), srcLen: Number(v['rtmSrcLen'] ?? 0), tos: Number(v['rtmTos'] ?? 0),
    table: numberOf(v['table']) ?? Number(v['rtmTable'] ?? 0), protocol: Number(v['rtmProtocol'] ?? 0), scope: Number(v['rtmScope'] ?? 0),
    type: enumNumber(family, 'rtm-type', v['rtmType']), flags: Number(v['rtmFlags'] ?? 0),
    dst: bytesOf(v['dst']), src: bytesOf(v['src']), gateway: bytesOf(v['gateway']), prefsrc: bytesOf(v['prefsrc']),
    oif: numberOf(v['oif']), iif: numberOf(v['iif']), priority: numberOf(v['priority']),
    metrics: metrics && typeof metrics === 'object' ? (metrics as Record<string, unknown>) : undefined,
    multipath: bytesOf(v['multipath']),
  });
}

/** Attribute numbers of the rt-route set the named Route fields come from (resolved from the spec once). */
interface RouteAttrNumbers { dst: number; src: number; iif: number; oif: number; gateway: number; priority: number; prefsrc: number; metrics: number; multipath: number; table: number }

/** An AttributeSource for route messages that also knows where the named fields are. */
export class RouteSource extends AttributeSource {
  /** Attribute numbers of the named fields in set route-attrs. */
  readonly n: RouteAttrNumbers;

  constructor(family: SpecFamily, op: string, mode: OpMode) {
    super(family, op, mode);
    const attrs = family.attributeValues('route-attrs');
    const num = (name: string) => attrs.get(name) ?? -1;
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
  const p: RouteParts = {
    family: data[0]!, dstLen: data[1]!, srcLen: data[2]!, tos: data[3]!, table: data[4]!, protocol: data[5]!, scope: data[6]!, type: data[7]!,
    flags: u32(data, 8), dst: undefined, src: undefined, gateway: undefined, prefsrc: undefined,
    oif: undefined, iif: undefined, priority: undefined, metrics: undefined, multipath: undefined,
  };
  const ad = new AttrDecoder(data.subarray(RTMSG_LEN));
  while (ad.next()) {
    const t = ad.type;
    if (t === n.dst) p.dst = ad.value();
    else if (t === n.table) p.table = ad.u32();
    else if (t === n.oif) p.oif = ad.u32();
    else if (t === n.gateway) p.gateway = ad.value();
    else if (t === n.priority) p.priority = ad.u32();
    else if (t === n.prefsrc) p.prefsrc = ad.value();
    else if (t === n.src) p.src = ad.value();
    else if (t === n.iif) p.iif = ad.u32();
    else if (t === n.metrics) p.metrics = src.family.decodeAttributes('metrics', ad.value()) as Record<string, unknown>;
    else if (t === n.multipath) p.multipath = ad.value();
  }
  return setRouteFields(new RouteObject(src, data.buffer, data.byteOffset, data.byteLength, undefined) as unknown as Route, p);
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
