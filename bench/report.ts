/**
 * The results of a run: the JSON written to bench/results.json and the
 * table printed at the end.
 */
import type { CResult } from './lib/cref.js';
import type { IpResult } from './lib/ipcompare.js';
import type { WorkerResult } from './worker.js';
import type { StormResult } from './storm.js';
import type { Scenario } from './scenarios.js';
import { median } from './lib/stats.js';

/** Everything measured for one timed scenario. */
export interface ScenarioReport {
  id: string;
  title: string;
  target?: number;
  expect?: { n: number; check: number };
  c?: { ms: number; runs: number[]; n: number; check: number; note?: string };
  /** Why the C reference gave no result for this scenario. */
  cError?: string;
  impls: (WorkerResult & { ratio?: number; correct: boolean; meetsTarget?: boolean; problems: string[] })[];
  ip?: IpResult;
  /** Highest share of the CPUs other processes used just before a measurement (0..1); above 0.2 the times are suspect. */
  busy?: number;
}

/** The whole run. */
export interface RunReport {
  date: string;
  /** Rounds of C + every column per scenario. */
  rounds?: number;
  host: { cpus: number; node: string; kernel: string };
  cSkipped?: string;
  scenarios: ScenarioReport[];
  storm: StormResult[];
  micro?: unknown;
  failures: string[];
}

/** Checks one implementation result against the expected and the C values. */
export function judge(sc: Scenario, r: WorkerResult, c?: CResult): { correct: boolean; problems: string[] } {
  const problems: string[] = [];
  if (r.error) problems.push(`error: ${r.error.split('\n')[0]}`);
  const want = c ? { n: c.n, check: c.check } : sc.expect;
  if (want && (r.n !== want.n || r.check !== want.check)) problems.push(`n/check ${r.n}/${r.check}, expected ${want.n}/${want.check}${c ? ' (C)' : ''}`);
  if (c && sc.expect && (c.n !== sc.expect.n || c.check !== sc.expect.check)) problems.push(`C itself got ${c.n}/${c.check}, data expected ${sc.expect.n}/${sc.expect.check}`);
  if (sc.rssLimitMiB && r.peakRssMiB !== undefined && r.peakRssMiB > sc.rssLimitMiB) problems.push(`peak RSS ${r.peakRssMiB.toFixed(0)} MiB > ${sc.rssLimitMiB} MiB`);
  return { correct: problems.length === 0, problems };
}

const fmt = (x: number | undefined, d = 1) => (x === undefined ? '-' : x.toFixed(d));

/** The results table (plain text, fixed-width columns). */
export function table(rep: RunReport): string {
  const rows: string[][] = [['scenario', 'n / check', 'C ms', 'impl', 'ms', 'cpu ms', 'ratio', 'min ratio', 'target', 'ok', 'ip ms', 'notes']];
  for (const s of rep.scenarios) {
    for (const r of s.impls) {
      const notes = [...r.problems];
      if (s.id === 'S6' && r.peakRssMiB !== undefined) notes.push(`peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
      if (s.c?.note) notes.push(s.c.note);
      if (s.cError) notes.push(`C failed: ${s.cError}`);
      if (s.ip) notes.push(`ip n=${s.ip.n}`);
      if ((s.busy ?? 0) > 0.2) notes.push(`machine ${(100 * s.busy!).toFixed(0)}% busy`);
      const minRatio = s.c?.runs.length && r.runs?.length ? Math.min(...r.runs) / Math.min(...s.c.runs) : undefined;
      const busy = (s.busy ?? 0) > 0.2;
      const ok = !r.correct ? 'WRONG' : r.meetsTarget === undefined ? 'yes' : busy ? 'busy?' : r.meetsTarget ? 'yes' : 'slow';
      rows.push([s.id, `${r.n ?? '-'} / ${r.check ?? '-'}`, fmt(s.c?.ms), r.impl, fmt(r.ms), r.cpuMs?.length ? fmt(median(r.cpuMs)) : '-', r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
        minRatio === undefined ? '-' : `${minRatio.toFixed(2)}x`, s.target ? `<=${s.target}x` : '-', ok, fmt(s.ip?.ms), notes.join('; ')]);
    }
  }
  for (const st of rep.storm) {
    rows.push(['S7', st.error ? '-' : `${st.delivered}/${st.routes} delivered`, '-', `${st.variant}`, fmt(st.ms), '-', '-', '-', '-', st.ok ? 'yes' : 'FAIL', fmt(st.ipMs),
      st.error ? st.error.split('\n')[0]! : `${st.overruns} overrun markers (${st.enobufs} ENOBUFS, ${st.queueOverruns} queue); dup ${st.duplicates}`]);
  }
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r, k) => {
    const line = r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd();
    return k === 0 ? `${line}\n${w.map((x) => '-'.repeat(x)).join('  ')}` : line;
  }).join('\n');
}
