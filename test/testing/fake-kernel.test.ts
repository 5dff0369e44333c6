/**
 * The fake kernel scripted through everything a real one does to a Conn:
 * replies and acks, errors with extended acks (capped and not), multipart
 * replies split over datagrams and reads, NLMSG_DONE errors, DUMP_INTR,
 * ENOBUFS on a notification stream, asynchronous handlers, 1000 concurrent
 * requests, and the binding-level semantics (drain, pause, ref, close).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttrDecoder, AttrEncoder, DumpInterruptedError, Flags, NetlinkError, Protocol, SocketClosedError, SocketOption, isOverrun,
  type Message,
} from '../../src/index.js';
import {
  FakeKernel, ack, datagram, done, error, multipart, notification, readBreak, reply, socketError,
} from '../../src/testing/index.js';

const RTM_NEWLINK = 16, RTM_GETLINK = 18;

function linkPayload(index: number, name: string): Uint8Array {
  const attrs = new AttrEncoder().string(3, name).finish();
  const out = new Uint8Array(16 + attrs.length);
  new DataView(out.buffer).setInt32(4, index, true);
  out.set(attrs, 16);
  return out;
}

function linkName(m: Message): string {
  const ad = new AttrDecoder(m.data.subarray(16));
  while (ad.next()) if (ad.type === 3) return ad.string();
  return '';
}

test('a request gets its reply; the handler sees header, data, protocol, socket and Conn', async () => {
  const fk = new FakeKernel((req) => [reply(req, RTM_NEWLINK, linkPayload(1, 'lo')), ack(req)]);
  const conn = await fk.open(Protocol.Route);
  const replies = await conn.request({ header: { type: RTM_GETLINK }, data: linkPayload(1, '') });
  assert.equal(replies.length, 1);
  assert.equal(linkName(replies[0]!), 'lo');
  assert.equal(replies[0]!.header.portId, conn.portId);
  const req = fk.requests[0]!;
  assert.equal(req.header.type, RTM_GETLINK);
  assert.equal(req.header.flags, Flags.Request | Flags.Ack);
  assert.equal(req.protocol, Protocol.Route);
  assert.equal(req.conn, conn);
  assert.equal(req.socket.portId, conn.portId);
  assert.equal(req.socket.extAck, true);
  conn.close();
  assert.equal(fk.openSockets, 0);
});

test('errors carry errno and extended ack, capped or with the request echoed', async () => {
  const fk = new FakeKernel((req) => error(req, 17, { message: 'link exists', offset: 20, missingType: 3 }));
  for (const capAck of [false, true]) {
    const conn = await fk.open(Protocol.Route, { capAck });
    await assert.rejects(conn.request({ header: { type: RTM_NEWLINK }, data: linkPayload(0, 'x') }), (e: unknown) => {
      assert.ok(e instanceof NetlinkError);
      assert.equal(e.code, 'EEXIST');
      assert.equal(e.extAckMessage, 'link exists');
      assert.equal(e.offset, 20);
      assert.equal(e.missingType, 3);
      return true;
    });
    conn.close();
  }
  // layout: uncapped echoes the payload; capped sets NLM_F_CAPPED
  const req = { header: { length: 32, type: RTM_NEWLINK, flags: 5, seq: 9, portId: 7 }, data: new Uint8Array(16).fill(0xaa) };
  const full = error(req, 22, { message: 'm' });
  const capped = error({ ...req, socket: { portId: 7, capAck: true } }, 22, { message: 'm' });
  assert.equal(full.header.flags, Flags.AckTlvs);
  assert.equal(capped.header.flags, Flags.Capped | Flags.AckTlvs);
  assert.equal(full.data.length - capped.data.length, 16);
  assert.equal(full.data[20], 0xaa);
  // no TLVs when the socket did not ask for extended acks
  assert.equal(error({ ...req, socket: { portId: 7, extAck: false } }, 22, { message: 'm' }).header.flags, 0);
});

test('multipart replies split over datagrams and reads arrive whole and in order', async () => {
  const names = Array.from({ length: 50 }, (_, i) => `if${i}`);
  const fk = new FakeKernel((req) => multipart(req, RTM_NEWLINK, names.map((n, i) => linkPayload(i + 1, n)), { perDatagram: 7, datagramsPerRead: 2 }));
  const conn = await fk.open(Protocol.Route);
  const all = await conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) });
  assert.deepEqual(all.map(linkName), names);
  const streamed: string[] = [];
  for await (const m of conn.dump({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) })) streamed.push(linkName(m));
  assert.deepEqual(streamed, names);
  conn.close();
});

test('drain() returns the first read at once; later reads come by callback on later turns', async () => {
  const fk = new FakeKernel((req) => [reply(req, RTM_NEWLINK, new Uint8Array(16), Flags.Multi), reply(req, RTM_NEWLINK, new Uint8Array(16), Flags.Multi), readBreak(), done(req)]);
  const reads: number[] = [];
  const h = fk.open(Protocol.Route, null, (_buf, meta, count) => { reads.push(count); assert.equal(meta[0], count); });
  fk.bind(h, 0, 0);
  const msg = new Uint8Array(32);
  const dv = new DataView(msg.buffer);
  dv.setUint32(0, 32, true); dv.setUint16(4, RTM_GETLINK, true); dv.setUint16(6, Flags.Request | Flags.Dump, true); dv.setUint32(8, 1, true);
  assert.equal(fk.send(h, [msg]), 32);
  const first = fk.drain(h);
  assert.ok(first);
  assert.equal(fk.meta(h)[0], 2);
  assert.equal(fk.drain(h), undefined, 'the rest is a later read');
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(reads, [1]);
  // pause: nothing delivered, drain returns nothing; resume delivers
  fk.send(h, [msg]);
  fk.pause(h, true);
  assert.equal(fk.drain(h), undefined);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(reads, [1]);
  fk.pause(h, false);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(reads, [1, 2, 1]);
  fk.close(h);
  assert.equal(fk.fd(h), -1);
  assert.throws(() => fk.send(h, [msg]), /EBADF/);
});

test('NLMSG_DONE carrying an error rejects the dump with the extended ack', async () => {
  const fk = new FakeKernel((req) => multipart(req, RTM_NEWLINK, [linkPayload(1, 'a')], { done: { errno: 22, message: 'bad filter' } }));
  const conn = await fk.open(Protocol.Route);
  await assert.rejects(conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) }), (e: unknown) => {
    assert.ok(e instanceof NetlinkError);
    assert.equal(e.code, 'EINVAL');
    assert.equal(e.inDone, true);
    assert.equal(e.extAckMessage, 'bad filter');
    return true;
  });
  conn.close();
});

test('NLM_F_DUMP_INTR rejects with DumpInterruptedError; a retry succeeds', async () => {
  let calls = 0;
  const fk = new FakeKernel((req) => multipart(req, RTM_NEWLINK, [linkPayload(1, 'a'), linkPayload(2, 'b')], { dumpInterrupted: calls++ === 0 }));
  const conn = await fk.open(Protocol.Route);
  await assert.rejects(conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) }), (e: unknown) => {
    assert.ok(e instanceof DumpInterruptedError);
    return true;
  });
  const again = await conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) }, { retryInterrupted: 1 });
  assert.deepEqual(again.map(linkName), ['a', 'b']);
  conn.close();
});

test('notifications reach group members; ENOBUFS yields an Overrun marker and the stream goes on', async () => {
  const fk = new FakeKernel();
  const conn = await fk.open(Protocol.Route);
  const other = await fk.open(Protocol.Route);
  conn.joinGroup(1);
  assert.deepEqual([...fk.groupsOf(conn)], [1]);
  assert.equal(conn.getOption(SocketOption.PacketInfo), true);
  assert.equal(fk.notify(1, notification(RTM_NEWLINK, linkPayload(5, 'eth0'))), 1);
  fk.overrun(conn);
  fk.notify(1, [notification(RTM_NEWLINK, linkPayload(6, 'eth1')), notification(RTM_NEWLINK, linkPayload(7, 'eth2'))]);
  const seen: string[] = [];
  const ac = new AbortController();
  for await (const m of conn.notifications({ signal: ac.signal })) {
    if (isOverrun(m)) seen.push(`overrun:${m.reason}`);
    else { seen.push(linkName(m)); assert.equal(m.group, 1); }
    if (seen.length === 4) break;
  }
  assert.deepEqual(seen, ['eth0', 'overrun:ENOBUFS', 'eth1', 'eth2']);
  conn.close();
  other.close();
});

test('an overrun without groups fails the requests in flight (replies were lost)', async () => {
  const fk = new FakeKernel((req) => [socketError(), reply(req, RTM_NEWLINK, linkPayload(1, 'x'))]);
  const conn = await fk.open(Protocol.Route);
  await assert.rejects(conn.request({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) }, { ack: false }), { code: 'ENOBUFS' });
  conn.close();
});

test('1000 concurrent requests each get their own reply', async () => {
  const fk = new FakeKernel((req) => [reply(req, RTM_NEWLINK, req.data), ack(req)]);
  const conn = await fk.open(Protocol.Route);
  const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => conn.request({ header: { type: RTM_GETLINK }, data: linkPayload(i, `n${i}`) })));
  results.forEach((r, i) => assert.equal(linkName(r[0]!), `n${i}`));
  assert.equal(fk.requests.length, 1000);
  assert.equal(new Set(fk.requests.map((r) => r.header.seq)).size, 1000);
  conn.close();
});

test('asynchronous handlers answer later; a failing one gets the request an EIO error', async () => {
  const fk = new FakeKernel(async (req) => {
    await new Promise((r) => setTimeout(r, 5));
    if (req.header.type === RTM_NEWLINK) throw new Error('scripted failure');
    return [reply(req, RTM_NEWLINK, linkPayload(1, 'late')), ack(req)];
  });
  const conn = await fk.open(Protocol.Route);
  const r = await conn.request({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) });
  assert.equal(linkName(r[0]!), 'late');
  await assert.rejects(conn.request({ header: { type: RTM_NEWLINK }, data: new Uint8Array(16) }), (e: unknown) => {
    assert.ok(e instanceof NetlinkError);
    assert.equal(e.code, 'EIO');
    assert.match(e.extAckMessage ?? '', /scripted failure/);
    return true;
  });
  assert.equal(fk.handlerErrors.length, 1);
  conn.close();
});

test('a handler that throws fails the request with its error', async () => {
  const fk = new FakeKernel(() => { throw new Error('unexpected request'); });
  const conn = await fk.open(Protocol.Route);
  await assert.rejects(conn.request({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) }), /unexpected request/);
  conn.close();
});

test('close rejects what is pending; an unanswered request keeps the loop alive until then', async () => {
  const fk = new FakeKernel();
  const conn = await fk.open(Protocol.Route);
  const p = conn.request({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) });
  setTimeout(() => conn.close(), 10);
  await assert.rejects(p, (e: unknown) => e instanceof SocketClosedError);
});

test('options: an older kernel without NETLINK_EXT_ACK, buffer sizes, BPF stored', async () => {
  const fk = new FakeKernel(undefined, { unsupportedOptions: [SocketOption.ExtendedAcknowledge] });
  await assert.rejects(fk.open(Protocol.Route, { strict: true }), { code: 'ENOPROTOOPT' });
  const conn = await fk.open(Protocol.Route, { receiveBufferSize: 1 << 20 });
  assert.equal(conn.getReceiveBufferSize(), 2 << 20);
  conn.setBPF(new Uint8Array(8));
  assert.equal(fk.filterOf(conn)?.length, 8);
  conn.close();
});

test('userspace ports talk to each other', async () => {
  const fk = new FakeKernel();
  const a = await fk.open(Protocol.UserSock);
  const b = await fk.open(Protocol.UserSock);
  a.send({ header: { type: 0x20 }, data: new Uint8Array([1, 2, 3, 4]) }, { to: b.portId });
  const got = await b.receive();
  assert.deepEqual([...got[0]!.data], [1, 2, 3, 4]);
  assert.equal(got[0]!.header.portId, a.portId);
  a.close();
  b.close();
});

test('datagram() packs several replies into one read', async () => {
  const fk = new FakeKernel((req) => datagram(reply(req, RTM_NEWLINK, linkPayload(1, 'a'), Flags.Multi), reply(req, RTM_NEWLINK, linkPayload(2, 'b'), Flags.Multi), done(req)));
  const conn = await fk.open(Protocol.Route);
  assert.deepEqual((await conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) })).map(linkName), ['a', 'b']);
  conn.close();
});
