/**
 * rtnetlink value names, from <linux/rtnetlink.h>, <linux/if.h>,
 * <linux/if_arp.h>, <linux/if_addr.h>, <linux/neighbour.h> and
 * <linux/fib_rules.h>. Names only: the values the kernel prints.
 */
import { seqNames } from '../attr-table.js';

/** RTM_* message types, built from the NEW/DEL/GET(/SET) quartets of <linux/rtnetlink.h>. */
export const RTM_NAMES: Readonly<Record<number, string>> = (() => {
  const t: Record<number, string> = {};
  const quartets: [number, string, string[]][] = [
    [16, 'LINK', ['NEW', 'DEL', 'GET', 'SET']],
    [20, 'ADDR', ['NEW', 'DEL', 'GET']],
    [24, 'ROUTE', ['NEW', 'DEL', 'GET']],
    [28, 'NEIGH', ['NEW', 'DEL', 'GET']],
    [32, 'RULE', ['NEW', 'DEL', 'GET']],
    [36, 'QDISC', ['NEW', 'DEL', 'GET']],
    [40, 'TCLASS', ['NEW', 'DEL', 'GET']],
    [44, 'TFILTER', ['NEW', 'DEL', 'GET']],
    [48, 'ACTION', ['NEW', 'DEL', 'GET']],
    [52, 'PREFIX', ['NEW']],
    [56, 'MULTICAST', ['', '', 'GET']],
    [60, 'ANYCAST', ['', '', 'GET']],
    [64, 'NEIGHTBL', ['NEW', '', 'GET', 'SET']],
    [68, 'NDUSEROPT', ['NEW']],
    [72, 'ADDRLABEL', ['NEW', 'DEL', 'GET']],
    [76, 'DCB', ['', '', 'GET', 'SET']],
    [80, 'NETCONF', ['NEW', 'DEL', 'GET']],
    [84, 'MDB', ['NEW', 'DEL', 'GET']],
    [88, 'NSID', ['NEW', 'DEL', 'GET']],
    [92, 'STATS', ['NEW', '', 'GET', 'SET']],
    [96, 'CACHEREPORT', ['NEW']],
    [100, 'CHAIN', ['NEW', 'DEL', 'GET']],
    [104, 'NEXTHOP', ['NEW', 'DEL', 'GET']],
    [108, 'LINKPROP', ['NEW', 'DEL', 'GET']],
    [112, 'VLAN', ['NEW', 'DEL', 'GET']],
    [116, 'NEXTHOPBUCKET', ['NEW', 'DEL', 'GET']],
    [120, 'TUNNEL', ['NEW', 'DEL', 'GET']],
  ];
  for (const [base, obj, verbs] of quartets) {
    verbs.forEach((v, i) => { if (v) t[base + i] = `RTM_${v}${obj}`; });
  }
  return Object.freeze(t);
})();

/** Address families (AF_*) seen in rtnetlink headers. */
export const AF_NAMES = Object.freeze({
  0: 'AF_UNSPEC', 1: 'AF_UNIX', 2: 'AF_INET', 7: 'AF_BRIDGE', 10: 'AF_INET6', 16: 'AF_NETLINK', 17: 'AF_PACKET', 28: 'AF_MPLS',
  128: 'RTNL_FAMILY_IPMR', 129: 'RTNL_FAMILY_IP6MR',
} as Record<number, string>);

/** Link-layer types (ARPHRD_*) most often met. */
export const ARPHRD_NAMES = Object.freeze({
  1: 'ARPHRD_ETHER', 24: 'ARPHRD_IEEE1394', 32: 'ARPHRD_INFINIBAND', 65534: 'ARPHRD_NONE', 772: 'ARPHRD_LOOPBACK',
  768: 'ARPHRD_TUNNEL', 769: 'ARPHRD_TUNNEL6', 776: 'ARPHRD_SIT', 778: 'ARPHRD_IPGRE', 801: 'ARPHRD_IEEE80211',
  803: 'ARPHRD_IEEE80211_RADIOTAP', 823: 'ARPHRD_IP6GRE', 824: 'ARPHRD_NETLINK', 825: 'ARPHRD_6LOWPAN', 65535: 'ARPHRD_VOID',
} as Record<number, string>);

/** Interface flags (IFF_* from <linux/if.h>). */
export const IFF_BITS = Object.freeze({
  0x1: 'UP', 0x2: 'BROADCAST', 0x4: 'DEBUG', 0x8: 'LOOPBACK', 0x10: 'POINTOPOINT', 0x20: 'NOTRAILERS', 0x40: 'RUNNING',
  0x80: 'NOARP', 0x100: 'PROMISC', 0x200: 'ALLMULTI', 0x400: 'MASTER', 0x800: 'SLAVE', 0x1000: 'MULTICAST',
  0x2000: 'PORTSEL', 0x4000: 'AUTOMEDIA', 0x8000: 'DYNAMIC', 0x10000: 'LOWER_UP', 0x20000: 'DORMANT', 0x40000: 'ECHO',
} as Record<number, string>);

/** Address flags (IFA_F_*). */
export const IFA_F_BITS = Object.freeze({
  0x01: 'SECONDARY', 0x02: 'NODAD', 0x04: 'OPTIMISTIC', 0x08: 'DADFAILED', 0x10: 'HOMEADDRESS', 0x20: 'DEPRECATED',
  0x40: 'TENTATIVE', 0x80: 'PERMANENT', 0x100: 'MANAGETEMPADDR', 0x200: 'NOPREFIXROUTE', 0x400: 'MCAUTOJOIN', 0x800: 'STABLE_PRIVACY',
} as Record<number, string>);

/** Route scopes (RT_SCOPE_*). */
export const SCOPE_NAMES = Object.freeze({
  0: 'RT_SCOPE_UNIVERSE', 200: 'RT_SCOPE_SITE', 253: 'RT_SCOPE_LINK', 254: 'RT_SCOPE_HOST', 255: 'RT_SCOPE_NOWHERE',
} as Record<number, string>);

/** Route types (RTN_*). */
export const RTN_NAMES = seqNames(0, [
  'RTN_UNSPEC', 'RTN_UNICAST', 'RTN_LOCAL', 'RTN_BROADCAST', 'RTN_ANYCAST', 'RTN_MULTICAST', 'RTN_BLACKHOLE',
  'RTN_UNREACHABLE', 'RTN_PROHIBIT', 'RTN_THROW', 'RTN_NAT', 'RTN_XRESOLVE',
]);

/** Route origins (RTPROT_*). */
export const RTPROT_NAMES = Object.freeze({
  0: 'RTPROT_UNSPEC', 1: 'RTPROT_REDIRECT', 2: 'RTPROT_KERNEL', 3: 'RTPROT_BOOT', 4: 'RTPROT_STATIC', 8: 'RTPROT_GATED',
  9: 'RTPROT_RA', 10: 'RTPROT_MRT', 11: 'RTPROT_ZEBRA', 12: 'RTPROT_BIRD', 13: 'RTPROT_DNROUTED', 14: 'RTPROT_XORP',
  15: 'RTPROT_NTK', 16: 'RTPROT_DHCP', 17: 'RTPROT_MROUTED', 18: 'RTPROT_KEEPALIVED', 42: 'RTPROT_BABEL',
  99: 'RTPROT_OPENR', 186: 'RTPROT_BGP', 187: 'RTPROT_ISIS', 188: 'RTPROT_OSPF', 189: 'RTPROT_RIP', 192: 'RTPROT_EIGRP',
} as Record<number, string>);

/** Routing tables (RT_TABLE_*). */
export const TABLE_NAMES = Object.freeze({
  0: 'RT_TABLE_UNSPEC', 252: 'RT_TABLE_COMPAT', 253: 'RT_TABLE_DEFAULT', 254: 'RT_TABLE_MAIN', 255: 'RT_TABLE_LOCAL',
} as Record<number, string>);

/** Route flags (RTM_F_*). */
export const RTM_F_BITS = Object.freeze({
  0x100: 'NOTIFY', 0x200: 'CLONED', 0x400: 'EQUALIZE', 0x800: 'PREFIX', 0x1000: 'LOOKUP_TABLE', 0x2000: 'FIB_MATCH',
  0x4000: 'OFFLOAD', 0x8000: 'TRAP', 0x20000: 'OFFLOAD_FAILED',
} as Record<number, string>);

/** Neighbour states (NUD_*). */
export const NUD_BITS = Object.freeze({
  0x01: 'INCOMPLETE', 0x02: 'REACHABLE', 0x04: 'STALE', 0x08: 'DELAY', 0x10: 'PROBE', 0x20: 'FAILED', 0x40: 'NOARP', 0x80: 'PERMANENT',
} as Record<number, string>);

/** Neighbour flags (NTF_*). */
export const NTF_BITS = Object.freeze({
  0x01: 'USE', 0x02: 'SELF', 0x04: 'MASTER', 0x08: 'PROXY', 0x10: 'EXT_LEARNED', 0x20: 'OFFLOADED', 0x40: 'STICKY', 0x80: 'ROUTER',
} as Record<number, string>);

/** Rule actions (FR_ACT_*). */
export const FR_ACT_NAMES = seqNames(0, [
  'FR_ACT_UNSPEC', 'FR_ACT_TO_TBL', 'FR_ACT_GOTO', 'FR_ACT_NOP', 'FR_ACT_RES3', 'FR_ACT_RES4', 'FR_ACT_BLACKHOLE',
  'FR_ACT_UNREACHABLE', 'FR_ACT_PROHIBIT',
]);

/** Link operational states (IF_OPER_*). */
export const OPER_NAMES = seqNames(0, [
  'IF_OPER_UNKNOWN', 'IF_OPER_NOTPRESENT', 'IF_OPER_DOWN', 'IF_OPER_LOWERLAYERDOWN', 'IF_OPER_TESTING', 'IF_OPER_DORMANT', 'IF_OPER_UP',
]);
