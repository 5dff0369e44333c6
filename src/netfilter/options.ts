/**
 * Pieces shared by the NFLOG and NFQUEUE configuration code: the copy-mode
 * type, range checks and the explanation of an ambiguous bind error.
 */
import { NetlinkError } from '../core/errors.js';

/** How much of each packet the kernel copies: the whole packet (up to copyRange), metadata only, or nothing. */
export type CopyMode = 'packet' | 'meta' | 'none';

/** Throws RangeError naming `what` unless `v` is an integer in [min, max]. */
export function checkRange(v: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${what} must be an integer ${min}..${max}, got ${String(v)}`);
}

/**
 * The kernel answers EPERM both to a missing CAP_NET_ADMIN and to a bind of
 * a group or queue that another socket holds: says so in the message.
 * Returns the same error object.
 */
export function explainBindError(e: unknown, what: string): unknown {
  if (e instanceof NetlinkError && e.code === 'EPERM') {
    e.message += `; if running privileged, another socket is already bound to ${what}`;
  }
  return e;
}
