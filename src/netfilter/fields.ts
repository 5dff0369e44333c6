/**
 * Decoders for the structures NFLOG and NFQUEUE packets share: timestamps,
 * hardware addresses and VLAN tags. Each checks the exact size and throws
 * MalformedError (code ERR_NETLINK_MALFORMED) otherwise; none reads out of
 * bounds.
 */
import { AttrDecoder } from '../core/attributes.js';
import { MalformedError } from '../core/errors.js';
import { VlanAttr } from './constants.js';

/** A packet timestamp (struct nfulnl_msg_packet_timestamp / nfqnl_msg_packet_timestamp). */
export interface PacketTimestamp {
  /** Seconds since the epoch. */
  sec: number;
  /** Microseconds within the second. */
  usec: number;
  /** The same instant as a Date (millisecond precision). */
  date: Date;
}

/** VLAN information of a packet (NFULA_VLAN / NFQA_VLAN). */
export interface PacketVlan {
  /** NFULA_VLAN_PROTO / NFQA_VLAN_PROTO: the tag protocol (0x8100, 0x88a8). */
  proto?: number;
  /** NFULA_VLAN_TCI / NFQA_VLAN_TCI: priority, DEI and VLAN id. */
  tci?: number;
  /** The VLAN id (tci & 0x0fff), when the TCI is present. */
  id?: number;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Decodes the 16-byte { be64 sec; be64 usec } timestamp. */
export function decodeTimestamp(b: Uint8Array, attr: string): PacketTimestamp {
  if (b.length !== 16) throw new MalformedError(`${attr}: timestamp needs 16 bytes, got ${b.length}`);
  const dv = view(b);
  const sec = Number(dv.getBigUint64(0, false));
  const usec = Number(dv.getBigUint64(8, false));
  if (!Number.isSafeInteger(sec) || usec >= 1_000_000) throw new MalformedError(`${attr}: timestamp out of range (sec ${sec}, usec ${usec})`);
  return { sec, usec, date: new Date(sec * 1000 + Math.floor(usec / 1000)) };
}

/** Decodes { be16 hw_addrlen; u16 pad; u8 hw_addr[8] } into the address bytes (a copy of hw_addrlen bytes). */
export function decodeHwAddr(b: Uint8Array, attr: string): Uint8Array {
  if (b.length !== 12) throw new MalformedError(`${attr}: hardware address struct needs 12 bytes, got ${b.length}`);
  const len = (b[0]! << 8) | b[1]!;
  if (len > 8) throw new MalformedError(`${attr}: hw_addrlen ${len} is larger than the 8-byte field`);
  return b.slice(4, 4 + len);
}

/** Decodes a nested VLAN attribute (both fields big endian). */
export function decodeVlan(ad: AttrDecoder): PacketVlan {
  const out: PacketVlan = {};
  const n = ad.nested();
  while (n.next()) {
    if (n.type === VlanAttr.Proto) out.proto = n.u16be();
    else if (n.type === VlanAttr.Tci) { out.tci = n.u16be(); out.id = out.tci & 0x0fff; }
  }
  return out;
}

/** Decodes a 4-byte big-endian attribute, naming it in the error. */
export function be32(ad: AttrDecoder, attr: string): number {
  if (ad.length !== 4) throw new MalformedError(`${attr}: needs 4 bytes, got ${ad.length}`, ad.offset);
  return ad.u32be();
}

/** Decodes a 2-byte big-endian attribute, naming it in the error. */
export function be16(ad: AttrDecoder, attr: string): number {
  if (ad.length !== 2) throw new MalformedError(`${attr}: needs 2 bytes, got ${ad.length}`, ad.offset);
  return ad.u16be();
}
