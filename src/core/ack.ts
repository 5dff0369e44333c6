/**
 * Parsing of acknowledgements: NLMSG_ERROR (struct nlmsgerr followed by the
 * echoed request and extended-ack TLVs) and NLMSG_DONE (an int error and
 * TLVs). Handles capped (NLM_F_CAPPED) and uncapped acks.
 */
import { AttrDecoder } from './attributes.js';
import { ExtAckAttr, Flags, NLMSG_HDRLEN, align4, HOST_LE } from './constants.js';
import { MalformedError, type ExtendedAck } from './errors.js';
import type { Message } from './message.js';


/** What an NLMSG_ERROR or NLMSG_DONE says. */
export interface AckInfo {
  /** Positive errno, or 0 for success. */
  errno: number;
  /** Header of the request being acknowledged (NLMSG_ERROR only). */
  request?: { length: number; type: number; flags: number; seq: number; portId: number };
  /** Extended ack attributes, when NLM_F_ACK_TLVS is set. */
  extAck?: ExtendedAck;
}

/** Parses an NLMSG_ERROR message. Throws MalformedError if it is too short. */
export function parseError(msg: Message): AckInfo {
  const d = msg.data;
  if (d.length < 4 + NLMSG_HDRLEN) throw new MalformedError(`NLMSG_ERROR: payload of ${d.length} bytes, need at least 20`);
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const err = dv.getInt32(0, HOST_LE);
  const request = {
    length: dv.getUint32(4, HOST_LE),
    type: dv.getUint16(8, HOST_LE),
    flags: dv.getUint16(10, HOST_LE),
    seq: dv.getUint32(12, HOST_LE),
    portId: dv.getUint32(16, HOST_LE),
  };
  const info: AckInfo = { errno: err < 0 ? -err : err, request };
  if (msg.header.flags & Flags.AckTlvs) {
    let off = 4 + NLMSG_HDRLEN;
    if (!(msg.header.flags & Flags.Capped)) off = 4 + align4(Math.max(request.length, NLMSG_HDRLEN));
    if (off <= d.length) info.extAck = parseExtAck(d.subarray(off));
  }
  return info;
}

/** Parses an NLMSG_DONE message: its error code (0 if absent) and TLVs. */
export function parseDone(msg: Message): AckInfo {
  const d = msg.data;
  if (d.length < 4) return { errno: 0 };
  const err = new DataView(d.buffer, d.byteOffset, d.byteLength).getInt32(0, HOST_LE);
  const info: AckInfo = { errno: err < 0 ? -err : err };
  if (msg.header.flags & Flags.AckTlvs && d.length > 4) info.extAck = parseExtAck(d.subarray(4));
  return info;
}

/** Parses NLMSGERR_ATTR_* TLVs; unknown ones are ignored, malformed ones end the parse. */
export function parseExtAck(bytes: Uint8Array): ExtendedAck {
  const out: ExtendedAck = {};
  const ad = new AttrDecoder(bytes);
  try {
    while (ad.next()) {
      switch (ad.type) {
        case ExtAckAttr.Msg: out.message = ad.string(); break;
        case ExtAckAttr.Offs: out.offset = ad.u32(); break;
        case ExtAckAttr.Cookie: out.cookie = ad.value().slice(); break;
        case ExtAckAttr.Policy: out.policy = ad.value().slice(); break;
        case ExtAckAttr.MissType: out.missingType = ad.u32(); break;
        case ExtAckAttr.MissNest: out.missingNest = ad.u32(); break;
      }
    }
  } catch (e) {
    if (!(e instanceof MalformedError)) throw e;
  }
  return out;
}
