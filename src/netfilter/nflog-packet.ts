/**
 * Decoding of NFULNL_MSG_PACKET messages (one logged packet) into typed
 * objects. Every NFLOG number attribute is big endian (the kernel writes
 * them with htonl/htons). decodeNflogPacket never reads out of bounds: bad
 * bytes throw MalformedError (code ERR_NETLINK_MALFORMED).
 */
import { AttrDecoder } from '../core/attributes.js';
import { MalformedError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { NfnlSubsys, NfulaAttr, NfulnlMsg } from './constants.js';
import { be16, be32, decodeHwAddr, decodeTimestamp, decodeVlan, type PacketTimestamp, type PacketVlan } from './fields.js';
import { nfnlAttributes, nfnlType, parseNfGenMsg } from './nfgenmsg.js';

/** nlmsg_type of a logged packet: (NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_PACKET. */
export const NFLOG_PACKET_TYPE = nfnlType(NfnlSubsys.Ulog, NfulnlMsg.Packet);

/** One packet logged to an NFLOG group. Optional fields are absent when the kernel did not send them. */
export interface NflogPacket {
  /** Always 'packet': tells packets from the overrun and error events of Nflog.packets(). */
  readonly kind: 'packet';
  /** nfgenmsg.nfgen_family: the protocol family of the hook (NFPROTO_IPV4 = 2, NFPROTO_IPV6 = 10, …). */
  family: number;
  /** nfgenmsg.res_id: the log group. */
  group: number;
  /** NFULA_PACKET_HDR.hw_protocol: the link-layer protocol (ethertype, e.g. 0x0800 for IPv4). */
  hwProtocol: number;
  /** NFULA_PACKET_HDR.hook: the netfilter hook (NF_INET_LOCAL_OUT = 3, …). */
  hook: number;
  /** NFULA_PAYLOAD: the packet from the network header on, cut to the copy range (empty with copy mode meta/none). A view into the received datagram. */
  payload: Uint8Array;
  /** NFULA_PREFIX: the rule's log prefix. */
  prefix?: string;
  /** NFULA_MARK: the packet mark. */
  mark?: number;
  /** NFULA_IFINDEX_INDEV: input interface index. */
  indev?: number;
  /** NFULA_IFINDEX_OUTDEV: output interface index. */
  outdev?: number;
  /** NFULA_IFINDEX_PHYSINDEV: bridge port the packet came in on. */
  physindev?: number;
  /** NFULA_IFINDEX_PHYSOUTDEV: bridge port the packet goes out of. */
  physoutdev?: number;
  /** NFULA_HWADDR: source hardware address (hw_addrlen bytes). */
  hwAddress?: Uint8Array;
  /** NFULA_HWTYPE: the device type (ARPHRD_*). */
  hwType?: number;
  /** NFULA_HWLEN: the link-layer header length. */
  hwHeaderLength?: number;
  /** NFULA_HWHEADER: the link-layer header bytes. */
  hwHeader?: Uint8Array;
  /** NFULA_TIMESTAMP: when the packet was received (absent for most locally generated packets). */
  timestamp?: PacketTimestamp;
  /** NFULA_UID: uid owning the packet's socket. */
  uid?: number;
  /** NFULA_GID: gid owning the packet's socket. */
  gid?: number;
  /** NFULA_SEQ: per-group sequence number (flags.sequence). */
  seq?: number;
  /** NFULA_SEQ_GLOBAL: sequence number across all groups (flags.sequenceGlobal). */
  seqGlobal?: number;
  /** NFULA_CT: the connection's ctnetlink attributes, raw (flags.conntrack). */
  conntrack?: Uint8Array;
  /** NFULA_CT_INFO: enum ip_conntrack_info. */
  conntrackInfo?: number;
  /** NFULA_VLAN: VLAN tag. */
  vlan?: PacketVlan;
  /** NFULA_L2HDR: the full link-layer header. */
  l2Header?: Uint8Array;
}

/**
 * Decodes one NFULNL_MSG_PACKET message. Throws MalformedError when the
 * message is not one, when the attribute stream is broken, or when a known
 * attribute has the wrong size. Unknown attributes are ignored.
 */
export function decodeNflogPacket(m: Message): NflogPacket {
  if (m.header.type !== NFLOG_PACKET_TYPE) {
    throw new MalformedError(`not an NFLOG packet: nlmsg_type 0x${m.header.type.toString(16)}, expected 0x${NFLOG_PACKET_TYPE.toString(16)}`);
  }
  const g = parseNfGenMsg(m);
  let hdr = false;
  const p: NflogPacket = { kind: 'packet', family: g.family, group: g.resId, hwProtocol: 0, hook: 0, payload: new Uint8Array(0) };
  const ad = new AttrDecoder(nfnlAttributes(m));
  while (ad.next()) {
    switch (ad.type) {
      case NfulaAttr.PacketHdr: {
        const v = ad.value();
        if (v.length < 3) throw new MalformedError(`NFULA_PACKET_HDR: needs at least 3 bytes, got ${v.length}`, ad.offset);
        p.hwProtocol = (v[0]! << 8) | v[1]!;
        p.hook = v[2]!;
        hdr = true;
        break;
      }
      case NfulaAttr.Mark: p.mark = be32(ad, 'NFULA_MARK'); break;
      case NfulaAttr.Timestamp: p.timestamp = decodeTimestamp(ad.value(), 'NFULA_TIMESTAMP'); break;
      case NfulaAttr.IfindexIndev: p.indev = be32(ad, 'NFULA_IFINDEX_INDEV'); break;
      case NfulaAttr.IfindexOutdev: p.outdev = be32(ad, 'NFULA_IFINDEX_OUTDEV'); break;
      case NfulaAttr.IfindexPhysindev: p.physindev = be32(ad, 'NFULA_IFINDEX_PHYSINDEV'); break;
      case NfulaAttr.IfindexPhysoutdev: p.physoutdev = be32(ad, 'NFULA_IFINDEX_PHYSOUTDEV'); break;
      case NfulaAttr.Hwaddr: p.hwAddress = decodeHwAddr(ad.value(), 'NFULA_HWADDR'); break;
      case NfulaAttr.Payload: p.payload = ad.value(); break;
      case NfulaAttr.Prefix: p.prefix = ad.string(); break;
      case NfulaAttr.Uid: p.uid = be32(ad, 'NFULA_UID'); break;
      case NfulaAttr.Gid: p.gid = be32(ad, 'NFULA_GID'); break;
      case NfulaAttr.Seq: p.seq = be32(ad, 'NFULA_SEQ'); break;
      case NfulaAttr.SeqGlobal: p.seqGlobal = be32(ad, 'NFULA_SEQ_GLOBAL'); break;
      case NfulaAttr.Hwtype: p.hwType = be16(ad, 'NFULA_HWTYPE'); break;
      case NfulaAttr.Hwheader: p.hwHeader = ad.value(); break;
      case NfulaAttr.Hwlen: p.hwHeaderLength = be16(ad, 'NFULA_HWLEN'); break;
      case NfulaAttr.Ct: p.conntrack = ad.value(); break;
      case NfulaAttr.CtInfo: p.conntrackInfo = be32(ad, 'NFULA_CT_INFO'); break;
      case NfulaAttr.Vlan: p.vlan = decodeVlan(ad); break;
      case NfulaAttr.L2hdr: p.l2Header = ad.value(); break;
      default: break; // newer kernels may add attributes
    }
  }
  if (!hdr) throw new MalformedError('NFLOG packet without NFULA_PACKET_HDR');
  return p;
}
