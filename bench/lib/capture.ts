/**
 * Captures real dump bytes for the codec micro-benchmarks: every reply
 * message of a dump, re-encoded with its header and packed into
 * datagram-sized chunks (≤ 32 KiB, as the kernel sends them). Stored as
 * [u32 length][bytes]… so later runs can reuse a capture.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Conn, Protocol, encodeMessage, type Message } from '../../src/index.js';
import { RT, linkData, routeDumpData } from './rtnl.js';

const CHUNK = 32 * 1024;

/** Which dump to capture. */
export type CaptureKind = 'routes' | 'links';

/** Runs the dump of `kind` in a namespace and returns its messages packed into datagram-sized chunks. */
export async function captureDump(nsPath: string, kind: CaptureKind): Promise<Uint8Array[]> {
  const conn = Conn.openSync(Protocol.Route, { netns: nsPath, receiveBufferSize: 4 << 20 });
  const msgs: Uint8Array[] = [];
  try {
    const req = kind === 'routes' ? { header: { type: RT.GETROUTE }, data: routeDumpData() } : { header: { type: RT.GETLINK }, data: linkData(0) };
    await conn.dumpEach(req, (m: Message) => { msgs.push(encodeMessage({ header: { ...m.header }, data: m.data.slice() })); });
  } finally {
    conn.close();
  }
  const out: Uint8Array[] = [];
  let cur: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    const b = new Uint8Array(size);
    let o = 0;
    for (const m of cur) { b.set(m, o); o += m.length; }
    out.push(b);
    cur = []; size = 0;
  };
  for (const m of msgs) {
    if (size + m.length > CHUNK && size) flush();
    cur.push(m); size += m.length;
  }
  if (size) flush();
  return out;
}

/** Writes chunks to a file. */
export function saveCapture(path: string, chunks: readonly Uint8Array[]): void {
  mkdirSync(dirname(path), { recursive: true });
  let total = 0;
  for (const c of chunks) total += 4 + c.length;
  const buf = new Uint8Array(total);
  const dv = new DataView(buf.buffer);
  let o = 0;
  for (const c of chunks) { dv.setUint32(o, c.length, true); buf.set(c, o + 4); o += 4 + c.length; }
  writeFileSync(path, buf);
}

/** Reads chunks written by saveCapture, or undefined when the file is missing. */
export function loadCapture(path: string): Uint8Array[] | undefined {
  if (!existsSync(path)) return undefined;
  const buf = new Uint8Array(readFileSync(path));
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Uint8Array[] = [];
  for (let o = 0; o + 4 <= buf.length;) {
    const len = dv.getUint32(o, true);
    out.push(buf.slice(o + 4, o + 4 + len));
    o += 4 + len;
  }
  return out;
}
