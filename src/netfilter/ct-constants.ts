/**
 * ctnetlink numbers from <linux/netfilter/nfnetlink_conntrack.h> and
 * <linux/netfilter/nfnetlink.h> that the conntrack YNL spec does not carry
 * (message types other than get, the event groups, CTA_TIMESTAMP's nest).
 * Each table is a frozen object; the C name is in the comment.
 */

/** ctnetlink message types (enum cntl_msg_types): the low byte of nlmsg_type under NFNL_SUBSYS_CTNETLINK. */
export const CtMsg = Object.freeze({
  /** IPCTNL_MSG_CT_NEW: create/update; also the type of new/update events. */
  New: 0,
  /** IPCTNL_MSG_CT_GET: get one entry or dump the table. */
  Get: 1,
  /** IPCTNL_MSG_CT_DELETE: delete one entry or flush; also the type of destroy events. */
  Delete: 2,
  /** IPCTNL_MSG_CT_GET_CTRZERO: get and zero the counters. */
  GetCtrZero: 3,
} as const);

/** conntrack multicast groups (enum nfnetlink_groups). */
export const CtGroup = Object.freeze({
  /** NFNLGRP_CONNTRACK_NEW */
  New: 1,
  /** NFNLGRP_CONNTRACK_UPDATE */
  Update: 2,
  /** NFNLGRP_CONNTRACK_DESTROY */
  Destroy: 3,
} as const);

/** Top-level conntrack attributes (enum ctattr_type), the ones nlkit reads or writes. */
export const CtaAttr = Object.freeze({
  /** CTA_TUPLE_ORIG: nest of tuple attributes. */
  TupleOrig: 1,
  /** CTA_TUPLE_REPLY */
  TupleReply: 2,
  /** CTA_STATUS: be32 IPS_* bits. */
  Status: 3,
  /** CTA_PROTOINFO: nest (CTA_PROTOINFO_TCP …). */
  Protoinfo: 4,
  /** CTA_HELP: nest (CTA_HELP_NAME). */
  Help: 5,
  /** CTA_TIMEOUT: be32 seconds. */
  Timeout: 7,
  /** CTA_MARK: be32. */
  Mark: 8,
  /** CTA_COUNTERS_ORIG: nest (CTA_COUNTERS_PACKETS/BYTES, be64). */
  CountersOrig: 9,
  /** CTA_COUNTERS_REPLY */
  CountersReply: 10,
  /** CTA_USE: be32 reference count. */
  Use: 11,
  /** CTA_ID: be32. */
  Id: 12,
  /** CTA_ZONE: be16. */
  Zone: 18,
  /** CTA_TIMESTAMP: nest (CTA_TIMESTAMP_START/STOP, be64 ns). The YNL spec wrongly types it u64. */
  Timestamp: 20,
  /** CTA_MARK_MASK: be32, with CTA_MARK filters dumps and flushes. */
  MarkMask: 21,
  /** CTA_LABELS: bitmap of connlabels. */
  Labels: 22,
} as const);

/** CTA_TIMESTAMP nest members (enum ctattr_tstamp). */
export const CtaTimestamp = Object.freeze({
  /** CTA_TIMESTAMP_START: be64 nanoseconds (CLOCK_REALTIME). */
  Start: 1,
  /** CTA_TIMESTAMP_STOP: be64 nanoseconds, set once the entry is destroyed. */
  Stop: 2,
} as const);

