/**
 * Text rendering of a DescribedMessage. The first line always fits one
 * message; level 'full' adds indented lines for the fixed header, the
 * error, the attribute tree and any raw bytes. Output is deterministic.
 */
import type { DescribedAttr, DescribedMessage } from './model.js';

/** How much to print: 'headers' (one line) or 'full'. */
export type TextLevel = 'headers' | 'full';

/** Hex longer than this many bytes is cut in text output (JSON keeps it all). */
const HEX_TEXT_MAX = 128;

function hexText(hex: string): string {
  const bytes = hex.length / 2;
  return bytes > HEX_TEXT_MAX ? `${hex.slice(0, HEX_TEXT_MAX * 2)}… (${bytes} bytes)` : hex;
}

function valueText(a: DescribedAttr): string {
  if (a.value === undefined) return '';
  const v = typeof a.value === 'string' ? JSON.stringify(a.value) : String(a.value);
  if (a.display === undefined) return v;
  return a.display === a.value ? a.display : `${a.display} (${v})`;
}

function attrLines(attrs: readonly DescribedAttr[], indent: string, out: string[]): void {
  for (const a of attrs) {
    const name = a.name ?? (a.type < 0 ? 'trailing' : `type ${a.type}`);
    if (a.items) {
      out.push(a.items.length ? `${indent}${name}` : `${indent}${name} (empty)`);
      attrLines(a.items, indent + '  ', out);
      continue;
    }
    let line = `${indent}${name}`;
    if (a.value !== undefined) line += ` ${valueText(a)}`;
    else if (a.hex !== undefined) line += a.hex.length ? ` hex ${hexText(a.hex)}` : ' (empty)';
    if (a.note) line += ` (${a.note})`;
    out.push(line);
  }
}

/** The one-line summary of a message. */
export function headerLine(d: DescribedMessage): string {
  const parts = [d.direction, d.protocol, d.type, `flags=${d.flags}`, `seq=${d.seq}`, `port=${d.portId}`, `len=${d.length}`];
  if (d.group) parts.push(`group=${d.group}`);
  return parts.filter((p) => p !== undefined && p !== '').join(' ');
}

/** Renders a described message as text lines joined with '\n' (no trailing newline). */
export function formatText(d: DescribedMessage, level: TextLevel = 'full'): string {
  const out = [headerLine(d)];
  if (level === 'headers') return out[0]!;
  if (d.header) {
    out.push(`  ${d.header.struct} ${d.header.fields.map((f) => `${f.name}=${f.display ?? f.value}`).join(' ')}`);
  }
  if (d.error) {
    const e = d.error;
    if (e.errno === 0) {
      if (e.request) out.push(`  ack for ${e.request.typeName} seq=${e.request.seq}`);
    } else {
      out.push(`  error ${e.code} (errno ${e.errno}): ${e.description}`);
    }
    if (e.extAck) {
      const x = e.extAck;
      const bits: string[] = [];
      if (x.message !== undefined) bits.push(`message=${JSON.stringify(x.message)}`);
      if (x.offset !== undefined) bits.push(`offset=${x.offset}`);
      if (x.missingType !== undefined) bits.push(`missing-type=${x.missingType}`);
      if (x.missingNest !== undefined) bits.push(`missing-nest=${x.missingNest}`);
      if (x.cookieHex !== undefined) bits.push(`cookie=${x.cookieHex}`);
      if (x.policyHex !== undefined) bits.push(`policy=${hexText(x.policyHex)}`);
      out.push(`  ext-ack ${bits.join(' ')}`);
    }
    if (e.request && e.errno !== 0) {
      const r = e.request;
      out.push(`  request ${r.typeName} flags=${r.flags} seq=${r.seq} port=${r.portId} len=${r.length}`);
    }
  }
  if (d.attrs) attrLines(d.attrs, '  ', out);
  if (d.payloadHex) out.push(`  payload hex ${hexText(d.payloadHex)}`);
  for (const p of d.problems ?? []) out.push(`  problem: ${p}`);
  return out.join('\n');
}
