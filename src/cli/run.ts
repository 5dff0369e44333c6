/**
 * Argument parsing and dispatch for the `nlkit` command. Exit codes: 0 ok,
 * 1 the operation failed (kernel or system error), 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import { runAddr } from './addr.js';
import { runConntrack } from './conntrack.js';
import { runNft } from './nft.js';
import { runGenl } from './genl.js';
import { runLink } from './link.js';
import { runMonitor } from './monitor.js';
import { runNeigh } from './neigh.js';
import { runNflog } from './nflog.js';
import { runRoute } from './route.js';
import { runRule } from './rule.js';
import { runYnl } from './ynl.js';
import { runDecode } from '../trace/cli-decode.js';
import { netnsPath, UsageError, type CliIO, type GlobalOptions } from './io.js';

/** One OBJECT of the command line and the function that runs it. */
export interface CliObject {
  /** Full name ('link'); any prefix of it that is unambiguous in the table order is accepted, like ip's. */
  name: string;
  /** One-line help. */
  help: string;
  run(args: string[], opts: GlobalOptions, io: CliIO): Promise<number>;
}

const USAGE = `Usage: nlkit [OPTIONS] OBJECT [COMMAND [ARGS]]
OPTIONS: -n, --netns NAME|PATH   work in a network namespace
         -j, --json              JSON output     -p, --pretty   indented JSON
         -4 | -6                 address family  -h, --help     this text
         -V, --version
OBJECTS:
`;

/** Builds the object table; more objects are appended as the layers grow. */
export function cliObjects(): CliObject[] {
  return [
    { name: 'link', help: 'network interfaces: show, add, set, del', run: runLink },
    { name: 'address', help: 'addresses: show, add, del, replace', run: runAddr },
    { name: 'route', help: 'routes: show, get, add, replace, append, del', run: runRoute },
    { name: 'neighbour', help: 'neighbour (ARP/NDP) entries: show, add, del, replace', run: runNeigh },
    { name: 'rule', help: 'routing policy rules: show, add, del', run: runRule },
    { name: 'monitor', help: 'print link/addr/route/neigh/rule events', run: runMonitor },
    { name: 'nflog', help: 'packets logged to an NFLOG group: nflog --group N [--count K] [--copy packet|meta|none] [--range BYTES] [--timeout SEC]', run: runNflog },
    { name: 'conntrack', help: 'connection tracking table: list [--family ipv4|ipv6] [--mark M[/MASK]] [--zone Z], events [--kinds new,update,destroy] [--count K] [--timeout SEC]', run: runConntrack },
    { name: 'nft', help: 'nftables ruleset: list [ruleset|tables|chains|rules|sets] [--family F] [--table T]', run: runNft },
    { name: 'genl', help: 'generic netlink families: list', run: runGenl },
    {
      name: 'decode',
      help: 'decode netlink messages from hex, xxd, strace or pcap input: decode [-f FORMAT] [-p PROTOCOL] [-l headers|full] [FILE]',
      run: (args, opts, io) => runDecode(opts.json ? ['--json', ...args] : args, { stdin: io.stdin ?? process.stdin, stdout: io.stdout, stderr: io.stderr }),
    },
    { name: 'ynl', help: 'any family from its YNL spec: --family F|--spec FILE --do|--dump OP [--json J]', run: runYnl },
  ];
}

/** Parses global options and runs the command; returns the exit code, never throws. */
export async function runCli(argv: string[], io: CliIO, objects: CliObject[] = cliObjects()): Promise<number> {
  const opts: GlobalOptions = { json: false, pretty: false };
  let i = 0;
  try {
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (!a.startsWith('-') || a === '-') break;
      switch (a) {
        case '-n': case '--netns': case '-netns': {
          const v = argv[++i];
          if (!v) throw new UsageError(`${a} needs a namespace name or path`);
          opts.netns = netnsPath(v);
          break;
        }
        case '-j': case '--json': case '-json': opts.json = true; break;
        case '-p': case '--pretty': case '-pretty': opts.pretty = true; break;
        case '-4': opts.family = 4; break;
        case '-6': opts.family = 6; break;
        case '-h': case '--help': case '-help':
          io.stdout.write(usage(objects));
          return 0;
        case '-V': case '--version': case '-Version': {
          const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
          io.stdout.write(`nlkit ${pkg.version}\n`);
          return 0;
        }
        default:
          if (a.startsWith('-j') && a.length > 2 && /^-[jp4-6]+$/.test(a)) {
            for (const c of a.slice(1)) {
              if (c === 'j') opts.json = true; else if (c === 'p') opts.pretty = true; else opts.family = c === '4' ? 4 : 6;
            }
            break;
          }
          throw new UsageError(`unknown option ${a}`);
      }
    }
    const word = argv[i];
    if (!word) {
      io.stderr.write(usage(objects));
      return 2;
    }
    const obj = objects.find((o) => o.name === word) ?? objects.find((o) => o.name.startsWith(word)) ?? (word === 'neighbor' ? objects.find((o) => o.name === 'neighbour') : undefined);
    if (!obj) throw new UsageError(`unknown object ${JSON.stringify(word)}; try one of: ${objects.map((o) => o.name).join(', ')}`);
    return await obj.run(argv.slice(i + 1), opts, io);
  } catch (e) {
    return reportError(e, io);
  }
}

function usage(objects: CliObject[]): string {
  return USAGE + objects.map((o) => `  ${o.name.padEnd(9)} ${o.help}\n`).join('');
}

/** Prints an error the way a user can act on it; returns the exit code. */
export function reportError(e: unknown, io: CliIO): number {
  // argument validation in the library (bad address, unknown flag…) is a usage error too
  if (e instanceof UsageError || e instanceof TypeError || e instanceof RangeError) {
    io.stderr.write(`nlkit: ${e.message}\n(see nlkit --help)\n`);
    return 2;
  }
  const err = e as Error & { code?: string };
  io.stderr.write(`nlkit: ${err?.message ?? String(e)}\n`);
  return 1;
}
