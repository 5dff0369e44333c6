/**
 * nfnetlink constants for the log (NFLOG) and queue (NFQUEUE) subsystems,
 * from <linux/netfilter/nfnetlink.h>, <linux/netfilter/nfnetlink_log.h>,
 * <linux/netfilter/nfnetlink_queue.h> and <linux/netfilter.h>. Each table is
 * a frozen object; the C name of every value is in its comment.
 */

/** Size of struct nfgenmsg, the header after nlmsghdr in every nfnetlink message. */
export const NFGENMSG_LEN = 4;

/** NFNETLINK_V0: the only nfgenmsg.version. */
export const NFNETLINK_V0 = 0;

/** nfnetlink subsystem ids (NFNL_SUBSYS_*): the high byte of nlmsg_type. */
export const NfnlSubsys = Object.freeze({
  /** NFNL_SUBSYS_NONE */
  None: 0,
  /** NFNL_SUBSYS_CTNETLINK */
  Ctnetlink: 1,
  /** NFNL_SUBSYS_CTNETLINK_EXP */
  CtnetlinkExp: 2,
  /** NFNL_SUBSYS_QUEUE: nfnetlink_queue. */
  Queue: 3,
  /** NFNL_SUBSYS_ULOG: nfnetlink_log. */
  Ulog: 4,
  /** NFNL_SUBSYS_NFTABLES */
  Nftables: 10,
} as const);

/** nfnetlink_log message types (enum nfulnl_msg_types): the low byte of nlmsg_type. */
export const NfulnlMsg = Object.freeze({
  /** NFULNL_MSG_PACKET: a logged packet, kernel to userspace. */
  Packet: 0,
  /** NFULNL_MSG_CONFIG: configure a log group. */
  Config: 1,
} as const);

/** NFLOG packet attributes (enum nfulnl_attr_type). Byte order noted per attribute. */
export const NfulaAttr = Object.freeze({
  /** NFULA_PACKET_HDR: struct nfulnl_msg_packet_hdr { be16 hw_protocol; u8 hook; u8 pad }. */
  PacketHdr: 1,
  /** NFULA_MARK: be32 skb mark. */
  Mark: 2,
  /** NFULA_TIMESTAMP: struct nfulnl_msg_packet_timestamp { be64 sec; be64 usec }. */
  Timestamp: 3,
  /** NFULA_IFINDEX_INDEV: be32. */
  IfindexIndev: 4,
  /** NFULA_IFINDEX_OUTDEV: be32. */
  IfindexOutdev: 5,
  /** NFULA_IFINDEX_PHYSINDEV: be32 (bridge port). */
  IfindexPhysindev: 6,
  /** NFULA_IFINDEX_PHYSOUTDEV: be32 (bridge port). */
  IfindexPhysoutdev: 7,
  /** NFULA_HWADDR: struct nfulnl_msg_packet_hw { be16 hw_addrlen; u16 pad; u8 hw_addr[8] }. */
  Hwaddr: 8,
  /** NFULA_PAYLOAD: the packet from the network header on. */
  Payload: 9,
  /** NFULA_PREFIX: NUL-terminated log prefix. */
  Prefix: 10,
  /** NFULA_UID: be32 uid of the sending socket. */
  Uid: 11,
  /** NFULA_SEQ: be32 per-group sequence number. */
  Seq: 12,
  /** NFULA_SEQ_GLOBAL: be32 sequence number across all groups. */
  SeqGlobal: 13,
  /** NFULA_GID: be32 gid of the sending socket. */
  Gid: 14,
  /** NFULA_HWTYPE: be16 device type (ARPHRD_*). */
  Hwtype: 15,
  /** NFULA_HWHEADER: the link-layer header bytes. */
  Hwheader: 16,
  /** NFULA_HWLEN: be16 link-layer header length. */
  Hwlen: 17,
  /** NFULA_CT: nested ctnetlink attributes of the packet's connection. */
  Ct: 18,
  /** NFULA_CT_INFO: be32 enum ip_conntrack_info. */
  CtInfo: 19,
  /** NFULA_VLAN: nested NFULA_VLAN_* attributes. */
  Vlan: 20,
  /** NFULA_L2HDR: the full link-layer header. */
  L2hdr: 21,
} as const);

/** Attributes nested in NFULA_VLAN / NFQA_VLAN (enum nfulnl_vlan_attr / nfqnl_vlan_attr). */
export const VlanAttr = Object.freeze({
  /** NFULA_VLAN_PROTO / NFQA_VLAN_PROTO: be16 vlan protocol (0x8100, 0x88a8). */
  Proto: 1,
  /** NFULA_VLAN_TCI / NFQA_VLAN_TCI: be16 tag control information. */
  Tci: 2,
} as const);

/** NFLOG configuration commands (enum nfulnl_msg_config_cmds). */
export const NfulnlCfgCmd = Object.freeze({
  /** NFULNL_CFG_CMD_NONE */
  None: 0,
  /** NFULNL_CFG_CMD_BIND: attach this socket to the group (res_id). */
  Bind: 1,
  /** NFULNL_CFG_CMD_UNBIND: detach it. */
  Unbind: 2,
  /** NFULNL_CFG_CMD_PF_BIND: make nfnetlink_log the logger of a family (older kernels needed it). */
  PfBind: 3,
  /** NFULNL_CFG_CMD_PF_UNBIND */
  PfUnbind: 4,
} as const);

/** NFLOG configuration attributes (enum nfulnl_attr_config). */
export const NfulaCfgAttr = Object.freeze({
  /** NFULA_CFG_CMD: struct nfulnl_msg_config_cmd { u8 command }. */
  Cmd: 1,
  /** NFULA_CFG_MODE: struct nfulnl_msg_config_mode { be32 copy_range; u8 copy_mode; u8 pad } (packed, 6 bytes). */
  Mode: 2,
  /** NFULA_CFG_NLBUFSIZ: be32 size of the kernel's batching buffer. */
  Nlbufsiz: 3,
  /** NFULA_CFG_TIMEOUT: be32 flush timeout in 1/100 s. */
  Timeout: 4,
  /** NFULA_CFG_QTHRESH: be32 packets batched before a flush. */
  Qthresh: 5,
  /** NFULA_CFG_FLAGS: be16 NFULNL_CFG_F_* bits. */
  Flags: 6,
} as const);

/** NFLOG copy modes (NFULNL_COPY_*). */
export const NfulnlCopy = Object.freeze({
  /** NFULNL_COPY_NONE */
  None: 0x00,
  /** NFULNL_COPY_META */
  Meta: 0x01,
  /** NFULNL_COPY_PACKET */
  Packet: 0x02,
} as const);

/** NFLOG configuration flags (NFULNL_CFG_F_*). */
export const NfulnlCfgFlag = Object.freeze({
  /** NFULNL_CFG_F_SEQ: add NFULA_SEQ. */
  Seq: 0x0001,
  /** NFULNL_CFG_F_SEQ_GLOBAL: add NFULA_SEQ_GLOBAL. */
  SeqGlobal: 0x0002,
  /** NFULNL_CFG_F_CONNTRACK: add NFULA_CT / NFULA_CT_INFO. */
  Conntrack: 0x0004,
} as const);

/** nfnetlink_queue message types (enum nfqnl_msg_types). */
export const NfqnlMsg = Object.freeze({
  /** NFQNL_MSG_PACKET: a queued packet, kernel to userspace. */
  Packet: 0,
  /** NFQNL_MSG_VERDICT: the verdict on one packet. */
  Verdict: 1,
  /** NFQNL_MSG_CONFIG: configure a queue. */
  Config: 2,
  /** NFQNL_MSG_VERDICT_BATCH: one verdict for every packet with an id up to the given one. */
  VerdictBatch: 3,
} as const);

/** NFQUEUE packet and verdict attributes (enum nfqnl_attr_type). */
export const NfqaAttr = Object.freeze({
  /** NFQA_PACKET_HDR: struct nfqnl_msg_packet_hdr { be32 packet_id; be16 hw_protocol; u8 hook } (packed, 7 bytes). */
  PacketHdr: 1,
  /** NFQA_VERDICT_HDR: struct nfqnl_msg_verdict_hdr { be32 verdict; be32 id }. */
  VerdictHdr: 2,
  /** NFQA_MARK: be32 skb mark. */
  Mark: 3,
  /** NFQA_TIMESTAMP: struct nfqnl_msg_packet_timestamp { be64 sec; be64 usec }. */
  Timestamp: 4,
  /** NFQA_IFINDEX_INDEV: be32. */
  IfindexIndev: 5,
  /** NFQA_IFINDEX_OUTDEV: be32. */
  IfindexOutdev: 6,
  /** NFQA_IFINDEX_PHYSINDEV: be32. */
  IfindexPhysindev: 7,
  /** NFQA_IFINDEX_PHYSOUTDEV: be32. */
  IfindexPhysoutdev: 8,
  /** NFQA_HWADDR: struct nfqnl_msg_packet_hw { be16 hw_addrlen; u16 pad; u8 hw_addr[8] }. */
  Hwaddr: 9,
  /** NFQA_PAYLOAD: the packet from the network header on (also a replacement payload in a verdict). */
  Payload: 10,
  /** NFQA_CT: nested ctnetlink attributes. */
  Ct: 11,
  /** NFQA_CT_INFO: be32 enum ip_conntrack_info. */
  CtInfo: 12,
  /** NFQA_CAP_LEN: be32 original length of a truncated packet. */
  CapLen: 13,
  /** NFQA_SKB_INFO: be32 NFQA_SKB_* bits. */
  SkbInfo: 14,
  /** NFQA_EXP: nested ctnetlink expectation attributes. */
  Exp: 15,
  /** NFQA_UID: be32 uid of the socket. */
  Uid: 16,
  /** NFQA_GID: be32 gid of the socket. */
  Gid: 17,
  /** NFQA_SECCTX: security context string. */
  Secctx: 18,
  /** NFQA_VLAN: nested NFQA_VLAN_* attributes. */
  Vlan: 19,
  /** NFQA_L2HDR: the full link-layer header. */
  L2hdr: 20,
  /** NFQA_PRIORITY: be32 skb priority. */
  Priority: 21,
} as const);

/** NFQUEUE configuration commands (enum nfqnl_msg_config_cmds). */
export const NfqnlCfgCmd = Object.freeze({
  /** NFQNL_CFG_CMD_NONE */
  None: 0,
  /** NFQNL_CFG_CMD_BIND: attach this socket to the queue (res_id). */
  Bind: 1,
  /** NFQNL_CFG_CMD_UNBIND: detach it; the kernel drops the packets still waiting. */
  Unbind: 2,
  /** NFQNL_CFG_CMD_PF_BIND: obsolete, accepted and ignored by current kernels. */
  PfBind: 3,
  /** NFQNL_CFG_CMD_PF_UNBIND: obsolete. */
  PfUnbind: 4,
} as const);

/** NFQUEUE configuration attributes (enum nfqnl_attr_config). */
export const NfqaCfgAttr = Object.freeze({
  /** NFQA_CFG_CMD: struct nfqnl_msg_config_cmd { u8 command; u8 pad; be16 pf }. */
  Cmd: 1,
  /** NFQA_CFG_PARAMS: struct nfqnl_msg_config_params { be32 copy_range; u8 copy_mode } (packed, 5 bytes). */
  Params: 2,
  /** NFQA_CFG_QUEUE_MAXLEN: be32 most packets waiting for a verdict. */
  QueueMaxlen: 3,
  /** NFQA_CFG_MASK: be32 which NFQA_CFG_F_* bits NFQA_CFG_FLAGS changes. */
  Mask: 4,
  /** NFQA_CFG_FLAGS: be32 NFQA_CFG_F_* values. */
  Flags: 5,
} as const);

/** NFQUEUE copy modes (enum nfqnl_config_mode). */
export const NfqnlCopy = Object.freeze({
  /** NFQNL_COPY_NONE */
  None: 0,
  /** NFQNL_COPY_META */
  Meta: 1,
  /** NFQNL_COPY_PACKET */
  Packet: 2,
} as const);

/** NFQUEUE configuration flags (NFQA_CFG_F_*). */
export const NfqaCfgFlag = Object.freeze({
  /** NFQA_CFG_F_FAIL_OPEN: accept packets instead of dropping them when the queue is full. */
  FailOpen: 1 << 0,
  /** NFQA_CFG_F_CONNTRACK: add NFQA_CT / NFQA_CT_INFO. */
  Conntrack: 1 << 1,
  /** NFQA_CFG_F_GSO: deliver GSO packets unsegmented. */
  Gso: 1 << 2,
  /** NFQA_CFG_F_UID_GID: add NFQA_UID / NFQA_GID. */
  UidGid: 1 << 3,
  /** NFQA_CFG_F_SECCTX: add NFQA_SECCTX. */
  Secctx: 1 << 4,
} as const);

/** NFQA_SKB_INFO bits (NFQA_SKB_*). */
export const NfqaSkbInfo = Object.freeze({
  /** NFQA_SKB_CSUMNOTREADY: checksums look wrong but will be filled in later. */
  CsumNotReady: 1 << 0,
  /** NFQA_SKB_GSO: the packet is GSO (larger than the MTU). */
  Gso: 1 << 1,
  /** NFQA_SKB_CSUM_NOTVERIFIED: the checksum was not verified. */
  CsumNotVerified: 1 << 2,
} as const);

/** Netfilter verdicts (NF_* from <linux/netfilter.h>). */
export const NfVerdict = Object.freeze({
  /** NF_DROP */
  Drop: 0,
  /** NF_ACCEPT */
  Accept: 1,
  /** NF_STOLEN: the kernel forgets the packet (userspace took it). */
  Stolen: 2,
  /** NF_QUEUE: send to another queue (number in the high 16 bits). */
  Queue: 3,
  /** NF_REPEAT: run the hook again. */
  Repeat: 4,
  /** NF_STOP: deprecated, behaves like NF_ACCEPT. */
  Stop: 5,
} as const);

/** NF_VERDICT_FLAG_QUEUE_BYPASS: with NF_QUEUE, accept when nobody listens on the target queue. */
export const NF_VERDICT_FLAG_QUEUE_BYPASS = 0x00008000;

/** Netfilter hooks of the inet families (enum nf_inet_hooks). */
export const NfInetHook = Object.freeze({
  /** NF_INET_PRE_ROUTING */
  PreRouting: 0,
  /** NF_INET_LOCAL_IN */
  LocalIn: 1,
  /** NF_INET_FORWARD */
  Forward: 2,
  /** NF_INET_LOCAL_OUT */
  LocalOut: 3,
  /** NF_INET_POST_ROUTING */
  PostRouting: 4,
  /** NF_INET_INGRESS */
  Ingress: 5,
} as const);

/** Netfilter protocol families (NFPROTO_*): the nfgenmsg family of packets. */
export const NfProto = Object.freeze({
  /** NFPROTO_UNSPEC */
  Unspec: 0,
  /** NFPROTO_INET */
  Inet: 1,
  /** NFPROTO_IPV4 (= AF_INET) */
  IPv4: 2,
  /** NFPROTO_ARP */
  Arp: 3,
  /** NFPROTO_NETDEV */
  Netdev: 5,
  /** NFPROTO_BRIDGE */
  Bridge: 7,
  /** NFPROTO_IPV6 (= AF_INET6) */
  IPv6: 10,
} as const);

/** Returns the name of an inet hook ('output' for NF_INET_LOCAL_OUT), or 'hook<n>'. */
export function hookName(hook: number): string {
  return ['prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress'][hook] ?? `hook${hook}`;
}
