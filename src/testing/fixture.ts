/**
 * Fixture files: a recorded netlink session as readable JSON. Each message
 * keeps its raw bytes in hex (the truth) next to its decoded header fields
 * and names (for people reading the file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { NLMSG_HDRLEN, flagNames, protocolName } from '../core/constants.js';
import { encodeMessage, type Message } from '../core/message.js';
import { nameMessage } from '../trace/describe.js';
import type { DescriberRegistry } from '../trace/describer.js';
import { fromHex, toHex } from '../trace/hex.js';
import { defaultRegistry } from '../trace/registry.js';
import { splitMessages } from '../trace/split.js';

/** One recorded message. */
export interface FixtureMessage {
  /** 'send' (to the kernel) or 'recv'. */
  direction: 'send' | 'recv';
  /** Netlink protocol number. */
  protocol: number;
  /** Multicast group, for notifications (when the recording saw it). */
  group?: number;
  /** Readable summary, ignored when loading: protocol, type and flag names. */
  summary?: string;
  /** Decoded nlmsghdr, ignored when loading (the hex is what counts). */
  header?: { length: number; type: number; flags: number; seq: number; portId: number };
  /** The whole message (header included) in hex. */
  hex: string;
}

/** A recorded session. */
export interface Fixture {
  format: 'nlkit-fixture';
  version: 1;
  /** Free text: what was recorded and how. */
  description?: string;
  messages: FixtureMessage[];
}

/** Turns one message into its fixture form (a copy: later changes to the buffer do not matter). */
export function fixtureMessage(direction: 'send' | 'recv', msg: Message, protocol: number, registry: DescriberRegistry = defaultRegistry()): FixtureMessage {
  const bytes = encodeMessage({ header: { ...msg.header, length: NLMSG_HDRLEN + msg.data.length }, data: msg.data });
  const { type, flagKind } = nameMessage(msg, { protocol, direction, registry });
  const out: FixtureMessage = {
    direction, protocol,
    summary: `${protocolName(protocol)} ${type} flags=${flagNames(msg.header.flags, flagKind)}`,
    header: { ...msg.header, length: NLMSG_HDRLEN + msg.data.length },
    hex: toHex(bytes.subarray(0, NLMSG_HDRLEN + msg.data.length)),
  };
  if (msg.group) out.group = msg.group;
  return out;
}

/** Decodes a fixture message's bytes back into a Message. Throws with the message index when the hex is bad. */
export function messageOf(m: FixtureMessage, index = 0): Message {
  let bytes: Uint8Array;
  try {
    bytes = fromHex(m.hex);
  } catch (e) {
    throw new Error(`fixture message ${index}: ${(e as Error).message}`);
  }
  const { messages, leftover } = splitMessages(bytes);
  if (messages.length !== 1 || leftover) throw new Error(`fixture message ${index}: hex does not hold exactly one netlink message`);
  const msg = messages[0]!;
  if (m.group) msg.group = m.group;
  return msg;
}

/** Checks the shape of parsed JSON and returns it as a Fixture; throws a clear error otherwise. */
export function parseFixture(json: unknown): Fixture {
  const f = json as Partial<Fixture> | null;
  if (!f || f.format !== 'nlkit-fixture') throw new Error('not an nlkit fixture (format must be "nlkit-fixture")');
  if (f.version !== 1) throw new Error(`unsupported nlkit fixture version ${String(f.version)} (this nlkit reads version 1)`);
  if (!Array.isArray(f.messages)) throw new Error('nlkit fixture: "messages" must be an array');
  f.messages.forEach((m, i) => {
    if (!m || (m.direction !== 'send' && m.direction !== 'recv')) throw new Error(`fixture message ${i}: direction must be "send" or "recv"`);
    if (!Number.isInteger(m.protocol)) throw new Error(`fixture message ${i}: protocol must be a number`);
    messageOf(m, i);
  });
  return f as Fixture;
}

/** Reads a fixture file. */
export function loadFixture(path: string): Fixture {
  return parseFixture(JSON.parse(readFileSync(path, 'utf8')));
}

/** Writes a fixture file (pretty-printed JSON, one key per line, so diffs stay readable). */
export function saveFixture(path: string, fixture: Fixture): void {
  writeFileSync(path, JSON.stringify(fixture, null, 2) + '\n');
}
