/**
 * Namespace reaper, started detached by lib/netns.ts:
 *
 *   node dist/bench/reaper.js PARENT_PID PREFIX
 *
 * Waits for the parent benchmark process to end, however it ends (a
 * signal, even SIGKILL), then deletes every namespace whose name starts
 * with PREFIX. Ignores SIGINT/SIGTERM/SIGHUP so a Ctrl-C that stops the
 * benchmark does not stop the clean-up.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const [ppidArg, prefix] = process.argv.slice(2);
const ppid = Number(ppidArg);
if (!ppid || !prefix || !prefix.startsWith('nlkb-')) process.exit(2);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => {});

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

const timer = setInterval(() => {
  if (alive(ppid)) return;
  clearInterval(timer);
  let names: string[] = [];
  try { names = readdirSync('/run/netns').filter((n) => n.startsWith(prefix)); } catch { /* no namespaces at all */ }
  for (const n of names) spawnSync('ip', ['netns', 'del', n], { stdio: 'ignore' });
}, 250);
