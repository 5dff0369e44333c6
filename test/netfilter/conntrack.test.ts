// Conntrack over ctnetlink: unit tests of the entry codec (including
// malformed and random bytes), and real traffic between two namespaces
// joined by a veth pair: ICMP and TCP entries, counters, timestamps,
// events, filters, create/get/update/delete/flush, cross-checked with the
// conntrack tool when it is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { AttrEncoder, MalformedError, type Message } from '../../src/index.js';
import { FakeKernel } from '../../src/testing/index.js';
import {
  Conntrack, conntrackEventKind, decodeConntrackMessage, encodeConntrackAttrs, invertTuple, ctStatusBits,
  type ConntrackEntry, type ConntrackEvent,
} from '../../src/netfilter/index.js';
import { runConntrack } from '../../src/cli/conntrack.js';
import type { CliIO } from '../../src/cli/io.js';
import { isRoot, ROOT_SKIP } from '../helpers/netns.js';
import { collect } from './collect.js';
import { createVethPair, enableConntrack, run, tcpExchange, type VethPair } from './ct-helpers.js';

const UDP = { src: '10.9.0.1', dst: '10.9.0.2', proto: 'udp', srcPort: 5000, dstPort: 53 } as const;

function ctMessage(attrs: Uint8Array, family = 2, type = 0x100, flags = 0, group?: number): Message {
  const data = new Uint8Array(4 + attrs.length);
  data[0] = family;
  data.set(attrs, 4);
  return { header: { length: 16 + data.length, type, flags, seq: 0, portId: 0 }, data, group };
}

/** A message as the kernel sends it: tuples, status, timeout, mark, zone, counters, timestamp, id, use, TCP state. */
function fullEntryAttrs(): Uint8Array {
  const e = new AttrEncoder(512);
  e.raw(encodeConntrackAttrs({ orig: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', srcPort: 40000, dstPort: 80 }, timeout: 300, mark: 0x10, zone: 3, status: ['seen-reply', 'assured', 'confirmed'], tcpState: 'established' }, true));
  e.nested(9, (c) => c.u64be(1, 5).u64be(2, 400));
  e.nested(10, (c) => c.u64be(1, 4).u64be(2, 300));
  e.nested(20, (t) => t.u64be(1, 1_700_000_000_000_000_000n));
  e.u32be(12, 0xdeadbeef).u32be(11, 1);
  return e.finish();
}

test('conntrack entry codec: every field decodes', () => {
  const e = decodeConntrackMessage(ctMessage(fullEntryAttrs()));
  assert.equal(e.family, 2);
  assert.deepEqual(e.orig, { src: '10.0.0.1', dst: '10.0.0.2', proto: 6, srcPort: 40000, dstPort: 80 });
  assert.deepEqual(e.reply, { src: '10.0.0.2', dst: '10.0.0.1', proto: 6, srcPort: 80, dstPort: 40000 });
  assert.deepEqual(e.status, ['seen-reply', 'assured', 'confirmed']);
  assert.equal(e.statusBits, ctStatusBits(['seen-reply', 'assured', 'confirmed']));
  assert.equal(e.timeout, 300);
  assert.equal(e.mark, 0x10);
  assert.equal(e.zone, 3);
  assert.equal(e.tcpState, 'established');
  assert.deepEqual(e.counters, { orig: { packets: 5, bytes: 400 }, reply: { packets: 4, bytes: 300 } });
  assert.deepEqual(e.timestamp, { start: 1_700_000_000_000_000_000n });
  assert.equal(e.id, 0xdeadbeef);
  assert.equal(e.use, 1);
});

test('conntrack tuples: IPv6, ICMP inversion, bad input', () => {
  const v6 = decodeConntrackMessage(ctMessage(encodeConntrackAttrs({ orig: { src: 'fd00::1', dst: 'fd00::2', proto: 'icmpv6', icmpId: 7, icmpType: 128, icmpCode: 0 } }, true), 10));
  assert.deepEqual(v6.orig, { src: 'fd00::1', dst: 'fd00::2', proto: 58, icmpId: 7, icmpType: 128, icmpCode: 0 });
  assert.equal(v6.reply?.icmpType, 129);
  assert.deepEqual(invertTuple({ src: '1.1.1.1', dst: '2.2.2.2', proto: 'icmp', icmpId: 9, icmpType: 8, icmpCode: 0 }), { src: '2.2.2.2', dst: '1.1.1.1', proto: 1, icmpId: 9, icmpCode: 0, icmpType: 0 });
  assert.throws(() => encodeConntrackAttrs({ orig: { ...UDP, dst: 'fd00::1' } }, true), TypeError);
  assert.throws(() => encodeConntrackAttrs({ orig: { ...UDP, proto: 'bogus' } }, true), TypeError);
  assert.throws(() => encodeConntrackAttrs({ orig: UDP, status: ['nope'] }, true), TypeError);
});

test('conntrack event kinds come from the group, else from type and flags', () => {
  const a = encodeConntrackAttrs({ orig: UDP }, true);
  assert.equal(conntrackEventKind(ctMessage(a, 2, 0x100, 0, 1)), 'new');
  assert.equal(conntrackEventKind(ctMessage(a, 2, 0x100, 0, 2)), 'update');
  assert.equal(conntrackEventKind(ctMessage(a, 2, 0x102, 0, 3)), 'destroy');
  assert.equal(conntrackEventKind(ctMessage(a, 2, 0x100, 0x600)), 'new');
  assert.equal(conntrackEventKind(ctMessage(a, 2, 0x100, 0)), 'update');
  assert.equal(conntrackEventKind(ctMessage(a, 2, 0x102, 0)), 'destroy');
  assert.equal(conntrackEventKind(ctMessage(a, 2, 0x0a06, 0)), undefined);
});

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 0x100000000; };
}

function decodesOrMalformed(m: Message, what: string): void {
  try {
    decodeConntrackMessage(m);
  } catch (e) {
    if (!(e instanceof MalformedError)) assert.fail(`${what}: ${Buffer.from(m.data).toString('hex')} threw ${(e as Error)?.stack ?? String(e)}`);
  }
}

test('conntrack decoder: malformed attributes throw MalformedError only (fuzz)', () => {
  // a timestamp member of the wrong size, a short status, a payload shorter than nfgenmsg
  assert.throws(() => decodeConntrackMessage(ctMessage(new AttrEncoder().nested(20, (t) => t.u32be(1, 1)).finish())), MalformedError);
  assert.throws(() => decodeConntrackMessage(ctMessage(new AttrEncoder().u16be(3, 1).finish())), MalformedError);
  assert.throws(() => decodeConntrackMessage({ header: { length: 18, type: 0x100, flags: 0, seq: 0, portId: 0 }, data: new Uint8Array(2) }), MalformedError);
  const base = fullEntryAttrs();
  const r = rng(0xC7);
  for (let i = 0; i < 20000; i++) {
    const data = Uint8Array.from(base);
    const flips = 1 + Math.floor(r() * 4);
    for (let k = 0; k < flips; k++) data[Math.floor(r() * data.length)]! ^= 1 << Math.floor(r() * 8);
    const cut = r() < 0.3 ? Math.floor(r() * data.length) : data.length;
    decodesOrMalformed(ctMessage(data.subarray(0, cut)), `mutation #${i}`);
  }
  for (let i = 0; i < 20000; i++) {
    const len = Math.floor(r() * 80);
    const data = new Uint8Array(len);
    for (let j = 0; j < len; j++) data[j] = Math.floor(r() * 256);
    if (len >= 4 && r() < 0.7) { data[0] = Math.min(len, 4 + Math.floor(r() * 24)); data[1] = 0; data[2] = 1 + Math.floor(r() * 27); data[3] = r() < 0.5 ? 0x80 : 0; }
    decodesOrMalformed(ctMessage(data), `random #${i}`);
  }
});

function hasConntrackTool(): boolean {
  try { execFileSync('conntrack', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

async function withPair(t: { skip(msg: string): void }, prefix: string, fn: (pair: VethPair, ct: Conntrack) => Promise<void>): Promise<void> {
  if (!isRoot) { t.skip(ROOT_SKIP); return; }
  const pair = createVethPair(prefix);
  let ct: Conntrack | undefined;
  try {
    enableConntrack(pair.a.name);
    ct = await Conntrack.open({ netns: pair.a.path });
    await fn(pair, ct);
  } finally {
    ct?.close();
    pair.remove();
  }
}

const isIcmpTo = (e: ConntrackEntry) => e.orig?.proto === 1 && e.orig.dst === '10.77.0.2';
const isTcpTo = (port: number) => (e: ConntrackEntry) => e.orig?.proto === 6 && e.orig.dst === '10.77.0.2' && e.orig.dstPort === port;

test('real traffic over veth: ICMP and TCP entries with counters, timestamps and events', async (t) => {
  await withPair(t, 'ctveth', async (pair, ct) => {
    const events = ct.events({ kinds: ['new', 'update', 'destroy'] });
    const got = collect(events, 1, 15000, (ev) => 'entry' in ev && ev.kind === 'update' && isTcpTo(8080)(ev.entry));
    await run('ip', ['netns', 'exec', pair.a.name, 'ping', '-n', '-c', '3', '-i', '0.2', '-W', '2', '10.77.0.2']);
    assert.equal(await tcpExchange(pair, 8080), 'hello conntrack');
    const seen = (await got).filter((ev): ev is ConntrackEvent => 'entry' in ev);
    assert.ok(seen.some((ev) => ev.kind === 'new' && isIcmpTo(ev.entry)), 'a new event for the ping');
    assert.ok(seen.some((ev) => ev.kind === 'new' && isTcpTo(8080)(ev.entry)), 'a new event for the TCP connection');

    const list = await ct.list();
    const icmp = list.find(isIcmpTo);
    assert.ok(icmp, `ICMP entry in ${JSON.stringify(list.map((e) => e.orig))}`);
    assert.equal(icmp.family, 2);
    assert.equal(icmp.orig!.src, '10.77.0.1');
    assert.equal(icmp.orig!.icmpType, 8);
    assert.equal(icmp.reply!.icmpType, 0);
    assert.equal(icmp.reply!.icmpId, icmp.orig!.icmpId);
    assert.ok(icmp.status.includes('seen-reply') && icmp.status.includes('confirmed'));
    assert.equal(Number(icmp.counters?.orig?.packets), 3);
    assert.equal(Number(icmp.counters?.reply?.packets), 3);
    assert.ok(Number(icmp.counters?.orig?.bytes) >= 3 * 84);
    assert.equal(typeof icmp.timestamp?.start, 'bigint');
    const startMs = Number(icmp.timestamp!.start! / 1_000_000n);
    assert.ok(Math.abs(startMs - Date.now()) < 60_000, 'timestamp is wall-clock time');

    const tcp = list.find(isTcpTo(8080));
    assert.ok(tcp, 'TCP entry');
    assert.equal(tcp.reply!.srcPort, 8080);
    assert.equal(tcp.reply!.dstPort, tcp.orig!.srcPort);
    assert.ok(tcp.tcpState === 'time-wait' || tcp.tcpState === 'close' || tcp.tcpState === 'fin-wait' || tcp.tcpState === 'last-ack', `state ${tcp.tcpState}`);
    assert.ok(tcp.status.includes('assured'));
    assert.ok(Number(tcp.counters?.orig?.packets) >= 4);

    // get by tuple returns the same entry
    const again = await ct.get(tcp.orig!);
    assert.equal(again.id, tcp.id);

    if (hasConntrackTool()) {
      const out = execFileSync('ip', ['netns', 'exec', pair.a.name, 'conntrack', '-L', '-o', 'id'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      for (const e of [icmp, tcp]) assert.match(out, new RegExp(`id=${e.id}\\b`), `conntrack -L lists id ${e.id}`);
      assert.equal(out.trim().split('\n').filter((l) => l.includes('10.77.0.2')).length, list.filter((e) => e.orig?.dst === '10.77.0.2').length);
    }

    // flushing destroys them and says so
    const destroyed = collect(ct.events({ kinds: ['destroy'] }), 2, 10000);
    await ct.flush({ family: 'ipv4' });
    const d = (await destroyed).filter((ev): ev is ConntrackEvent => 'entry' in ev);
    assert.ok(d.length >= 2 && d.every((ev) => ev.kind === 'destroy'), `destroy events: ${JSON.stringify(d.map((x) => x.kind))}`);
    assert.ok(d.some((ev) => ev.entry.timestamp?.stop !== undefined), 'destroy events carry the stop timestamp');
    assert.equal((await ct.list({ family: 'ipv4' })).filter((e) => e.orig?.dst === '10.77.0.2').length, 0);
  });
});

test('create, get, update, delete, flush with mark and zone filters; errors name the entry', async (t) => {
  await withPair(t, 'ctcrud', async (_pair, ct) => {
    await ct.create({ orig: UDP, timeout: 60, mark: 7 });
    await ct.create({ orig: { ...UDP, srcPort: 5001 }, timeout: 60, mark: 8 });
    await ct.create({ orig: { ...UDP, srcPort: 5002 }, timeout: 60, zone: 5 });
    await ct.create({ orig: { src: 'fd00::1', dst: 'fd00::2', proto: 'tcp', srcPort: 1, dstPort: 2 }, timeout: 60, status: ['seen-reply', 'assured'], tcpState: 'established' });

    const e = await ct.get(UDP);
    assert.equal(e.mark, 7);
    assert.ok(e.timeout! > 50 && e.timeout! <= 60);
    assert.deepEqual(e.reply, { src: '10.9.0.2', dst: '10.9.0.1', proto: 17, srcPort: 53, dstPort: 5000 });

    assert.deepEqual((await ct.list({ mark: 7 })).map((x) => x.orig?.srcPort), [5000]);
    assert.deepEqual((await ct.list({ mark: 8, markMask: 0x8 })).map((x) => x.orig?.srcPort), [5001]);
    assert.deepEqual((await ct.list({ zone: 5 })).map((x) => x.orig?.srcPort), [5002]);
    const v6 = await ct.list({ family: 'ipv6' });
    assert.equal(v6.length, 1);
    assert.equal(v6[0]!.tcpState, 'established');
    assert.ok(v6[0]!.status.includes('assured'));

    await assert.rejects(ct.create({ orig: UDP }), (err: Error & { code?: string }) => err.code === 'EEXIST' && /conntrack create udp 10\.9\.0\.1:5000 -> 10\.9\.0\.2:53/.test(err.message));
    await ct.update({ orig: UDP, mark: 9, timeout: 100 });
    const u = await ct.get(UDP);
    assert.equal(u.mark, 9);
    assert.ok(u.timeout! > 90);
    await assert.rejects(ct.update({ orig: { ...UDP, srcPort: 6000 }, mark: 1 }), { code: 'ENOENT' });

    await ct.delete(UDP);
    await assert.rejects(ct.get(UDP), (err: Error & { code?: string }) => err.code === 'ENOENT' && /conntrack get udp/.test(err.message));
    await assert.rejects(ct.delete(UDP), { code: 'ENOENT' });

    await ct.flush({ zone: 5 });
    assert.equal((await ct.list({ zone: 5 })).length, 0);
    await ct.flush({ mark: 8 });
    assert.equal((await ct.list({ mark: 8 })).length, 0);
    assert.equal((await ct.list()).length, 1); // the IPv6 entry
    await ct.flush();
    assert.equal((await ct.list()).length, 0);
  });
});

function cliIO(): CliIO & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined }, env: {} };
}

test('nlkit conntrack list and events, text and JSON', async (t) => {
  await withPair(t, 'ctcli', async (pair, ct) => {
    await ct.create({ orig: UDP, timeout: 60, mark: 7 });
    const text = cliIO();
    assert.equal(await runConntrack(['list'], { json: false, pretty: false, netns: pair.a.path }, text), 0);
    assert.match(text.out.join(''), /udp\s+17 \d+ src=10\.9\.0\.1 dst=10\.9\.0\.2 sport=5000 dport=53 packets=0 bytes=0 \[UNREPLIED\] src=10\.9\.0\.2 dst=10\.9\.0\.1 sport=53 dport=5000 packets=0 bytes=0 mark=7/);
    const json = cliIO();
    assert.equal(await runConntrack(['list', '--mark', '7'], { json: true, pretty: false, netns: pair.a.path }, json), 0);
    const arr = JSON.parse(json.out.join('')) as ConntrackEntry[];
    assert.equal(arr.length, 1);
    assert.equal(arr[0]!.orig!.dstPort, 53);

    const ev = cliIO();
    const done = runConntrack(['events', '--count', '1', '--timeout', '10'], { json: true, pretty: false, netns: pair.a.path }, ev);
    await new Promise((r) => setTimeout(r, 200));
    await run('ip', ['netns', 'exec', pair.a.name, 'ping', '-n', '-c', '1', '-W', '2', '10.77.0.2']);
    assert.equal(await done, 0);
    const line = JSON.parse(ev.out.join('')) as { event: string; orig: { dst: string } };
    assert.equal(line.event, 'new');
    assert.equal(line.orig.dst, '10.77.0.2');
  });
});

test('events: an overflowing receive buffer yields an overrun marker and the stream goes on', async (t) => {
  await withPair(t, 'ctovr', async (_pair, ct) => {
    const big = await Conntrack.open({ netns: _pair.a.path, receiveBufferSize: 4096 });
    try {
      const it = big.events({ kinds: ['new'] })[Symbol.asyncIterator]();
      // nobody reads while 400 entries are created: the small buffer overflows
      await Promise.all(Array.from({ length: 400 }, (_, i) => ct.create({ orig: { ...UDP, srcPort: 10000 + i }, timeout: 60 })));
      const seen: string[] = [];
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !(seen.includes('overrun') && seen.includes('new'))) {
        const r = await Promise.race([it.next(), new Promise<IteratorResult<never>>((res) => setTimeout(() => res({ done: true, value: undefined as never }), 1000))]);
        if (r.done) break;
        seen.push(r.value.kind);
      }
      assert.ok(seen.includes('overrun'), `an overrun marker among ${seen.length} items`);
      // the stream goes on after the overrun
      await ct.create({ orig: { ...UDP, srcPort: 20000 }, timeout: 60 });
      let after: string | undefined;
      for (let i = 0; i < 500 && after === undefined; i++) {
        const r = await it.next();
        if (r.done) break;
        if (r.value.kind === 'new' && r.value.entry.orig?.srcPort === 20000) after = 'new';
      }
      assert.equal(after, 'new');
      await it.return?.();
    } finally {
      big.close();
    }
  });
});

// Listeners fed by a fake kernel (no root needed): malformed messages become
// error items and the stream goes on.
function fakeMsg(type: number, attrs: Uint8Array, family = 2, flags = 0): Message {
  const data = new Uint8Array(4 + attrs.length);
  data[0] = family;
  data.set(attrs, 4);
  return { header: { length: 16 + data.length, type, flags, seq: 0, portId: 0 }, data };
}

async function takeN<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

test('conntrack events: malformed messages and overruns never end the stream', async () => {
  const fk = new FakeKernel();
  const ct = await Conntrack.open({ binding: fk });
  try {
    const it = ct.events({ kinds: ['new', 'destroy'] })[Symbol.asyncIterator]();
    const good = encodeConntrackAttrs({ orig: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', srcPort: 1, dstPort: 2 } }, true);
    const badTimestamp = new AttrEncoder().nested(20, (t) => t.u16be(1, 5)).finish();
    const truncated = good.subarray(0, good.length - 3);
    fk.notify(1, [fakeMsg(0x100, badTimestamp, 2, 0x600)]);
    fk.notify(1, [fakeMsg(0x100, truncated, 2, 0x600)]);
    fk.notify(1, [{ header: { length: 18, type: 0x100, flags: 0, seq: 0, portId: 0 }, data: new Uint8Array(2) }]);
    fk.notify(3, [fakeMsg(0x102, good)]);
    const items = await takeN(it, 4);
    assert.deepEqual(items.map((x) => x.kind), ['error', 'error', 'error', 'destroy']);
    for (const x of items.slice(0, 3)) assert.ok('error' in x && x.error instanceof MalformedError);
    fk.overrun(ct['events_'][0]!);
    fk.notify(1, [fakeMsg(0x100, good, 2, 0x600)]);
    const more = await takeN(it, 2);
    assert.deepEqual(more.map((x) => x.kind), ['overrun', 'new']);
    await it.return?.();
  } finally {
    ct.close();
  }
});

