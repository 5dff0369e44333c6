/**
 * nlkit/netfilter: NFLOG (packets logged by firewall rules), NFQUEUE
 * (packets queued to userspace for a verdict), conntrack (the connection
 * tracking table and its events) and nftables (rulesets in atomic batches)
 * over nfnetlink, plus the constants and decoders they are built from.
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
export { Conntrack, conntrackEventKind, matchesFilter } from './conntrack.js';
export type {
  ConntrackOptions, ConntrackFilter, ConntrackEvent, ConntrackEventKind, ConntrackEventOptions, ConntrackOverrun,
  ConntrackEventError, CtFamily,
} from './conntrack.js';
export {
  decodeConntrackMessage, decodeConntrackAttrs, encodeConntrackAttrs, encodeTuple, invertTuple, ctProtoNumber, ctProtoName,
  ctStatusBits, describeTuple,
} from './ct-entry.js';
export type { ConntrackEntry, ConntrackSpec, CtTuple, CtTupleInput, CtCounters } from './ct-entry.js';
export { CtMsg, CtGroup, CtaAttr, CtaTimestamp } from './ct-constants.js';
export { Nftables, decodeNftMessage } from './nftables.js';
export type { NftablesOptions, NftRuleset, NftChange, NftMonitorNotice } from './nftables.js';
export { NftBatch } from './nft-batch.js';
export type { NftBatchOptions, NftBatchError } from './nft-batch.js';
export {
  payload, meta, cmp, immediate, verdict, counter, log, ct, lookup, bitwise, ctState, u8, be16, be32, u32, ip, ifname,
  encodeExprs, decodeExprs,
} from './nft-expr.js';
export type {
  NftExpr, NftVerdict, PayloadExpr, MetaExpr, CmpExpr, ImmediateExpr, CounterExpr, LogExpr, CtExpr, LookupExpr, BitwiseExpr, RawExpr,
} from './nft-expr.js';
export {
  encodeTable, encodeChain, encodeRule, encodeSet, encodeSetElements, decodeTable, decodeChain, decodeRule, decodeSet,
  decodeSetElements, familyNumber as nftFamilyNumber, familyName as nftFamilyName,
} from './nft-objects.js';
export type { NftFamily, NftTable, NftChain, NftRule, NftSet, NftSetElement, NftSetElements } from './nft-objects.js';
export { NftMsg, NfnlBatch, NFNLGRP_NFTABLES } from './nft-constants.js';
