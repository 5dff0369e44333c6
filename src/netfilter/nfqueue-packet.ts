/**
 * Decoding of NFQNL_MSG_PACKET messages (one packet waiting for a verdict)
 * into typed objects. Every NFQUEUE number attribute is big endian.
 * decodeNfqueuePacket never reads out of bounds: bad bytes throw
 * MalformedError (code ERR_NETLINK_MALFORMED).
 */
import { AttrDecoder } from '../core/attributes.js';
import { MalformedError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { NfnlSubsys, NfqaAttr, NfqnlMsg } from './constants.js';
import { be32, decodeHwAddr, decodeTimestamp, decodeVlan, type PacketTimestamp, type PacketVlan } from './fields.js';
import { nfnlAttributes, nfnlType, parseNfGenMsg } from './nfgenmsg.js';

/** nlmsg_type of a queued packet: (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET. */
export const NFQUEUE_PACKET_TYPE = nfnlType(NfnlSubsys.Queue, NfqnlMsg.Packet);

/** One queued packet. Optional fields are absent when the kernel did not send them. */
export interface NfqueuePacket {
  /** Always 'packet': tells packets from the overrun and error events of Nfqueue.packets(). */
  readonly kind: 'packet';
  /** nfgenmsg.nfgen_family: the protocol family of the hook (NFPROTO_IPV4 = 2, …). */
  family: number;
  /** nfgenmsg.res_id: the queue number. */
  queue: number;
  /** NFQA_PACKET_HDR.packet_id: pass it to verdict(). */
  id: number;
  /** NFQA_PACKET_HDR.hw_protocol: the link-layer protocol (ethertype). */
  hwProtocol: number;
  /** NFQA_PACKET_HDR.hook: the netfilter hook. */
  hook: number;
  /** NFQA_PAYLOAD: the packet from the network header on, cut to maxLen (empty with copy mode meta). A view into the received datagram. */
  payload: Uint8Array;
  /** NFQA_CAP_LEN: the original length when the payload was cut; else the payload length. */
  length: number;
  /** NFQA_MARK */
  mark?: number;
  /** NFQA_PRIORITY: skb priority. */
  priority?: number;
  /** NFQA_IFINDEX_INDEV */
  indev?: number;
  /** NFQA_IFINDEX_OUTDEV */
  outdev?: number;
  /** NFQA_IFINDEX_PHYSINDEV */
  physindev?: number;
  /** NFQA_IFINDEX_PHYSOUTDEV */
  physoutdev?: number;
  /** NFQA_HWADDR: source hardware address. */
  hwAddress?: Uint8Array;
  /** NFQA_TIMESTAMP */
  timestamp?: PacketTimestamp;
  /** NFQA_SKB_INFO: NFQA_SKB_* bits (GSO, checksum state). */
  skbInfo?: number;
  /** NFQA_UID (uidGid option). */
  uid?: number;
  /** NFQA_GID (uidGid option). */
  gid?: number;
  /** NFQA_SECCTX: security context. */
  securityContext?: string;
  /** NFQA_CT: the connection's ctnetlink attributes, raw (conntrack option). */
  conntrack?: Uint8Array;
  /** NFQA_CT_INFO: enum ip_conntrack_info. */
  conntrackInfo?: number;
  /** NFQA_EXP: the expectation's ctnetlink attributes, raw. */
  expectation?: Uint8Array;
  /** NFQA_VLAN */
  vlan?: PacketVlan;
  /** NFQA_L2HDR: the full link-layer header. */
  l2Header?: Uint8Array;
}

/**
 * Decodes one NFQNL_MSG_PACKET message. Throws MalformedError when the
 * message is not one, lacks NFQA_PACKET_HDR, or has a broken attribute.
 * Unknown attributes are ignored.
 */
export function decodeNfqueuePacket(m: Message): NfqueuePacket {
  if (m.header.type !== NFQUEUE_PACKET_TYPE) {
    throw new MalformedError(`not an NFQUEUE packet: nlmsg_type 0x${m.header.type.toString(16)}, expected 0x${NFQUEUE_PACKET_TYPE.toString(16)}`);
  }
  const g = parseNfGenMsg(m);
  let hdr = false;
  let capLen: number | undefined;
  const p: NfqueuePacket = { kind: 'packet', family: g.family, queue: g.resId, id: 0, hwProtocol: 0, hook: 0, payload: new Uint8Array(0), length: 0 };
  const ad = new AttrDecoder(nfnlAttributes(m));
  while (ad.next()) {
    switch (ad.type) {
      case NfqaAttr.PacketHdr: {
        const v = ad.value();
        if (v.length < 7) throw new MalformedError(`NFQA_PACKET_HDR: needs 7 bytes, got ${v.length}`, ad.offset);
        p.id = ((v[0]! << 24) | (v[1]! << 16) | (v[2]! << 8) | v[3]!) >>> 0;
        p.hwProtocol = (v[4]! << 8) | v[5]!;
        p.hook = v[6]!;
        hdr = true;
        break;
      }
      case NfqaAttr.Mark: p.mark = be32(ad, 'NFQA_MARK'); break;
      case NfqaAttr.Priority: p.priority = be32(ad, 'NFQA_PRIORITY'); break;
      case NfqaAttr.Timestamp: p.timestamp = decodeTimestamp(ad.value(), 'NFQA_TIMESTAMP'); break;
      case NfqaAttr.IfindexIndev: p.indev = be32(ad, 'NFQA_IFINDEX_INDEV'); break;
      case NfqaAttr.IfindexOutdev: p.outdev = be32(ad, 'NFQA_IFINDEX_OUTDEV'); break;
      case NfqaAttr.IfindexPhysindev: p.physindev = be32(ad, 'NFQA_IFINDEX_PHYSINDEV'); break;
      case NfqaAttr.IfindexPhysoutdev: p.physoutdev = be32(ad, 'NFQA_IFINDEX_PHYSOUTDEV'); break;
      case NfqaAttr.Hwaddr: p.hwAddress = decodeHwAddr(ad.value(), 'NFQA_HWADDR'); break;
      case NfqaAttr.Payload: p.payload = ad.value(); break;
      case NfqaAttr.CapLen: capLen = be32(ad, 'NFQA_CAP_LEN'); break;
      case NfqaAttr.SkbInfo: p.skbInfo = be32(ad, 'NFQA_SKB_INFO'); break;
      case NfqaAttr.Uid: p.uid = be32(ad, 'NFQA_UID'); break;
      case NfqaAttr.Gid: p.gid = be32(ad, 'NFQA_GID'); break;
      case NfqaAttr.Secctx: p.securityContext = ad.string(); break;
      case NfqaAttr.Ct: p.conntrack = ad.value(); break;
      case NfqaAttr.CtInfo: p.conntrackInfo = be32(ad, 'NFQA_CT_INFO'); break;
      case NfqaAttr.Exp: p.expectation = ad.value(); break;
      case NfqaAttr.Vlan: p.vlan = decodeVlan(ad); break;
      case NfqaAttr.L2hdr: p.l2Header = ad.value(); break;
      default: break;
    }
  }
  if (!hdr) throw new MalformedError('NFQUEUE packet without NFQA_PACKET_HDR');
  p.length = capLen ?? p.payload.length;
  return p;
}
