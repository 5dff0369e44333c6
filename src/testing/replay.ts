/**
 * replay(fixture): a FakeKernel that answers each request with the replies
 * recorded for it. Requests are matched in recorded order (per protocol)
 * and compared byte for byte except seq and port id, which are rewritten in
 * the replies (also in the request header an NLMSG_ERROR echoes).
 * Notifications recorded between requests are delivered after the reply to
 * the request before them.
 */
import { MessageType, NLMSG_HDRLEN, flagNames, protocolName, HOST_LE } from '../core/constants.js';
import type { Message } from '../core/message.js';
import { nameMessage } from '../trace/describe.js';
import { defaultRegistry } from '../trace/registry.js';
import { FakeKernel, type FakeKernelOptions, type FakeRequest } from './fake-kernel.js';
import { messageOf, parseFixture, type Fixture } from './fixture.js';


/** A request did not match the recording (or there was none left). */
export class ReplayMismatchError extends Error {
  override name = 'ReplayMismatchError';
  readonly code = 'ERR_NLKIT_REPLAY_MISMATCH';
}

interface Exchange {
  request: Message;
  protocol: number;
  replies: Message[];
  after: Message[];
  used: boolean;
  index: number;
}

function summary(m: Message, protocol: number, registry = defaultRegistry()): string {
  const { type, flagKind } = nameMessage(m, { protocol, direction: 'send', registry });
  return `${protocolName(protocol)} ${type} flags=${flagNames(m.header.flags, flagKind)} len=${m.header.length}`;
}

function firstDifference(exp: Message, act: Message): string | undefined {
  const e = exp.header, a = act.header;
  if (e.type !== a.type) return `header type (expected ${e.type}, got ${a.type})`;
  if (e.flags !== a.flags) return `header flags (expected 0x${e.flags.toString(16)}, got 0x${a.flags.toString(16)})`;
  if (e.length !== a.length) return `length (expected ${e.length}, got ${a.length})`;
  for (let i = 0; i < exp.data.length; i++) {
    if (exp.data[i] !== act.data[i]) {
      return `byte ${NLMSG_HDRLEN + i} (payload offset ${i}): expected 0x${exp.data[i]!.toString(16).padStart(2, '0')}, got 0x${(act.data[i] ?? 0).toString(16).padStart(2, '0')}`;
    }
  }
  return undefined;
}

function rewrite(m: Message, fromSeq: number, toSeq: number, fromPort: number, toPort: number): Message {
  const h = { ...m.header };
  if (h.seq === fromSeq) h.seq = toSeq;
  if (fromPort !== 0 && h.portId === fromPort) h.portId = toPort;
  const data = m.data.slice();
  if (h.type === MessageType.Error && data.length >= 4 + NLMSG_HDRLEN) {
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (dv.getUint32(12, HOST_LE) === fromSeq) dv.setUint32(12, toSeq, HOST_LE);
    if (fromPort !== 0 && dv.getUint32(16, HOST_LE) === fromPort) dv.setUint32(16, toPort, HOST_LE);
  }
  const out: Message = { header: h, data };
  if (m.group) out.group = m.group;
  return out;
}

/** Splits a fixture into request/reply exchanges. */
function exchangesOf(f: Fixture): { exchanges: Exchange[]; preamble: Message[] } {
  const exchanges: Exchange[] = [];
  const preamble: Message[] = [];
  const open = new Map<string, Exchange>();
  f.messages.forEach((fm, i) => {
    const m = messageOf(fm, i);
    if (fm.direction === 'send') {
      const ex: Exchange = { request: m, protocol: fm.protocol, replies: [], after: [], used: false, index: exchanges.length };
      exchanges.push(ex);
      open.set(`${fm.protocol}:${m.header.seq}`, ex);
      return;
    }
    const ex = !m.group ? open.get(`${fm.protocol}:${m.header.seq}`) : undefined;
    if (ex) ex.replies.push(m);
    else if (exchanges.length) exchanges[exchanges.length - 1]!.after.push(m);
    else preamble.push(m);
  });
  return { exchanges, preamble };
}

/** A FakeKernel replaying a fixture. */
export class ReplayKernel extends FakeKernel {
  private readonly exchanges: Exchange[];
  private preamble: Message[];
  private readonly registry = defaultRegistry();

  /** @param fixture a Fixture (or parsed JSON of one) */
  constructor(fixture: Fixture | unknown, opts: FakeKernelOptions = {}) {
    super(undefined, opts);
    const { exchanges, preamble } = exchangesOf(parseFixture(fixture));
    this.exchanges = exchanges;
    this.preamble = preamble;
    this.setHandler((req) => this.answer(req));
  }

  /** Recorded requests not replayed yet. */
  get remaining(): number {
    return this.exchanges.filter((e) => !e.used).length;
  }

  /** Throws a ReplayMismatchError listing the recorded requests that were never made. */
  assertDone(): void {
    const left = this.exchanges.filter((e) => !e.used);
    if (left.length) {
      throw new ReplayMismatchError(`replay: ${left.length} recorded request(s) were not made:\n` +
        left.map((e) => `  #${e.index} ${summary(e.request, e.protocol, this.registry)}`).join('\n'));
    }
  }

  private answer(req: FakeRequest): Message[] {
    const actual: Message = { header: req.header, data: req.data };
    const ex = this.exchanges.find((e) => !e.used && e.protocol === req.protocol);
    if (!ex) {
      throw new ReplayMismatchError(`replay: request ${req.index} has no recorded counterpart (the recording has no more ${protocolName(req.protocol)} requests)\n` +
        `  actual:   ${summary(actual, req.protocol, this.registry)}`);
    }
    const diff = firstDifference(ex.request, actual);
    if (diff) {
      throw new ReplayMismatchError(`replay: request ${req.index} does not match recorded request #${ex.index} (seq and port id are not compared)\n` +
        `  expected: ${summary(ex.request, ex.protocol, this.registry)}\n` +
        `  actual:   ${summary(actual, req.protocol, this.registry)}\n` +
        `  first difference: ${diff}`);
    }
    ex.used = true;
    const { seq: fromSeq, portId: fromPort } = ex.request.header;
    const toPort = req.socket.portId;
    const replies = ex.replies.map((m) => rewrite(m, fromSeq, req.header.seq, fromPort, toPort));
    const unsolicited = [...this.preamble, ...ex.after].map((m) => rewrite(m, -1, 0, fromPort, toPort));
    this.preamble = [];
    if (unsolicited.length) {
      queueMicrotask(() => {
        for (const m of unsolicited) {
          if (m.group) this.notify(m.group, m, { protocol: req.protocol });
          else { try { this.inject(toPort, m); } catch { /* the socket closed meanwhile */ } }
        }
      });
    }
    return replies;
  }
}

/** Returns a FakeKernel that answers requests with the replies recorded in `fixture`. */
export function replay(fixture: Fixture | unknown, opts: FakeKernelOptions = {}): ReplayKernel {
  return new ReplayKernel(fixture, opts);
}
