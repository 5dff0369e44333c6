/**
 * `nlkit conntrack list [--family ipv4|ipv6] [--mark M[/MASK]] [--zone Z]`
 * prints the connection tracking table, one entry per line in the style of
 * `conntrack -L`, or a JSON array with -j. `nlkit conntrack events
 * [--kinds new,update,destroy] [--count K] [--timeout SEC]` prints events
 * as they happen (`conntrack -E` style, or one JSON object per line with
 * -j) until K events, SEC seconds, SIGINT or SIGTERM.
 */
import { Conntrack, type ConntrackEventKind, type ConntrackFilter } from '../netfilter/conntrack.js';
import { ctProtoName, type ConntrackEntry, type CtTuple } from '../netfilter/ct-entry.js';
import { jsonReplacer, printJson, UsageError, type CliIO, type GlobalOptions } from './io.js';

const HELP = 'conntrack list [--family ipv4|ipv6] [--mark M[/MASK]] [--zone Z] | conntrack events [--kinds new,update,destroy] [--count K] [--timeout SEC]';

interface CtArgs {
  filter: ConntrackFilter;
  kinds?: ConntrackEventKind[];
  count?: number;
  timeout?: number;
}

function int(name: string, v: string | undefined, max: number): number {
  if (v === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(v) || Number(v) > max) throw new UsageError(`conntrack: ${name} needs an integer 0..${max}, got ${JSON.stringify(v ?? '')}`);
  return Number(v);
}

function parseArgs(args: string[], opts: GlobalOptions): CtArgs {
  const out: CtArgs = { filter: {} };
  if (opts.family) out.filter.family = opts.family === 4 ? 'ipv4' : 'ipv6';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.replace(/^--?/, '');
    const v = args[i + 1];
    switch (a) {
      case 'family': case 'f':
        if (v !== 'ipv4' && v !== 'ipv6') throw new UsageError(`conntrack: --family needs ipv4 or ipv6, got ${JSON.stringify(v ?? '')}`);
        out.filter.family = v; i++; break;
      case 'mark': case 'm': {
        const [m, mask] = (v ?? '').split('/');
        out.filter.mark = int('--mark', m, 0xffffffff);
        if (mask !== undefined) out.filter.markMask = int('--mark mask', mask, 0xffffffff);
        i++; break;
      }
      case 'zone': case 'w': out.filter.zone = int('--zone', v, 0xffff); i++; break;
      case 'kinds': case 'e': {
        const ks = (v ?? '').split(',');
        for (const k of ks) if (k !== 'new' && k !== 'update' && k !== 'destroy') throw new UsageError(`conntrack: --kinds takes new, update, destroy; got ${JSON.stringify(k)}`);
        out.kinds = ks as ConntrackEventKind[]; i++; break;
      }
      case 'count': case 'c': out.count = int('--count', v, Number.MAX_SAFE_INTEGER); i++; break;
      case 'timeout': out.timeout = int('--timeout', v, 86400 * 365); i++; break;
      default: throw new UsageError(`conntrack: unknown argument ${JSON.stringify(args[i])} (usage: ${HELP})`);
    }
  }
  return out;
}

function tupleText(t: CtTuple): string {
  const parts = [`src=${t.src}`, `dst=${t.dst}`];
  if (t.srcPort !== undefined) parts.push(`sport=${t.srcPort}`);
  if (t.dstPort !== undefined) parts.push(`dport=${t.dstPort}`);
  if (t.icmpType !== undefined) parts.push(`type=${t.icmpType}`, `code=${t.icmpCode ?? 0}`, `id=${t.icmpId ?? 0}`);
  if (t.zone !== undefined) parts.push(`zone=${t.zone}`);
  return parts.join(' ');
}

/** One entry as a `conntrack -L`-style line. */
export function conntrackLine(e: ConntrackEntry): string {
  const proto = e.orig?.proto ?? 0;
  const parts = [`${(e.family === 10 ? 'ipv6' : 'ipv4').padEnd(8)} ${e.family} ${ctProtoName(proto).padEnd(8)} ${proto}`];
  if (e.timeout !== undefined) parts.push(String(e.timeout));
  if (e.tcpState) parts.push(e.tcpState.toUpperCase().replace(/-/g, '_'));
  const counters = (c?: { packets: number | bigint; bytes: number | bigint }) => (c ? ` packets=${c.packets} bytes=${c.bytes}` : '');
  if (e.orig) parts.push(tupleText(e.orig) + counters(e.counters?.orig));
  if (!e.status.includes('seen-reply')) parts.push('[UNREPLIED]');
  if (e.reply) parts.push(tupleText(e.reply) + counters(e.counters?.reply));
  if (e.status.includes('assured')) parts.push('[ASSURED]');
  if (e.mark !== undefined) parts.push(`mark=${e.mark}`);
  if (e.zone !== undefined) parts.push(`zone=${e.zone}`);
  if (e.timestamp?.start !== undefined) parts.push(`start=${new Date(Number(e.timestamp.start / 1_000_000n)).toISOString()}`);
  if (e.timestamp?.stop !== undefined) parts.push(`stop=${new Date(Number(e.timestamp.stop / 1_000_000n)).toISOString()}`);
  if (e.use !== undefined) parts.push(`use=${e.use}`);
  return parts.join(' ');
}

/** Runs `nlkit conntrack list|events …`; returns the exit code. */
export async function runConntrack(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const cmd = args[0] ?? 'list';
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') { io.stdout.write(`usage: nlkit [-n NETNS] [-j] ${HELP}\n`); return 0; }
  const a = parseArgs(args.slice(1), opts);
  const ct = await Conntrack.open({ netns: opts.netns });
  try {
    if ('list'.startsWith(cmd) || cmd === 'show' || cmd === '-L') {
      const entries = await ct.list(a.filter);
      if (opts.json) printJson(io, opts, entries);
      else for (const e of entries) io.stdout.write(conntrackLine(e) + '\n');
      return 0;
    }
    if ('events'.startsWith(cmd) || cmd === '-E' || cmd === 'monitor') {
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const timer = a.timeout ? setTimeout(stop, a.timeout * 1000) : undefined;
      let n = 0;
      try {
        for await (const ev of ct.events({ signal: ac.signal, kinds: a.kinds })) {
          if (ev.kind === 'overrun') { io.stderr.write(`nlkit: conntrack: events were lost (${ev.reason})\n`); continue; }
          if (ev.kind === 'error') { io.stderr.write(`nlkit: conntrack: skipped a message: ${ev.error.message}\n`); continue; }
          const { family, mark, zone } = ev.entry;
          if (a.filter.family && family !== (a.filter.family === 'ipv4' ? 2 : 10)) continue;
          if (a.filter.mark !== undefined && (((mark ?? 0) & (a.filter.markMask ?? 0xffffffff)) >>> 0) !== ((a.filter.mark & (a.filter.markMask ?? 0xffffffff)) >>> 0)) continue;
          if (a.filter.zone !== undefined && (zone ?? 0) !== a.filter.zone) continue;
          io.stdout.write((opts.json ? JSON.stringify({ event: ev.kind, ...ev.entry }, jsonReplacer) : `[${ev.kind.toUpperCase()}] ${conntrackLine(ev.entry)}`) + '\n');
          if (a.count !== undefined && ++n >= a.count) break;
        }
        return 0;
      } finally {
        if (timer) clearTimeout(timer);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    }
    throw new UsageError(`conntrack: unknown command ${JSON.stringify(cmd)} (usage: ${HELP})`);
  } finally {
    ct.close();
  }
}
