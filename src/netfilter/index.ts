/**
 * nlkit/netfilter: NFLOG (packets logged by firewall rules) and NFQUEUE
 * (packets queued to userspace for a verdict) over nfnetlink, plus the
 * constants and decoders they are built from.
 */
export { Nflog, encodeNflogConfig } from './nflog.js';
export type { NflogOptions, NflogEvent } from './nflog.js';
export { Nfqueue, encodeNfqueueConfig, encodeVerdict } from './nfqueue.js';
export type { NfqueueOptions, NfqueueEvent, Verdict, VerdictOptions } from './nfqueue.js';
export type { CopyMode } from './options.js';
export { decodeNflogPacket, NFLOG_PACKET_TYPE } from './nflog-packet.js';
export type { NflogPacket } from './nflog-packet.js';
export { decodeNfqueuePacket, NFQUEUE_PACKET_TYPE } from './nfqueue-packet.js';
export type { NfqueuePacket } from './nfqueue-packet.js';
export type { PacketTimestamp, PacketVlan } from './fields.js';
export type { PacketOverrun, PacketStreamError, PacketStreamOptions } from './stream.js';
export { nfnlMessage, nfnlType, nfnlSubsys, nfnlMsg, parseNfGenMsg, nfnlAttributes } from './nfgenmsg.js';
export type { NfGenMsg } from './nfgenmsg.js';
export { summarizeIp, ipProtocolName } from './ip-header.js';
export type { IpSummary } from './ip-header.js';
export {
  NFGENMSG_LEN, NFNETLINK_V0, NfnlSubsys, NfulnlMsg, NfulaAttr, VlanAttr, NfulnlCfgCmd, NfulaCfgAttr, NfulnlCopy,
  NfulnlCfgFlag, NfqnlMsg, NfqaAttr, NfqnlCfgCmd, NfqaCfgAttr, NfqnlCopy, NfqaCfgFlag, NfqaSkbInfo, NfVerdict,
  NF_VERDICT_FLAG_QUEUE_BYPASS, NfInetHook, NfProto, hookName,
} from './constants.js';
