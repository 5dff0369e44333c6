/**
 * `npm run bench`: creates namespaces and data, builds and runs the C
 * reference, runs S1–S6 for every implementation column (each in its own
 * process), S7 (event storm), the `ip` comparisons and the codec
 * micro-benchmarks; prints a table and writes bench/results.json.
 * Namespaces are removed however the run ends.
 *
 * Flags: --only=S1,S4   --no-c   --no-micro   --no-ip
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

function runScenario(sc: Scenario, ns: string, cBin: string | undefined): ScenarioReport {
  const rep: ScenarioReport = { id: sc.id, title: sc.title, target: sc.target, expect: sc.expect, impls: [] };
  let c: CResult | undefined;
  const quiet = () => {
    const b = waitForQuiet();
    rep.busy = Math.max(rep.busy ?? 0, b);
    if (b > 0.2) progress(`${sc.id}: other processes keep ${(100 * b).toFixed(0)}% of the CPUs busy; measuring anyway`);
  };
  if (cBin && sc.cName) {
    quiet();
    progress(`${sc.id}: C reference`);
    try {
      rep.c = cMedian(cBin, ns, sc);
      c = { impl: 'c-libmnl', scenario: sc.id, n: rep.c!.n, ms: rep.c!.ms, check: rep.c!.check };
    } catch (e) {
      rep.cError = String((e as Error).message ?? e).split('\n')[0];
      progress(`${sc.id}: C reference failed: ${rep.cError}`);
    }
  }
  for (const impl of IMPLS) {
    if (!impl.scenarios[sc.id]) continue;
    quiet();
    progress(`${sc.id}: ${impl.name}`);
    let r: WorkerResult;
    if (flag('profile')) {
      const dir = join(profileDir, `${impl.name}-${sc.id}`);
      rmSync(dir, { recursive: true, force: true });
      r = nodeChild<WorkerResult>('worker.js', [impl.name, sc.id, ns, '5'], ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir]);
      for (const f of existsSync(dir) ? readdirSync(dir) : []) profiles.push(join(dir, f));
    } else {
      r = nodeChild<WorkerResult>('worker.js', [impl.name, sc.id, ns]);
    }
    const v = judge(sc, r, c);
    const ratio = c && !r.error ? r.ms / c.ms : undefined;
    rep.impls.push({ ...r, impl: r.impl ?? impl.name, ...v, ratio, meetsTarget: ratio !== undefined && sc.target ? ratio <= sc.target : undefined });
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
    date: new Date().toISOString(),
    host: { cpus: cpus().length, node: process.version, kernel: release() },
    scenarios: [], storm: [], failures: [],
  };
  let cBin: string | undefined;
  if (!flag('no-c')) {
    const b = build(root);
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
      report.scenarios.push(runScenario(sc, ns.get(sc.ns)!, cBin));
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
  console.log(`nlkit benchmarks (${report.host.cpus} CPUs, node ${report.host.node}, kernel ${report.host.kernel}); times are medians of 3 runs, ms`);
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
