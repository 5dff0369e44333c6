/**
 * The streaming side of Conn.dump()/dumpBatches(): an async iterator fed by
 * the dump's message sink, which pauses reading while the consumer is
 * behind (memory stays flat on a million-message dump) and abandons the
 * dump when the consumer stops early.
 */
import type { Message } from './message.js';

/** Reading pauses above this many queued messages and resumes below the low mark. */
const DUMP_HIGH_WATER = 4096;
const DUMP_LOW_WATER = 1024;

/** What the stream needs from its Conn. */
export interface DumpHost {
  /** Starts the dump, calling `sink` for each reply; settles when the dump ends or fails. */
  start(sink: (m: Message) => void): Promise<unknown>;
  /** Pauses (true) or resumes (false) reading from the socket. */
  setPaused(on: boolean): void;
  /** Abandons the dump fed to `sink` (the consumer stopped early). */
  stop(sink: (m: Message) => void): void;
}

/**
 * An async iterator over a dump's replies: one message per step, or with
 * `batch` every message received so far (at least one) per step. Errors of
 * the dump are thrown from the step after the last message.
 */
export function dumpStream(host: DumpHost, batch: boolean): AsyncIterator<Message | Message[]> {
  const queue: Message[] = [];
  let head = 0;
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | null = null;
  let pausedHere = false;
  const sink = (m: Message) => {
    queue.push(m);
    if (!pausedHere && queue.length - head > DUMP_HIGH_WATER) {
      pausedHere = true;
      host.setPaused(true);
    }
    if (wake) { const w = wake; wake = null; w(); }
  };
  const done = host.start(sink).then(
    () => { finished = true; },
    (e) => { finished = true; failure = e; },
  ).finally(() => {
    if (pausedHere) { pausedHere = false; host.setPaused(false); }
    if (wake) { const w = wake; wake = null; w(); }
  });
  const take = (): Message => {
    const m = queue[head]!;
    queue[head++] = undefined as unknown as Message;
    if (head > 4096 && head * 2 > queue.length) { queue.splice(0, head); head = 0; }
    if (pausedHere && queue.length - head < DUMP_LOW_WATER) { pausedHere = false; host.setPaused(false); }
    return m;
  };
  const slowNext = async (): Promise<IteratorResult<Message | Message[]>> => {
    for (;;) {
      if (batch && head < queue.length) {
        const all = head === 0 ? queue.splice(0) : queue.splice(0).slice(head);
        head = 0;
        if (pausedHere) { pausedHere = false; host.setPaused(false); }
        return { value: all, done: false };
      }
      if (head < queue.length) return { value: take(), done: false };
      if (finished) {
        if (failure) { const f = failure; failure = undefined; throw f; }
        return { value: undefined, done: true };
      }
      await new Promise<void>((r) => { wake = r; });
    }
  };
  return {
    next(): Promise<IteratorResult<Message | Message[]>> {
      // fast path: a message is waiting (no async function frame per message)
      if (!batch && head < queue.length) return Promise.resolve({ value: take(), done: false });
      return slowNext();
    },
    async return(): Promise<IteratorResult<Message | Message[]>> {
      if (!finished) {
        host.stop(sink);
        await done;
      }
      if (pausedHere) { pausedHere = false; host.setPaused(false); }
      return { value: undefined, done: true };
    },
  };
}
