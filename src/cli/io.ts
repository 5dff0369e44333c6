/**
 * The CLI's view of the outside world, so commands can be run and tested
 * in-process: argument list, output streams and the environment.
 */
export interface CliIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  stdin?: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

/** Global options shared by every command (`nlkit [-n NS] [-j] [-p] [-4|-6] …`). */
export interface GlobalOptions {
  /** Network namespace path (from -n NAME or -n /path), or undefined for the current one. */
  netns?: string;
  /** JSON output (-j). */
  json: boolean;
  /** Pretty JSON (-p with -j). */
  pretty: boolean;
  /** Address family filter: 4, 6 or undefined for both. */
  family?: 4 | 6;
}

/** A usage error: printed with a hint to run --help; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Writes a value as JSON (one line, or indented with -p). */
export function printJson(io: CliIO, opts: GlobalOptions, value: unknown): void {
  io.stdout.write(JSON.stringify(value, jsonReplacer, opts.pretty ? 2 : undefined) + '\n');
}

/** JSON.stringify replacer: bigint as number when safe (else string), bytes as hex. */
export function jsonReplacer(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return v;
}

/** Resolves `-n` values: a bare name means /run/netns/NAME, anything with a slash is a path. */
export function netnsPath(v: string): string {
  return v.includes('/') ? v : `/run/netns/${v}`;
}
