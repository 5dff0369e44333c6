/**
 * The rtnetlink / generic netlink pieces the scenarios need, written with
 * nlkit's public codecs: request payloads (AttrEncoder) and the decoders
 * that compute the same n/check values as the C reference (AttrDecoder).
 */
import { AttrDecoder, AttrEncoder } from '../../src/index.js';

/** Message types and attribute numbers from <linux/rtnetlink.h>, <linux/if_link.h>, <linux/genetlink.h>. */
export const RT = {
  NEWLINK: 16, GETLINK: 18, NEWROUTE: 24, GETROUTE: 26,
  RTA_DST: 1, RTA_TABLE: 15,
  IFLA_IFNAME: 3, IFLA_MTU: 4, IFLA_STATS64: 23,
  RTN_BLACKHOLE: 6, TABLE_MAIN: 254, PROT_BOOT: 3, AF_INET: 2,
  GRP_IPV4_ROUTE: 7,
  GENL_ID_CTRL: 0x10, CTRL_CMD_GETFAMILY: 3, CTRL_ATTR_FAMILY_ID: 1, CTRL_ATTR_FAMILY_NAME: 2,
} as const;

const RTMSG_LEN = 12;
const IFINFOMSG_LEN = 16;
const GENLMSG_LEN = 4;
const LE = true;

/** struct rtmsg for an AF_INET dump. */
export function routeDumpData(): Uint8Array {
  const b = new Uint8Array(RTMSG_LEN);
  b[0] = RT.AF_INET;
  return b;
}

/** struct ifinfomsg (AF_UNSPEC) with ifi_index set. */
export function linkData(index = 0): Uint8Array {
  const b = new Uint8Array(IFINFOMSG_LEN);
  new DataView(b.buffer).setInt32(4, index, LE);
  return b;
}

/** RTM_NEWROUTE payload: blackhole `addr`/32 in table main, proto boot, as the C program sends. */
export function routeAddData(addr: number): Uint8Array {
  const attrs = new AttrEncoder(16).u32be(RT.RTA_DST, addr).finish();
  const b = new Uint8Array(RTMSG_LEN + attrs.length);
  b[0] = RT.AF_INET; b[1] = 32; b[4] = RT.TABLE_MAIN; b[5] = RT.PROT_BOOT; b[6] = 0; b[7] = RT.RTN_BLACKHOLE;
  b.set(attrs, RTMSG_LEN);
  return b;
}

/** CTRL_CMD_GETFAMILY payload for a family name. */
export function getFamilyData(name: string): Uint8Array {
  const attrs = new AttrEncoder(32).string(RT.CTRL_ATTR_FAMILY_NAME, name).finish();
  const b = new Uint8Array(GENLMSG_LEN + attrs.length);
  b[0] = RT.CTRL_CMD_GETFAMILY; b[1] = 1;
  b.set(attrs, GENLMSG_LEN);
  return b;
}

/** Accumulated result of a scenario: the same n/check the C program prints, plus a value sum. */
export interface Acc { n: number; check: number; sum: number }

/** A fresh accumulator. */
export function acc(): Acc {
  return { n: 0, check: 0, sum: 0 };
}

/** S1/S6: decodes dst, dst_len, table and type of one route; counts blackhole /32 in main. */
export function decodeRoute(data: Uint8Array, a: Acc): void {
  const dstLen = data[1]!;
  const type = data[7]!;
  let table = data[4]!;
  let dst = 0;
  const ad = new AttrDecoder(data.subarray(RTMSG_LEN));
  while (ad.next()) {
    if (ad.type === RT.RTA_DST && ad.length === 4) dst = ad.u32be();
    else if (ad.type === RT.RTA_TABLE && ad.length === 4) table = ad.u32();
  }
  a.n++;
  a.sum += dst;
  if (type === RT.RTN_BLACKHOLE && dstLen === 32 && table === RT.TABLE_MAIN) a.check++;
}

/** Destination (host order) of a route message, 0 if absent. */
export function routeDst(data: Uint8Array): number {
  const ad = new AttrDecoder(data.subarray(RTMSG_LEN));
  while (ad.next()) if (ad.type === RT.RTA_DST && ad.length === 4) return ad.u32be();
  return 0;
}

/** S2: decodes index, name, mtu, flags and stats64 rx_packets of one link; check = sum of MTUs. */
export function decodeLink(data: Uint8Array, a: Acc): void {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const index = dv.getInt32(4, LE);
  const flags = dv.getUint32(8, LE);
  let name = '';
  let mtu = 0;
  let rx = 0;
  const ad = new AttrDecoder(data.subarray(IFINFOMSG_LEN));
  while (ad.next()) {
    switch (ad.type) {
      case RT.IFLA_IFNAME: name = ad.string(); break;
      case RT.IFLA_MTU: if (ad.length === 4) mtu = ad.u32(); break;
      case RT.IFLA_STATS64:
        if (ad.length >= 8) {
          const o = IFINFOMSG_LEN + ad.offset + 4; // rx_packets: the first u64 of rtnl_link_stats64
          rx = dv.getUint32(o, LE) + dv.getUint32(o + 4, LE) * 2 ** 32;
        }
        break;
    }
  }
  a.n++;
  a.check += mtu;
  a.sum += index + flags + rx + (name.length ? 1 : 0);
}

/** S4: one RTM_NEWLINK reply; check counts replies named "lo". */
export function decodeLinkName(data: Uint8Array, a: Acc): void {
  const ad = new AttrDecoder(data.subarray(IFINFOMSG_LEN));
  let name = '';
  while (ad.next()) if (ad.type === RT.IFLA_IFNAME) { name = ad.string(); break; }
  a.n++;
  if (name === 'lo') a.check++;
}

/** S5: one CTRL_CMD_NEWFAMILY reply; check counts family id 0x10. */
export function decodeFamily(data: Uint8Array, a: Acc): void {
  const ad = new AttrDecoder(data.subarray(GENLMSG_LEN));
  let id = -1;
  while (ad.next()) if (ad.type === RT.CTRL_ATTR_FAMILY_ID && ad.length === 2) { id = ad.u16(); break; }
  a.n++;
  if (id === RT.GENL_ID_CTRL) a.check++;
}
