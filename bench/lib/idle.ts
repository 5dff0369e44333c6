/**
 * Waits for the machine to be quiet before a measurement: other processes
 * on the same CPUs (a build, a test run) would otherwise distort the times.
 * Reads /proc/stat; gives up after a timeout and says so.
 */
import { readFileSync } from 'node:fs';

function cpuTimes(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Share of all CPUs busy over `ms` milliseconds (0..1). */
export function busyShare(ms = 300): number {
  const a = cpuTimes();
  sleepMs(ms);
  const b = cpuTimes();
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}

/**
 * Blocks until less than `maxBusy` of the CPUs is in use (checked every
 * 300 ms), at most `timeoutMs`. Returns the last busy share seen; a value
 * above maxBusy means the measurement runs on a loaded machine.
 */
export function waitForQuiet(maxBusy = 0.2, timeoutMs = 8_000): number {
  const t0 = Date.now();
  let b = busyShare();
  while (b > maxBusy && Date.now() - t0 < timeoutMs) b = busyShare();
  return b;
}
