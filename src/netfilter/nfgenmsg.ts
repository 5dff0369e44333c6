/**
 * The nfnetlink framing shared by every subsystem: nlmsg_type is
 * (subsystem << 8) | message, and the payload starts with struct nfgenmsg
 * { u8 nfgen_family; u8 version; be16 res_id } followed by attributes.
 */
import { MalformedError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import type { OutgoingMessage } from '../core/conn.js';
import { NFGENMSG_LEN, NFNETLINK_V0 } from './constants.js';

/** Decoded struct nfgenmsg. */
export interface NfGenMsg {
  /** nfgen_family: AF_* / NFPROTO_* of the message. */
  family: number;
  /** version: NFNETLINK_V0. */
  version: number;
  /** res_id (host order): the log group or queue number. */
  resId: number;
}

/** Builds nlmsg_type from a subsystem (NFNL_SUBSYS_*) and a message type. */
export function nfnlType(subsys: number, msg: number): number {
  return ((subsys & 0xff) << 8) | (msg & 0xff);
}

/** The subsystem of an nlmsg_type (NFNL_SUBSYS_ID). */
export function nfnlSubsys(type: number): number {
  return (type >> 8) & 0xff;
}

/** The message type within the subsystem (NFNL_MSG_TYPE). */
export function nfnlMsg(type: number): number {
  return type & 0xff;
}

/**
 * Builds an outgoing nfnetlink message: nfgenmsg (version 0, res_id in
 * network byte order) followed by already-encoded attributes.
 */
export function nfnlMessage(subsys: number, msg: number, family: number, resId: number, attrs: Uint8Array, flags = 0): OutgoingMessage {
  if (!Number.isInteger(resId) || resId < 0 || resId > 0xffff) throw new RangeError(`nfnetlink res_id must be 0..65535, got ${String(resId)}`);
  const data = new Uint8Array(NFGENMSG_LEN + attrs.length);
  data[0] = family & 0xff;
  data[1] = NFNETLINK_V0;
  data[2] = resId >> 8;
  data[3] = resId & 0xff;
  data.set(attrs, NFGENMSG_LEN);
  return { header: { type: nfnlType(subsys, msg), flags }, data };
}

/** Reads the nfgenmsg of a received message; throws MalformedError when the payload is too short. */
export function parseNfGenMsg(m: Message): NfGenMsg {
  const d = m.data;
  if (d.length < NFGENMSG_LEN) {
    throw new MalformedError(`nfnetlink message type 0x${m.header.type.toString(16)}: ${d.length} payload bytes, struct nfgenmsg needs ${NFGENMSG_LEN}`);
  }
  return { family: d[0]!, version: d[1]!, resId: (d[2]! << 8) | d[3]! };
}

/** The attribute stream after nfgenmsg (a view, no copy). */
export function nfnlAttributes(m: Message): Uint8Array {
  return m.data.subarray(NFGENMSG_LEN);
}
