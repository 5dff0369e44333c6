/**
 * Links (network interfaces): the plain object RouteClient returns, built
 * from an RTM_NEWLINK message decoded by the rt-link spec, and the request
 * payloads for RTM_NEWLINK/RTM_SETLINK/RTM_DELLINK/RTM_GETLINK.
 *
 * Kinds the spec does not describe (veth, vxlan, macvlan, ipvlan) get their
 * IFLA_INFO_DATA encoded here, with constants from <linux/if_link.h> and
 * <linux/veth.h>.
 */
import { AttrEncoder } from '../core/attributes.js';
import type { AttrValues } from '../spec/codec.js';
import type { SpecFamily } from '../spec/family.js';
import { formatMAC, parseIP, parseMAC } from '../util/inet.js';
import { flagsNumber } from './families.js';
import { IFF_UP, linkFlagNames, linkTypes, operStates } from './names.js';
import { AttributeSource, WithAttributes } from './with-attributes.js';

/** A link as RouteClient returns it. Field names follow `ip -j link` where they overlap. */
export interface Link {
  /** ifi_index */
  index: number;
  /** IFLA_IFNAME */
  name: string;
  /** Link type name from ifi_type ('ether', 'loopback', …). */
  type: string;
  /** Interface flags as `ip` prints them ('UP', 'LOWER_UP', 'NO-CARRIER', …). */
  flags: string[];
  /** ifi_flags as a number (IFF_*). */
  rawFlags: number;
  /** IFF_UP is set (administratively up). */
  up: boolean;
  /** IFLA_OPERSTATE name ('UP', 'DOWN', 'LOWERLAYERDOWN', …). */
  operstate: string;
  mtu?: number;
  minMtu?: number;
  maxMtu?: number;
  txqlen?: number;
  /** IFLA_ADDRESS as 'aa:bb:cc:dd:ee:ff'. */
  address?: string;
  /** IFLA_BROADCAST */
  broadcast?: string;
  /** IFLA_PERM_ADDRESS */
  permAddress?: string;
  /** IFLA_MASTER: index of the master (bridge, bond). */
  master?: number;
  /** IFLA_LINK: index of the underlying/peer link (in linkNetnsId's namespace if set). */
  link?: number;
  /** IFLA_LINK_NETNSID */
  linkNetnsId?: number;
  /** IFLA_INFO_KIND ('veth', 'bridge', …). */
  kind?: string;
  /** IFLA_INFO_SLAVE_KIND ('bridge' for a bridge port). */
  slaveKind?: string;
  /** IFLA_IFALIAS */
  alias?: string;
  /** IFLA_PROP_LIST / IFLA_ALT_IFNAME */
  altnames: string[];
  qdisc?: string;
  group?: number;
  promiscuity?: number;
  numTxQueues?: number;
  numRxQueues?: number;
  carrier?: boolean;
  /** IFLA_STATS64 (struct rtnl_link_stats64), camelCase members (rxPackets, rxBytes, …). */
  stats64?: Record<string, number | bigint>;
  /** Everything the rt-link spec decoded, for fields not lifted above (decoded from the message when first read; JSON.stringify includes it, a spread copy does not). */
  readonly attributes: AttrValues;
}

/** A link given by name or index. */
export type LinkRef = string | number;

function mac(v: unknown): string | undefined {
  return v instanceof Uint8Array ? formatMAC(v) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

/** A Link: named fields set by setLinkFields, `attributes` decoded on first read. */
class LinkObject extends WithAttributes {
  // an explicit constructor: the implicit one forwards its arguments as a spread, which is slower to build
  constructor(src: AttributeSource, buf: ArrayBufferLike | undefined, off: number, len: number, values: AttrValues | undefined) {
    super(src, buf, off, len, values);
  }
}

/** The rt-link attributes the named Link fields come from (the rest is decoded only for `attributes`). */
const LINK_FIELDS: readonly string[] = [
  'ifname', 'mtu', 'minMtu', 'maxMtu', 'txqlen', 'address', 'broadcast', 'permAddress', 'master', 'link', 'linkNetnsid',
  'ifalias', 'qdisc', 'group', 'promiscuity', 'numTxQueues', 'numRxQueues', 'carrier', 'linkinfo', 'propList', 'stats64', 'operstate',
];

/** Builds a Link from an rt-link message payload: only the attributes of the named fields are decoded now. */
export function linkFromMessage(src: AttributeSource, data: Uint8Array): Link {
  const link = new LinkObject(src, data.buffer, data.byteOffset, data.byteLength, undefined) as unknown as Link;
  return setLinkFields(link, src.family, src.family.decodeReply(src.op, src.mode, data, { only: LINK_FIELDS }));
}

/** Sets the named fields of `link` from a decoded rt-link message (camelCase names), and returns it. */
function setLinkFields(link: Link, family: SpecFamily, v: AttrValues): Link {
  const rawFlags = flagsNumber(family, 'ifinfo-flags', v['ifiFlags']);
  const oper = num(v['operstate']) ?? 0;
  const info = v['linkinfo'] as AttrValues | undefined;
  const props = v['propList'] as AttrValues | undefined;
  const alt = props?.['altIfname'];
  link.index = num(v['ifiIndex']) ?? 0;
  link.name = typeof v['ifname'] === 'string' ? (v['ifname'] as string) : '';
  link.type = linkTypes.name(num(v['ifiType']) ?? 0);
  link.flags = linkFlagNames(rawFlags, oper);
  link.rawFlags = rawFlags;
  link.up = (rawFlags & IFF_UP) !== 0;
  link.operstate = operStates.name(oper);
  link.altnames = Array.isArray(alt) ? (alt as string[]) : typeof alt === 'string' ? [alt] : [];
  const set = <K extends keyof Link>(k: K, val: Link[K] | undefined) => { if (val !== undefined) link[k] = val; };
  set('mtu', num(v['mtu']));
  set('minMtu', num(v['minMtu']));
  set('maxMtu', num(v['maxMtu']));
  set('txqlen', num(v['txqlen']));
  set('address', mac(v['address']));
  set('broadcast', mac(v['broadcast']));
  set('permAddress', mac(v['permAddress']));
  set('master', num(v['master']));
  set('link', num(v['link']));
  set('linkNetnsId', num(v['linkNetnsid']));
  set('alias', typeof v['ifalias'] === 'string' ? (v['ifalias'] as string) : undefined);
  set('qdisc', typeof v['qdisc'] === 'string' ? (v['qdisc'] as string) : undefined);
  set('group', num(v['group']));
  set('promiscuity', num(v['promiscuity']));
  set('numTxQueues', num(v['numTxQueues']));
  set('numRxQueues', num(v['numRxQueues']));
  if (v['carrier'] !== undefined) link.carrier = num(v['carrier']) === 1;
  if (info) {
    set('kind', typeof info['kind'] === 'string' ? (info['kind'] as string) : undefined);
    set('slaveKind', typeof info['slaveKind'] === 'string' ? (info['slaveKind'] as string) : undefined);
  }
  const st = v['stats64'];
  if (st && typeof st === 'object' && !(st instanceof Uint8Array)) link.stats64 = st as Record<string, number | bigint>;
  return link;
}

// IFLA_* and kind-specific attribute numbers (<linux/if_link.h>, <linux/veth.h>)
const IFLA_LINKINFO = 18;
const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const VETH_INFO_PEER = 1;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_ADDRESS = 1;
const IFLA_NET_NS_FD = 28;
const IFLA_VXLAN = { ID: 1, GROUP: 2, LINK: 3, LOCAL: 4, TTL: 5, LEARNING: 7, PORT: 15, GROUP6: 16, LOCAL6: 17 } as const;
const IFLA_MACVLAN_MODE = 1;
const IFLA_IPVLAN_MODE = 1;
const MACVLAN_MODES: Record<string, number> = { private: 1, vepa: 2, bridge: 4, passthru: 8, source: 16 };
const IPVLAN_MODES: Record<string, number> = { l2: 0, l3: 1, l3s: 2 };

/** Options of RouteClient.addLink. */
export interface AddLinkOptions {
  /** New link's name (IFLA_IFNAME). */
  name: string;
  /** IFLA_INFO_KIND: 'veth', 'bridge', 'vxlan', 'macvlan', 'ipvlan', 'ifb', or any kind the kernel knows. */
  kind: string;
  mtu?: number;
  /** MAC address 'aa:bb:cc:dd:ee:ff'. */
  address?: string;
  /** Master (bridge/bond) by name or index. */
  master?: LinkRef;
  /** Bring the link up once created. */
  up?: boolean;
  txqlen?: number;
  /** veth: the peer end. */
  peer?: { name?: string; address?: string; mtu?: number; /** namespace path or fd for the peer */ netns?: string | number };
  /** vxlan settings. */
  vxlan?: { id: number; port?: number; group?: string; remote?: string; local?: string; dev?: LinkRef; learning?: boolean; ttl?: number };
  /** macvlan: mode and the lower device. */
  macvlan?: { mode?: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source'; link: LinkRef };
  /** ipvlan: mode and the lower device. */
  ipvlan?: { mode?: 'l2' | 'l3' | 'l3s'; link: LinkRef };
}

/** Changes RouteClient.setLink applies (only the fields given). */
export interface LinkChanges {
  up?: boolean;
  mtu?: number;
  /** Rename. */
  name?: string;
  /** MAC address. */
  address?: string;
  /** New master by name/index; null removes the master (nomaster). */
  master?: LinkRef | null;
  /** Move to another namespace: a path ('/run/netns/x') or an open fd. */
  netns?: string | number;
  /** IFLA_IFALIAS ('' clears). */
  alias?: string;
  txqlen?: number;
}

/** Writes the IFLA_INFO_DATA of kinds the rt-link spec does not cover; `resolve` turns link names into indexes, `nsfd` namespace paths into fds. */
export function encodeLinkInfo(
  e: AttrEncoder,
  o: AddLinkOptions,
  resolve: (l: LinkRef) => number,
  nsfd: (ns: string | number) => number,
): void {
  const li = e.nestStart(IFLA_LINKINFO);
  e.string(IFLA_INFO_KIND, o.kind);
  switch (o.kind) {
    case 'veth': {
      if (!o.peer) break;
      const d = e.nestStart(IFLA_INFO_DATA);
      const p = e.nestStart(VETH_INFO_PEER);
      e.raw(new Uint8Array(16)); // struct ifinfomsg of the peer
      if (o.peer.name) e.string(IFLA_IFNAME, o.peer.name);
      if (o.peer.address) e.bytes(IFLA_ADDRESS, parseMAC(o.peer.address));
      if (o.peer.mtu !== undefined) e.u32(IFLA_MTU, o.peer.mtu);
      if (o.peer.netns !== undefined) e.u32(IFLA_NET_NS_FD, nsfd(o.peer.netns));
      e.nestEnd(p);
      e.nestEnd(d);
      break;
    }
    case 'vxlan': {
      const x = o.vxlan;
      if (!x) throw new TypeError('a vxlan link needs vxlan: { id }');
      const d = e.nestStart(IFLA_INFO_DATA);
      e.u32(IFLA_VXLAN.ID, x.id);
      const grp = x.group ?? x.remote;
      if (grp) {
        const a = parseIP(grp);
        if (a.family === 2) e.bytes(IFLA_VXLAN.GROUP, a.bytes);
        else e.bytes(IFLA_VXLAN.GROUP6, a.bytes);
      }
      if (x.local) {
        const a = parseIP(x.local);
        if (a.family === 2) e.bytes(IFLA_VXLAN.LOCAL, a.bytes);
        else e.bytes(IFLA_VXLAN.LOCAL6, a.bytes);
      }
      if (x.dev !== undefined) e.u32(IFLA_VXLAN.LINK, resolve(x.dev));
      if (x.ttl !== undefined) e.u8(IFLA_VXLAN.TTL, x.ttl);
      if (x.learning !== undefined) e.u8(IFLA_VXLAN.LEARNING, x.learning ? 1 : 0);
      e.u16be(IFLA_VXLAN.PORT, x.port ?? 4789);
      e.nestEnd(d);
      break;
    }
    case 'macvlan':
    case 'macvtap': {
      const mode = o.macvlan?.mode ?? 'bridge';
      if (!(mode in MACVLAN_MODES)) throw new TypeError(`unknown macvlan mode ${JSON.stringify(mode)}`);
      const d = e.nestStart(IFLA_INFO_DATA);
      e.u32(IFLA_MACVLAN_MODE, MACVLAN_MODES[mode]!);
      e.nestEnd(d);
      break;
    }
    case 'ipvlan': {
      const mode = o.ipvlan?.mode ?? 'l3';
      if (!(mode in IPVLAN_MODES)) throw new TypeError(`unknown ipvlan mode ${JSON.stringify(mode)}`);
      const d = e.nestStart(IFLA_INFO_DATA);
      e.u16(IFLA_IPVLAN_MODE, IPVLAN_MODES[mode]!);
      e.nestEnd(d);
      break;
    }
  }
  e.nestEnd(li);
}
