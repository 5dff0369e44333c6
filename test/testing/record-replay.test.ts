/**
 * Record a real session in a fresh namespace, save it as a fixture, and
 * replay it with no kernel involved: the same code gets the same answers.
 * A request that differs from the recording fails with a clear error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttrDecoder, AttrEncoder, Conn, NetlinkError, Protocol, type ConnOptions } from '../../src/index.js';
import { Controller } from '../../src/genl/index.js';
import {
  FakeKernel, Recorder, ReplayMismatchError, ack, error, loadFixture, multipart, replay, reply, saveFixture, type Fixture,
} from '../../src/testing/index.js';
import { withNetns } from '../helpers/netns.js';

const RTM_NEWLINK = 16, RTM_GETLINK = 18, RTM_NEWADDR = 20;

function addrRequest(prefix: number): { header: { type: number; flags: number }; data: Uint8Array } {
  const attrs = new AttrEncoder().bytes(2, new Uint8Array([10, 7, 0, 1])).bytes(1, new Uint8Array([10, 7, 0, 1])).finish();
  const data = new Uint8Array(8 + attrs.length);
  data.set([2, prefix, 0, 0, 1, 0, 0, 0]);
  data.set(attrs, 8);
  return { header: { type: RTM_NEWADDR, flags: 0x600 /* EXCL|CREATE */ }, data };
}

/** The code under test: a link dump, an address add, a failing get, a genl family lookup. */
async function session(open: (protocol: number, opts: ConnOptions) => Promise<Conn>): Promise<{ links: string[]; added: boolean; error: string; ethtool: number }> {
  const route = await open(Protocol.Route, { strict: true });
  const generic = await open(Protocol.Generic, {});
  try {
    const links = (await route.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) })).map((m) => {
      const ad = new AttrDecoder(m.data.subarray(16));
      while (ad.next()) if (ad.type === 3) return ad.string();
      return '?';
    });
    await route.request(addrRequest(24));
    let err = '';
    const ifi = new Uint8Array(16);
    new DataView(ifi.buffer).setInt32(4, 4242, true);
    try { await route.request({ header: { type: RTM_GETLINK }, data: ifi }, { ack: false }); } catch (e) { err = (e as NetlinkError).code; }
    const ethtool = (await new Controller(generic).getFamily('ethtool')).id;
    return { links, added: true, error: err, ethtool };
  } finally {
    route.close();
    generic.close();
  }
}

test('record a real session, save it, replay it without a kernel', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nlkit-fixture-'));
  try {
    const live = await withNetns(t, 'rec', async (ns) => {
      const rec = new Recorder();
      const result = await session((p, o) => Conn.open(p, { ...o, netns: ns.path, trace: rec.hook }));
      saveFixture(join(dir, 'session.json'), rec.fixture('link dump, address add, ENODEV, nlctrl lookup'));
      return result;
    });
    if (!live) return;
    assert.deepEqual(live.links, ['lo']);
    assert.equal(live.error, 'ENODEV');
    const text = readFileSync(join(dir, 'session.json'), 'utf8');
    assert.match(text, /"summary": "NETLINK_ROUTE RTM_GETLINK flags=REQUEST\|DUMP"/);
    assert.match(text, /"summary": "NETLINK_GENERIC nlctrl GETFAMILY flags=REQUEST"/);

    const fk = replay(loadFixture(join(dir, 'session.json')));
    const replayed = await session((p, o) => fk.open(p, o));
    assert.deepEqual(replayed, live);
    fk.assertDone();
    assert.equal(fk.openSockets, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A fixture made against the fake kernel itself, so this part runs without root. */
async function fakeFixture(): Promise<Fixture> {
  const fk = new FakeKernel((req) => {
    if (req.header.type === RTM_GETLINK) {
      const attrs = new AttrEncoder().string(3, 'lo').finish();
      const p = new Uint8Array(16 + attrs.length);
      p.set(attrs, 16);
      return multipart(req, RTM_NEWLINK, [p]);
    }
    if (req.header.type === RTM_NEWADDR) return req.data[1] === 24 ? ack(req) : error(req, 22, { message: 'bad prefix' });
    return reply(req, 0x10, new Uint8Array(4));
  });
  const rec = new Recorder();
  const conn = await fk.open(Protocol.Route, { trace: rec.hook });
  await conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) });
  await conn.request(addrRequest(24));
  await assert.rejects(conn.request(addrRequest(33)), { code: 'EINVAL' });
  conn.close();
  return rec.fixture();
}

test('replay rewrites seq and port id, including the request an NLMSG_ERROR echoes', async () => {
  const f = await fakeFixture();
  const fk = replay(JSON.parse(JSON.stringify(f)), { firstPortId: 5000 });
  const conn = await fk.open(Protocol.Route);
  assert.equal(conn.portId, 5000);
  assert.equal((await conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) })).length, 1);
  await conn.request(addrRequest(24));
  await assert.rejects(conn.request(addrRequest(33)), (e: unknown) => e instanceof NetlinkError && e.extAckMessage === 'bad prefix');
  fk.assertDone();
  conn.close();
});

test('a request that differs from the recording names expected and actual', async () => {
  const fk = replay(await fakeFixture());
  const conn = await fk.open(Protocol.Route);
  await assert.rejects(conn.request(addrRequest(16)), (e: unknown) => {
    assert.ok(e instanceof ReplayMismatchError);
    assert.match(e.message, /expected: NETLINK_ROUTE RTM_GETLINK flags=REQUEST\|DUMP/);
    assert.match(e.message, /actual: {3}NETLINK_ROUTE RTM_NEWADDR flags=REQUEST\|ACK\|EXCL\|CREATE/);
    assert.match(e.message, /first difference: header type/);
    return true;
  });
  await conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) });
  await assert.rejects(conn.request(addrRequest(25)), /first difference: byte 17 \(payload offset 1\): expected 0x18, got 0x19/);
  assert.throws(() => fk.assertDone(), /2 recorded request\(s\) were not made/);
  conn.close();
});

test('fixtures are validated on load', () => {
  assert.throws(() => replay({ format: 'other' }), /not an nlkit fixture/);
  assert.throws(() => replay({ format: 'nlkit-fixture', version: 2, messages: [] }), /version 2/);
  assert.throws(() => replay({ format: 'nlkit-fixture', version: 1, messages: [{ direction: 'send', protocol: 0, hex: 'zz' }] }), /fixture message 0: not hex/);
});
