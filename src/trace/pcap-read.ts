/**
 * Reads netlink messages out of pcap and pcapng captures. Link types:
 * LINKTYPE_NETLINK (253, what tcpdump writes on an nlmon device: a 16-byte
 * header with ARPHRD_NETLINK at offset 2 and the netlink protocol at offset
 * 14, both big endian, then the messages), LINKTYPE_LINUX_SLL (113) and
 * LINKTYPE_LINUX_SLL2 (276) when their ARPHRD type is ARPHRD_NETLINK.
 * The packet type Linux stores in the cooked header gives the direction:
 * PACKET_USER (6) came from a user socket, PACKET_KERNEL (7) from the kernel.
 * Never throws on bad input: problems are returned as warnings.
 */
import type { InputRecord } from './input-record.js';

/** LINKTYPE_NETLINK */
export const LINKTYPE_NETLINK = 253;
/** LINKTYPE_LINUX_SLL */
export const LINKTYPE_LINUX_SLL = 113;
/** LINKTYPE_LINUX_SLL2 */
export const LINKTYPE_LINUX_SLL2 = 276;
/** ARPHRD_NETLINK */
export const ARPHRD_NETLINK = 824;
/** PACKET_USER: a netlink tap saw this message leave a user socket (direction 'send'). */
export const PACKET_USER = 6;
/** PACKET_KERNEL: a netlink tap saw this message come from the kernel (direction 'recv'). */
export const PACKET_KERNEL = 7;

/** What a capture held. */
export interface CaptureContents {
  records: InputRecord[];
  warnings: string[];
}

/** True when the bytes start like a classic pcap file (any byte order, µs or ns). */
export function isPcap(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const m = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, false);
  return m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1;
}

/** True when the bytes start like a pcapng file (a Section Header Block). */
export function isPcapng(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x0a && b[1] === 0x0d && b[2] === 0x0d && b[3] === 0x0a;
}

/** Turns one captured frame into a record, or a warning. */
function frame(linktype: number, data: Uint8Array, where: string, out: CaptureContents): void {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let hatype: number, proto: number, pkttype: number, skip: number;
  if (linktype === LINKTYPE_NETLINK || linktype === LINKTYPE_LINUX_SLL) {
    if (data.length < 16) { out.warnings.push(`${where}: ${data.length} bytes, shorter than the 16-byte header`); return; }
    pkttype = dv.getUint16(0, false); hatype = dv.getUint16(2, false); proto = dv.getUint16(14, false); skip = 16;
  } else if (linktype === LINKTYPE_LINUX_SLL2) {
    if (data.length < 20) { out.warnings.push(`${where}: ${data.length} bytes, shorter than the 20-byte header`); return; }
    proto = dv.getUint16(0, false); hatype = dv.getUint16(8, false); pkttype = data[10]!; skip = 20;
  } else {
    out.warnings.push(`${where}: link type ${linktype} does not carry netlink (expected 253, 113 or 276)`);
    return;
  }
  if (linktype !== LINKTYPE_NETLINK && hatype !== ARPHRD_NETLINK) {
    out.warnings.push(`${where}: ARPHRD type ${hatype} is not ARPHRD_NETLINK; skipped`);
    return;
  }
  const rec: InputRecord = { bytes: data.subarray(skip), protocol: proto, source: where };
  if (pkttype === PACKET_USER) rec.direction = 'send';
  else if (pkttype === PACKET_KERNEL) rec.direction = 'recv';
  out.records.push(rec);
}

/** Reads a classic pcap file. */
export function readPcap(b: Uint8Array): CaptureContents {
  const out: CaptureContents = { records: [], warnings: [] };
  if (b.length < 24 || !isPcap(b)) { out.warnings.push('not a pcap file (bad magic or shorter than its 24-byte header)'); return out; }
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const m = dv.getUint32(0, false);
  const le = m === 0xd4c3b2a1 || m === 0x4d3cb2a1;
  const linktype = dv.getUint32(20, le) & 0x0fffffff;
  let off = 24, n = 0;
  while (off < b.length) {
    n++;
    if (b.length - off < 16) { out.warnings.push(`packet ${n}: truncated record header`); break; }
    const incl = dv.getUint32(off + 8, le);
    if (incl > b.length - off - 16) { out.warnings.push(`packet ${n}: captured length ${incl} runs past the end of the file`); break; }
    frame(linktype, b.subarray(off + 16, off + 16 + incl), `packet ${n}`, out);
    off += 16 + incl;
  }
  return out;
}

/** Reads a pcapng file (Section Header, Interface Description, Enhanced and Simple Packet blocks; others are skipped). */
export function readPcapng(b: Uint8Array): CaptureContents {
  const out: CaptureContents = { records: [], warnings: [] };
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let le = true;
  let links: number[] = [];
  let off = 0, n = 0;
  while (off + 12 <= b.length) {
    const type = dv.getUint32(off, le);
    if (type === 0x0a0d0d0a) {
      if (off + 12 > b.length) break;
      const bom = dv.getUint32(off + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else { out.warnings.push(`offset ${off}: bad byte-order magic in section header`); return out; }
      links = [];
    }
    const len = dv.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0 || len > b.length - off) { out.warnings.push(`offset ${off}: bad block length ${len}`); break; }
    const body = b.subarray(off + 8, off + len - 4);
    const bv = new DataView(body.buffer, body.byteOffset, body.byteLength);
    if (type === 1 && body.length >= 2) links.push(bv.getUint16(0, le));
    else if (type === 6 && body.length >= 20) {
      n++;
      const ifc = bv.getUint32(0, le);
      const cap = bv.getUint32(12, le);
      if (cap > body.length - 20) out.warnings.push(`packet ${n}: captured length ${cap} runs past its block`);
      else if (links[ifc] === undefined) out.warnings.push(`packet ${n}: unknown interface ${ifc}`);
      else frame(links[ifc]!, body.subarray(20, 20 + cap), `packet ${n}`, out);
    } else if (type === 3 && body.length >= 4) {
      n++;
      const orig = bv.getUint32(0, le);
      if (links[0] === undefined) out.warnings.push(`packet ${n}: no interface described`);
      else frame(links[0], body.subarray(4, 4 + Math.min(orig, body.length - 4)), `packet ${n}`, out);
    }
    off += len;
  }
  return out;
}
