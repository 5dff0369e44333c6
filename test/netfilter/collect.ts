// Helpers to read a bounded number of events from an async iterable.

/** Collects events until `want` of them satisfy `count`, or `ms` pass (then returns what it has). */
export async function collect<T>(it: AsyncIterable<T>, want: number, ms: number, count: (ev: T) => boolean = () => true): Promise<T[]> {
  const out: T[] = [];
  let n = 0;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    // the iterables here take their signal at creation, so stop by breaking out
    const iter = it[Symbol.asyncIterator]();
    const aborted = new Promise<IteratorResult<T>>((resolve) => ac.signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true }));
    for (;;) {
      const r = await Promise.race([iter.next(), aborted]);
      if (r.done) break;
      out.push(r.value);
      if (count(r.value) && ++n >= want) break;
    }
    void iter.return?.();
  } finally {
    clearTimeout(timer);
  }
  return out;
}
