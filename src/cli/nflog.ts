/**
 * `nlkit nflog --group N [--count K] [--copy packet|meta|none] [--range BYTES] [--timeout SEC]`:
 * prints the packets firewall rules log to an NFLOG group, one line each
 * (prefix, interfaces, mark, length and, for IP packets, source > destination
 * and protocol) or one JSON object per line with -j. Stops after K packets,
 * after SEC seconds, or on SIGINT/SIGTERM. With -4 or -6 only packets of
 * that family are printed.
 */
import { Nflog } from '../netfilter/nflog.js';
import type { NflogPacket } from '../netfilter/nflog-packet.js';
import type { CopyMode } from '../netfilter/options.js';
import { hookName } from '../netfilter/constants.js';
import { ipProtocolName, summarizeIp } from '../netfilter/ip-header.js';
import { jsonReplacer, UsageError, type CliIO, type GlobalOptions } from './io.js';

interface NflogArgs {
  group: number;
  count?: number;
  copy: CopyMode;
  range?: number;
  timeout?: number;
}

const HELP = 'nflog --group N [--count K] [--copy packet|meta|none] [--range BYTES] [--timeout SEC]';

function parseArgs(args: string[]): NflogArgs {
  const out: Partial<NflogArgs> = { copy: 'packet' };
  const int = (name: string, v: string | undefined, min: number, max: number): number => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`nflog: ${name} needs an integer ${min}..${max}, got ${JSON.stringify(v ?? '')}`);
    return Number(v);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.replace(/^--?/, '');
    const v = args[i + 1];
    switch (a) {
      case 'group': case 'g': out.group = int('--group', v, 0, 0xffff); i++; break;
      case 'count': case 'c': out.count = int('--count', v, 1, Number.MAX_SAFE_INTEGER); i++; break;
      case 'range': out.range = int('--range', v, 0, 0xffff); i++; break;
      case 'timeout': out.timeout = int('--timeout', v, 1, 86400 * 365); i++; break;
      case 'copy':
        if (v !== 'packet' && v !== 'meta' && v !== 'none') throw new UsageError(`nflog: --copy needs packet, meta or none, got ${JSON.stringify(v ?? '')}`);
        out.copy = v; i++; break;
      case 'help': case 'h': throw new UsageError(`usage: nlkit [-n NETNS] [-j] ${HELP}`);
      default: throw new UsageError(`nflog: unknown argument ${JSON.stringify(args[i])} (usage: ${HELP})`);
    }
  }
  if (out.group === undefined) throw new UsageError(`nflog: --group is required (usage: ${HELP})`);
  return out as NflogArgs;
}

/** One packet as the JSON line printed with -j. */
export function nflogJson(p: NflogPacket): Record<string, unknown> {
  const ip = summarizeIp(p.payload);
  return {
    group: p.group, family: p.family, hook: hookName(p.hook), hw_protocol: p.hwProtocol, prefix: p.prefix,
    indev: p.indev, outdev: p.outdev, physindev: p.physindev, physoutdev: p.physoutdev, mark: p.mark,
    uid: p.uid, gid: p.gid, seq: p.seq, seq_global: p.seqGlobal,
    timestamp: p.timestamp ? p.timestamp.date.toISOString() : undefined,
    len: ip?.length ?? p.payload.length, caplen: p.payload.length,
    src: ip?.src, dst: ip?.dst, protocol: ip ? ipProtocolName(ip.protocol) : undefined,
  };
}

/** One packet as the text line printed without -j. */
export function nflogLine(p: NflogPacket): string {
  const parts: string[] = [];
  if (p.prefix) parts.push(`prefix ${JSON.stringify(p.prefix)}`);
  parts.push(`in ${p.indev ?? '-'}`, `out ${p.outdev ?? '-'}`);
  if (p.mark) parts.push(`mark 0x${p.mark.toString(16)}`);
  const ip = summarizeIp(p.payload);
  parts.push(`len ${ip?.length ?? p.payload.length}`);
  if (ip) parts.push(`${ip.src} > ${ip.dst} ${ipProtocolName(ip.protocol)}`);
  return parts.join(' ');
}

/** Runs `nlkit nflog …`; returns the exit code (0 after the last packet, the timeout or a signal). */
export async function runNflog(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const a = parseArgs(args);
  const log = await Nflog.open({ group: a.group, netns: opts.netns, copyMode: a.copy, copyRange: a.range });
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const timer = a.timeout ? setTimeout(stop, a.timeout * 1000) : undefined;
  let n = 0;
  try {
    for await (const ev of log.packets({ signal: ac.signal })) {
      if (ev.kind === 'overrun') { io.stderr.write(`nlkit: nflog: packets were lost (${ev.reason})\n`); continue; }
      if (ev.kind === 'error') { io.stderr.write(`nlkit: nflog: skipped a message: ${ev.error.message}\n`); continue; }
      if (opts.family && ev.family !== (opts.family === 4 ? 2 : 10)) continue; // -4 / -6
      io.stdout.write((opts.json ? JSON.stringify(nflogJson(ev), jsonReplacer) : nflogLine(ev)) + '\n');
      if (a.count !== undefined && ++n >= a.count) break;
    }
    return 0;
  } finally {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await log.close();
  }
}
