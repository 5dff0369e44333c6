/**
 * Codec micro-benchmark cases over captured dump bytes. Each case does one
 * pass over the data and returns how many units it processed (messages or
 * attributes), plus a checksum so the work cannot be optimised away.
 */
import { AttrDecoder, AttrEncoder, encodeMessage, forEachMessage, type Message } from '../src/index.js';
import { acc, decodeLink, decodeRoute, routeAddData } from './lib/rtnl.js';

/** One micro-benchmark: `pass` processes the data once and returns [units, checksum]. */
export interface MicroCase { name: string; unit: string; pass: () => [number, number] }

const RTMSG_LEN = 12;
const IFINFOMSG_LEN = 16;

/** Parses every chunk into messages once, returning them (the other cases start from these). */
export function messagesOf(chunks: readonly Uint8Array[]): Message[] {
  const out: Message[] = [];
  for (const c of chunks) forEachMessage(c, (m) => { out.push(m); });
  return out;
}

/** Walks every attribute and reads it with a typed getter (u32 for 4-byte payloads, else a view). */
function walk(msgs: readonly Message[], fixed: number): [number, number] {
  let n = 0, sum = 0;
  for (const m of msgs) {
    const ad = new AttrDecoder(m.data.subarray(fixed));
    while (ad.next()) {
      n++;
      sum += ad.length === 4 ? ad.u32() : ad.value().length;
    }
  }
  return [n, sum];
}

/** Re-encodes every message's attributes with AttrEncoder (u32 for 4-byte payloads, bytes otherwise). */
function reencode(msgs: readonly Message[], fixed: number): [number, number] {
  let n = 0, sum = 0;
  for (const m of msgs) {
    const e = new AttrEncoder(m.data.length);
    const ad = new AttrDecoder(m.data.subarray(fixed));
    while (ad.next()) {
      n++;
      if (ad.length === 4) e.u32(ad.rawType, ad.u32());
      else e.bytes(ad.rawType, ad.value());
    }
    sum += e.finish().length;
  }
  return [n, sum];
}

/** The cases for a route capture and a link capture. */
export function microCases(routeChunks: readonly Uint8Array[], linkChunks: readonly Uint8Array[]): MicroCase[] {
  const routes = messagesOf(routeChunks);
  const links = messagesOf(linkChunks);
  const parse = (chunks: readonly Uint8Array[]) => (): [number, number] => {
    let n = 0, sum = 0;
    for (const c of chunks) forEachMessage(c, (m) => { n++; sum += m.header.type; });
    return [n, sum];
  };
  return [
    { name: 'forEachMessage, route dump', unit: 'messages', pass: parse(routeChunks) },
    { name: 'forEachMessage, link dump', unit: 'messages', pass: parse(linkChunks) },
    { name: 'AttrDecoder walk + typed read, route dump', unit: 'attributes', pass: () => walk(routes, RTMSG_LEN) },
    { name: 'AttrDecoder walk + typed read, link dump', unit: 'attributes', pass: () => walk(links, IFINFOMSG_LEN) },
    { name: 'S1 route decoder (parse + decode)', unit: 'messages', pass: () => {
      const a = acc();
      for (const c of routeChunks) forEachMessage(c, (m) => decodeRoute(m.data, a));
      return [a.n, a.check];
    } },
    { name: 'S2 link decoder (parse + decode)', unit: 'messages', pass: () => {
      const a = acc();
      for (const c of linkChunks) forEachMessage(c, (m) => decodeLink(m.data, a));
      return [a.n, a.check];
    } },
    { name: 'AttrEncoder re-encode, route dump', unit: 'attributes', pass: () => reencode(routes, RTMSG_LEN) },
    { name: 'AttrEncoder re-encode, link dump', unit: 'attributes', pass: () => reencode(links, IFINFOMSG_LEN) },
    { name: 'route-add request build (rtmsg + RTA_DST) + encodeMessage', unit: 'messages', pass: () => {
      let sum = 0;
      for (let i = 0; i < 100_000; i++) sum += encodeMessage({ header: { length: 0, type: 24, flags: 0x605, seq: i, portId: 0 }, data: routeAddData(0x0a000000 + i) }).length;
      return [100_000, sum];
    } },
  ];
}
