/**
 * Netlink constants from <linux/netlink.h>, with the C names in comments.
 * Each table is a frozen object; `*Names` helpers turn numbers back into
 * names for printing.
 */

/** Netlink protocol numbers (NETLINK_*), the third argument of socket(2). */
export const Protocol = Object.freeze({
  /** NETLINK_ROUTE: rtnetlink (links, addresses, routes, neighbours, rules, tc). */
  Route: 0,
  /** NETLINK_UNUSED */
  Unused: 1,
  /** NETLINK_USERSOCK: reserved for user-mode socket protocols. */
  UserSock: 2,
  /** NETLINK_FIREWALL: formerly ip_queue. */
  Firewall: 3,
  /** NETLINK_SOCK_DIAG (also NETLINK_INET_DIAG): socket monitoring. */
  SockDiag: 4,
  /** NETLINK_NFLOG: legacy netfilter ULOG. */
  Nflog: 5,
  /** NETLINK_XFRM: IPsec. */
  Xfrm: 6,
  /** NETLINK_SELINUX: SELinux event notifications. */
  SELinux: 7,
  /** NETLINK_ISCSI: Open-iSCSI. */
  ISCSI: 8,
  /** NETLINK_AUDIT: auditing. */
  Audit: 9,
  /** NETLINK_FIB_LOOKUP */
  FibLookup: 10,
  /** NETLINK_CONNECTOR: kernel connector (proc events, …). */
  Connector: 11,
  /** NETLINK_NETFILTER: nfnetlink (nftables, conntrack, nflog, nfqueue). */
  Netfilter: 12,
  /** NETLINK_IP6_FW */
  IP6Fw: 13,
  /** NETLINK_DNRTMSG: DECnet routing messages (obsolete). */
  DNRtMsg: 14,
  /** NETLINK_KOBJECT_UEVENT: kernel uevents to userspace. */
  KobjectUevent: 15,
  /** NETLINK_GENERIC: generic netlink (ethtool, nl80211, taskstats, …). */
  Generic: 16,
  /** NETLINK_SCSITRANSPORT */
  SCSITransport: 18,
  /** NETLINK_ECRYPTFS */
  ECryptFS: 19,
  /** NETLINK_RDMA */
  RDMA: 20,
  /** NETLINK_CRYPTO: crypto layer. */
  Crypto: 21,
  /** NETLINK_SMC: SMC monitoring. */
  SMC: 22,
} as const);

/** A netlink protocol number. Any number is accepted; `Protocol` names the known ones. */
export type ProtocolNumber = number;

/** Message header flags (NLM_F_*). Several share a bit; their meaning depends on the request type. */
export const Flags = Object.freeze({
  /** NLM_F_REQUEST: this is a request. */
  Request: 0x01,
  /** NLM_F_MULTI: part of a multipart message ending with NLMSG_DONE. */
  Multi: 0x02,
  /** NLM_F_ACK: reply with an acknowledgement (an NLMSG_ERROR with error 0). */
  Ack: 0x04,
  /** NLM_F_ECHO: echo this request back. */
  Echo: 0x08,
  /** NLM_F_DUMP_INTR: the dump was inconsistent because the data changed during it. */
  DumpIntr: 0x10,
  /** NLM_F_DUMP_FILTERED: the dump was filtered as requested. */
  DumpFiltered: 0x20,
  /** NLM_F_ROOT (GET): return the whole table. */
  Root: 0x100,
  /** NLM_F_MATCH (GET): return all matching entries. */
  Match: 0x200,
  /** NLM_F_ATOMIC (GET): atomic snapshot. */
  Atomic: 0x400,
  /** NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH. */
  Dump: 0x300,
  /** NLM_F_REPLACE (NEW): override an existing object. */
  Replace: 0x100,
  /** NLM_F_EXCL (NEW): fail if the object exists. */
  Excl: 0x200,
  /** NLM_F_CREATE (NEW): create if it does not exist. */
  Create: 0x400,
  /** NLM_F_APPEND (NEW): add to the end of the list. */
  Append: 0x800,
  /** NLM_F_NONREC (DELETE): do not delete recursively. */
  NonRec: 0x100,
  /** NLM_F_BULK (DELETE): delete several objects. */
  Bulk: 0x200,
  /** NLM_F_CAPPED (ACK): the request in the ack was cut to its header. */
  Capped: 0x100,
  /** NLM_F_ACK_TLVS (ACK): extended-ack attributes follow. */
  AckTlvs: 0x200,
} as const);

/** Reserved control message types (NLMSG_*); family types start at NLMSG_MIN_TYPE (0x10). */
export const MessageType = Object.freeze({
  /** NLMSG_NOOP: nothing; ignore. */
  Noop: 0x1,
  /** NLMSG_ERROR: an error or, with error 0, an acknowledgement. */
  Error: 0x2,
  /** NLMSG_DONE: end of a multipart message. */
  Done: 0x3,
  /** NLMSG_OVERRUN: data lost. */
  Overrun: 0x4,
  /** NLMSG_MIN_TYPE: first type available to families. */
  MinType: 0x10,
} as const);

/** SOL_NETLINK socket option level. */
export const SOL_NETLINK = 270;
/** SOL_SOCKET socket option level. */
export const SOL_SOCKET = 1;

/** Netlink socket options at level SOL_NETLINK (NETLINK_*), for Conn.setOption/getOption. */
export const SocketOption = Object.freeze({
  /** NETLINK_ADD_MEMBERSHIP: join a multicast group (use Conn.joinGroup). */
  AddMembership: 1,
  /** NETLINK_DROP_MEMBERSHIP: leave a multicast group (use Conn.leaveGroup). */
  DropMembership: 2,
  /** NETLINK_PKTINFO: report the multicast group of each received message. */
  PacketInfo: 3,
  /** NETLINK_BROADCAST_ERROR: report broadcast delivery failures to the sender. */
  BroadcastError: 4,
  /** NETLINK_NO_ENOBUFS: do not report ENOBUFS on receive-queue overrun. */
  NoENOBUFS: 5,
  /** NETLINK_LISTEN_ALL_NSID: receive notifications from all peer namespaces. */
  ListenAllNSID: 8,
  /** NETLINK_CAP_ACK: do not echo the request's payload in acks. */
  CapAcknowledge: 10,
  /** NETLINK_EXT_ACK: extended acknowledgements (error text, offsets). */
  ExtendedAcknowledge: 11,
  /** NETLINK_GET_STRICT_CHK: strict checking of dump requests. */
  GetStrictCheck: 12,
} as const);

/** A SOL_NETLINK option number. */
export type SocketOptionNumber = (typeof SocketOption)[keyof typeof SocketOption];

/** SOL_SOCKET options used by Conn (from <asm-generic/socket.h>). */
export const SocketLevelOption = Object.freeze({
  /** SO_SNDBUF */
  SendBuffer: 7,
  /** SO_RCVBUF */
  ReceiveBuffer: 8,
  /** SO_SNDBUFFORCE (needs CAP_NET_ADMIN) */
  SendBufferForce: 32,
  /** SO_RCVBUFFORCE (needs CAP_NET_ADMIN) */
  ReceiveBufferForce: 33,
} as const);

/** Extended-ack attribute types carried after an NLMSG_ERROR/NLMSG_DONE (NLMSGERR_ATTR_*). */
export const ExtAckAttr = Object.freeze({
  /** NLMSGERR_ATTR_MSG: error message (string). */
  Msg: 1,
  /** NLMSGERR_ATTR_OFFS: offset of the invalid attribute in the request (u32). */
  Offs: 2,
  /** NLMSGERR_ATTR_COOKIE: subsystem cookie (binary). */
  Cookie: 3,
  /** NLMSGERR_ATTR_POLICY: policy of the rejected attribute (nested). */
  Policy: 4,
  /** NLMSGERR_ATTR_MISS_TYPE: type of a missing required attribute (u32). */
  MissType: 5,
  /** NLMSGERR_ATTR_MISS_NEST: offset of the nest where it was missing (u32). */
  MissNest: 6,
} as const);

/** Attribute type flag bits (NLA_F_*) and the type mask. */
export const AttrFlags = Object.freeze({
  /** NLA_F_NESTED: the payload is a nested attribute stream. */
  Nested: 0x8000,
  /** NLA_F_NET_BYTEORDER: the payload is in network byte order. */
  NetByteOrder: 0x4000,
  /** NLA_TYPE_MASK: bits holding the attribute type. */
  TypeMask: 0x3fff,
} as const);

/** True on a little-endian host: netlink headers and most attributes are in host byte order. */
export const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Size of struct nlmsghdr (NLMSG_HDRLEN). */
export const NLMSG_HDRLEN = 16;
/** Size of struct nlattr (NLA_HDRLEN). */
export const NLA_HDRLEN = 4;

/** Rounds up to the next multiple of 4 (NLMSG_ALIGN / NLA_ALIGN). */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** Returns the name of a control message type ('NLMSG_ERROR'), or undefined for family types. */
export function messageTypeName(type: number): string | undefined {
  switch (type) {
    case MessageType.Noop: return 'NLMSG_NOOP';
    case MessageType.Error: return 'NLMSG_ERROR';
    case MessageType.Done: return 'NLMSG_DONE';
    case MessageType.Overrun: return 'NLMSG_OVERRUN';
    default: return undefined;
  }
}

const commonFlagNames: [number, string][] = [
  [Flags.Request, 'REQUEST'],
  [Flags.Multi, 'MULTI'],
  [Flags.Ack, 'ACK'],
  [Flags.Echo, 'ECHO'],
  [Flags.DumpIntr, 'DUMP_INTR'],
  [Flags.DumpFiltered, 'DUMP_FILTERED'],
];

/**
 * Names the flags of a message ('REQUEST|ACK|DUMP'). The high bits are named
 * by context: GET-style for requests with DUMP bits, NEW-style when `kind` is
 * 'new', DELETE-style for 'del', ACK-style for NLMSG_ERROR replies. Unknown
 * bits are printed in hex.
 */
export function flagNames(flags: number, kind: 'get' | 'new' | 'del' | 'ack' = 'get'): string {
  const out: string[] = [];
  let rest = flags;
  for (const [bit, name] of commonFlagNames) {
    if (rest & bit) { out.push(name); rest &= ~bit; }
  }
  const high: [number, string][] =
    kind === 'new' ? [[0x100, 'REPLACE'], [0x200, 'EXCL'], [0x400, 'CREATE'], [0x800, 'APPEND']]
    : kind === 'del' ? [[0x100, 'NONREC'], [0x200, 'BULK']]
    : kind === 'ack' ? [[0x100, 'CAPPED'], [0x200, 'ACK_TLVS']]
    : [[0x300, 'DUMP'], [0x100, 'ROOT'], [0x200, 'MATCH'], [0x400, 'ATOMIC']];
  for (const [bits, name] of high) {
    if ((rest & bits) === bits) { out.push(name); rest &= ~bits; }
  }
  if (rest) out.push('0x' + rest.toString(16));
  return out.length ? out.join('|') : '0';
}

/** Returns the name of a protocol number ('NETLINK_ROUTE'), or 'NETLINK_<n>'. */
export function protocolName(protocol: number): string {
  for (const [k, v] of Object.entries(Protocol)) {
    if (v === protocol) {
      const special: Record<string, string> = {
        Route: 'ROUTE', SockDiag: 'SOCK_DIAG', FibLookup: 'FIB_LOOKUP', IP6Fw: 'IP6_FW',
        KobjectUevent: 'KOBJECT_UEVENT', SCSITransport: 'SCSITRANSPORT', DNRtMsg: 'DNRTMSG',
        UserSock: 'USERSOCK',
      };
      return 'NETLINK_' + (special[k] ?? k.toUpperCase());
    }
  }
  return `NETLINK_${protocol}`;
}
