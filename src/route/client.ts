/**
 * RouteClient: links, addresses, routes, neighbours and rules over
 * rtnetlink, in the current or a given network namespace. Replies are
 * decoded by the rt-* specs; results are plain objects with stable field
 * names; addresses are strings ('10.0.0.1/24', 'fe80::1'), MACs
 * 'aa:bb:cc:dd:ee:ff'. Kernel errors are NetlinkError with the request and
 * the object named in the message ('RTM_NEWADDR 10.0.0.1/24 dev veth0: EEXIST: …').
 */
import { closeSync, openSync } from 'node:fs';
import { AttrEncoder } from '../core/attributes.js';
import { Conn, type ConnOptions } from '../core/conn.js';
import { Flags, Protocol, HOST_LE } from '../core/constants.js';
import { put32 } from '../core/bytes.js';
import { NetlinkError, type ErrorContext } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { AF, parseIP, parseMAC, parsePrefix } from '../util/inet.js';
import { addressFlags, addressFromValues, type Address, type AddressOptions } from './address.js';
import { routeFamilies, type RouteFamilies } from './families.js';
import { encodeLinkInfo, linkFromMessage, type AddLinkOptions, type Link, type LinkChanges, type LinkRef } from './link.js';
import { IFF_UP, routeProtocols, routeScopes, routeTables, routeTypes } from './names.js';
import { neighbourFromValues, neighbourStateValue, type Neighbour, type NeighbourSpec } from './neighbour.js';
import { RouteSource, encodeMultipath, routeFromMessage, type Route, type RouteSpec } from './routes.js';
import { AttributeSource } from './with-attributes.js';
import { FRA, ruleActions, ruleFromMessage, type Rule, type RuleSpec } from './rule.js';
import { decodeRouteEvent, RouteGroups, type RouteEvent, type RouteGroupName } from './events.js';
import { isOverrun } from '../core/conn.js';
import { MalformedError } from '../core/errors.js';

/** RTM_* message types (<linux/rtnetlink.h>). */
export const RTM = Object.freeze({
  NEWLINK: 16, DELLINK: 17, GETLINK: 18, SETLINK: 19,
  NEWADDR: 20, DELADDR: 21, GETADDR: 22,
  NEWROUTE: 24, DELROUTE: 25, GETROUTE: 26,
  NEWNEIGH: 28, DELNEIGH: 29, GETNEIGH: 30,
  NEWRULE: 32, DELRULE: 33, GETRULE: 34,
} as const);


/** Options of RouteClient.open. */
export interface RouteClientOptions extends Omit<ConnOptions, 'groups'> {
  /** Use this Conn (Protocol.Route) instead of opening one; close() then leaves it open. */
  conn?: Conn;
}

/** Filters of listAddresses / listRoutes / listNeighbours / listRules. */
export interface ListOptions {
  /** 4 or 6; both when absent. */
  family?: 4 | 6;
  /** Only this link (addresses, neighbours, routes by output device). */
  link?: LinkRef;
  /** Only this table (routes, rules): number or name; all tables when absent. */
  table?: number | string;
}

function famNum(f?: 4 | 6): number {
  return f === 4 ? AF.INET : f === 6 ? AF.INET6 : AF.UNSPEC;
}

/** The rtnetlink client. */
export class RouteClient {
  /** The rtnetlink families (specs) used to decode replies. */
  readonly families: RouteFamilies;

  private constructor(
    /** The Conn requests go through. */
    readonly conn: Conn,
    private readonly options: RouteClientOptions,
    private readonly ownsConn: boolean,
  ) {
    this.families = routeFamilies();
    const { link, route } = this.families;
    this.src = {
      linkDump: new AttributeSource(link, 'getlink', 'dump'), linkDo: new AttributeSource(link, 'getlink', 'do'),
      routeDump: new RouteSource(route, 'getroute', 'dump'), routeDo: new RouteSource(route, 'getroute', 'do'),
    };
  }

  /** How the lazily decoded `attributes` of links and routes are decoded. */
  private readonly src: Readonly<Record<'linkDump' | 'linkDo', AttributeSource> & Record<'routeDump' | 'routeDo', RouteSource>>;

  /** Opens a client (strict checking and extended acks on) in the current or `netns` namespace. */
  static async open(options: RouteClientOptions = {}): Promise<RouteClient> {
    const { conn, ...rest } = options;
    const c = conn ?? (await Conn.open(Protocol.Route, { strict: true, ...rest }));
    return new RouteClient(c, options, !conn);
  }

  /** Closes the Conn if this client opened it. */
  close(): void {
    if (this.ownsConn) this.conn.close();
  }

  /** Sends one request; kernel errors name `context` (Conn builds them with it). */
  private req(type: number, flags: number, data: Uint8Array, context: ErrorContext, ack = true): Promise<Message[]> {
    return this.conn.request({ header: { type, flags }, data }, { ack, context });
  }

  /** Runs a dump, retrying an interrupted one up to 3 times. */
  private dump(type: number, data: Uint8Array, each: (m: Message) => void, context: ErrorContext): Promise<void> {
    return this.conn.dumpEach({ header: { type }, data }, each, { retryInterrupted: 3, context });
  }

  // ------------------------------------------------------------------ links

  /** Lists every link. */
  async listLinks(): Promise<Link[]> {
    const out: Link[] = [];
    await this.dump(RTM.GETLINK, ifinfomsg(0), (m) => {
      if (m.header.type === RTM.NEWLINK) out.push(linkFromMessage(this.src.linkDump, m.data));
    }, { operation: 'RTM_GETLINK dump' });
    return out;
  }

  /** Gets one link by name or index; NetlinkError ENODEV naming it if there is none. */
  async getLink(ref: LinkRef): Promise<Link> {
    const e = new AttrEncoder(32);
    e.raw(ifinfomsg(typeof ref === 'number' ? ref : 0));
    if (typeof ref === 'string') nameAttr(e, ref);
    else checkIndex(ref);
    e.u32(29 /* IFLA_EXT_MASK */, 1 /* RTEXT_FILTER_VF */);
    const [m] = await this.req(RTM.GETLINK, 0, e.finish(), { operation: 'RTM_GETLINK', subject: typeof ref === 'number' ? `link ${ref}` : `link ${JSON.stringify(ref)}` }, false);
    return linkFromMessage(this.src.linkDo, m!.data);
  }

  /** Resolves a link name to its index (numbers are returned as given). */
  async linkIndex(ref: LinkRef): Promise<number> {
    if (typeof ref === 'number') return checkIndex(ref);
    return (await this.getLink(ref)).index;
  }

  /**
   * Creates a link (RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL): veth (with
   * its peer, optionally in another namespace), bridge, vxlan, macvlan,
   * ipvlan, ifb or any kind the kernel knows. Fails with EEXIST if the name
   * is taken; nothing is created when it fails.
   */
  async addLink(o: AddLinkOptions): Promise<void> {
    if (!o || typeof o.name !== 'string') throw new TypeError('addLink needs { name, kind }');
    checkName(o.name);
    if (typeof o.kind !== 'string' || !o.kind) throw new TypeError('addLink needs a kind (veth, bridge, vxlan, macvlan, ipvlan, ifb, …)');
    if (o.peer?.name) checkName(o.peer.name);
    const master = o.master !== undefined ? await this.linkIndex(o.master) : undefined;
    const lower = o.macvlan?.link ?? o.ipvlan?.link;
    const lowerIndex = lower !== undefined ? await this.linkIndex(lower) : undefined;
    const vxdev = o.vxlan?.dev !== undefined ? await this.linkIndex(o.vxlan.dev) : undefined;
    const fds: number[] = [];
    try {
      const e = new AttrEncoder(128);
      e.raw(ifinfomsg(0, o.up ? IFF_UP : 0, o.up ? IFF_UP : 0));
      e.string(3, o.name);
      if (o.mtu !== undefined) e.u32(4, o.mtu);
      if (o.address) e.bytes(1, parseMAC(o.address));
      if (o.txqlen !== undefined) e.u32(13, o.txqlen);
      if (master !== undefined) e.u32(10, master);
      if (lowerIndex !== undefined) e.u32(5 /* IFLA_LINK */, lowerIndex);
      encodeLinkInfo(e, o, () => vxdev!, (ns) => {
        if (typeof ns === 'number') return ns;
        const fd = openSync(ns, 'r');
        fds.push(fd);
        return fd;
      });
      await this.req(RTM.NEWLINK, Flags.Create | Flags.Excl, e.finish(), { operation: 'RTM_NEWLINK', subject: `${o.kind} link ${JSON.stringify(o.name)}` });
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  }

  /** Changes a link: up/down, mtu, name, MAC address, master (null = nomaster), namespace, alias, txqlen. */
  async setLink(ref: LinkRef, c: LinkChanges): Promise<void> {
    const index = await this.linkIndex(ref);
    const master = c.master === undefined ? undefined : c.master === null ? 0 : await this.linkIndex(c.master);
    let fd: number | undefined;
    let ownFd = false;
    try {
      const e = new AttrEncoder(64);
      e.raw(ifinfomsg(index, c.up ? IFF_UP : 0, c.up === undefined ? 0 : IFF_UP));
      if (c.name !== undefined) { checkName(c.name); e.string(3, c.name); }
      if (c.mtu !== undefined) e.u32(4, c.mtu);
      if (c.address !== undefined) e.bytes(1, parseMAC(c.address));
      if (c.txqlen !== undefined) e.u32(13, c.txqlen);
      if (master !== undefined) e.u32(10, master);
      if (c.alias !== undefined) e.string(20, c.alias);
      if (c.netns !== undefined) {
        if (typeof c.netns === 'number') fd = c.netns;
        else { fd = openSync(c.netns, 'r'); ownFd = true; }
        e.u32(28 /* IFLA_NET_NS_FD */, fd);
      }
      await this.req(RTM.NEWLINK, 0, e.finish(), { operation: 'RTM_NEWLINK', subject: `link ${JSON.stringify(ref)}` });
    } finally {
      if (ownFd && fd !== undefined) closeSync(fd);
    }
  }

  /** Adds an alternative name to a link (RTM_NEWLINKPROP with IFLA_PROP_LIST/IFLA_ALT_IFNAME). */
  addAltName(ref: LinkRef, altname: string): Promise<void> {
    return this.altNameOp(108 /* RTM_NEWLINKPROP */, ref, altname);
  }

  /** Removes an alternative name from a link (RTM_DELLINKPROP). */
  deleteAltName(ref: LinkRef, altname: string): Promise<void> {
    return this.altNameOp(109 /* RTM_DELLINKPROP */, ref, altname);
  }

  private async altNameOp(type: number, ref: LinkRef, altname: string): Promise<void> {
    if (typeof altname !== 'string' || altname.length === 0 || altname.length > 127) throw new TypeError(`${JSON.stringify(altname)} is not a valid alternative name (1..127 characters)`);
    const index = await this.linkIndex(ref);
    const e = new AttrEncoder(64);
    e.raw(ifinfomsg(index));
    const t = e.nestStart(52 /* IFLA_PROP_LIST */);
    e.string(53 /* IFLA_ALT_IFNAME */, altname);
    e.nestEnd(t);
    await this.req(type, type === 108 ? Flags.Create | Flags.Excl : 0, e.finish(),
      { operation: type === 108 ? 'RTM_NEWLINKPROP' : 'RTM_DELLINKPROP', subject: `altname ${JSON.stringify(altname)} of link ${JSON.stringify(ref)}` });
  }

  /** Deletes a link by name or index (a veth deletes its peer too). */
  async deleteLink(ref: LinkRef): Promise<void> {
    const e = new AttrEncoder(32);
    e.raw(ifinfomsg(typeof ref === 'number' ? checkIndex(ref) : 0));
    if (typeof ref === 'string') nameAttr(e, ref);
    await this.req(RTM.DELLINK, 0, e.finish(), { operation: 'RTM_DELLINK', subject: `link ${JSON.stringify(ref)}` });
  }

  // -------------------------------------------------------------- addresses

  /** Lists addresses, optionally of one family and/or link. */
  async listAddresses(o: ListOptions = {}): Promise<Address[]> {
    const index = o.link !== undefined ? await this.linkIndex(o.link) : 0;
    const out: Address[] = [];
    const f = this.families.addr;
    const hdr = new Uint8Array(8);
    hdr[0] = famNum(o.family);
    new DataView(hdr.buffer).setUint32(4, index, HOST_LE);
    await this.dump(RTM.GETADDR, hdr, (m) => {
      if (m.header.type !== RTM.NEWADDR) return;
      const a = addressFromValues(f, f.decodeReply('getaddr', 'dump', m.data));
      if (!index || a.index === index) out.push(a);
    }, { operation: 'RTM_GETADDR dump' });
    return out;
  }

  /** Adds an address ('10.0.0.1/24', 'fe80::1/64') to a link; EEXIST if it is there. */
  addAddress(link: LinkRef, cidr: string, o: AddressOptions = {}): Promise<void> {
    return this.addrOp(RTM.NEWADDR, Flags.Create | Flags.Excl, link, cidr, o);
  }

  /** Adds or updates an address (NLM_F_REPLACE). */
  replaceAddress(link: LinkRef, cidr: string, o: AddressOptions = {}): Promise<void> {
    return this.addrOp(RTM.NEWADDR, Flags.Create | Flags.Replace, link, cidr, o);
  }

  /** Removes an address from a link; EADDRNOTAVAIL if it is not there. */
  deleteAddress(link: LinkRef, cidr: string): Promise<void> {
    return this.addrOp(RTM.DELADDR, 0, link, cidr, {});
  }

  private async addrOp(type: number, flags: number, link: LinkRef, cidr: string, o: AddressOptions): Promise<void> {
    const p = parsePrefix(cidr);
    const index = await this.linkIndex(link);
    let extFlags = 0;
    for (const n of o.flags ?? []) {
      const f = addressFlags.find(([, name]) => name === n);
      if (!f) throw new TypeError(`unknown address flag ${JSON.stringify(n)} (one of: ${addressFlags.map(([, x]) => x).join(', ')})`);
      extFlags |= f[0];
    }
    const e = new AttrEncoder(64);
    const hdr = new Uint8Array(8);
    hdr[0] = p.family;
    hdr[1] = p.prefixLength;
    hdr[2] = extFlags & 0xff;
    hdr[3] = o.scope === undefined ? 0 : scopeNumber(o.scope);
    new DataView(hdr.buffer).setUint32(4, index, HOST_LE);
    e.raw(hdr);
    e.bytes(2 /* IFA_LOCAL */, p.bytes);
    e.bytes(1 /* IFA_ADDRESS */, o.peer ? parseIP(o.peer).bytes : p.bytes);
    if (o.broadcast && p.family === AF.INET) e.bytes(4 /* IFA_BROADCAST */, o.broadcast === '+' ? broadcastOf(p.bytes, p.prefixLength) : parseIP(o.broadcast).bytes);
    if (o.label !== undefined) e.string(3 /* IFA_LABEL */, o.label);
    if (o.validLifetime !== undefined || o.preferredLifetime !== undefined) {
      const ci = new Uint8Array(16);
      const dv = new DataView(ci.buffer);
      dv.setUint32(0, o.preferredLifetime ?? o.validLifetime ?? 0xffffffff, HOST_LE);
      dv.setUint32(4, o.validLifetime ?? 0xffffffff, HOST_LE);
      e.bytes(6 /* IFA_CACHEINFO */, ci);
    }
    if (extFlags > 0xff) e.u32(8 /* IFA_FLAGS */, extFlags);
    if (o.metric !== undefined) e.u32(9 /* IFA_RT_PRIORITY */, o.metric);
    const op = type === RTM.NEWADDR ? 'RTM_NEWADDR' : 'RTM_DELADDR';
    await this.req(type, flags, e.finish(), { operation: op, subject: `${cidr} dev ${JSON.stringify(link)}` });
  }

  // ----------------------------------------------------------------- routes

  /** Lists routes, optionally of one family, table and/or output link. */
  async listRoutes(o: ListOptions = {}): Promise<Route[]> {
    const table = o.table === undefined ? undefined : tableNumber(o.table);
    const oif = o.link !== undefined ? await this.linkIndex(o.link) : undefined;
    const out: Route[] = [];
    const e = new AttrEncoder(32);
    const hdr = new Uint8Array(12);
    hdr[0] = famNum(o.family);
    e.raw(hdr);
    if (table !== undefined) e.u32(15 /* RTA_TABLE */, table);
    if (oif !== undefined) e.u32(4 /* RTA_OIF */, oif);
    try {
      await this.dump(RTM.GETROUTE, e.finish(), (m) => {
        if (m.header.type !== RTM.NEWROUTE) return;
        const r = routeFromMessage(this.src.routeDump, m.data);
        if ((table === undefined || r.table === table) && (oif === undefined || r.dev === oif)) out.push(r);
      }, { operation: 'RTM_GETROUTE dump' });
    } catch (err) {
      // a table that does not exist yet has no routes (strict dumps say ENOENT)
      if (table !== undefined && err instanceof NetlinkError && err.code === 'ENOENT') return [];
      throw err;
    }
    return out;
  }

  /** Asks the kernel which route it would use for `dst` (like `ip route get`). */
  async getRoute(dst: string, o: { src?: string; iif?: LinkRef; oif?: LinkRef; mark?: number } = {}): Promise<Route> {
    const d = parseIP(dst);
    const e = new AttrEncoder(64);
    const hdr = new Uint8Array(12);
    hdr[0] = d.family;
    hdr[1] = d.bytes.length * 8;
    e.raw(hdr);
    e.bytes(1 /* RTA_DST */, d.bytes);
    if (o.src) e.bytes(2 /* RTA_SRC */, parseIP(o.src).bytes);
    if (o.iif !== undefined) e.u32(3, await this.linkIndex(o.iif));
    if (o.oif !== undefined) e.u32(4, await this.linkIndex(o.oif));
    if (o.mark !== undefined) e.u32(16 /* RTA_MARK */, o.mark);
    const bytes = e.finish();
    if (o.src) bytes[2] = d.bytes.length * 8; // rtm_src_len, in the header already copied into the stream
    const [m] = await this.req(RTM.GETROUTE, 0, bytes, { operation: 'RTM_GETROUTE', subject: dst }, false);
    return routeFromMessage(this.src.routeDo, m!.data);
  }

  /** Adds a route; EEXIST if an identical one is there. */
  addRoute(r: RouteSpec): Promise<void> {
    return this.routeOp(RTM.NEWROUTE, Flags.Create | Flags.Excl, r);
  }
  /** Adds or replaces a route (NLM_F_REPLACE). */
  replaceRoute(r: RouteSpec): Promise<void> {
    return this.routeOp(RTM.NEWROUTE, Flags.Create | Flags.Replace, r);
  }
  /** Appends a route (NLM_F_APPEND), e.g. another path with the same prefix. */
  appendRoute(r: RouteSpec): Promise<void> {
    return this.routeOp(RTM.NEWROUTE, Flags.Create | Flags.Append, r);
  }
  /** Deletes a route; ESRCH if there is none matching. */
  deleteRoute(r: RouteSpec): Promise<void> {
    return this.routeOp(RTM.DELROUTE, 0, r);
  }

  private async routeOp(type: number, flags: number, r: RouteSpec): Promise<void> {
    if (!r || typeof r.dst !== 'string') throw new TypeError('a route needs dst ("10.0.0.0/24", "default", …)');
    const del = type === RTM.DELROUTE;
    let family: number = AF.UNSPEC;
    let dst: { bytes: Uint8Array; prefixLength: number } | undefined;
    if (r.dst !== 'default') {
      const p = parsePrefix(r.dst);
      family = p.family;
      dst = p;
    }
    const gw = r.gateway ? parseIP(r.gateway) : undefined;
    if (gw) family ||= gw.family;
    if (family === AF.UNSPEC) family = r.nexthops?.[0]?.gateway ? parseIP(r.nexthops[0].gateway).family : AF.INET;
    const typeName = r.type ?? (del ? undefined : 'unicast');
    const rtType = typeName === undefined ? 0 : routeTypes.value(typeName);
    if (rtType === undefined) throw new TypeError(`unknown route type ${JSON.stringify(r.type)} (one of: ${routeTypes.names.join(', ')})`);
    const table = r.table === undefined ? 254 : tableNumber(r.table);
    const dev = r.dev !== undefined ? await this.linkIndex(r.dev) : undefined;
    let scope: number;
    if (r.scope !== undefined) scope = scopeNumber(r.scope);
    else if (del) scope = 255; // RT_SCOPE_NOWHERE: match any scope
    else if (typeName === 'local' || typeName === 'nat') scope = 254;
    else if (typeName === 'unicast' && !gw && !r.nexthops && dev !== undefined) scope = 253;
    else scope = 0;
    const proto = r.protocol === undefined ? (del ? 0 : 3) : typeof r.protocol === 'number' ? r.protocol : routeProtocols.value(r.protocol);
    if (proto === undefined) throw new TypeError(`unknown route protocol ${JSON.stringify(r.protocol)}`);
    const hdr = new Uint8Array(12);
    hdr[0] = family;
    hdr[1] = dst?.prefixLength ?? 0;
    hdr[3] = r.tos ?? 0;
    hdr[4] = table < 256 ? table : 0;
    hdr[5] = proto;
    hdr[6] = scope;
    hdr[7] = rtType;
    const e = new AttrEncoder(64);
    e.raw(hdr);
    if (dst) e.bytes(1 /* RTA_DST */, dst.bytes);
    if (r.src) {
      const s = parsePrefix(r.src);
      e.bytes(2 /* RTA_SRC */, s.bytes);
    }
    if (dev !== undefined) e.u32(4 /* RTA_OIF */, dev);
    if (gw) e.bytes(5 /* RTA_GATEWAY */, gw.bytes);
    if (r.metric !== undefined) e.u32(6 /* RTA_PRIORITY */, r.metric);
    if (r.prefsrc) e.bytes(7 /* RTA_PREFSRC */, parseIP(r.prefsrc).bytes);
    e.u32(15 /* RTA_TABLE */, table);
    if (r.metrics) {
      const ids: Record<string, number> = { mtu: 2, window: 3, advmss: 8, hoplimit: 10, initcwnd: 11, initrwnd: 14 };
      const t = e.nestStart(8 /* RTA_METRICS */);
      for (const [k, v] of Object.entries(r.metrics)) {
        if (v === undefined) continue;
        const id = ids[k];
        if (!id) throw new TypeError(`unknown route metric ${JSON.stringify(k)} (one of: ${Object.keys(ids).join(', ')})`);
        e.u32(id, v);
      }
      e.nestEnd(t);
    }
    if (r.nexthops) {
      const hops = [];
      for (const h of r.nexthops) hops.push({ gateway: h.gateway, weight: h.weight, dev: h.dev !== undefined ? await this.linkIndex(h.dev) : undefined });
      e.bytes(9 /* RTA_MULTIPATH */, encodeMultipath(hops));
    }
    const bytes = e.finish();
    if (r.src) bytes[2] = parsePrefix(r.src).prefixLength;
    const op = del ? 'RTM_DELROUTE' : 'RTM_NEWROUTE';
    await this.req(type, flags, bytes, { operation: op, subject: `${r.type && r.type !== 'unicast' ? r.type + ' ' : ''}${r.dst}${r.table !== undefined ? ` table ${r.table}` : ''}` });
  }

  // ------------------------------------------------------------- neighbours

  /** Lists neighbour entries, optionally of one family and/or link. */
  async listNeighbours(o: ListOptions = {}): Promise<Neighbour[]> {
    const index = o.link !== undefined ? await this.linkIndex(o.link) : 0;
    const e = new AttrEncoder(32);
    const hdr = new Uint8Array(12);
    hdr[0] = famNum(o.family);
    new DataView(hdr.buffer).setInt32(4, index, HOST_LE);
    e.raw(hdr);
    const out: Neighbour[] = [];
    const f = this.families.neigh;
    await this.dump(RTM.GETNEIGH, e.finish(), (m) => {
      if (m.header.type !== RTM.NEWNEIGH) return;
      const n = neighbourFromValues(f, f.decodeReply('getneigh', 'dump', m.data));
      if (!index || n.index === index) out.push(n);
    }, { operation: 'RTM_GETNEIGH dump' });
    return out;
  }

  /** Adds a neighbour entry (permanent by default); EEXIST if present. */
  addNeighbour(n: NeighbourSpec): Promise<void> {
    return this.neighOp(RTM.NEWNEIGH, Flags.Create | Flags.Excl, n);
  }
  /** Adds or replaces a neighbour entry. */
  replaceNeighbour(n: NeighbourSpec): Promise<void> {
    return this.neighOp(RTM.NEWNEIGH, Flags.Create | Flags.Replace, n);
  }
  /** Deletes a neighbour entry. */
  deleteNeighbour(n: NeighbourSpec): Promise<void> {
    return this.neighOp(RTM.DELNEIGH, 0, n);
  }

  private async neighOp(type: number, flags: number, n: NeighbourSpec): Promise<void> {
    const dst = parseIP(n.dst);
    const index = await this.linkIndex(n.dev);
    const hdr = new Uint8Array(12);
    hdr[0] = dst.family;
    const dv = new DataView(hdr.buffer);
    dv.setInt32(4, index, HOST_LE);
    dv.setUint16(8, type === RTM.DELNEIGH ? 0 : neighbourStateValue(n.state ?? 'permanent'), HOST_LE);
    hdr[10] = (n.proxy ? 0x08 : 0) | (n.router ? 0x80 : 0);
    const e = new AttrEncoder(48);
    e.raw(hdr);
    e.bytes(1 /* NDA_DST */, dst.bytes);
    if (n.lladdr) e.bytes(2 /* NDA_LLADDR */, parseMAC(n.lladdr));
    const op = type === RTM.DELNEIGH ? 'RTM_DELNEIGH' : 'RTM_NEWNEIGH';
    await this.req(type, flags, e.finish(), { operation: op, subject: `${n.dst} dev ${JSON.stringify(n.dev)}` });
  }

  // ----------------------------------------------------------------- events

  /**
   * Subscribes to rtnetlink events ('link', 'addr', 'route', 'neigh',
   * 'rule', or 'ipv4-addr', 'ipv6-route', …) on a Conn of its own, joined at
   * once (changes made after this call are seen). Yields typed add/change
   * ('new') and delete ('del') events; on ENOBUFS an { kind: 'overrun' }
   * event, and with `resync` a fresh listing of the subscribed objects.
   * Ends when `signal` aborts or the iteration stops. Malformed messages
   * are skipped.
   */
  events(kinds: RouteGroupName[], opts: { signal?: AbortSignal; resync?: boolean; receiveBufferSize?: number } = {}): AsyncIterable<RouteEvent> {
    const groups = new Set<number>();
    for (const k of kinds) {
      const g = (RouteGroups as Record<string, readonly number[]>)[k];
      if (!g) throw new TypeError(`unknown event kind ${JSON.stringify(k)} (one of: ${Object.keys(RouteGroups).join(', ')})`);
      g.forEach((x) => groups.add(x));
    }
    const conn = Conn.openSync(Protocol.Route, { netns: this.options.netns, receiveBufferSize: opts.receiveBufferSize, trace: this.conn.traceHook });
    for (const g of groups) conn.joinGroup(g);
    const fams = this.families;
    const self = this;
    const kindsSet = new Set(kinds.map((k) => k.replace(/^ipv[46]-/, '')));
    return {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const m of conn.notifications({ signal: opts.signal })) {
            if (isOverrun(m)) {
              yield { kind: 'overrun' };
              if (opts.resync) yield await self.resync(kindsSet);
              continue;
            }
            let ev: RouteEvent | undefined;
            try {
              ev = decodeRouteEvent(fams, m);
            } catch (e) {
              if (e instanceof MalformedError) continue;
              throw e;
            }
            if (ev) yield ev;
          }
        } finally {
          conn.close();
        }
      },
    };
  }

  private async resync(kinds: Set<string>): Promise<RouteEvent> {
    const ev: RouteEvent & { kind: 'resync' } = { kind: 'resync' };
    if (kinds.has('link')) ev.links = await this.listLinks();
    if (kinds.has('addr')) ev.addresses = await this.listAddresses();
    if (kinds.has('route')) ev.routes = await this.listRoutes();
    if (kinds.has('neigh')) ev.neighbours = await this.listNeighbours();
    if (kinds.has('rule')) ev.rules = await this.listRules();
    return ev;
  }

  // ------------------------------------------------------------------ rules

  /** Lists routing rules, optionally of one family and/or table. */
  async listRules(o: ListOptions = {}): Promise<Rule[]> {
    const table = o.table === undefined ? undefined : tableNumber(o.table);
    const hdr = new Uint8Array(12);
    hdr[0] = famNum(o.family);
    const out: Rule[] = [];
    await this.dump(RTM.GETRULE, hdr, (m) => {
      if (m.header.type !== RTM.NEWRULE) return;
      const r = ruleFromMessage(m.data);
      if (table === undefined || r.table === table) out.push(r);
    }, { operation: 'RTM_GETRULE dump' });
    return out;
  }

  /** Adds a rule. */
  addRule(r: RuleSpec): Promise<void> {
    return this.ruleOp(RTM.NEWRULE, Flags.Create | Flags.Excl, r);
  }
  /** Deletes a rule (matched by the fields given). */
  deleteRule(r: RuleSpec): Promise<void> {
    return this.ruleOp(RTM.DELRULE, 0, r);
  }

  private async ruleOp(type: number, flags: number, r: RuleSpec): Promise<void> {
    let family: number = r.family === 6 ? AF.INET6 : r.family === 4 ? AF.INET : AF.UNSPEC;
    const from = r.from && r.from !== 'all' ? parsePrefix(r.from) : undefined;
    const to = r.to && r.to !== 'all' ? parsePrefix(r.to) : undefined;
    family ||= from?.family ?? to?.family ?? AF.INET;
    const del = type === RTM.DELRULE;
    const action = r.action ?? (del && r.table === undefined ? 'unspec' : 'to_tbl');
    const act = ruleActions.indexOf(action as (typeof ruleActions)[number]);
    if (act < 0) throw new TypeError(`unknown rule action ${JSON.stringify(action)}`);
    const table = r.table === undefined ? (del || act !== 1 ? 0 : 254) : tableNumber(r.table);
    const hdr = new Uint8Array(12);
    hdr[0] = family;
    hdr[1] = to?.prefixLength ?? 0;
    hdr[2] = from?.prefixLength ?? 0;
    hdr[4] = table < 256 ? table : 0;
    hdr[7] = act;
    const e = new AttrEncoder(64);
    e.raw(hdr);
    if (to) e.bytes(FRA.DST, to.bytes);
    if (from) e.bytes(FRA.SRC, from.bytes);
    if (r.priority !== undefined) e.u32(FRA.PRIORITY, r.priority);
    if (r.fwmark !== undefined) e.u32(FRA.FWMARK, r.fwmark);
    if (r.fwmask !== undefined) e.u32(FRA.FWMASK, r.fwmask);
    if (r.iif) e.string(FRA.IIFNAME, r.iif);
    if (r.oif) e.string(FRA.OIFNAME, r.oif);
    if (table) e.u32(FRA.TABLE, table);
    const op = del ? 'RTM_DELRULE' : 'RTM_NEWRULE';
    await this.req(type, flags, e.finish(), { operation: op, subject: `rule${r.priority !== undefined ? ` pref ${r.priority}` : ''}` });
  }
}

/** struct ifinfomsg: family 0, index, flags, change. */
function ifinfomsg(index: number, flags = 0, change = 0): Uint8Array {
  const b = new Uint8Array(16);
  put32(b, 4, index);
  put32(b, 8, flags);
  put32(b, 12, change);
  return b;
}

function checkName(n: string): void {
  if (typeof n !== 'string' || n.length === 0 || n.length > 15 || /[\s/:]/.test(n)) {
    throw new TypeError(`${JSON.stringify(n)} is not a valid link name (1..15 characters, no spaces, '/' or ':')`);
  }
}

/** Names a link in a request: IFLA_IFNAME, or IFLA_ALT_IFNAME for names longer than IFNAMSIZ allows. */
function nameAttr(e: AttrEncoder, name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 127) throw new TypeError(`${JSON.stringify(name)} is not a valid link name`);
  if (name.length > 15) e.string(53 /* IFLA_ALT_IFNAME */, name);
  else e.string(3 /* IFLA_IFNAME */, name);
}

function checkIndex(i: number): number {
  if (!Number.isInteger(i) || i <= 0 || i > 0x7fffffff) throw new TypeError(`link index must be a positive integer, got ${String(i)}`);
  return i;
}

function tableNumber(t: number | string): number {
  const n = typeof t === 'number' ? t : routeTables.value(t);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new TypeError(`unknown route table ${JSON.stringify(t)}`);
  return n;
}

function scopeNumber(s: string | number): number {
  const n = typeof s === 'number' ? s : routeScopes.value(s);
  if (n === undefined || n < 0 || n > 255) throw new TypeError(`unknown scope ${JSON.stringify(s)} (global, site, link, host, nowhere or 0..255)`);
  return n;
}

function broadcastOf(addr: Uint8Array, len: number): Uint8Array {
  const out = Uint8Array.from(addr);
  for (let bit = len; bit < 32; bit++) out[bit >> 3]! |= 0x80 >> (bit & 7);
  return out;
}
