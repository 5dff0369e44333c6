/**
 * The queue of messages no request claimed (notifications, replies to raw
 * sends), with overrun markers and errors, and the readers waiting on it.
 * Bounded: beyond `max` items one 'queue' overrun marker stands for the
 * dropped ones. Internal to Conn.
 */
import { AbortError } from './errors.js';
import type { Message } from './message.js';

/** Marks lost notifications (ENOBUFS, or the notification queue limit): re-dump to resync. */
export interface Overrun {
  readonly kind: 'overrun';
  /** 'ENOBUFS' (the kernel dropped messages) or 'queue' (nlkit's own queue limit). */
  readonly reason: 'ENOBUFS' | 'queue';
}

/** One queued item: a message, an overrun marker or a receive error. */
export type InboxItem = { m: Message } | { overrun: Overrun } | { error: Error };

/** FIFO of unclaimed items with wake-ups for waiting readers. */
export class Inbox {
  private readonly items: InboxItem[] = [];
  private head = 0;
  private readonly waiters: (() => void)[] = [];
  private overflowed = false;

  /** @param max most items kept before dropping (an Overrun marks the loss) */
  constructor(private readonly max: number) {}

  /** Queues an item (`force`: even past the limit, for markers and errors) and wakes the readers. */
  push(item: InboxItem, force = false): void {
    if (!force && this.items.length - this.head >= this.max) {
      if (!this.overflowed) {
        this.overflowed = true;
        this.items.push({ overrun: { kind: 'overrun', reason: 'queue' } });
      }
    } else {
      this.overflowed = false;
      this.items.push(item);
    }
    this.wakeAll();
  }

  /** Takes the oldest item, or undefined when empty. */
  take(): InboxItem | undefined {
    if (this.head >= this.items.length) return undefined;
    const it = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as InboxItem;
    if (this.head === this.items.length) { this.items.length = 0; this.head = 0; }
    else if (this.head > 1024 && this.head * 2 > this.items.length) { this.items.splice(0, this.head); this.head = 0; }
    return it;
  }

  /** Puts back the item just taken (it stays first). */
  unshift(item: InboxItem): void {
    if (this.head > 0) this.items[--this.head] = item;
    else this.items.unshift(item);
  }

  /** Resolves at the next push (or wakeAll); rejects with AbortError when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(wake);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new AbortError(signal!.reason));
      };
      const wake = () => { signal?.removeEventListener('abort', onAbort); resolve(); };
      this.waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Wakes every waiting reader (on close, so they can see it). */
  wakeAll(): void {
    const w = this.waiters.splice(0);
    for (const f of w) f();
  }
}
