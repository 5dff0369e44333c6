/**
 * Writes netlink messages as a classic pcap file with LINKTYPE_NETLINK, the
 * format tcpdump produces on an nlmon device (so Wireshark and `nlkit
 * decode` read it). Useful where no nlmon device exists: record with a
 * TraceHook and write the capture yourself.
 */
import { PACKET_KERNEL, PACKET_USER, LINKTYPE_NETLINK, ARPHRD_NETLINK } from './pcap-read.js';

/** One packet to write. */
export interface PcapPacket {
  /** The netlink message(s). */
  bytes: Uint8Array;
  /** Netlink protocol number (stored in the cooked header). */
  protocol: number;
  /** 'send' is stored as PACKET_USER, 'recv' as PACKET_KERNEL. */
  direction?: 'send' | 'recv';
  /** Capture time in milliseconds since the epoch (default 0). */
  timeMs?: number;
}

/** Returns the bytes of a little-endian, microsecond pcap file holding `packets`. */
export function writePcap(packets: readonly PcapPacket[]): Uint8Array {
  let size = 24;
  for (const p of packets) size += 16 + 16 + p.bytes.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 0x40000, true); // snaplen
  dv.setUint32(20, LINKTYPE_NETLINK, true);
  let off = 24;
  for (const p of packets) {
    const t = p.timeMs ?? 0;
    const len = 16 + p.bytes.length;
    dv.setUint32(off, Math.floor(t / 1000), true);
    dv.setUint32(off + 4, Math.floor((t % 1000) * 1000), true);
    dv.setUint32(off + 8, len, true);
    dv.setUint32(off + 12, len, true);
    off += 16;
    dv.setUint16(off, p.direction === 'send' ? PACKET_USER : p.direction === 'recv' ? PACKET_KERNEL : 0, false);
    dv.setUint16(off + 2, ARPHRD_NETLINK, false);
    dv.setUint16(off + 14, p.protocol, false);
    out.set(p.bytes, off + 16);
    off += len;
  }
  return out;
}
