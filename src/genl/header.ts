import { MalformedError } from '../core/errors.js';

/**
 * The generic netlink header (struct genlmsghdr from <linux/genetlink.h>):
 * cmd (u8), version (u8), reserved (u16), 4 bytes before the attributes.
 */

/** GENL_HDRLEN: size of struct genlmsghdr. */
export const GENL_HDRLEN = 4;

/** GENL_ID_CTRL: the fixed family id of the controller (nlctrl). */
export const GENL_ID_CTRL = 0x10;

/** Builds a message payload: genlmsghdr followed by `attrs` (already encoded). */
export function genlPayload(cmd: number, version: number, attrs?: Uint8Array): Uint8Array {
  if (!Number.isInteger(cmd) || cmd < 0 || cmd > 255) throw new RangeError(`genl command must be 0..255, got ${String(cmd)}`);
  if (!Number.isInteger(version) || version < 0 || version > 255) throw new RangeError(`genl version must be 0..255, got ${String(version)}`);
  const out = new Uint8Array(GENL_HDRLEN + (attrs?.length ?? 0));
  out[0] = cmd;
  out[1] = version;
  if (attrs) out.set(attrs, GENL_HDRLEN);
  return out;
}

/** A received generic netlink message split into header fields and an attribute view. */
export interface GenlMessage {
  /** genlmsghdr.cmd */
  cmd: number;
  /** genlmsghdr.version */
  version: number;
  /** The attributes after the header (a view, no copy); for families with a user header it is included here. */
  attrs: Uint8Array;
}

/** Splits a message payload into its genl header and attributes. Throws MalformedError if it is too short. */
export function parseGenl(data: Uint8Array): GenlMessage {
  if (data.length < GENL_HDRLEN) throw new MalformedError(`generic netlink message of ${data.length} bytes is shorter than its 4-byte header`);
  return { cmd: data[0]!, version: data[1]!, attrs: data.subarray(GENL_HDRLEN) };
}
