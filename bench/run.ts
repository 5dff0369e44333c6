/**
 * `npm run bench`: creates namespaces and data, builds and runs the C
 * reference, runs S1–S6 for every implementation column (each in its own
 * process), S7 (event storm), the `ip` comparisons and the codec
 * micro-benchmarks; prints a table and writes bench/results.json.
 * Namespaces are removed however the run ends.
 *
 * Flags: --only=S1,S4   --no-c   --no-micro   --no-ip
 *        --rounds=N  rounds of C + every column per scenario (default 3)
 *        --profile   run workers under node --cpu-prof (5 runs; files in
 *                    dist/bench-prof/) and print where the time goes;
 *                    the profiler slows the timed runs down a little.
 */
import { spawnSync } from 'node:child_process';
import { cpus, release } from 'node:os';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, SIZES, type NsKind, type Scenario } from './scenarios.js';
import { IMPLS } from './impl/index.js';
import { cleanupOnExit, deleteAll, flushMain } from './lib/netns.js';
import { createData } from './lib/data.js';
import { build, runC, type CResult } from './lib/cref.js';
import { ipInsertBatch, ipLinkShow, ipRouteShow, type IpResult } from './lib/ipcompare.js';
import { median, progress } from './lib/stats.js';
import { waitForQuiet } from './lib/idle.js';
import { summarise, summaryText } from './lib/profile.js';
import { judge, table, type RunReport, type ScenarioReport } from './report.js';
import type { WorkerResult } from './worker.js';
import type { StormResult } from './storm.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const roundsArg = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const rounds = flag('profile') ? 1 : Math.max(1, Math.floor(roundsArg) || 1);

const profileDir = join(root, 'dist', 'bench-prof');
const profiles: string[] = [];

function nodeChild<T>(script: string, argv: string[], nodeArgs: string[] = []): T {
  const r = spawnSync(process.execPath, [...nodeArgs, join(here, script), ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try { return JSON.parse(line) as T; } catch { return { error: `${script} printed no result (exit ${r.status}): ${r.stdout.slice(0, 200)}` } as T; }
}

function cMedian(bin: string, ns: string, sc: Scenario): ScenarioReport['c'] {
  const runs: CResult[] = [];
  for (let i = 0; i < 3; i++) {
    if (sc.flushBefore) flushMain(ns);
    runs.push(runC(bin, ns, sc.cName!));
  }
  const note = sc.id === 'S6' ? 'C column: the reference S1 on the 1M-route namespace' : undefined;
  return { ms: median(runs.map((r) => r.ms)), runs: runs.map((r) => r.ms), n: runs[0]!.n, check: runs[0]!.check, note };
}

function ipFor(sc: Scenario, ns: string): IpResult | undefined {
  switch (sc.ipCompare) {
    case 'route-show': return ipRouteShow(ns);
    case 'link-show': return ipLinkShow(ns);
    case 'insert-batch': return ipInsertBatch(ns, SIZES.inserts);
    default: return undefined;
  }
}

type ImplReport = ScenarioReport['impls'][number];

/** Merges one column's rounds: all runs together, the worst verdict, the median of the per-round ratios. */
function mergeRounds(sc: Scenario, results: WorkerResult[], verdicts: ReturnType<typeof judge>[], ratios: number[]): ImplReport {
  const bad = results.findIndex((r, i) => r.error || !verdicts[i]!.correct);
  const base = results[bad >= 0 ? bad : results.length - 1]!;
  const v = verdicts[bad >= 0 ? bad : results.length - 1]!;
  const ok = results.filter((r) => !r.error);
  const runs = ok.flatMap((r) => r.runs ?? []);
  const cpuMs = ok.flatMap((r) => r.cpuMs ?? []);
  const merged: WorkerResult = {
    ...base,
    runs, cpuMs,
    ms: runs.length ? median(runs) : base.ms,
    peakRssMiB: Math.max(...results.map((r) => r.peakRssMiB ?? 0)),
  };
  const ratio = ratios.length && !base.error ? median(ratios) : undefined;
  return { ...merged, ...v, ratio, meetsTarget: ratio !== undefined && sc.target ? ratio <= sc.target : undefined };
}

/**
 * Measures one scenario in `rounds` rounds: each round runs the C
 * reference (3 runs) and then every column (a worker process: warm-up and
 * 3 timed runs), so that a slow spell of the machine touches C and nlkit
 * alike; a column's ratio is the median of its per-round ratios.
 */
function runScenario(sc: Scenario, ns: string, cBin: string | undefined, rounds: number): ScenarioReport {
  const rep: ScenarioReport = { id: sc.id, title: sc.title, target: sc.target, expect: sc.expect, impls: [] };
  const quiet = () => {
    const b = waitForQuiet();
    rep.busy = Math.max(rep.busy ?? 0, b);
    if (b > 0.2) progress(`${sc.id}: other processes keep ${(100 * b).toFixed(0)}% of the CPUs busy; measuring anyway`);
  };
  const cRuns: number[] = [];
  let c: CResult | undefined;
  const cols = IMPLS.filter((impl) => impl.scenarios[sc.id]);
  const got = new Map(cols.map((impl) => [impl.name, { results: [] as WorkerResult[], verdicts: [] as ReturnType<typeof judge>[], ratios: [] as number[] }]));
  for (let round = 1; round <= rounds; round++) {
    const tag = rounds > 1 ? ` (round ${round}/${rounds})` : '';
    let cMs: number | undefined;
    if (cBin && sc.cName && !rep.cError) {
      quiet();
      progress(`${sc.id}: C reference${tag}`);
      try {
        const cr = cMedian(cBin, ns, sc);
        cRuns.push(...cr!.runs);
        cMs = cr!.ms;
        rep.c = { ...cr!, ms: median(cRuns), runs: [...cRuns] };
        c = { impl: 'c-libmnl', scenario: sc.id, n: cr!.n, ms: cr!.ms, check: cr!.check };
      } catch (e) {
        rep.cError = String((e as Error).message ?? e).split('\n')[0];
        progress(`${sc.id}: C reference failed: ${rep.cError}`);
      }
    }
    for (const impl of cols) {
      quiet();
      progress(`${sc.id}: ${impl.name}${tag}`);
      let r: WorkerResult;
      if (flag('profile')) {
        const dir = join(profileDir, `${impl.name}-${sc.id}`);
        rmSync(dir, { recursive: true, force: true });
        r = nodeChild<WorkerResult>('worker.js', [impl.name, sc.id, ns, '5'], ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir]);
        for (const f of existsSync(dir) ? readdirSync(dir) : []) profiles.push(join(dir, f));
      } else {
        r = nodeChild<WorkerResult>('worker.js', [impl.name, sc.id, ns]);
      }
      const g = got.get(impl.name)!;
      g.results.push(r);
      g.verdicts.push(judge(sc, r, c));
      if (cMs !== undefined && !r.error) g.ratios.push(r.ms / cMs);
    }
  }
  for (const impl of cols) {
    const g = got.get(impl.name)!;
    rep.impls.push(mergeRounds(sc, g.results, g.verdicts, g.ratios));
  }
  if (!flag('no-ip') && sc.ipCompare) {
    progress(`${sc.id}: ip`);
    rep.ip = ipFor(sc, ns);
  }
  return rep;
}

function main(): number {
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench: needs root (it creates network namespaces): run `sudo npm run bench`\n');
    return 2;
  }
  cleanupOnExit();
  const selected = SCENARIOS.filter((s) => !only || only.includes(s.id));
  const report: RunReport = {
    date: new Date().toISOString(), rounds,
    host: { cpus: cpus().length, node: process.version, kernel: release() },
    scenarios: [], storm: [], failures: [],
  };
  let cBin: string | undefined;
  if (!flag('no-c')) {
    const b = build(root, progress);
    cBin = b.bin;
    if (b.reason) { report.cSkipped = b.reason; progress(`C reference skipped: ${b.reason}`); }
  } else report.cSkipped = '--no-c';
  try {
    const ns = new Map<NsKind, string>();
    for (const kind of new Set(selected.map((s) => s.ns))) ns.set(kind, createData(kind));
    for (const sc of selected) {
      if (sc.id === 'S7') {
        for (const variant of ['default', 'stall', 'bigbuf']) {
          waitForQuiet();
          progress(`S7: storm (${variant})`);
          report.storm.push(nodeChild<StormResult>('storm.js', [ns.get('events')!, variant]));
        }
        continue;
      }
      report.scenarios.push(runScenario(sc, ns.get(sc.ns)!, cBin, rounds));
    }
    if (!flag('no-micro') && ns.has('routes') && ns.has('links')) {
      progress('micro-benchmarks');
      report.micro = nodeChild<unknown>('micro.js', ['--json', `--routes-ns=${ns.get('routes')}`, `--links-ns=${ns.get('links')}`]);
    }
  } finally {
    progress('removing namespaces');
    deleteAll();
  }
  for (const s of report.scenarios) for (const r of s.impls) if (!r.correct) report.failures.push(`${s.id} ${r.impl}: ${r.problems.join('; ')}`);
  for (const st of report.storm) if (!st.ok) report.failures.push(`S7 ${st.variant}: ${st.error ?? st.rule}`);
  const out = join(root, 'bench', 'results.json');
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  console.log(`nlkit benchmarks (${report.host.cpus} CPUs, node ${report.host.node}, kernel ${report.host.kernel}); ${rounds} round(s) of C and every column, 3 timed runs each; ms = median of all runs, ratio = median of the per-round ratios`);
  if (report.cSkipped) console.log(`C reference columns skipped: ${report.cSkipped}`);
  console.log(table(report));
  if (report.micro && typeof report.micro === 'object' && 'text' in report.micro) console.log(`\n${String((report.micro as { text: string }).text)}`);
  for (const f of profiles) console.log(`\n${summaryText(f, summarise(f))}`);
  console.log(`\nresults written to ${out}`);
  if (report.failures.length) {
    console.log(`\nFAILED (wrong results):\n  ${report.failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  deleteAll();
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
}
