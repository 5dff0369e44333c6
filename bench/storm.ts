/**
 * S7, the event storm, in its own process:
 *
 *   node dist/bench/storm.js NETNS VARIANT      VARIANT: default | stall | bigbuf
 *
 * A Conn subscribed to RTNLGRP_IPV4_ROUTE reads notifications() while
 * `ip -batch` adds SIZES.stormRoutes routes. Every route must be either
 * delivered or covered by an explicit Overrun marker; with `bigbuf` (a
 * large receiveBufferSize) none may be lost. `stall` blocks the event loop
 * for STALL_MS at the first event to force a kernel overrun and prove it is
 * reported. Prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Conn, Protocol, isOverrun } from '../src/index.js';
import { SIZES, STORM_GROUP } from './scenarios.js';
import { routeBatch, routeIndex } from './lib/batch.js';
import { RT, routeDst } from './lib/rtnl.js';
import { flushMain, netnsPath } from './lib/netns.js';
import { nowMs } from './lib/stats.js';

/** Receive buffer of the `bigbuf` variant. */
export const STORM_BIG_RCVBUF = 64 << 20;
const STALL_MS = 400;
const QUIET_MS = 1000;

/** The JSON line storm.js prints. */
export interface StormResult {
  scenario: 'S7';
  variant: string;
  routes: number;
  delivered: number;
  duplicates: number;
  overruns: number;
  enobufs: number;
  queueOverruns: number;
  ipMs: number;
  ms: number;
  ok: boolean;
  rule: string;
  error?: string;
}

async function main(): Promise<void> {
  const [ns, variant = 'default'] = process.argv.slice(2);
  if (!ns || !['default', 'stall', 'bigbuf'].includes(variant)) throw new Error('usage: storm.js NETNS default|stall|bigbuf');
  const N = SIZES.stormRoutes;
  const dir = mkdtempSync(join(tmpdir(), 'nlkb-storm-'));
  const file = join(dir, 'routes.batch');
  writeFileSync(file, routeBatch(N));
  flushMain(ns);
  const conn = Conn.openSync(Protocol.Route, { netns: netnsPath(ns), ...(variant === 'bigbuf' ? { receiveBufferSize: STORM_BIG_RCVBUF } : {}) });
  conn.joinGroup(STORM_GROUP);
  const seen = new Uint8Array(N + 1);
  let delivered = 0, duplicates = 0, enobufs = 0, queueOverruns = 0, lastEventAt = nowMs(), stalled = variant !== 'stall';
  let sawLast: () => void = () => {};
  const lastSeen = new Promise<void>((r) => { sawLast = r; });
  const ac = new AbortController();
  const consumer = (async () => {
    for await (const x of conn.notifications({ signal: ac.signal })) {
      lastEventAt = nowMs();
      if (isOverrun(x)) { if (x.reason === 'ENOBUFS') enobufs++; else queueOverruns++; continue; }
      if (x.header.type !== RT.NEWROUTE) continue;
      if (!stalled) { stalled = true; while (nowMs() - lastEventAt < STALL_MS) { /* block the event loop */ } }
      const i = routeIndex(routeDst(x.data));
      if (i < 1 || i > N) continue;
      if (seen[i]) duplicates++;
      else { seen[i] = 1; delivered++; }
      if (i === N) sawLast();
    }
  })();
  const t0 = nowMs();
  let ipMs = 0;
  const ipDone = new Promise<number>((resolve, reject) => {
    const child = spawn('ip', ['-n', ns, '-batch', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => { ipMs = nowMs() - t0; resolve(code ?? 1); });
  });
  const code = await ipDone;
  if (code !== 0) throw new Error(`ip -batch exited with ${code}`);
  // All events are in once the last route's event is seen, or after a quiet period.
  await Promise.race([lastSeen, (async () => {
    while (nowMs() - lastEventAt < QUIET_MS) await new Promise((r) => setTimeout(r, 100));
  })()]);
  const ms = lastEventAt - t0;
  ac.abort();
  conn.close();
  await consumer;
  rmSync(dir, { recursive: true, force: true });
  const overruns = enobufs + queueOverruns;
  const rule = variant === 'bigbuf' ? 'delivered = routes and no overrun' : 'delivered = routes, or an overrun marker reports the loss';
  const ok = duplicates === 0 && (variant === 'bigbuf' ? delivered === N && overruns === 0 : delivered === N || overruns > 0)
    && (variant !== 'stall' || overruns > 0 || delivered === N);
  const out: StormResult = { scenario: 'S7', variant, routes: N, delivered, duplicates, overruns, enobufs, queueOverruns, ipMs, ms, ok, rule };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e: unknown) => {
  process.stdout.write(JSON.stringify({ scenario: 'S7', ok: false, error: String((e as Error)?.stack ?? e) }) + '\n');
  process.exitCode = 1;
});
