/**
 * Turns the unclaimed messages of a Conn (the packets the kernel unicasts to
 * a bound NFLOG/NFQUEUE socket) into a stream of typed events that never
 * ends because of bad input: a packet that does not decode, a datagram that
 * does not parse, or a kernel error report becomes an `error` event and the
 * stream goes on; ENOBUFS becomes an `overrun` event.
 */
import { parseError } from '../core/ack.js';
import type { Conn } from '../core/conn.js';
import { MessageType } from '../core/constants.js';
import { NetlinkError } from '../core/errors.js';
import type { Message } from '../core/message.js';

/** Packets were lost: the socket's receive buffer overflowed (ENOBUFS) or nlkit's own queue limit was hit. */
export interface PacketOverrun {
  /** Always 'overrun'. */
  readonly kind: 'overrun';
  /** 'ENOBUFS' (the kernel dropped messages) or 'queue' (nlkit's notification queue limit). */
  readonly reason: 'ENOBUFS' | 'queue';
}

/**
 * Something could not be delivered as a packet; the stream continues.
 * `error` is a MalformedError (code ERR_NETLINK_MALFORMED) for bytes that do
 * not decode, a NetlinkError for an error the kernel reported about a
 * message sent without waiting for its ack, or a socket error.
 */
export interface PacketStreamError {
  /** Always 'error'. */
  readonly kind: 'error';
  /** What went wrong (its `code`: ERR_NETLINK_MALFORMED, an errno name, …). */
  readonly error: Error;
  /** The offending message, when there is one. */
  readonly message?: Message;
}

/** Options of the packets() iterators. */
export interface PacketStreamOptions {
  /** Ends the iteration (without an error) when aborted. */
  signal?: AbortSignal;
}

/**
 * Iterates the unclaimed messages of `conn`, yielding decode(message) for
 * messages of `packetType`, overrun markers and error events. NLMSG_DONE
 * (which ends a batch of packets), NLMSG_NOOP and positive acks are skipped.
 * Ends when the signal aborts or the Conn closes.
 */
export async function* packetStream<P>(
  conn: Conn, packetType: number, decode: (m: Message) => P, opts: PacketStreamOptions,
): AsyncGenerator<P | PacketOverrun | PacketStreamError, void, undefined> {
  for (;;) {
    if (conn.isClosed || opts.signal?.aborted) return;
    try {
      for await (const m of conn.notifications({ signal: opts.signal })) {
        if ('kind' in m) { yield { kind: 'overrun', reason: m.reason }; continue; }
        const ev = classify(m, packetType, decode);
        if (ev !== undefined) yield ev;
      }
      return;
    } catch (e) {
      // notifications() throws for a datagram that does not parse or a socket error; the queue behind it is intact.
      yield { kind: 'error', error: e instanceof Error ? e : new Error(String(e)) };
    }
  }
}

function classify<P>(m: Message, packetType: number, decode: (m: Message) => P): P | PacketStreamError | undefined {
  const type = m.header.type;
  if (type === packetType) {
    try {
      return decode(m);
    } catch (e) {
      return { kind: 'error', error: e instanceof Error ? e : new Error(String(e)), message: m };
    }
  }
  if (type === MessageType.Error) {
    try {
      const info = parseError(m);
      if (!info.errno) return undefined;
      return { kind: 'error', error: new NetlinkError(info.errno, { type: info.request?.type ?? 0, seq: m.header.seq, extAck: info.extAck }), message: m };
    } catch (e) {
      return { kind: 'error', error: e as Error, message: m };
    }
  }
  return undefined; // NLMSG_DONE after a batch, NLMSG_NOOP, anything else
}
