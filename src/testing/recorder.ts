/**
 * Recorder: a TraceHook that keeps every message of a session, to save as a
 * fixture (and replay later without a kernel) or as a pcap capture.
 *
 *     const rec = new Recorder();
 *     const conn = await Conn.open(Protocol.Route, { trace: rec.hook });
 *     … use conn …
 *     saveFixture('links.json', rec.fixture('link dump in a fresh netns'));
 */
import type { TraceHook } from '../core/conn.js';
import type { Message } from '../core/message.js';
import { defaultRegistry } from '../trace/registry.js';
import { fromHex } from '../trace/hex.js';
import { writePcap } from '../trace/pcap-write.js';
import { fixtureMessage, type Fixture, type FixtureMessage } from './fixture.js';

/** Records messages; pass `hook` as ConnOptions.trace (one Recorder may serve several Conns). */
export class Recorder {
  private readonly msgs: FixtureMessage[] = [];
  private readonly registry = defaultRegistry();
  /** The TraceHook to install. Copies each message at once. Calls `next` too, when given. */
  readonly hook: TraceHook;

  /** @param next another TraceHook to call with every message (e.g. a tracer) */
  constructor(next?: TraceHook) {
    this.hook = (direction, message: Message, protocol) => {
      this.registry.observe(message, { protocol, direction });
      this.msgs.push(fixtureMessage(direction, message, protocol, this.registry));
      next?.(direction, message, protocol);
    };
  }

  /** Number of messages recorded so far. */
  get size(): number {
    return this.msgs.length;
  }

  /** The recording as a fixture (a snapshot; recording may go on). */
  fixture(description?: string): Fixture {
    const f: Fixture = { format: 'nlkit-fixture', version: 1, messages: this.msgs.map((m) => ({ ...m })) };
    if (description) f.description = description;
    return f;
  }

  /** The recording as a pcap file (LINKTYPE_NETLINK, one packet per message), for `nlkit decode` or Wireshark. */
  pcap(): Uint8Array {
    return writePcap(this.msgs.map((m) => ({ bytes: fromHex(m.hex), protocol: m.protocol, direction: m.direction })));
  }
}
