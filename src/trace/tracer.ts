/**
 * createTracer(): a TraceHook (ConnOptions.trace) that describes every
 * message a Conn sends and receives and hands the text or JSON to a sink.
 * Each tracer owns its registry, so generic netlink family ids learned on
 * one Conn's nlctrl traffic name that Conn's later messages.
 */
import type { TraceHook } from '../core/conn.js';
import type { Message } from '../core/message.js';
import { describeMessage, nameMessage } from './describe.js';
import type { DescriberRegistry } from './describer.js';
import { formatText, type TextLevel } from './format-text.js';
import { defaultRegistry } from './registry.js';

/** Options of createTracer. */
export interface TracerOptions {
  /** 'headers' (one line per message, default) or 'full'. */
  level?: TextLevel;
  /** 'text' (default) or 'json' (one JSON object per line). */
  format?: 'text' | 'json';
  /** Only these protocol numbers (default: all). */
  protocols?: readonly number[];
  /**
   * Only messages whose type matches: a number, an exact name
   * ('RTM_NEWLINK'), or the last word of a genl name ('LINKINFO_GET').
   * Default: all.
   */
  types?: readonly (string | number)[];
  /** Receives each rendered message (no trailing newline). */
  write: (text: string) => void;
  /** Describers and learned state (default: a fresh defaultRegistry()). */
  registry?: DescriberRegistry;
}

/** True when a message type name matches a filter entry. */
export function typeMatches(filter: string | number, typeNumber: number, typeName: string): boolean {
  if (typeof filter === 'number') return filter === typeNumber;
  const f = filter.toUpperCase();
  const n = typeName.toUpperCase();
  return f === n || n.endsWith(' ' + f) || f === String(typeNumber);
}

/** Creates a TraceHook. The hook never throws: a failing sink is ignored. */
export function createTracer(opts: TracerOptions): TraceHook {
  const registry = opts.registry ?? defaultRegistry();
  const level = opts.level ?? 'headers';
  const protocols = opts.protocols ? new Set(opts.protocols) : undefined;
  const types = opts.types && opts.types.length ? opts.types : undefined;
  return (direction: 'send' | 'recv', message: Message, protocol: number) => {
    try {
      registry.observe(message, { protocol, direction });
      if (protocols && !protocols.has(protocol)) return;
      if (types) {
        const { type } = nameMessage(message, { protocol, direction, registry });
        if (!types.some((t) => typeMatches(t, message.header.type, type))) return;
      }
      const d = describeMessage(message, protocol, { direction, registry, observe: false });
      opts.write(opts.format === 'json' ? JSON.stringify(level === 'headers' ? headersOnly(d) : d) : formatText(d, level));
    } catch {
      /* tracing must never break the connection */
    }
  };
}

function headersOnly<T extends { header?: unknown; attrs?: unknown; payloadHex?: unknown }>(d: T): T {
  const { header: _h, attrs: _a, payloadHex: _p, ...rest } = d;
  return rest as T;
}
