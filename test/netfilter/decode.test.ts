// Unit tests of the NFLOG/NFQUEUE decoders and encoders on bytes: captured
// kernel messages and hand-built ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttrEncoder, MalformedError, MessageType, NetlinkError, type Message } from '../../src/index.js';
import {
  decodeNflogPacket, decodeNfqueuePacket, encodeNflogConfig, encodeNfqueueConfig, encodeVerdict, nfnlMessage,
  NFLOG_PACKET_TYPE, NFQUEUE_PACKET_TYPE, NfulaAttr, NfqaAttr, summarizeIp, hookName, parseNfGenMsg,
} from '../../src/netfilter/index.js';
import { packetStream } from '../../src/netfilter/stream.js';
import type { Conn } from '../../src/core/conn.js';
import { NFLOG_PING, NFQUEUE_PING, messageFromHex } from './captured.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A received-style message of `type` with nfgenmsg (family, res_id) and attributes. */
function msg(type: number, family: number, resId: number, fill: (e: AttrEncoder) => void): Message {
  const e = new AttrEncoder();
  fill(e);
  const out = nfnlMessage(type >> 8, type & 0xff, family, resId, e.finish());
  return { header: { length: 16 + out.data.length, type: out.header.type, flags: 0, seq: 0, portId: 0 }, data: out.data };
}

test('a captured NFLOG packet decodes to every field the kernel sent', () => {
  const p = decodeNflogPacket(messageFromHex(NFLOG_PING));
  assert.equal(p.kind, 'packet');
  assert.equal(p.family, 2);
  assert.equal(p.group, 7);
  assert.equal(p.hwProtocol, 0x0800);
  assert.equal(p.hook, 3);
  assert.equal(hookName(p.hook), 'output');
  assert.equal(p.prefix, 'cap: ');
  assert.equal(p.mark, 0x2a);
  assert.equal(p.outdev, 1);
  assert.equal(p.indev, undefined);
  assert.equal(p.uid, 0);
  assert.equal(p.gid, 0);
  assert.equal(p.seq, 0);
  assert.equal(p.seqGlobal, 1);
  assert.equal(p.payload.length, 64, 'cut to the copy range');
  assert.deepEqual(summarizeIp(p.payload), { version: 4, src: '127.0.0.1', dst: '127.0.0.1', protocol: 1, length: 84 });
});

test('a captured NFQUEUE packet decodes: id, hook, interfaces, uid/gid, original length', () => {
  const p = decodeNfqueuePacket(messageFromHex(NFQUEUE_PING));
  assert.equal(p.queue, 5);
  assert.equal(p.id, 1);
  assert.equal(p.family, 2);
  assert.equal(p.hwProtocol, 0x0800);
  assert.equal(p.hook, 3);
  assert.equal(p.outdev, 1);
  assert.equal(p.uid, 0);
  assert.equal(p.gid, 0);
  assert.equal(p.payload.length, 48);
  assert.equal(p.length, 84, 'NFQA_CAP_LEN');
  assert.equal(summarizeIp(p.payload)?.dst, '127.0.0.1');
});

test('NFLOG attributes are big endian: timestamp, hw address, vlan, conntrack, hw header', () => {
  const m = msg(NFLOG_PACKET_TYPE, 10, 100, (e) => {
    e.bytes(NfulaAttr.PacketHdr, Uint8Array.of(0x86, 0xdd, 1, 0));
    const ts = new Uint8Array(16);
    new DataView(ts.buffer).setBigUint64(0, 1_700_000_000n, false);
    new DataView(ts.buffer).setBigUint64(8, 123_456n, false);
    e.bytes(NfulaAttr.Timestamp, ts);
    e.bytes(NfulaAttr.Hwaddr, Uint8Array.of(0, 6, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0, 0));
    e.u32be(NfulaAttr.IfindexIndev, 0x01020304);
    e.u32be(NfulaAttr.IfindexPhysindev, 7);
    e.u32be(NfulaAttr.IfindexPhysoutdev, 8);
    e.u16be(NfulaAttr.Hwtype, 1);
    e.u16be(NfulaAttr.Hwlen, 14);
    e.bytes(NfulaAttr.Hwheader, new Uint8Array(14).fill(9));
    e.nested(NfulaAttr.Vlan, (v) => v.u16be(1, 0x8100).u16be(2, 0x2005), false);
    e.bytes(NfulaAttr.Ct, Uint8Array.of(1, 2, 3, 4));
    e.u32be(NfulaAttr.CtInfo, 2);
    e.bytes(NfulaAttr.L2hdr, Uint8Array.of(5, 6));
    e.bytes(99, Uint8Array.of(1)); // unknown: ignored
  });
  const p = decodeNflogPacket(m);
  assert.equal(p.family, 10);
  assert.equal(p.group, 100);
  assert.equal(p.hwProtocol, 0x86dd);
  assert.equal(p.hook, 1);
  assert.deepEqual({ sec: p.timestamp?.sec, usec: p.timestamp?.usec }, { sec: 1_700_000_000, usec: 123_456 });
  assert.equal(p.timestamp?.date.getTime(), 1_700_000_000_123);
  assert.equal(hex(p.hwAddress!), 'aabbccddeeff');
  assert.equal(p.indev, 0x01020304);
  assert.equal(p.physindev, 7);
  assert.equal(p.physoutdev, 8);
  assert.equal(p.hwType, 1);
  assert.equal(p.hwHeaderLength, 14);
  assert.equal(p.hwHeader?.length, 14);
  assert.deepEqual(p.vlan, { proto: 0x8100, tci: 0x2005, id: 5 });
  assert.equal(hex(p.conntrack!), '01020304');
  assert.equal(p.conntrackInfo, 2);
  assert.equal(hex(p.l2Header!), '0506');
  assert.equal(p.payload.length, 0, 'no NFULA_PAYLOAD: empty payload');
});

test('malformed packets throw MalformedError naming the attribute', () => {
  const cases: [string, Message, RegExp][] = [
    ['wrong type', msg(NFQUEUE_PACKET_TYPE, 2, 1, () => {}), /not an NFLOG packet/],
    ['no header', msg(NFLOG_PACKET_TYPE, 2, 1, (e) => e.u32be(NfulaAttr.Mark, 1)), /without NFULA_PACKET_HDR/],
    ['short mark', msg(NFLOG_PACKET_TYPE, 2, 1, (e) => e.bytes(NfulaAttr.PacketHdr, new Uint8Array(4)).u16be(NfulaAttr.Mark, 1)), /NFULA_MARK: needs 4 bytes/],
    ['bad hwaddr len', msg(NFLOG_PACKET_TYPE, 2, 1, (e) => e.bytes(NfulaAttr.PacketHdr, new Uint8Array(4)).bytes(NfulaAttr.Hwaddr, Uint8Array.of(0, 9, ...new Uint8Array(10)))), /hw_addrlen 9/],
    ['short timestamp', msg(NFLOG_PACKET_TYPE, 2, 1, (e) => e.bytes(NfulaAttr.PacketHdr, new Uint8Array(4)).bytes(NfulaAttr.Timestamp, new Uint8Array(8))), /timestamp needs 16 bytes/],
    ['no nfgenmsg', { header: { length: 18, type: NFLOG_PACKET_TYPE, flags: 0, seq: 0, portId: 0 }, data: new Uint8Array(2) }, /struct nfgenmsg needs 4/],
  ];
  for (const [name, m, re] of cases) {
    assert.throws(() => decodeNflogPacket(m), (e: unknown) => e instanceof MalformedError && e.code === 'ERR_NETLINK_MALFORMED' && re.test(e.message), name);
  }
  const trunc = messageFromHex(NFQUEUE_PING);
  trunc.data = trunc.data.subarray(0, 10); // cuts the first attribute
  assert.throws(() => decodeNfqueuePacket(trunc), MalformedError);
  assert.throws(() => decodeNfqueuePacket(msg(NFQUEUE_PACKET_TYPE, 2, 1, (e) => e.bytes(NfqaAttr.PacketHdr, new Uint8Array(6)))), /NFQA_PACKET_HDR: needs 7 bytes/);
});

test('NFLOG config attributes: big-endian mode struct, timeouts, thresholds and be16 flags', () => {
  const b = encodeNflogConfig({ group: 1, copyMode: 'packet', copyRange: 0x1234, timeout: 50, queueThreshold: 10, bufferSize: 65536, flags: { sequence: true, conntrack: true } });
  assert.equal(hex(b), [
    '0a000200' + '00001234' + '0200' + '0000', // NFULA_CFG_MODE: range, mode, pad (6 bytes + 2 padding)
    '08000300' + '00010000', // NFULA_CFG_NLBUFSIZ
    '08000400' + '00000032', // NFULA_CFG_TIMEOUT
    '08000500' + '0000000a', // NFULA_CFG_QTHRESH
    '06000600' + '0005' + '0000', // NFULA_CFG_FLAGS: SEQ | CONNTRACK
  ].join(''));
  assert.equal(encodeNflogConfig({ group: 1 }).length, 0);
  assert.throws(() => encodeNflogConfig({ group: 70000 }), RangeError);
  assert.throws(() => encodeNflogConfig({ group: 1, copyMode: 'all' as never }), TypeError);
});

test('NFQUEUE config and verdict attributes', () => {
  assert.equal(hex(encodeNfqueueConfig({ queue: 3, copyMode: 'meta', maxLen: 2, failOpen: true, gso: false })), [
    '09000200' + '0000ffff' + '01' + '000000', // NFQA_CFG_PARAMS (5 bytes)
    '08000300' + '00000002', // NFQA_CFG_QUEUE_MAXLEN
    '08000400' + '00000005', // NFQA_CFG_MASK: FAIL_OPEN | GSO
    '08000500' + '00000001', // NFQA_CFG_FLAGS: FAIL_OPEN
  ].join(''));
  assert.equal(hex(encodeVerdict(7, 'drop')), '0c000200' + '00000000' + '00000007');
  assert.equal(hex(encodeVerdict(0x01020304, 'accept', { mark: 9, payload: Uint8Array.of(0xab) })),
    '0c000200' + '00000001' + '01020304' + '08000300' + '00000009' + '05000a00' + 'ab000000');
  assert.equal(hex(encodeVerdict(1, 'queue', { queue: 4, bypass: true })).slice(8, 16), '00048003');
  assert.throws(() => encodeNfqueueConfig({ queue: 1, copyMode: 'none' as never }), TypeError);
  assert.equal(hex(encodeNfqueueConfig({ queue: 1 })), '09000200' + '0000ffff' + '02' + '000000', 'copy mode packet is always set');
  assert.throws(() => encodeVerdict(1, 'accept', { queue: 2 }), TypeError);
  assert.throws(() => encodeVerdict(-1, 'accept'), RangeError);
  assert.throws(() => encodeVerdict(1, 'maybe' as never), TypeError);
  const m = nfnlMessage(3, 1, 0, 0x1234, new Uint8Array(0));
  assert.equal(m.header.type, 0x0301);
  assert.deepEqual(parseNfGenMsg({ header: { length: 20, type: 0x0301, flags: 0, seq: 0, portId: 0 }, data: m.data }), { family: 0, version: 0, resId: 0x1234 });
});

test('the packet stream turns bad messages, kernel errors and overruns into events and goes on', async () => {
  const good = messageFromHex(NFLOG_PING);
  const bad = msg(NFLOG_PACKET_TYPE, 2, 1, (e) => e.u32be(NfulaAttr.Mark, 1));
  const done: Message = { header: { length: 20, type: MessageType.Done, flags: 2, seq: 0, portId: 0 }, data: new Uint8Array(4) };
  const errData = new Uint8Array(20);
  new DataView(errData.buffer).setInt32(0, -2, true);
  new DataView(errData.buffer).setUint16(8, 0x0301, true);
  const nlerr: Message = { header: { length: 36, type: MessageType.Error, flags: 0, seq: 9, portId: 0 }, data: errData };
  // notifications() batches: the second one throws after a message, as the core does for an unparsable datagram
  const batches: (Message | { kind: 'overrun'; reason: 'ENOBUFS' } | Error)[][] = [
    [good, bad, done, { kind: 'overrun', reason: 'ENOBUFS' }, new MalformedError('datagram')],
    [nlerr, good],
  ];
  let closed = false;
  const fake = {
    get isClosed() { return closed; },
    notifications() {
      const batch = batches.shift();
      return (async function* () {
        if (!batch) { closed = true; return; }
        for (const x of batch) {
          if (x instanceof Error) throw x;
          yield x;
        }
      })();
    },
  } as unknown as Conn;
  const kinds: string[] = [];
  const errors: Error[] = [];
  for await (const ev of packetStream(fake, NFLOG_PACKET_TYPE, decodeNflogPacket, {})) {
    kinds.push(ev.kind);
    if (ev.kind === 'error') errors.push(ev.error);
  }
  assert.deepEqual(kinds, ['packet', 'error', 'overrun', 'error', 'error', 'packet']);
  assert.ok(errors[0] instanceof MalformedError);
  assert.ok(errors[1] instanceof MalformedError);
  assert.ok(errors[2] instanceof NetlinkError);
  assert.equal((errors[2] as NetlinkError).code, 'ENOENT');
});
