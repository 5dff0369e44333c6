/**
 * Splits a datagram into messages without giving up at the first bad
 * length: what parses is returned, the rest is reported with its offset.
 */
import { NLMSG_HDRLEN, align4, HOST_LE } from '../core/constants.js';
import type { Message } from '../core/message.js';


/** The messages of a datagram, and what could not be parsed. */
export interface SplitResult {
  messages: Message[];
  /** Bytes after the last good message that do not form one (not counting zero padding). */
  leftover?: { offset: number; bytes: Uint8Array; reason: string };
}

/** Splits `bytes` into netlink messages (views, no copies). Never throws. */
export function splitMessages(bytes: Uint8Array): SplitResult {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: Message[] = [];
  let off = 0;
  while (off < bytes.length) {
    const left = bytes.length - off;
    if (left < NLMSG_HDRLEN) {
      if (bytes.subarray(off).every((b) => b === 0)) break;
      return { messages, leftover: { offset: off, bytes: bytes.subarray(off), reason: `${left} bytes left, a header needs ${NLMSG_HDRLEN}` } };
    }
    const length = dv.getUint32(off, HOST_LE);
    if (length < NLMSG_HDRLEN || length > left) {
      return { messages, leftover: { offset: off, bytes: bytes.subarray(off), reason: `nlmsg_len ${length} with ${left} bytes left` } };
    }
    messages.push({
      header: { length, type: dv.getUint16(off + 4, HOST_LE), flags: dv.getUint16(off + 6, HOST_LE), seq: dv.getUint32(off + 8, HOST_LE), portId: dv.getUint32(off + 12, HOST_LE) },
      data: bytes.subarray(off + NLMSG_HDRLEN, off + length),
    });
    off += align4(length);
  }
  return { messages };
}
