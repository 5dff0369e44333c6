/**
 * Benchmark namespaces: unique names (nlkb-<run id>-<tag>), filled with
 * `ip -batch`, and always removed: deleteAll runs from finally blocks and
 * on exit, and a detached reaper process (reaper.ts) deletes whatever is
 * left once this process is gone, even after a signal or SIGKILL. Nothing
 * here touches the host's own namespace.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const created = new Set<string>();
const runId = `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`;

/** Runs `ip` with arguments; stdin from `input` when given. Throws with stderr on failure. */
export function ip(args: string[], input?: string): string {
  return execFileSync('ip', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
}

/** Creates a fresh namespace `nlkb-<run>-<tag>` with lo up; returns its name. */
export function createNetns(tag: string): string {
  const name = `nlkb-${runId}-${tag}`;
  ip(['netns', 'add', name]);
  created.add(name);
  ip(['-n', name, 'link', 'set', 'lo', 'up']);
  return name;
}

/** The path Conn's `netns` option takes for a namespace name. */
export function netnsPath(name: string): string {
  return `/run/netns/${name}`;
}

/** Runs an `ip -batch -` script inside a namespace (the script on stdin). */
export function ipBatch(ns: string, script: string): void {
  ip(['-n', ns, '-batch', '-'], script);
}

/** Removes every route of table main (synchronous, unlike deleting a namespace). */
export function flushMain(ns: string): void {
  ip(['-n', ns, 'route', 'flush', 'table', 'main']);
}

/** Deletes one namespace created here; ignores one that is gone. */
export function deleteNetns(name: string): void {
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  created.delete(name);
}

/** Deletes every namespace this process created. Safe to call twice. */
export function deleteAll(): void {
  for (const name of [...created]) deleteNetns(name);
}

/**
 * Makes sure no namespace of this process survives it: deleteAll on exit
 * (normal end, uncaught error), plus a detached reaper for the ways out
 * that run no JavaScript (signals while blocked in a child, SIGKILL).
 */
export function cleanupOnExit(): void {
  process.on('exit', deleteAll);
  const reaper = join(dirname(fileURLToPath(import.meta.url)), '..', 'reaper.js');
  const child = spawn(process.execPath, [reaper, String(process.pid), `nlkb-${runId}-`], { detached: true, stdio: 'ignore' });
  child.on('error', () => { /* clean-up on exit still runs */ });
  child.unref();
}
