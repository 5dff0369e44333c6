#!/usr/bin/env node
/**
 * The `nlkit` command: `nlkit [-n NETNS] [-j [-p]] [-4|-6] OBJECT [COMMAND] [ARGS…]`,
 * in the spirit of iproute2's `ip`.
 */
import { runCli } from './run.js';

// `nlkit … | head`: a closed pipe ends the output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
