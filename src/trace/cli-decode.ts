/**
 * `nlkit decode`: reads netlink messages from a file or stdin (hex, hex
 * dumps, strace output, pcap/pcapng) and prints them like the tracer.
 */
import { readFile } from 'node:fs/promises';
import { describeMessage } from './describe.js';
import { parseInput, type InputFormat } from './decode-input.js';
import { protocolNumber } from './env.js';
import { formatText, type TextLevel } from './format-text.js';
import { toHex } from './hex.js';
import { defaultRegistry } from './registry.js';
import { splitMessages } from './split.js';

/** Streams runDecode uses; process.stdin/stdout/stderr fit. */
export interface DecodeIO {
  stdin: AsyncIterable<string | Uint8Array>;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Usage text of `nlkit decode`. */
export const DECODE_USAGE = `usage: nlkit decode [options] [FILE|-]

Reads netlink messages and prints them decoded. FILE defaults to stdin.

  -f, --format FMT     auto (default), hex, xxd, strace, pcap, pcapng
  -p, --protocol P     protocol when the input does not say: route (default),
                       generic, netfilter, sock_diag, … or a number
  -l, --level LEVEL    full (default) or headers
  -j, --json           one JSON object per message
  -h, --help           this text

Inputs: plain hex (blank lines separate datagrams; a block may start with
send/recv), xxd or hexdump -C dumps, strace output (run strace with
-e trace=sendmsg,recvmsg -e read=all -e write=all, or -xx -s 65536 where it
prints iov_base strings), pcap/pcapng with LINKTYPE_NETLINK (tcpdump -i nlmon0)
or Linux cooked captures of netlink.
`;

const FORMATS = new Set(['auto', 'hex', 'xxd', 'strace', 'pcap', 'pcapng']);

interface Args { file?: string; format: string; protocol?: number; level: TextLevel; json: boolean; help: boolean }

function parseArgs(argv: readonly string[]): Args | string {
  const a: Args = { format: 'auto', level: 'full', json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '-h': case '--help': a.help = true; break;
      case '-j': case '--json': a.json = true; break;
      case '-f': case '--format': {
        const v = value();
        if (!v || !FORMATS.has(v)) return `unknown format ${JSON.stringify(v ?? '')} (expected ${[...FORMATS].join(', ')})`;
        a.format = v;
        break;
      }
      case '-p': case '--protocol': {
        const v = value();
        const p = v === undefined ? undefined : protocolNumber(v);
        if (p === undefined || p < 0 || p > 31) return `unknown protocol ${JSON.stringify(v ?? '')}`;
        a.protocol = p;
        break;
      }
      case '-l': case '--level': {
        const v = value();
        if (v !== 'full' && v !== 'headers') return `level must be full or headers, got ${JSON.stringify(v ?? '')}`;
        a.level = v;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') return `unknown option ${arg}`;
        if (a.file !== undefined) return 'only one input file can be given';
        a.file = arg;
    }
  }
  return a;
}

async function readAll(src: AsyncIterable<string | Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of src) parts.push(typeof c === 'string' ? new TextEncoder().encode(c) : c);
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

/**
 * Runs `nlkit decode` with `argv` (the arguments after 'decode'). Returns
 * the exit status: 0 when at least one message was decoded, 1 when the
 * input could not be read or held no message, 2 for usage errors.
 */
export async function runDecode(argv: string[], io: DecodeIO): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') { io.stderr.write(`nlkit decode: ${args}\n${DECODE_USAGE}`); return 2; }
  if (args.help) { io.stdout.write(DECODE_USAGE); return 0; }
  let input: Uint8Array;
  try {
    input = args.file === undefined || args.file === '-' ? await readAll(io.stdin) : new Uint8Array(await readFile(args.file));
  } catch (e) {
    io.stderr.write(`nlkit decode: cannot read ${args.file ?? 'stdin'}: ${(e as Error).message}\n`);
    return 1;
  }
  const parsed = parseInput(input, args.format === 'auto' ? undefined : (args.format as InputFormat));
  for (const w of parsed.warnings) io.stderr.write(`nlkit decode: ${w}\n`);
  const registry = defaultRegistry();
  let count = 0;
  for (const rec of parsed.records) {
    const protocol = rec.protocol ?? args.protocol ?? 0;
    const { messages, leftover } = splitMessages(rec.bytes);
    for (const m of messages) {
      count++;
      const d = describeMessage(m, protocol, { direction: rec.direction, registry });
      if (args.json) io.stdout.write(JSON.stringify(rec.source ? { source: rec.source, ...d } : d) + '\n');
      else io.stdout.write(formatText(d, args.level) + '\n');
    }
    if (leftover) {
      const what = `${rec.source ?? 'input'}: ${rec.truncated ? 'cut short by the source; ' : ''}unparsed bytes at offset ${leftover.offset} (${leftover.reason})`;
      if (args.json) io.stdout.write(JSON.stringify({ source: rec.source, malformed: leftover.reason, offset: leftover.offset, hex: toHex(leftover.bytes) }) + '\n');
      else io.stdout.write(`malformed ${what}\n  hex ${toHex(leftover.bytes)}\n`);
    }
  }
  if (count === 0) {
    io.stderr.write(`nlkit decode: no netlink message found in the ${parsed.format} input\n`);
    return 1;
  }
  return 0;
}
