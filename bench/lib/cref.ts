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

/** True when libmnl's header is installed. */
function haveLibmnl(): boolean {
  return existsSync('/usr/include/libmnl/libmnl.h');
}

/**
 * Installs libmnl-dev with apt-get when it is missing and we are root on a
 * Debian-like machine (as .ci/run does), so that a fresh machine gets the C
 * columns. Returns why not, or undefined once installed.
 */
function installLibmnl(progress: (s: string) => void): string | undefined {
  if (haveLibmnl()) return undefined;
  if (process.getuid?.() !== 0) return 'libmnl-dev is not installed (apt-get install libmnl-dev)';
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) return 'libmnl-dev is not installed and there is no apt-get';
  progress('installing libmnl-dev for the C reference (apt-get install -y libmnl-dev)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'libmnl-dev'], { stdio: 'ignore', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    if (!install()) return 'apt-get install libmnl-dev failed';
  }
  return haveLibmnl() ? undefined : 'libmnl-dev installed but libmnl/libmnl.h is still missing';
}

/** Compiles the reference (installing libmnl-dev first if needed and possible); returns the binary path or the reason it could not be built. */
export function build(root: string, progress: (s: string) => void = () => {}): { bin?: string; reason?: string } {
  const src = findSource(root);
  if (!src) return { reason: 'libmnl-bench.c not found (set NLKIT_BENCH_C to its path)' };
  const missing = installLibmnl(progress);
  if (missing) return { reason: missing };
  const bin = join(mkdtempSync(join(tmpdir(), 'nlkb-c-')), 'libmnl-bench');
  const r = spawnSync('gcc', ['-O2', '-o', bin, src, '-lmnl'], { encoding: 'utf8' });
  if (r.error) return { reason: `gcc not runnable: ${r.error.message}` };
  if (r.status !== 0) return { reason: `gcc failed: ${r.stderr.trim().split('\n')[0]}` };
  return { bin };
}

/** Runs one scenario of the reference inside a namespace. */
export function runC(bin: string, ns: string, scenario: string): CResult {
  const out = execFileSync('ip', ['netns', 'exec', ns, bin, scenario], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as CResult;
}
