/**
 * Test helpers: fresh network namespaces with unique names, removed even
 * when the test fails, and a root check that skips with a clear message.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';

/** True when running as root (uid 0). */
export const isRoot = process.getuid?.() === 0;

/** Skip message for tests that need root. */
export const ROOT_SKIP = 'needs root (CAP_NET_ADMIN/CAP_SYS_ADMIN) to create network namespaces: run the tests as root';

/** Runs a command, returning stdout; throws with stderr on failure. */
export function sh(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs `ip` inside a namespace: ip -n NS ... */
export function ipn(ns: string, ...args: string[]): string {
  return sh('ip', ['-n', ns, ...args]);
}

/** A network namespace created for one test. */
export interface TestNetns {
  /** Its name (under /run/netns). */
  name: string;
  /** Its path, to pass as Conn's `netns` option. */
  path: string;
}

/** Makes a unique namespace name from a short prefix (test files run in parallel). */
export function uniqueName(prefix: string): string {
  return `nlkt-${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Creates a fresh namespace with lo up. */
export function createNetns(prefix: string): TestNetns {
  const name = uniqueName(prefix);
  sh('ip', ['netns', 'add', name]);
  sh('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return { name, path: `/run/netns/${name}` };
}

/** Deletes a namespace; ignores one that is already gone. */
export function deleteNetns(ns: TestNetns | string): void {
  const name = typeof ns === 'string' ? ns : ns.name;
  try { sh('ip', ['netns', 'del', name]); } catch { /* already gone */ }
}

/**
 * Runs `fn` with a fresh namespace and always deletes it afterwards. Skips
 * the test (with a clear reason) when not root.
 */
export async function withNetns<T>(t: TestContext, prefix: string, fn: (ns: TestNetns) => Promise<T>): Promise<T | undefined> {
  if (!isRoot) { t.skip(ROOT_SKIP); return undefined; }
  const ns = createNetns(prefix);
  try {
    return await fn(ns);
  } finally {
    deleteNetns(ns);
  }
}
