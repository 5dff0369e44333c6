/**
 * The C reference (libmnl-bench.c): compiled once per run with gcc and
 * libmnl, then run inside a namespace; it prints one JSON line per run.
 * When it cannot be built, `build` says why and the C columns are skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One line of the C program's output. */
export interface CResult { impl: string; scenario: string; n: number; ms: number; check: number; error?: string }

/** Where the C source is looked for: $NLKIT_BENCH_C, then bench/c/, then the shared reference folder. */
export function findSource(root: string): string | undefined {
  const candidates = [process.env.NLKIT_BENCH_C, join(root, 'bench', 'c', 'libmnl-bench.c'), '/work/shared/bench-reference/libmnl-bench.c'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** Compiles the reference; returns the binary path or the reason it could not be built. */
export function build(root: string): { bin?: string; reason?: string } {
  const src = findSource(root);
  if (!src) return { reason: 'libmnl-bench.c not found (set NLKIT_BENCH_C to its path)' };
  const bin = join(mkdtempSync(join(tmpdir(), 'nlkb-c-')), 'libmnl-bench');
  const r = spawnSync('gcc', ['-O2', '-o', bin, src, '-lmnl'], { encoding: 'utf8' });
  if (r.error) return { reason: `gcc not runnable: ${r.error.message}` };
  if (r.status !== 0) return { reason: `gcc failed (is libmnl-dev installed? apt-get install libmnl-dev): ${r.stderr.trim().split('\n')[0]}` };
  return { bin };
}

/** Runs one scenario of the reference inside a namespace. */
export function runC(bin: string, ns: string, scenario: string): CResult {
  const out = execFileSync('ip', ['netns', 'exec', ns, bin, scenario], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as CResult;
}
