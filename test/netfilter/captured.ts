// Messages captured from a 6.18 kernel in a test namespace, as hex of the
// whole netlink message (header included).

/** NFULNL_MSG_PACKET: `meta mark set 0x2a log prefix "cap: " group 7` on a ping to 127.0.0.1, copy range 64, flags seq + seq_global. */
export const NFLOG_PING =
  '9c0000000004000000000000000000000200000708000100080003000a000a006361703a200000000800050000000001080002000000002a' +
  '08000b000000000008000e000000000008000c000000000008000d000000000144000900450000540b744000400131337f0000017f000001' +
  '08006c3645500001e88e046b0000000093ab070000000000101112131415161718191a1b1c1d1e1f20212223';

/** NFQNL_MSG_PACKET: a queued ping to 127.0.0.1 on queue 5, copy range 48, uid/gid on. */
export const NFQUEUE_PING =
  '74000000000300000000000000000000020000050b000100000000010800030008000600000000010800100000000000080011000000000008' +
  '000d000000005434000a00450000540bc44000400130e37f0000017f00000108009dc945540001e98e046b000000005f1409000000000010111213';

/** Parses the hex of one message into a Message-shaped object. */
export function messageFromHex(hex: string): { header: { length: number; type: number; flags: number; seq: number; portId: number }; data: Uint8Array } {
  const b = Uint8Array.from(Buffer.from(hex, 'hex'));
  const dv = new DataView(b.buffer);
  return {
    header: { length: dv.getUint32(0, true), type: dv.getUint16(4, true), flags: dv.getUint16(6, true), seq: dv.getUint32(8, true), portId: dv.getUint32(12, true) },
    data: b.subarray(16, dv.getUint32(0, true)),
  };
}
