// Fuzzing the packet decoders: random and mutated bytes either decode or
// throw MalformedError, never another exception, and always finish quickly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MalformedError, type Message } from '../../src/index.js';
import { decodeNflogPacket, decodeNfqueuePacket, NFLOG_PACKET_TYPE, NFQUEUE_PACKET_TYPE, summarizeIp } from '../../src/netfilter/index.js';
import { NFLOG_PING, NFQUEUE_PING, messageFromHex } from './captured.js';

/** A small deterministic PRNG (xorshift32) so failures can be replayed from the seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

function asMessage(type: number, data: Uint8Array): Message {
  return { header: { length: 16 + data.length, type, flags: 0, seq: 0, portId: 0 }, data };
}

function check(decode: (m: Message) => unknown, m: Message, what: string): void {
  try {
    const p = decode(m) as { payload: Uint8Array };
    summarizeIp(p.payload); // never throws either
  } catch (e) {
    if (!(e instanceof MalformedError)) {
      assert.fail(`${what}: ${Buffer.from(m.data).toString('hex')} threw ${(e as Error)?.stack ?? String(e)}`);
    }
  }
}

const decoders: [string, number, (m: Message) => unknown, string][] = [
  ['nflog', NFLOG_PACKET_TYPE, decodeNflogPacket, NFLOG_PING],
  ['nfqueue', NFQUEUE_PACKET_TYPE, decodeNfqueuePacket, NFQUEUE_PING],
];

test('random bytes: decode or MalformedError', () => {
  const start = Date.now();
  for (const [name, type, decode] of decoders) {
    const r = rng(0xC0FFEE);
    for (let i = 0; i < 20000; i++) {
      const len = Math.floor(r() * 96);
      const data = new Uint8Array(len);
      for (let j = 0; j < len; j++) data[j] = Math.floor(r() * 256);
      // bias towards plausible attribute headers so decoding gets past the first one
      if (len >= 8 && r() < 0.7) {
        data[4] = Math.min(len - 4, Math.floor(r() * 24));
        data[5] = 0;
        data[6] = Math.floor(r() * 24);
        data[7] = r() < 0.2 ? 0x80 : 0;
      }
      check(decode, asMessage(type, data), `${name} #${i}`);
    }
  }
  assert.ok(Date.now() - start < 20000, 'finishes quickly');
});

test('mutated captured packets: bit flips, truncations, length edits', () => {
  for (const [name, , decode, capturedHex] of decoders) {
    const base = messageFromHex(capturedHex);
    const r = rng(42);
    for (let i = 0; i < 20000; i++) {
      const data = Uint8Array.from(base.data);
      const flips = 1 + Math.floor(r() * 4);
      for (let k = 0; k < flips; k++) data[Math.floor(r() * data.length)]! ^= 1 << Math.floor(r() * 8);
      const cut = r() < 0.3 ? Math.floor(r() * data.length) : data.length;
      check(decode, { header: base.header, data: data.subarray(0, cut) }, `${name} mutation #${i}`);
    }
  }
});
