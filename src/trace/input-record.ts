/**
 * One datagram's worth of bytes read from a capture or a dump, with what
 * the source said about it.
 */
export interface InputRecord {
  /** The netlink message(s), back to back. */
  bytes: Uint8Array;
  /** 'send' (to the kernel) or 'recv', when the source says. */
  direction?: 'send' | 'recv';
  /** Netlink protocol number, when the source says. */
  protocol?: number;
  /** Where it came from ('packet 3', 'line 12'), for messages about it. */
  source?: string;
  /** The source cut the bytes short (strace '...', a short capture). */
  truncated?: boolean;
}
