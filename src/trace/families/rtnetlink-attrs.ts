/**
 * rtnetlink attribute tables: IFLA_*, IFA_*, RTA_*, NDA_*, FRA_* names and
 * payload kinds, from <linux/if_link.h>, <linux/if_addr.h>,
 * <linux/rtnetlink.h>, <linux/neighbour.h> and <linux/fib_rules.h>.
 * Structs carried as attributes (stats, cacheinfo) are shown in hex.
 */
import { seqTable, type AttrTable } from '../attr-table.js';
import { IFA_F_BITS, OPER_NAMES, TABLE_NAMES } from './rtnetlink-names.js';

/** IFLA_INFO_* (inside IFLA_LINKINFO). */
export const IFLA_INFO: AttrTable = seqTable(1, [
  ['IFLA_INFO_KIND', 'string'], ['IFLA_INFO_DATA', 'nested'], ['IFLA_INFO_XSTATS', 'binary'],
  ['IFLA_INFO_SLAVE_KIND', 'string'], ['IFLA_INFO_SLAVE_DATA', 'nested'],
]);

/** IFLA_INET6_* (inside IFLA_AF_SPEC / AF_INET6). */
export const IFLA_INET6: AttrTable = seqTable(1, [
  ['IFLA_INET6_FLAGS', 'u32'], ['IFLA_INET6_CONF', 'binary'], ['IFLA_INET6_STATS', 'binary'], ['IFLA_INET6_MCAST', 'binary'],
  ['IFLA_INET6_CACHEINFO', 'binary'], ['IFLA_INET6_ICMP6STATS', 'binary'], ['IFLA_INET6_TOKEN', 'ip'],
  ['IFLA_INET6_ADDR_GEN_MODE', 'u8'], ['IFLA_INET6_RA_MTU', 'u32'],
]);

/** IFLA_AF_SPEC children, keyed by address family. */
export const IFLA_AF_SPEC: AttrTable = Object.freeze({
  2: { name: 'AF_INET', kind: 'nested', nested: seqTable(1, [['IFLA_INET_CONF', 'binary']]) },
  7: { name: 'AF_BRIDGE', kind: 'nested' },
  10: { name: 'AF_INET6', kind: 'nested', nested: IFLA_INET6 },
  28: { name: 'AF_MPLS', kind: 'nested' },
});

/** IFLA_XDP_*. */
export const IFLA_XDP: AttrTable = seqTable(1, [
  ['IFLA_XDP_FD', 's32'], ['IFLA_XDP_ATTACHED', 'u8'], ['IFLA_XDP_FLAGS', 'u32'], ['IFLA_XDP_PROG_ID', 'u32'],
  ['IFLA_XDP_DRV_PROG_ID', 'u32'], ['IFLA_XDP_SKB_PROG_ID', 'u32'], ['IFLA_XDP_HW_PROG_ID', 'u32'], ['IFLA_XDP_EXPECTED_FD', 's32'],
]);

/** IFLA_* (RTM_*LINK). */
export const IFLA: AttrTable = seqTable(1, [
  ['IFLA_ADDRESS', 'mac'], ['IFLA_BROADCAST', 'mac'], ['IFLA_IFNAME', 'string'], ['IFLA_MTU', 'u32'], ['IFLA_LINK', 'u32'],
  ['IFLA_QDISC', 'string'], ['IFLA_STATS', 'binary'], ['IFLA_COST', 'binary'], ['IFLA_PRIORITY', 'binary'], ['IFLA_MASTER', 'u32'],
  ['IFLA_WIRELESS', 'binary'], ['IFLA_PROTINFO', 'binary'], ['IFLA_TXQLEN', 'u32'], ['IFLA_MAP', 'binary'], ['IFLA_WEIGHT', 'u32'],
  ['IFLA_OPERSTATE', 'u8', { values: OPER_NAMES }], ['IFLA_LINKMODE', 'u8'], ['IFLA_LINKINFO', 'nested', { nested: IFLA_INFO }],
  ['IFLA_NET_NS_PID', 'u32'], ['IFLA_IFALIAS', 'string'], ['IFLA_NUM_VF', 'u32'], ['IFLA_VFINFO_LIST', 'nested'],
  ['IFLA_STATS64', 'binary'], ['IFLA_VF_PORTS', 'nested'], ['IFLA_PORT_SELF', 'nested'],
  ['IFLA_AF_SPEC', 'nested', { nested: IFLA_AF_SPEC }], ['IFLA_GROUP', 'u32'], ['IFLA_NET_NS_FD', 'u32'], ['IFLA_EXT_MASK', 'u32'],
  ['IFLA_PROMISCUITY', 'u32'], ['IFLA_NUM_TX_QUEUES', 'u32'], ['IFLA_NUM_RX_QUEUES', 'u32'], ['IFLA_CARRIER', 'u8'],
  ['IFLA_PHYS_PORT_ID', 'binary'], ['IFLA_CARRIER_CHANGES', 'u32'], ['IFLA_PHYS_SWITCH_ID', 'binary'], ['IFLA_LINK_NETNSID', 's32'],
  ['IFLA_PHYS_PORT_NAME', 'string'], ['IFLA_PROTO_DOWN', 'u8'], ['IFLA_GSO_MAX_SEGS', 'u32'], ['IFLA_GSO_MAX_SIZE', 'u32'],
  ['IFLA_PAD', 'binary'], ['IFLA_XDP', 'nested', { nested: IFLA_XDP }], ['IFLA_EVENT', 'u32'], ['IFLA_NEW_NETNSID', 's32'],
  ['IFLA_TARGET_NETNSID', 's32'], ['IFLA_CARRIER_UP_COUNT', 'u32'], ['IFLA_CARRIER_DOWN_COUNT', 'u32'], ['IFLA_NEW_IFINDEX', 's32'],
  ['IFLA_MIN_MTU', 'u32'], ['IFLA_MAX_MTU', 'u32'], ['IFLA_PROP_LIST', 'nested', { nested: seqTable(53, [['IFLA_ALT_IFNAME', 'string']]) }],
  ['IFLA_ALT_IFNAME', 'string'], ['IFLA_PERM_ADDRESS', 'mac'], ['IFLA_PROTO_DOWN_REASON', 'nested'], ['IFLA_PARENT_DEV_NAME', 'string'],
  ['IFLA_PARENT_DEV_BUS_NAME', 'string'], ['IFLA_GRO_MAX_SIZE', 'u32'], ['IFLA_TSO_MAX_SIZE', 'u32'], ['IFLA_TSO_MAX_SEGS', 'u32'],
  ['IFLA_ALLMULTI', 'u32'], ['IFLA_DEVLINK_PORT', 'nested'], ['IFLA_GSO_IPV4_MAX_SIZE', 'u32'], ['IFLA_GRO_IPV4_MAX_SIZE', 'u32'],
  ['IFLA_DPLL_PIN', 'nested'], ['IFLA_MAX_PACING_OFFLOAD_HORIZON', 'uint'], ['IFLA_NETNS_IMMUTABLE', 'u8'],
  ['IFLA_HEADROOM', 'u16'], ['IFLA_TAILROOM', 'u16'],
]);

/** IFA_* (RTM_*ADDR). */
export const IFA: AttrTable = seqTable(1, [
  ['IFA_ADDRESS', 'ip'], ['IFA_LOCAL', 'ip'], ['IFA_LABEL', 'string'], ['IFA_BROADCAST', 'ip'], ['IFA_ANYCAST', 'ip'],
  ['IFA_CACHEINFO', 'binary'], ['IFA_MULTICAST', 'ip'], ['IFA_FLAGS', 'u32', { bits: IFA_F_BITS }], ['IFA_RT_PRIORITY', 'u32'],
  ['IFA_TARGET_NETNSID', 's32'], ['IFA_PROTO', 'u8'],
]);

/** RTAX_* (inside RTA_METRICS). */
export const RTAX: AttrTable = seqTable(1, [
  ['RTAX_LOCK', 'u32'], ['RTAX_MTU', 'u32'], ['RTAX_WINDOW', 'u32'], ['RTAX_RTT', 'u32'], ['RTAX_RTTVAR', 'u32'],
  ['RTAX_SSTHRESH', 'u32'], ['RTAX_CWND', 'u32'], ['RTAX_ADVMSS', 'u32'], ['RTAX_REORDERING', 'u32'], ['RTAX_HOPLIMIT', 'u32'],
  ['RTAX_INITCWND', 'u32'], ['RTAX_FEATURES', 'u32'], ['RTAX_RTO_MIN', 'u32'], ['RTAX_INITRWND', 'u32'], ['RTAX_QUICKACK', 'u32'],
  ['RTAX_CC_ALGO', 'string'], ['RTAX_FASTOPEN_NO_COOKIE', 'u32'],
]);

/** RTA_* (RTM_*ROUTE). */
export const RTA: AttrTable = seqTable(1, [
  ['RTA_DST', 'ip'], ['RTA_SRC', 'ip'], ['RTA_IIF', 'u32'], ['RTA_OIF', 'u32'], ['RTA_GATEWAY', 'ip'], ['RTA_PRIORITY', 'u32'],
  ['RTA_PREFSRC', 'ip'], ['RTA_METRICS', 'nested', { nested: RTAX }], ['RTA_MULTIPATH', 'binary'], ['RTA_PROTOINFO', 'binary'],
  ['RTA_FLOW', 'u32'], ['RTA_CACHEINFO', 'binary'], ['RTA_SESSION', 'binary'], ['RTA_MP_ALGO', 'u32'],
  ['RTA_TABLE', 'u32', { values: TABLE_NAMES }], ['RTA_MARK', 'u32'], ['RTA_MFC_STATS', 'binary'], ['RTA_VIA', 'binary'],
  ['RTA_NEWDST', 'binary'], ['RTA_PREF', 'u8'], ['RTA_ENCAP_TYPE', 'u16'], ['RTA_ENCAP', 'nested'], ['RTA_EXPIRES', 'u32'],
  ['RTA_PAD', 'binary'], ['RTA_UID', 'u32'], ['RTA_TTL_PROPAGATE', 'u8'], ['RTA_IP_PROTO', 'u8'], ['RTA_SPORT', 'be16'],
  ['RTA_DPORT', 'be16'], ['RTA_NH_ID', 'u32'], ['RTA_FLOWLABEL', 'be32'],
]);

/** NDA_* (RTM_*NEIGH). */
export const NDA: AttrTable = seqTable(1, [
  ['NDA_DST', 'ip'], ['NDA_LLADDR', 'mac'], ['NDA_CACHEINFO', 'binary'], ['NDA_PROBES', 'u32'], ['NDA_VLAN', 'u16'],
  ['NDA_PORT', 'be16'], ['NDA_VNI', 'u32'], ['NDA_IFINDEX', 'u32'], ['NDA_MASTER', 'u32'], ['NDA_LINK_NETNSID', 's32'],
  ['NDA_SRC_VNI', 'u32'], ['NDA_PROTOCOL', 'u8'], ['NDA_NH_ID', 'u32'], ['NDA_FDB_EXT_ATTRS', 'nested'], ['NDA_FLAGS_EXT', 'u32'],
  ['NDA_NDM_STATE_MASK', 'u16'], ['NDA_NDM_FLAGS_MASK', 'u8'],
]);

/** FRA_* (RTM_*RULE). */
export const FRA: AttrTable = seqTable(1, [
  ['FRA_DST', 'ip'], ['FRA_SRC', 'ip'], ['FRA_IIFNAME', 'string'], ['FRA_GOTO', 'u32'], null, ['FRA_PRIORITY', 'u32'], null, null,
  null, ['FRA_FWMARK', 'u32'], ['FRA_FLOW', 'u32'], ['FRA_TUN_ID', 'binary'], ['FRA_SUPPRESS_IFGROUP', 'u32'],
  ['FRA_SUPPRESS_PREFIXLEN', 'u32'], ['FRA_TABLE', 'u32', { values: TABLE_NAMES }], ['FRA_FWMASK', 'u32'], ['FRA_OIFNAME', 'string'],
  ['FRA_PAD', 'binary'], ['FRA_L3MDEV', 'u8'], ['FRA_UID_RANGE', 'binary'], ['FRA_PROTOCOL', 'u8'], ['FRA_IP_PROTO', 'u8'],
  ['FRA_SPORT_RANGE', 'binary'], ['FRA_DPORT_RANGE', 'binary'], ['FRA_DSCP', 'u8'], ['FRA_FLOWLABEL', 'be32'],
  ['FRA_FLOWLABEL_MASK', 'be32'], ['FRA_SPORT_MASK', 'u16'], ['FRA_DPORT_MASK', 'u16'], ['FRA_DSCP_MASK', 'u8'],
]);
