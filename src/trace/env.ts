/**
 * The NLDEBUG environment variable: parse it into tracer options, and
 * build the tracer it asks for (writing to stderr or a file).
 *
 *   NLDEBUG=1                      headers of every message, text, stderr
 *   NLDEBUG=2                      the same with full attribute trees
 *   NLDEBUG=level=full,format=json,protocol=route,type=RTM_NEWLINK|RTM_DELLINK,file=/tmp/nl.log
 *
 * Keys: level (headers|full), format (text|json), protocol (names such as
 * route, generic, netfilter, or numbers; several separated by '|' or '+'),
 * type (names or numbers, same separators), file (append to this path).
 */
import { openSync, writeSync } from 'node:fs';
import type { TraceHook } from '../core/conn.js';
import { Protocol } from '../core/constants.js';
import { createTracer, type TracerOptions } from './tracer.js';

/** What NLDEBUG asks for. */
export interface NldebugConfig {
  level: 'headers' | 'full';
  format: 'text' | 'json';
  protocols?: number[];
  types?: (string | number)[];
  /** Output file (appended to); stderr when absent. */
  file?: string;
  /** Parts of the value that were not understood (reported once, then ignored). */
  warnings: string[];
}

/** Resolves a protocol name ('route', 'NETLINK_ROUTE', 'sock_diag', 'generic', '16') to its number. */
export function protocolNumber(name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  const key = name.toLowerCase().replace(/^netlink_/, '').replace(/_/g, '');
  for (const [k, v] of Object.entries(Protocol)) if (k.toLowerCase() === key) return v;
  const aliases: Record<string, number> = { rtnetlink: 0, genetlink: 16, genl: 16, inetdiag: 4, nfnetlink: 12, uevent: 15 };
  return aliases[key];
}

/**
 * Parses an NLDEBUG value. Returns undefined when tracing is off (unset,
 * empty, '0'). Never throws: parts not understood land in `warnings`.
 */
export function parseNldebug(value: string | undefined): NldebugConfig | undefined {
  const v = (value ?? '').trim();
  if (v === '' || v === '0') return undefined;
  const cfg: NldebugConfig = { level: 'headers', format: 'text', warnings: [] };
  if (v === '1') return cfg;
  if (v === '2') { cfg.level = 'full'; return cfg; }
  for (const part of v.split(',')) {
    const p = part.trim();
    if (!p || p === '1') continue;
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq).trim().toLowerCase();
    const val = eq < 0 ? '' : p.slice(eq + 1).trim();
    const list = val.split(/[|+]/).map((s) => s.trim()).filter(Boolean);
    switch (key) {
      case 'level':
        if (val === 'headers' || val === 'full') cfg.level = val;
        else cfg.warnings.push(`level=${val} (expected headers or full)`);
        break;
      case 'format':
        if (val === 'text' || val === 'json') cfg.format = val;
        else cfg.warnings.push(`format=${val} (expected text or json)`);
        break;
      case 'protocol': {
        const nums: number[] = [];
        for (const n of list) {
          const x = protocolNumber(n);
          if (x === undefined) cfg.warnings.push(`protocol=${n} (unknown protocol)`);
          else nums.push(x);
        }
        if (nums.length) cfg.protocols = nums;
        break;
      }
      case 'type':
        if (list.length) cfg.types = list.map((t) => (/^\d+$/.test(t) ? Number(t) : /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : t));
        break;
      case 'file':
        if (val) cfg.file = val;
        else cfg.warnings.push('file= needs a path');
        break;
      default:
        cfg.warnings.push(`${p} (unknown setting)`);
    }
  }
  return cfg;
}

/** Where the tracer writes: stderr, or a file opened for appending on first use. */
function fileSink(path: string | undefined): (text: string) => void {
  let fd: number | undefined;
  return (text: string) => {
    if (path === undefined) { writeSync(2, text + '\n'); return; }
    // opened on first use and left open: the operating system closes it at exit
    if (fd === undefined) fd = openSync(path, 'a');
    writeSync(fd, text + '\n');
  };
}

/**
 * Returns a TraceHook configured by `env.NLDEBUG`, or undefined when it is
 * unset, empty or '0'. Warnings about settings not understood are written
 * once to the tracer's output. Every call returns a new tracer with its own
 * registry (one per Conn).
 */
export function traceFromEnv(env: Record<string, string | undefined> = process.env, write?: (text: string) => void): TraceHook | undefined {
  const cfg = parseNldebug(env.NLDEBUG);
  if (!cfg) return undefined;
  const sink = write ?? fileSink(cfg.file);
  for (const w of cfg.warnings) {
    try { sink(`nlkit NLDEBUG: ignored ${w}`); } catch { /* no output */ }
  }
  const opts: TracerOptions = { level: cfg.level, format: cfg.format, write: sink };
  if (cfg.protocols) opts.protocols = cfg.protocols;
  if (cfg.types) opts.types = cfg.types;
  return createTracer(opts);
}
