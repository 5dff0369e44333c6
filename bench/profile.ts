/**
 * Prints where the time goes in .cpuprofile files (see lib/profile.ts):
 *
 *   node dist/bench/profile.js FILE.cpuprofile…
 *
 * run.js --profile writes such files for every worker (under
 * dist/bench-prof/) and prints the same summary.
 */
import { summarise, summaryText } from './lib/profile.js';

for (const f of process.argv.slice(2)) console.log(summaryText(f, summarise(f)) + '\n');
