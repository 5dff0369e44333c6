/**
 * Codec micro-benchmarks on captured real dumps: messages parsed, attributes
 * decoded and attributes encoded per second.
 *
 *   node dist/bench/micro.js [--routes-ns=NS --links-ns=NS] [--json]
 *
 * With namespace names (as run.js passes), it captures fresh dumps there
 * and saves them under dist/bench-data/; without, it reuses saved captures,
 * or (as root) creates its own namespaces to capture from and removes them.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureDump, loadCapture, saveCapture, type CaptureKind } from './lib/capture.js';
import { cleanupOnExit, deleteAll, netnsPath } from './lib/netns.js';
import { createData } from './lib/data.js';
import { median, nowMs, progress } from './lib/stats.js';
import { microCases } from './micro-cases.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '..', 'bench-data');
const args = process.argv.slice(2);
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ROUNDS = 5;
const MIN_ROUND_MS = 150;

/** One case's result. */
export interface MicroResult { name: string; unit: string; perSec: number; unitsPerPass: number }

async function capture(kind: CaptureKind): Promise<Uint8Array[]> {
  const file = join(dataDir, `${kind}.bin`);
  const ns = opt(`${kind}-ns`);
  if (!ns) {
    const saved = loadCapture(file);
    if (saved) return saved;
  }
  if (process.getuid?.() !== 0) throw new Error(`no saved capture in ${file}; run as root to capture one`);
  const name = ns ?? createData(kind);
  const chunks = await captureDump(netnsPath(name), kind);
  saveCapture(file, chunks);
  progress(`captured ${kind} dump: ${chunks.length} chunks, ${chunks.reduce((s, c) => s + c.length, 0)} bytes -> ${file}`);
  return chunks;
}

function measure(pass: () => [number, number]): { perSec: number; units: number } {
  const [units] = pass(); // warm-up, and size of one pass
  let reps = 1;
  const t0 = nowMs();
  pass();
  const one = Math.max(nowMs() - t0, 0.01);
  reps = Math.max(1, Math.ceil(MIN_ROUND_MS / one));
  const rates: number[] = [];
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t = nowMs();
    for (let k = 0; k < reps; k++) sink += pass()[1];
    rates.push((units * reps) / ((nowMs() - t) / 1000));
  }
  if (sink === -1) progress('unreachable');
  return { perSec: median(rates), units };
}

async function main(): Promise<void> {
  cleanupOnExit();
  let routes: Uint8Array[], links: Uint8Array[];
  try {
    routes = await capture('routes');
    links = await capture('links');
  } finally {
    deleteAll();
  }
  const results: MicroResult[] = [];
  for (const c of microCases(routes, links)) {
    progress(`micro: ${c.name}`);
    const m = measure(c.pass);
    results.push({ name: c.name, unit: c.unit, perSec: m.perSec, unitsPerPass: m.units });
  }
  const w = Math.max(...results.map((r) => r.name.length));
  const text = ['codec micro-benchmarks (median of 5 rounds):', ...results.map((r) =>
    `  ${r.name.padEnd(w)}  ${(r.perSec / 1e6).toFixed(2).padStart(7)} M ${r.unit}/s  (${r.unitsPerPass} per pass)`)].join('\n');
  if (args.includes('--json')) process.stdout.write(JSON.stringify({ results, text }) + '\n');
  else process.stdout.write(text + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`micro: ${(e as Error).stack ?? String(e)}\n`);
  process.stdout.write(JSON.stringify({ error: String(e) }) + '\n');
  process.exitCode = 1;
});
