/**
 * The same work done by `ip`, for comparison: timed from spawn to exit, so
 * the numbers include starting the process (a few ms).
 */
import { spawnSync } from 'node:child_process';
import { flushMain } from './netns.js';
import { median, nowMs } from './stats.js';
import { routeBatch } from './batch.js';

/** Median wall time and line count of an `ip` command doing a scenario's work. */
export interface IpResult { command: string; ms: number; runs: number[]; n: number }

function timed(args: string[], input?: string): { ms: number; lines: number } {
  const t0 = nowMs();
  const r = spawnSync('ip', args, { input, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  const ms = nowMs() - t0;
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr}`);
  let lines = 0;
  for (let i = r.stdout.indexOf('\n'); i >= 0; i = r.stdout.indexOf('\n', i + 1)) lines++;
  return { ms, lines };
}

function repeat(command: string, runs: number, once: () => { ms: number; n: number }): IpResult {
  const out: number[] = [];
  let n = 0;
  for (let i = 0; i < runs; i++) { const r = once(); out.push(r.ms); n = r.n; }
  return { command, ms: median(out), runs: out, n };
}

/** S1: `ip -4 route show table all` (n = lines printed). */
export function ipRouteShow(ns: string, runs = 3): IpResult {
  const args = ['-n', ns, '-4', 'route', 'show', 'table', 'all'];
  return repeat(`ip ${args.join(' ')}`, runs, () => { const r = timed(args); return { ms: r.ms, n: r.lines }; });
}

/** S2: `ip -s -o link show` (one line per link). */
export function ipLinkShow(ns: string, runs = 3): IpResult {
  const args = ['-n', ns, '-s', '-o', 'link', 'show'];
  return repeat(`ip ${args.join(' ')}`, runs, () => { const r = timed(args); return { ms: r.ms, n: r.lines }; });
}

/** S3: `ip -batch` of the same inserts into an empty table main (n = inserts). */
export function ipInsertBatch(ns: string, count: number, runs = 3): IpResult {
  const script = routeBatch(count);
  const args = ['-n', ns, '-batch', '-'];
  return repeat(`ip ${args.join(' ')} (${count} route add)`, runs, () => {
    flushMain(ns);
    return { ms: timed(args, script).ms, n: count };
  });
}
