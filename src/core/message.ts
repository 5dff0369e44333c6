/**
 * Netlink messages: the 16-byte header (struct nlmsghdr) and its payload.
 * Encoding writes host byte order and pads to 4 bytes; decoding returns
 * zero-copy views into the received buffer and never reads past it.
 */
import { NLMSG_HDRLEN, align4 } from './constants.js';
import { MalformedError } from './errors.js';
import { put16, put32, u16, u32 } from './bytes.js';

/** struct nlmsghdr, field by field. */
export interface Header {
  /** nlmsg_len: header plus payload, in bytes (0 = fill in when sending). */
  length: number;
  /** nlmsg_type: a control type (MessageType) or a family's message type. */
  type: number;
  /** nlmsg_flags: Flags bits. */
  flags: number;
  /** nlmsg_seq: sequence number (0 = let Conn choose). */
  seq: number;
  /** nlmsg_pid: port id of the sender (0 = the kernel / let Conn fill it in). */
  portId: number;
}

/** One netlink message. `data` is the payload after the header (a view when received). */
export interface Message {
  header: Header;
  data: Uint8Array;
  /** The multicast group the message arrived on (received notifications only). */
  group?: number;
  /** With NETLINK_LISTEN_ALL_NSID: the id of the peer namespace the message came from. */
  nsid?: number;
}


/** Writes a header into `buf` at `offset` in host byte order. */
export function writeHeader(buf: Uint8Array, offset: number, h: Header): void {
  if (offset < 0 || offset + NLMSG_HDRLEN > buf.length) throw new RangeError(`netlink header at offset ${offset} does not fit a ${buf.length}-byte buffer`);
  put32(buf, offset, h.length);
  put16(buf, offset + 4, h.type & 0xffff);
  put16(buf, offset + 6, h.flags & 0xffff);
  put32(buf, offset + 8, h.seq);
  put32(buf, offset + 12, h.portId);
}

/**
 * Encodes one message into a new buffer padded to a multiple of 4 bytes.
 * A header length of 0 is replaced by 16 + data length; any other value is
 * written as given (so tests can build deliberately wrong messages).
 */
export function encodeMessage(msg: Message): Uint8Array {
  const h = msg.header;
  const out = new Uint8Array(align4(NLMSG_HDRLEN + msg.data.length));
  writeHeader(out, 0, h);
  if (!h.length) put32(out, 0, NLMSG_HDRLEN + msg.data.length);
  out.set(msg.data, NLMSG_HDRLEN);
  return out;
}

/** Encodes several messages back to back into one buffer (one datagram's worth). */
export function encodeMessages(msgs: readonly Message[]): Uint8Array {
  let total = 0;
  for (const m of msgs) total += align4(NLMSG_HDRLEN + m.data.length);
  const out = new Uint8Array(total);
  let off = 0;
  for (const m of msgs) {
    writeHeader(out, off, { ...m.header, length: m.header.length || NLMSG_HDRLEN + m.data.length });
    out.set(m.data, off + NLMSG_HDRLEN);
    off += align4(NLMSG_HDRLEN + m.data.length);
  }
  return out;
}

/**
 * Decodes every message in `buf` (one datagram), returning views into it.
 * Throws MalformedError for a short header, a length below 16 or past the
 * end of the buffer; trailing padding of fewer than 16 bytes is ignored.
 */
export function decodeMessages(buf: Uint8Array): Message[] {
  const out: Message[] = [];
  forEachMessage(buf, (m) => { out.push(m); });
  return out;
}

/**
 * Calls `fn` for every message in `buf` in order, with the same checks as
 * decodeMessages. The hot path of Conn: no intermediate array.
 */
export function forEachMessage(buf: Uint8Array, fn: (m: Message) => void): void {
  const end = buf.byteLength;
  let off = 0;
  while (off < end) {
    const length = messageLengthAt(buf, off, 0, end);
    if (length === 0) return; // alignment padding
    fn({
      header: { length, type: u16(buf, off + 4), flags: u16(buf, off + 6), seq: u32(buf, off + 8), portId: u32(buf, off + 12) },
      data: buf.subarray(off + NLMSG_HDRLEN, off + length),
    });
    off += align4(length);
  }
}

/**
 * The length of the message whose header is at `off` in `buf`, inside the
 * datagram buf[start..end) (off < end); 0 when the rest of the datagram is
 * alignment padding (fewer than 16 zero bytes after a message). Throws
 * MalformedError, offsets counted from `start`, for a short header, a
 * length below 16 or one past the end. The one check of every received
 * message header (forEachMessage and Conn's receive path).
 */
export function messageLengthAt(buf: Uint8Array, off: number, start: number, end: number): number {
  const at = off - start;
  if (end - off < NLMSG_HDRLEN) {
    if (at > 0 && isZero(buf, off, end)) return 0;
    throw new MalformedError(`netlink message at offset ${at}: ${end - off} bytes left, header needs ${NLMSG_HDRLEN}`, at);
  }
  const length = u32(buf, off);
  if (length < NLMSG_HDRLEN) {
    throw new MalformedError(`netlink message at offset ${at}: length ${length} is smaller than the ${NLMSG_HDRLEN}-byte header`, at);
  }
  if (length > end - off) {
    throw new MalformedError(`netlink message at offset ${at}: length ${length} runs past the end of the ${end - start}-byte buffer`, at);
  }
  return length;
}

function isZero(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 0) return false;
  return true;
}
