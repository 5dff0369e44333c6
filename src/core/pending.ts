/**
 * The bookkeeping of Conn's requests: one Pending per request awaiting
 * replies, the outgoing message fields it is sent with, and the memory of
 * recently completed sequence numbers. Internal to Conn.
 *
 * Every field is set in the constructors, so each class has one object
 * shape and the per-request path stays monomorphic.
 */
import type { ErrorContext } from './errors.js';
import type { Header, Message } from './message.js';

/** A message ready to be packed into a datagram: header fields and payload (as sent with Conn.send, no request awaiting it). */
export class RawOutgoing {
  constructor(
    readonly length: number,
    readonly type: number,
    readonly flags: number,
    readonly seq: number,
    readonly portId: number,
    readonly data: Uint8Array,
  ) {}

  /** The header fields as a Header object (for trace hooks and Conn.send's result). */
  header(): Header {
    return { length: this.length, type: this.type, flags: this.flags, seq: this.seq, portId: this.portId };
  }
}

/** One request awaiting its replies: the message it is sent as, and its state. */
export class Pending extends RawOutgoing {
  /** Replies collected so far (unless a sink takes them). */
  replies: Message[] = [];
  resolve: (v: Message[]) => void = noop;
  reject: (e: unknown) => void = noop;
  /** A reply carried NLM_F_DUMP_INTR. */
  interrupted = false;
  /** The caller stopped waiting (abort/timeout); messages are dropped until the kernel finishes. */
  abandoned = false;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  /** Counted in the in-flight window (sent, not a dump). */
  inWindow = false;
  /** A dump waiting in the dump queue for its turn. */
  queued = false;

  constructor(
    length: number, type: number, flags: number, seq: number, portId: number, data: Uint8Array,
    /** NLM_F_ACK was set: only the ack completes the request. */
    readonly ack: boolean,
    /** A dump: only NLMSG_DONE completes it. */
    readonly dump: boolean,
    /** Called with each reply instead of collecting it. */
    public sink: ((m: Message) => void) | undefined,
    readonly context: ErrorContext | undefined,
  ) {
    super(length, type, flags, seq, portId, data);
  }
}

function noop(): void {}

const RECENT_SLOTS = 256;

/**
 * Remembers recently completed sequence numbers, so that late replies to
 * them (an abandoned request's, a second reply to a request already
 * answered) are dropped instead of reaching the notification queue. A slot
 * per low byte of the sequence number: Conn numbers requests one after
 * another, so the last 256 are kept; seq 0 (notifications) is never
 * remembered.
 */
export class RecentSeqs {
  private readonly slots = new Uint32Array(RECENT_SLOTS);

  /** Remembers `seq`. */
  add(seq: number): void {
    this.slots[seq & (RECENT_SLOTS - 1)] = seq;
  }

  /** True if `seq` completed recently. */
  has(seq: number): boolean {
    return seq !== 0 && this.slots[seq & (RECENT_SLOTS - 1)] === seq;
  }
}

const SLOTS = 1024;

/**
 * The requests awaiting replies, by sequence number: a slot per low bits
 * of the number (Conn numbers requests one after another, so those in
 * flight rarely share a slot) and a Map for the ones that do. Cheaper than
 * a Map alone for the set/get/delete of every request.
 */
export class PendingTable {
  private readonly slots: (Pending | undefined)[] = new Array<Pending | undefined>(SLOTS).fill(undefined);
  private readonly spill = new Map<number, Pending>();
  /** Number of requests in the table. */
  size = 0;

  /** The pending request with this sequence number, if any. */
  get(seq: number): Pending | undefined {
    const p = this.slots[seq & (SLOTS - 1)];
    if (p !== undefined && p.seq === seq) return p;
    return this.spill.size === 0 ? undefined : this.spill.get(seq);
  }

  /** True if a request with this sequence number is pending. */
  has(seq: number): boolean {
    return this.get(seq) !== undefined;
  }

  /** Adds a request (its sequence number must not be pending already). */
  add(p: Pending): void {
    const i = p.seq & (SLOTS - 1);
    if (this.slots[i] === undefined) this.slots[i] = p;
    else this.spill.set(p.seq, p);
    this.size++;
  }

  /** Removes `p` if it is in the table. */
  remove(p: Pending): void {
    const i = p.seq & (SLOTS - 1);
    if (this.slots[i] === p) this.slots[i] = undefined;
    else if (this.spill.get(p.seq) === p) this.spill.delete(p.seq);
    else return;
    this.size--;
  }

  /** Every pending request (a copy: the table may change while the caller walks it). */
  values(): Pending[] {
    const out: Pending[] = [];
    if (this.size === 0) return out;
    for (const p of this.slots) if (p !== undefined) out.push(p);
    for (const p of this.spill.values()) out.push(p);
    return out;
  }
}
