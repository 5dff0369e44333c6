/**
 * Turns captured netlink traffic into records of raw bytes, whatever form it
 * came in: plain hex, hex dumps (xxd, hexdump -C, od-like 'offset bytes'
 * lines), strace output (quoted iov_base strings as printed with -xx, or
 * the hex dumps of -e read=all -e write=all) and pcap/pcapng captures.
 * The format is detected from the content unless given. Never throws on
 * bad input: what cannot be read is reported in `warnings`.
 */
import type { InputRecord } from './input-record.js';
import { isPcap, isPcapng, readPcap, readPcapng } from './pcap-read.js';

/** Input formats understood by parseInput. */
export type InputFormat = 'hex' | 'xxd' | 'strace' | 'pcap' | 'pcapng';

/** The result of reading an input. */
export interface ParsedInput {
  format: InputFormat;
  records: InputRecord[];
  warnings: string[];
}

const latin1 = new TextDecoder('latin1');

/** Guesses the format of `input` from its first bytes and lines. */
export function detectFormat(input: Uint8Array): InputFormat {
  if (isPcapng(input)) return 'pcapng';
  if (isPcap(input)) return 'pcap';
  const text = latin1.decode(input.subarray(0, 64 * 1024));
  if (/\b(sendmsg|recvmsg|sendto|recvfrom)\(/.test(text) || /^\s*\|\s+[0-9a-f]{5}\s\s/m.test(text)) return 'strace';
  if (/^\s*[0-9a-f]{6,8}:?\s+[0-9a-f]{2}/im.test(text) && !/^[0-9a-f\s]+$/i.test(text)) return 'xxd';
  return 'hex';
}

/** Reads `input` in `format` (detected when absent). */
export function parseInput(input: Uint8Array, format?: InputFormat): ParsedInput {
  const f = format ?? detectFormat(input);
  switch (f) {
    case 'pcap': return { format: f, ...readPcap(input) };
    case 'pcapng': return { format: f, ...readPcapng(input) };
    case 'strace': return { format: f, ...parseStrace(latin1.decode(input)) };
    case 'xxd': return { format: f, ...parseDump(latin1.decode(input)) };
    default: return { format: 'hex', ...parseHex(latin1.decode(input)) };
  }
}

/** A direction marker at the start of a block ('send:', 'recv', '>', '<'). */
function directionPrefix(line: string): { dir?: 'send' | 'recv'; rest: string } {
  const m = /^\s*(send|recv|>|<)\s*:?\s*/i.exec(line);
  if (!m) return { rest: line };
  const k = m[1]!.toLowerCase();
  return { dir: k === 'send' || k === '>' ? 'send' : 'recv', rest: line.slice(m[0].length) };
}

/**
 * Plain hex: blocks separated by blank lines, each one datagram; '#'
 * comments are ignored; a block may start with 'send'/'recv'.
 */
export function parseHex(text: string): { records: InputRecord[]; warnings: string[] } {
  const records: InputRecord[] = [];
  const warnings: string[] = [];
  const lines = text.split(/\r?\n/);
  let buf = '', start = 0, dir: 'send' | 'recv' | undefined;
  const flush = (lineNo: number) => {
    const clean = buf.replace(/0x/gi, '').replace(/[\s:,]/g, '');
    buf = '';
    if (!clean) return;
    if (!/^[0-9a-f]*$/i.test(clean)) { warnings.push(`lines ${start}-${lineNo}: not hex; skipped`); return; }
    if (clean.length % 2) { warnings.push(`lines ${start}-${lineNo}: odd number of hex digits; last one dropped`); }
    const bytes = new Uint8Array(Math.floor(clean.length / 2));
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.substr(i * 2, 2), 16);
    const rec: InputRecord = { bytes, source: `line ${start}` };
    if (dir) rec.direction = dir;
    records.push(rec);
    dir = undefined;
  };
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '');
    if (!line.trim()) { flush(i); return; }
    if (!buf) {
      start = i + 1;
      const p = directionPrefix(line);
      if (p.dir) dir = p.dir;
      buf += p.rest + ' ';
      return;
    }
    buf += line + ' ';
  });
  flush(lines.length);
  return { records, warnings };
}

/**
 * Parses one hex dump line: an offset, then up to 16 bytes in groups of 1,
 * 2 or 4 bytes, then optional ASCII. Returns undefined for other lines.
 * Groups of 2 or 4 bytes are read in the order printed (xxd's default).
 */
export function parseDumpLine(line: string): { offset: number; bytes: number[] } | undefined {
  const m = /^\s*\|?\s*([0-9a-f]{4,8}):?\s+(.*)$/i.exec(line);
  if (!m) return undefined;
  const bytes: number[] = [];
  for (const tok of m[2]!.split(/\s+/)) {
    if (!tok || tok.length % 2 || tok.length > 8 || !/^[0-9a-f]+$/i.test(tok) || bytes.length + tok.length / 2 > 16) break;
    for (let i = 0; i < tok.length; i += 2) bytes.push(parseInt(tok.slice(i, i + 2), 16));
  }
  return bytes.length ? { offset: parseInt(m[1]!, 16), bytes } : undefined;
}

/** Hex dumps (xxd, hexdump -C): a dump restarting at offset 0 or a blank line starts a new datagram. */
export function parseDump(text: string): { records: InputRecord[]; warnings: string[] } {
  const records: InputRecord[] = [];
  const warnings: string[] = [];
  let cur: number[] = [];
  let start = 0;
  let dir: 'send' | 'recv' | undefined;
  const flush = () => {
    if (cur.length) {
      const rec: InputRecord = { bytes: Uint8Array.from(cur), source: `line ${start}` };
      if (dir) rec.direction = dir;
      records.push(rec);
    }
    cur = [];
    dir = undefined;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) { flush(); return; }
    const p = directionPrefix(raw);
    if (p.dir && !/^\s*[0-9a-f]{4,8}:?\s/i.test(raw)) { flush(); dir = p.dir; return; }
    const d = parseDumpLine(raw);
    if (!d) { warnings.push(`line ${i + 1}: not a hex dump line; skipped`); return; }
    if (d.offset === 0 && cur.length) { const keep = dir; flush(); dir = keep; }
    if (!cur.length) start = i + 1;
    if (d.offset !== cur.length) warnings.push(`line ${i + 1}: offset ${d.offset} where ${cur.length} was expected`);
    cur.push(...d.bytes);
  });
  flush();
  return { records, warnings };
}

/** Decodes a C string body as strace prints it (\xHH, octal, \n, \t, \", …). */
export function unescapeStrace(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (s[i] !== '\\') { out.push(c & 0xff); continue; }
    const n = s[++i];
    if (n === undefined) break;
    if (n === 'x') {
      const h = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))?.[0];
      if (!h) { out.push(0x78); continue; }
      out.push(parseInt(h, 16));
      i += h.length;
    } else if (/[0-7]/.test(n)) {
      const o = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out.push(parseInt(o, 8) & 0xff);
      i += o.length - 1;
    } else {
      const map: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, a: 7, b: 8, e: 27, '\\': 92, '"': 34, "'": 39, '?': 63 };
      out.push(map[n] ?? n.charCodeAt(0));
    }
  }
  return Uint8Array.from(out);
}

const SEND_CALLS = new Set(['sendmsg', 'sendto', 'write', 'sendmmsg', 'writev']);
const RECV_CALLS = new Set(['recvmsg', 'recvfrom', 'read', 'recvmmsg', 'readv']);
const PROTO_NAMES: Record<string, number> = {
  NETLINK_ROUTE: 0, NETLINK_USERSOCK: 2, NETLINK_FIREWALL: 3, NETLINK_SOCK_DIAG: 4, NETLINK_INET_DIAG: 4, NETLINK_NFLOG: 5,
  NETLINK_XFRM: 6, NETLINK_SELINUX: 7, NETLINK_ISCSI: 8, NETLINK_AUDIT: 9, NETLINK_FIB_LOOKUP: 10, NETLINK_CONNECTOR: 11,
  NETLINK_NETFILTER: 12, NETLINK_KOBJECT_UEVENT: 15, NETLINK_GENERIC: 16, NETLINK_CRYPTO: 21,
};

/**
 * strace output. Data comes from quoted iov_base/buffer strings (use -xx
 * -s 65536 so nothing is abbreviated; '...' marks a cut string) or from
 * the hex dumps printed with -e read=all -e write=all. The fd's protocol is
 * taken from socket(AF_NETLINK, …, NETLINK_X) = fd lines when traced.
 * recvmsg calls with MSG_PEEK are dropped when the next read repeats them.
 */
export function parseStrace(text: string): { records: InputRecord[]; warnings: string[] } {
  const records: InputRecord[] = [];
  const warnings: string[] = [];
  const fdProto = new Map<string, number>();
  let call: { name: string; fd: string; peek: boolean; line: number; failed: boolean } | undefined;
  let dump: number[] | undefined;
  let dumpRec: InputRecord | undefined;
  let sawStructured = false;
  let lastPeek: InputRecord | undefined;

  const push = (rec: InputRecord, peek: boolean) => {
    if (lastPeek && !peek && rec.direction === 'recv' && equalBytes(lastPeek.bytes, rec.bytes)) records.splice(records.indexOf(lastPeek), 1);
    records.push(rec);
    lastPeek = peek ? rec : undefined;
  };
  const endDump = () => {
    if (dump && dumpRec && dump.length) {
      dumpRec.bytes = Uint8Array.from(dump);
      push(dumpRec, call?.peek ?? false);
    }
    dump = undefined;
    dumpRec = undefined;
  };

  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\[pid\s+\d+\]\s*/, '').replace(/^\d+\s+/, '').replace(/^[\d:.]+\s+/, '');
    const dl = /^\s*\|\s*[0-9a-f]{5}\s/.test(line) ? parseDumpLine(line) : undefined;
    if (dl) {
      if (!dump) {
        dump = [];
        dumpRec = { bytes: new Uint8Array(0), source: `line ${i + 1}` };
        if (call) {
          dumpRec.direction = SEND_CALLS.has(call.name) ? 'send' : 'recv';
          const p = fdProto.get(call.fd);
          if (p !== undefined) dumpRec.protocol = p;
        }
      }
      dump.push(...dl.bytes);
      return;
    }
    if (/^\s*\*\s+\d+\s+bytes in buffer/.test(line)) return; // a dump follows
    endDump();
    const sock = /socket\((?:AF_NETLINK|PF_NETLINK|0x10|16),\s*[^,]+,\s*([A-Z_]+|0x[0-9a-f]+|\d+)\)\s*=\s*(\d+)/.exec(line);
    if (sock) {
      const p = PROTO_NAMES[sock[1]!] ?? (/^(0x[0-9a-f]+|\d+)$/.test(sock[1]!) ? Number(sock[1]) : undefined);
      if (p !== undefined) fdProto.set(sock[2]!, p);
      return;
    }
    const c = /^\s*(?:<\.\.\.\s*)?(\w+)(?:\(|\s+resumed>)\s*(\w*)/.exec(line);
    if (!c || (!SEND_CALLS.has(c[1]!) && !RECV_CALLS.has(c[1]!))) return;
    const resumed = /resumed>/.test(line);
    const ret = /\)\s*=\s*(-?\w+)/.exec(line);
    call = {
      name: c[1]!, fd: resumed && call ? call.fd : String(parseInt(c[2]!, c[2]!.startsWith('0x') ? 16 : 10)), line: i + 1,
      peek: /MSG_PEEK/.test(line) || isPeekFlags(line), failed: ret ? ret[1]!.startsWith('-') : false,
    };
    if (call.failed) return;
    if (/\{nlmsg_len=/.test(line)) { sawStructured = true; return; }
    // quoted data: iov_base="…" (sendmsg/recvmsg) or the buffer argument of sendto/recvfrom/write/read
    const strs = [...line.matchAll(/"((?:[^"\\]|\\.)*)"(\.\.\.)?/g)];
    if (!strs.length) return;
    const parts = strs.map((m) => unescapeStrace(m[1]!));
    const total = parts.reduce((n, p) => n + p.length, 0);
    const bytes = new Uint8Array(total);
    let off = 0;
    for (const p of parts) { bytes.set(p, off); off += p.length; }
    const rec: InputRecord = { bytes, direction: SEND_CALLS.has(call.name) ? 'send' : 'recv', source: `line ${i + 1}` };
    const p = fdProto.get(call.fd);
    if (p !== undefined) rec.protocol = p;
    if (strs.some((m) => m[2])) { rec.truncated = true; warnings.push(`line ${i + 1}: strace cut the data short ('...'); rerun with -s 65536`); }
    push(rec, call.peek);
  });
  endDump();
  if (!records.length && sawStructured) {
    warnings.push('strace decoded the netlink messages itself and printed no raw bytes: rerun strace with `-e read=all -e write=all` to get hex dumps of the data');
  }
  return { records, warnings };
}

/** A numeric flags argument (strace -X raw) with MSG_PEEK (0x2) set. */
function isPeekFlags(line: string): boolean {
  const m = /,\s*(0x[0-9a-f]+|\d+)\)\s*=/.exec(line);
  return m !== null && (Number(m[1]) & 2) !== 0;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
