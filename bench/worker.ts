/**
 * Runs one implementation × scenario in its own process (so peak RSS and
 * JIT state are its own) and prints one JSON line, like the C program:
 *
 *   node dist/bench/worker.js IMPL SCENARIO NETNS [RUNS]
 *
 * Each run opens the sockets first (untimed), then times run() only. Table
 * main is flushed before each run of an insert scenario. One untimed
 * warm-up run comes first (NLKB_WARMUP=0 turns it off), so the median of
 * RUNS (default 3) is steady-state JIT-compiled code; its time is reported
 * as warmupMs.
 */
import { implByName } from './impl/index.js';
import { SCENARIOS, type ScenarioId } from './scenarios.js';
import { flushMain, netnsPath } from './lib/netns.js';
import { median, nowMs, peakRssMiB } from './lib/stats.js';
import type { Outcome } from './impl/types.js';

/** One worker's JSON output. */
export interface WorkerResult {
  impl: string;
  scenario: string;
  n: number;
  check: number;
  /** Median of the runs, ms. */
  ms: number;
  runs: number[];
  /** CPU time (user + system, all threads) of each timed run, ms: less sensitive than wall time to other load on the machine. */
  cpuMs: number[];
  /** The untimed warm-up run's time, ms. */
  warmupMs?: number;
  peakRssMiB: number;
  extra?: Outcome['extra'];
  error?: string;
}

async function main(): Promise<void> {
  const [implName, id, ns, runsArg] = process.argv.slice(2);
  if (!implName || !id || !ns) throw new Error('usage: worker.js IMPL SCENARIO NETNS [RUNS]');
  const impl = implByName(implName);
  const sc = SCENARIOS.find((s) => s.id === id);
  const setup = impl.scenarios[id as ScenarioId];
  if (!sc || !setup) throw new Error(`${implName} does not implement ${id}`);
  const runs: number[] = [];
  const cpu: number[] = [];
  const warmup = Number(process.env.NLKB_WARMUP ?? 1);
  let last: Outcome = { n: 0, check: 0 };
  for (let r = 0; r < warmup + Number(runsArg ?? 3); r++) {
    if (sc.flushBefore) flushMain(ns);
    const p = await setup({ ns, nsPath: netnsPath(ns) });
    try {
      const c0 = process.cpuUsage();
      const t0 = nowMs();
      last = await p.run();
      runs.push(nowMs() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    } finally {
      p.close();
    }
    if (last.n !== sc.expect?.n) break; // wrong result: no point repeating
  }
  const warmupMs = runs.length > warmup ? runs.splice(0, warmup)[0] : undefined;
  if (cpu.length > runs.length) cpu.splice(0, cpu.length - runs.length);
  const out: WorkerResult = {
    impl: impl.name, scenario: id, n: last.n, check: last.check, ms: median(runs), runs, cpuMs: cpu, warmupMs, peakRssMiB: peakRssMiB(), extra: last.extra,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e: unknown) => {
  process.stdout.write(JSON.stringify({ error: String((e as Error)?.stack ?? e) }) + '\n');
  process.exitCode = 1;
});
