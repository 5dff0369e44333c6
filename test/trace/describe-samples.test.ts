/**
 * The decoded text of real messages (captured in test/trace/samples.ts) is
 * pinned exactly: names, flag contexts, fixed headers, attribute trees,
 * errors with extended acks, and an ethtool reply named by a family id the
 * registry learned from the nlctrl reply before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRegistry, describe, describeMessage } from '../../src/trace/index.js';
import { messageOf } from '../../src/testing/index.js';
import { SAMPLES } from './samples.js';

const EXPECTED: Record<number, string> = {
  0: "send NETLINK_ROUTE RTM_GETLINK flags=REQUEST|DUMP seq=835048329 port=21559 len=32\n  ifinfomsg family=AF_UNSPEC type=0 index=0 flags=0 change=0",
  1: "recv NETLINK_ROUTE RTM_NEWLINK flags=MULTI seq=835048329 port=21559 len=1468\n  ifinfomsg family=AF_UNSPEC type=ARPHRD_LOOPBACK index=1 flags=LOOPBACK change=0\n  IFLA_IFNAME \"lo\"\n  IFLA_TXQLEN 1000\n  IFLA_OPERSTATE IF_OPER_DOWN (2)\n  IFLA_LINKMODE 0\n  IFLA_NETNS_IMMUTABLE 1\n  IFLA_MTU 65536\n  IFLA_MIN_MTU 0\n  IFLA_MAX_MTU 0\n  IFLA_GROUP 0\n  IFLA_PROMISCUITY 0\n  IFLA_ALLMULTI 0\n  IFLA_NUM_TX_QUEUES 1\n  IFLA_GSO_MAX_SEGS 65535\n  IFLA_GSO_MAX_SIZE 65536\n  IFLA_GRO_MAX_SIZE 65536\n  IFLA_GSO_IPV4_MAX_SIZE 65536\n  IFLA_GRO_IPV4_MAX_SIZE 65536\n  IFLA_TSO_MAX_SIZE 524280\n  IFLA_TSO_MAX_SEGS 65535\n  IFLA_MAX_PACING_OFFLOAD_HORIZON 0\n  IFLA_NUM_RX_QUEUES 1\n  IFLA_CARRIER 1\n  IFLA_CARRIER_CHANGES 0\n  IFLA_CARRIER_UP_COUNT 0\n  IFLA_CARRIER_DOWN_COUNT 0\n  IFLA_HEADROOM 0\n  IFLA_TAILROOM 0\n  IFLA_PROTO_DOWN 0\n  IFLA_ADDRESS 00:00:00:00:00:00\n  IFLA_BROADCAST 00:00:00:00:00:00\n  IFLA_STATS64 hex 0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000… (200 bytes)\n  IFLA_STATS hex 000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\n  IFLA_XDP\n    IFLA_XDP_ATTACHED 0\n  IFLA_QDISC \"noop\"\n  IFLA_AF_SPEC\n    AF_INET\n      IFLA_INET_CONF hex 000000000000000000000000010000000100000001000000010000000000000001000000000000000000000000000000000000000000000001000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000010270000e803000000000000000000000000000000000000… (132 bytes)\n    AF_INET6\n      IFLA_INET6_FLAGS 0\n      IFLA_INET6_CACHEINFO hex ffff000097b103002c880000e8030000\n      IFLA_INET6_CONF hex 00000000400000000000010001000000010000000100000001000000ffffffffa00f0000e8030000ffffffff803a0900805101000300000058020000100000000000000001000000010000000100000060ea0000000000000000000000000000000000000000000000000000ffffffff000000000000000010270000e8030000… (240 bytes)\n      IFLA_INET6_STATS hex 2600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000… (304 bytes)\n      IFLA_INET6_ICMP6STATS hex 0700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\n      IFLA_INET6_TOKEN ::\n      IFLA_INET6_ADDR_GEN_MODE 0\n  IFLA_MAP hex 0000000000000000000000000000000000000000000000000000000000000000\n  IFLA_DEVLINK_PORT (empty)\n  IFLA_DPLL_PIN (empty)",
  2: "recv NETLINK_ROUTE NLMSG_DONE flags=MULTI seq=835048329 port=21559 len=20",
  3: "send NETLINK_ROUTE RTM_NEWADDR flags=REQUEST|ACK|EXCL|CREATE seq=835048330 port=21559 len=40\n  ifaddrmsg family=AF_INET prefixlen=8 flags=0 scope=RT_SCOPE_UNIVERSE index=1\n  IFA_LOCAL 10.1.2.3\n  IFA_ADDRESS 10.1.2.3",
  4: "recv NETLINK_ROUTE NLMSG_ERROR flags=CAPPED seq=835048330 port=21559 len=36\n  ack for RTM_NEWADDR seq=835048330",
  5: "send NETLINK_ROUTE RTM_NEWADDR flags=REQUEST|ACK|EXCL|CREATE seq=835048331 port=21559 len=40\n  ifaddrmsg family=AF_INET prefixlen=8 flags=0 scope=RT_SCOPE_UNIVERSE index=1\n  IFA_LOCAL 10.1.2.3\n  IFA_ADDRESS 10.1.2.3",
  6: "recv NETLINK_ROUTE NLMSG_ERROR flags=ACK_TLVS seq=835048331 port=21559 len=96\n  error EEXIST (errno 17): file exists\n  ext-ack message=\"ipv4: Address already assigned\"\n  request RTM_NEWADDR flags=REQUEST|ACK|EXCL|CREATE seq=835048331 port=21559 len=40",
  7: "send NETLINK_ROUTE RTM_NEWLINK flags=REQUEST|ACK|EXCL|CREATE seq=835048332 port=21559 len=60\n  ifinfomsg family=AF_UNSPEC type=0 index=0 flags=0 change=0\n  IFLA_IFNAME \"x0\"\n  IFLA_LINKINFO\n    IFLA_INFO_KIND \"nosuchkind\"",
  8: "recv NETLINK_ROUTE NLMSG_ERROR flags=ACK_TLVS seq=835048332 port=21559 len=104\n  error EOPNOTSUPP (errno 95): operation not supported\n  ext-ack message=\"Unknown device type\"\n  request RTM_NEWLINK flags=REQUEST|ACK|EXCL|CREATE seq=835048332 port=21559 len=60",
  9: "send NETLINK_ROUTE RTM_NEWROUTE flags=REQUEST|ACK|EXCL|CREATE seq=835048333 port=21559 len=44\n  rtmsg family=AF_INET dst_len=24 src_len=0 tos=0 table=RT_TABLE_MAIN protocol=RTPROT_STATIC scope=RT_SCOPE_UNIVERSE type=RTN_UNICAST flags=0\n  RTA_DST 10.9.9.0\n  RTA_GATEWAY 10.200.0.1",
  10: "recv NETLINK_ROUTE NLMSG_ERROR flags=ACK_TLVS seq=835048333 port=21559 len=96\n  error ENETUNREACH (errno 101): network is unreachable\n  ext-ack message=\"Nexthop has invalid gateway\"\n  request RTM_NEWROUTE flags=REQUEST|ACK|EXCL|CREATE seq=835048333 port=21559 len=44",
  11: "send NETLINK_GENERIC nlctrl GETFAMILY flags=REQUEST seq=647590470 port=21559 len=32\n  genlmsghdr cmd=GETFAMILY version=1 reserved=0\n  CTRL_ATTR_FAMILY_NAME \"ethtool\"",
  13: "send NETLINK_GENERIC ethtool LINKINFO_GET flags=REQUEST seq=647590471 port=21559 len=32\n  genlmsghdr cmd=LINKINFO_GET version=1 reserved=0\n  ETHTOOL_A_LINKINFO_HEADER\n    ETHTOOL_A_HEADER_DEV_NAME \"v0\"",
  14: "recv NETLINK_GENERIC ethtool LINKINFO_GET_REPLY flags=0 seq=647590471 port=21559 len=80\n  genlmsghdr cmd=LINKINFO_GET_REPLY version=1 reserved=0\n  ETHTOOL_A_LINKINFO_HEADER\n    ETHTOOL_A_HEADER_DEV_INDEX 3\n    ETHTOOL_A_HEADER_DEV_NAME \"v0\"\n  ETHTOOL_A_LINKINFO_PORT PORT_TP (0)\n  ETHTOOL_A_LINKINFO_PHYADDR 0\n  ETHTOOL_A_LINKINFO_TP_MDIX 0\n  ETHTOOL_A_LINKINFO_TP_MDIX_CTRL 0\n  ETHTOOL_A_LINKINFO_TRANSCEIVER 0",
};

test('real messages decode to the exact expected text', () => {
  const registry = defaultRegistry();
  SAMPLES.forEach((s, i) => {
    const text = describe(messageOf({ ...s }), s.protocol, { direction: s.direction, registry });
    if (EXPECTED[i] !== undefined) assert.equal(text, EXPECTED[i], `sample ${i}`);
  });
});

test('the ethtool family stays unnamed until the registry sees the nlctrl reply', () => {
  const registry = defaultRegistry();
  const reply = SAMPLES[14]!;
  assert.match(describe(messageOf({ ...reply }), reply.protocol, { direction: 'recv', registry }), /^recv NETLINK_GENERIC genl family \d+ cmd 2 /);
  describe(messageOf({ ...SAMPLES[12]! }), 16, { registry });
  assert.match(describe(messageOf({ ...reply }), reply.protocol, { direction: 'recv', registry }), /^recv NETLINK_GENERIC ethtool LINKINFO_GET_REPLY /);
});

test('the JSON form carries the same facts', () => {
  const registry = defaultRegistry();
  const err = SAMPLES[6]!;
  const d = describeMessage(messageOf({ ...err }), err.protocol, { direction: 'recv', registry });
  assert.equal(d.type, 'NLMSG_ERROR');
  assert.equal(d.error?.code, 'EEXIST');
  assert.equal(d.error?.extAck?.message, 'ipv4: Address already assigned');
  assert.equal(d.error?.request?.typeName, 'RTM_NEWADDR');
  const link = describeMessage(messageOf({ ...SAMPLES[1]! }), 0, { registry });
  assert.equal(link.header?.struct, 'ifinfomsg');
  assert.equal(link.attrs?.find((a) => a.name === 'IFLA_IFNAME')?.value, 'lo');
  assert.doesNotThrow(() => JSON.stringify(link));
});
