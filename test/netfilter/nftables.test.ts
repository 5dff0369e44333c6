// nftables over nfnetlink: expression codec unit tests and decoder fuzzing,
// then, in fresh namespaces, batches checked with `nft -j list ruleset`,
// rulesets loaded with `nft -f` read back, a failed batch that changes
// nothing, counters moved by real traffic, monitoring, and the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttrEncoder, MalformedError, type Message } from '../../src/index.js';
import { FakeKernel } from '../../src/testing/index.js';
import {
  Nftables, be16, be32, bitwise, cmp, counter, ct, ctState, decodeExprs, decodeNftMessage, decodeRule, decodeSetElements,
  encodeExprs, encodeRule, encodeSetElements, immediate, ip, ifname, log, lookup, meta, payload, u32, verdict,
  type NftBatchError, type NftChange, type NftExpr, type NftRuleset,
} from '../../src/netfilter/index.js';
import { runNft } from '../../src/cli/nft.js';
import type { CliIO } from '../../src/cli/io.js';
import { sh, withNetns, type TestNetns } from '../helpers/netns.js';
import { collect } from './collect.js';
import { nft as nftLoad, ping } from './rules.js';

const ALL: NftExpr[] = [
  meta('l4proto'), cmp('eq', 6), payload('tcp', 'dport'), cmp('gte', be16(1024)), payload('ip', 'saddr'), lookup('s', { invert: true }),
  meta('iifname'), cmp('neq', ifname('lo')), ...ctState('established', 'related'), ct('mark', { direction: 'reply' }), cmp('eq', u32(7)),
  bitwise(be32(0xffffff00)), immediate(ip('10.1.2.3')), counter(), log({ prefix: 'p ', group: 3, snaplen: 64 }), log({ level: 4 }),
  verdict('jump', 'other'), verdict('accept'), verdict('drop'), verdict('return'), { type: 'notrack', raw: new Uint8Array(0) },
];

test('expressions: encode then decode gives the same values', () => {
  const back = decodeExprs(encodeExprs(ALL));
  assert.deepEqual(back, ALL.map((x) => (x.type === 'counter' ? { ...x, packets: 0, bytes: 0 } : x)));
});

test('builders and encoders reject bad values with TypeError/RangeError naming the problem', () => {
  assert.throws(() => meta('bogus'), /unknown nftables meta key "bogus"/);
  assert.throws(() => cmp('like', 1), TypeError);
  assert.throws(() => cmp('eq', 300), RangeError);
  assert.throws(() => payload('tcp', 'nope'), /unknown field tcp nope/);
  assert.throws(() => verdict('jump'), /needs a chain/);
  assert.throws(() => be16(70000), RangeError);
  assert.throws(() => encodeExprs([{ type: 'mystery' } as unknown as NftExpr]), /expression 0 \(mystery\)/);
  assert.throws(() => encodeRule({ table: '', chain: 'c', exprs: [] }), /rule table/);
});

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 0x100000000; };
}

function nftMessage(type: number, attrs: Uint8Array): Message {
  const data = new Uint8Array(4 + attrs.length);
  data[0] = 1;
  data.set(attrs, 4);
  return { header: { length: 16 + data.length, type: (10 << 8) | type, flags: 0, seq: 0, portId: 0 }, data };
}

test('decoders: malformed and random bytes throw MalformedError only (fuzz)', () => {
  const rule = encodeRule({ table: 't', chain: 'c', exprs: ALL });
  const elems = encodeSetElements({ table: 't', set: 's', elements: [{ key: ip('10.0.0.1'), timeout: 1000 }, { key: be16(22), verdict: { code: 'jump', chain: 'x' } }] });
  assert.equal(decodeRule(1, rule).exprs.length, ALL.length);
  assert.equal(decodeSetElements(1, elems).elements.length, 2);
  assert.throws(() => decodeNftMessage({ header: { length: 18, type: 0x0a00, flags: 0, seq: 0, portId: 0 }, data: new Uint8Array(2) }), MalformedError);
  const r = rng(0x4e46);
  const check = (m: Message, what: string) => {
    try { decodeNftMessage(m); } catch (e) {
      if (!(e instanceof MalformedError)) assert.fail(`${what}: ${Buffer.from(m.data).toString('hex')} threw ${(e as Error)?.stack ?? String(e)}`);
    }
  };
  for (const [type, base] of [[6, rule], [12, elems]] as const) {
    for (let i = 0; i < 15000; i++) {
      const data = Uint8Array.from(base);
      const flips = 1 + Math.floor(r() * 4);
      for (let k = 0; k < flips; k++) data[Math.floor(r() * data.length)]! ^= 1 << Math.floor(r() * 8);
      const cut = r() < 0.3 ? Math.floor(r() * data.length) : data.length;
      check(nftMessage(type, data.subarray(0, cut)), `type ${type} mutation #${i}`);
    }
  }
  for (let i = 0; i < 20000; i++) {
    const len = Math.floor(r() * 96);
    const data = new Uint8Array(len);
    for (let j = 0; j < len; j++) data[j] = Math.floor(r() * 256);
    if (len >= 4 && r() < 0.7) { data[0] = Math.min(len, 4 + Math.floor(r() * 28)); data[1] = 0; data[2] = 1 + Math.floor(r() * 8); data[3] = r() < 0.5 ? 0x80 : 0; }
    check(nftMessage(Math.floor(r() * 16), data), `random #${i}`);
  }
});

function nftJson(ns: TestNetns): Record<string, Record<string, unknown>>[] {
  return (JSON.parse(sh('ip', ['netns', 'exec', ns.name, 'nft', '-j', 'list', 'ruleset'])) as { nftables: Record<string, Record<string, unknown>>[] }).nftables;
}

function nftText(ns: TestNetns): string {
  return sh('ip', ['netns', 'exec', ns.name, 'nft', 'list', 'ruleset']);
}

test('a batch written by nlkit is exactly what nft lists', async (t) => {
  await withNetns(t, 'nftwrite', async (ns) => {
    const nft = await Nftables.open({ netns: ns.path });
    try {
      const b = nft.batch();
      b.addTable({ family: 'inet', name: 'filter' });
      b.addChain({ family: 'inet', table: 'filter', name: 'input', hook: 'input', priority: 0, policy: 'drop' });
      b.addChain({ family: 'inet', table: 'filter', name: 'sub' });
      b.addSet({ family: 'inet', table: 'filter', name: 'allowed', keyType: 'ipv4_addr' });
      b.addElements({ family: 'inet', table: 'filter', set: 'allowed', elements: [{ key: ip('10.0.0.1') }, { key: ip('10.0.0.2') }] });
      b.addRule({ family: 'inet', table: 'filter', chain: 'input', exprs: [...ctState('established', 'related'), verdict('accept')] });
      b.addRule({ family: 'inet', table: 'filter', chain: 'input', exprs: [meta('l4proto'), cmp('eq', 6), payload('tcp', 'dport'), cmp('eq', be16(22)), counter(), verdict('accept')] });
      b.addRule({ family: 'inet', table: 'filter', chain: 'input', exprs: [meta('nfproto'), cmp('eq', 2), payload('ip', 'saddr'), lookup('allowed'), log({ prefix: 'ok ' }), verdict('jump', 'sub')] });
      b.addTable({ family: 'ip', name: 'nat' });
      b.addChain({ family: 'ip', table: 'nat', name: 'post', type: 'nat', hook: 'postrouting', priority: 100 });
      assert.equal(b.size, 10);
      await b.commit();

      const j = nftJson(ns);
      const tables = j.filter((o) => o.table).map((o) => `${o.table!.family} ${o.table!.name}`);
      assert.deepEqual(tables.sort(), ['inet filter', 'ip nat']);
      const input = j.find((o) => o.chain?.name === 'input')!.chain!;
      assert.deepEqual([input.type, input.hook, input.prio, input.policy], ['filter', 'input', 0, 'drop']);
      const post = j.find((o) => o.chain?.name === 'post')!.chain!;
      assert.deepEqual([post.type, post.hook, post.prio, post.policy], ['nat', 'postrouting', 100, 'accept']);
      assert.ok(j.find((o) => o.chain?.name === 'sub' && o.chain.hook === undefined));
      assert.deepEqual(j.find((o) => o.set?.name === 'allowed')!.set!.elem, ['10.0.0.1', '10.0.0.2']);
      const rules = j.filter((o) => o.rule).map((o) => o.rule!.expr);
      assert.deepEqual(rules, [
        [{ match: { op: 'in', left: { ct: { key: 'state' } }, right: ['established', 'related'] } }, { accept: null }],
        [{ match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 22 } }, { counter: { packets: 0, bytes: 0 } }, { accept: null }],
        [{ match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '@allowed' } }, { log: { prefix: 'ok ' } }, { jump: { target: 'sub' } }],
      ]);
      assert.match(nftText(ns), /tcp dport 22 counter packets 0 bytes 0 accept/);

      // and nlkit reads back what it wrote
      const rs = await nft.listRuleset();
      assert.deepEqual(rs.rules.filter((r) => r.chain === 'input').map((r) => r.exprs.map((x) => x.type)), [
        ['ct', 'bitwise', 'cmp', 'immediate'],
        ['meta', 'cmp', 'payload', 'cmp', 'counter', 'immediate'],
        ['meta', 'cmp', 'payload', 'lookup', 'log', 'immediate'],
      ]);
      assert.deepEqual(rs.elements.find((e) => e.set === 'allowed')!.elements.map((e) => [...e.key].join('.')).sort(), ['10.0.0.1', '10.0.0.2']);

      // deletions in a second batch
      const d = nft.batch({ family: 'inet' });
      const handle = rs.rules.find((r) => r.chain === 'input' && r.exprs[0]!.type === 'meta' && r.exprs.some((x) => x.type === 'lookup'))!.handle!;
      d.deleteRule({ table: 'filter', chain: 'input', handle });
      d.deleteChain({ table: 'filter', name: 'sub' });
      d.deleteElements({ table: 'filter', set: 'allowed', elements: [{ key: ip('10.0.0.1') }] });
      d.deleteTable({ family: 'ip', name: 'nat' });
      await d.commit();
      const after = nftText(ns);
      assert.doesNotMatch(after, /chain sub|table ip nat|10\.0\.0\.1|@allowed/);
      assert.match(after, /10\.0\.0\.2/);
    } finally {
      nft.close();
    }
  });
});

const LOADED = `table inet web {
 set ports { type inet_service; elements = { 80, 443 } }
 chain in {
  type filter hook input priority -10; policy accept;
  iifname "lo" accept
  ct state invalid drop
  tcp dport @ports counter accept
  meta mark 0x2a log prefix "m42 " group 5
  ip daddr 192.0.2.1 drop
 }
 chain out {
  type filter hook output priority 0; policy accept;
  meta l4proto icmp counter
 }
}
`;

test('nlkit reads back a ruleset loaded with nft -f', async (t) => {
  await withNetns(t, 'nftread', async (ns) => {
    nftLoad(ns.name, LOADED);
    const nft = await Nftables.open({ netns: ns.path });
    try {
      const rs: NftRuleset = await nft.listRuleset();
      assert.deepEqual(rs.tables.map((x) => [x.family, x.name]), [['inet', 'web']]);
      const chIn = rs.chains.find((c) => c.name === 'in')!;
      assert.deepEqual([chIn.type, chIn.hook, chIn.priority, chIn.policy], ['filter', 'input', -10, 'accept']);
      assert.deepEqual(rs.sets.map((s) => [s.name, s.keyType, s.keyLen]), [['ports', 'inet_service', 2]]);
      assert.deepEqual(rs.elements[0]!.elements.map((e) => (e.key[0]! << 8) | e.key[1]!).sort((a, b) => a - b), [80, 443]);
      const rules = rs.rules.filter((r) => r.chain === 'in').map((r) => r.exprs);
      assert.equal(rules.length, 5);
      const [lo, invalid, ports, mark, daddr] = rules as [NftExpr[], NftExpr[], NftExpr[], NftExpr[], NftExpr[]];
      assert.deepEqual(lo[0], { type: 'meta', key: 'iifname', dreg: lo[0]!.type === 'meta' ? (lo[0] as { dreg: number }).dreg : 0 });
      assert.equal(Buffer.from((lo[1] as { data: Uint8Array }).data).toString('latin1').replace(/\0+$/, ''), 'lo');
      assert.deepEqual(lo.at(-1), { type: 'immediate', dreg: 0, verdict: { code: 'accept' } });
      assert.deepEqual(invalid.map((x) => x.type), ['ct', 'bitwise', 'cmp', 'immediate']);
      assert.deepEqual(invalid.at(-1), { type: 'immediate', dreg: 0, verdict: { code: 'drop' } });
      assert.ok(ports.some((x) => x.type === 'lookup' && (x as { set: string }).set === 'ports'));
      assert.ok(ports.some((x) => x.type === 'payload' && (x as { base: string; offset: number }).base === 'transport' && (x as { offset: number }).offset === 2));
      assert.ok(mark.some((x) => x.type === 'meta' && (x as { key: string }).key === 'mark'));
      assert.deepEqual(mark.find((x) => x.type === 'log'), { type: 'log', prefix: 'm42 ', group: 5 });
      const dst = daddr.filter((x) => x.type === 'cmp').at(-1) as { data: Uint8Array }; // after meta nfproto == ipv4
      assert.deepEqual([...dst.data], [192, 0, 2, 1]);

      // real traffic moves the counter of the output rule
      await ping(ns.name, ['-c', '2', '-i', '0.2', '-W', '1']);
      const out = (await nft.listRules({ family: 'inet', table: 'web', chain: 'out' }))[0]!;
      const c = out.exprs.find((x) => x.type === 'counter') as { packets: number };
      assert.ok(c.packets >= 4, `counter saw ${c.packets} packets (2 requests + 2 replies on lo)`);
    } finally {
      nft.close();
    }
  });
});

test('a failed batch changes nothing and names the failing object', async (t) => {
  await withNetns(t, 'nftfail', async (ns) => {
    nftLoad(ns.name, LOADED);
    const before = nftText(ns);
    const nft = await Nftables.open({ netns: ns.path });
    try {
      const snapshot = await nft.listRuleset();
      const b = nft.batch({ family: 'inet' });
      b.addTable({ name: 'extra' });
      b.addChain({ table: 'extra', name: 'c', hook: 'input', priority: 0 });
      b.addRule({ table: 'web', chain: 'in', exprs: [counter(), verdict('drop')] });
      b.addRule({ table: 'web', chain: 'missing', exprs: [counter()] });
      b.addElements({ table: 'web', set: 'ports', elements: [{ key: be16(8080) }] });
      await assert.rejects(b.commit(), (e: NftBatchError) => {
        assert.equal(e.code, 'ENOENT');
        assert.match(e.message, /nftables add rule inet web missing/);
        assert.match(e.message, /message 4 of 5; the batch was not applied/);
        assert.ok(e.batchErrors.length >= 1);
        return true;
      });
      assert.equal(nftText(ns), before);
      assert.deepEqual(await nft.listRuleset(), snapshot);
      await assert.rejects(b.commit(), /already committed/);

      // the same connection still works afterwards
      await nft.batch({ family: 'inet' }).addTable({ name: 'extra' }).commit();
      assert.match(nftText(ns), /table inet extra/);
      // exclusive create of an existing table fails with EEXIST
      await assert.rejects(nft.batch().addTable({ family: 'inet', name: 'extra', exclusive: true }).commit(), { code: 'EEXIST' });
    } finally {
      nft.close();
    }
  });
});

test('monitor sees the changes of a batch, ending with a generation', async (t) => {
  await withNetns(t, 'nftmon', async (ns) => {
    const nft = await Nftables.open({ netns: ns.path });
    try {
      const events = collect(nft.monitor(), 1, 10000, (ev) => 'object' in ev && ev.object === 'generation');
      await nft.batch({ family: 'inet' })
        .addTable({ name: 'm' })
        .addChain({ table: 'm', name: 'c', hook: 'output', priority: 5, policy: 'accept' })
        .addRule({ table: 'm', chain: 'c', exprs: [meta('l4proto'), cmp('eq', 17), counter()] })
        .commit();
      const got = (await events).filter((ev): ev is NftChange => 'object' in ev);
      assert.deepEqual(got.map((ev) => `${ev.kind} ${ev.object}`), ['new table', 'new chain', 'new rule', 'new generation']);
      const rule = got[2]!.value as { exprs: NftExpr[]; table: string };
      assert.equal(rule.table, 'm');
      assert.deepEqual(rule.exprs.map((x) => x.type), ['meta', 'cmp', 'counter']);
      const chain = got[1]!.value as { hook: string; priority: number };
      assert.deepEqual([chain.hook, chain.priority], ['output', 5]);

      // changes made by the nft tool show up too
      const more = collect(nft.monitor(), 1, 10000, (ev) => 'object' in ev && ev.object === 'generation');
      sh('ip', ['netns', 'exec', ns.name, 'nft', 'delete', 'table', 'inet', 'm']);
      const del = (await more).filter((ev): ev is NftChange => 'object' in ev);
      assert.ok(del.some((ev) => ev.kind === 'delete' && ev.object === 'table' && (ev.value as { name: string }).name === 'm'));
    } finally {
      nft.close();
    }
  });
});

function cliIO(): CliIO & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined }, env: {} };
}

test('nlkit nft list: text and JSON', async (t) => {
  await withNetns(t, 'nftcli', async (ns) => {
    nftLoad(ns.name, LOADED);
    const text = cliIO();
    assert.equal(await runNft(['list'], { json: false, pretty: false, netns: ns.path }, text), 0);
    const s = text.out.join('');
    assert.match(s, /table inet web \{/);
    assert.match(s, /type filter hook input priority -10; policy accept;/);
    assert.match(s, /\[ lookup reg 1 set ports \]/);
    assert.match(s, /\[ log prefix "m42 " group 5 \]/);
    const json = cliIO();
    assert.equal(await runNft(['list', 'chains'], { json: true, pretty: false, netns: ns.path }, json), 0);
    const parsed = JSON.parse(json.out.join('')) as { chains: { name: string }[] };
    assert.deepEqual(parsed.chains.map((c) => c.name).sort(), ['in', 'out']);
  });
});

test('a batch of thousands of rules fits one sendmsg, with every ack collected', async (t) => {
  await withNetns(t, 'nftbig', async (ns) => {
    const nft = await Nftables.open({ netns: ns.path });
    try {
      const b = nft.batch({ family: 'inet' }).addTable({ name: 'big' }).addChain({ table: 'big', name: 'c', hook: 'input', priority: 0 });
      for (let i = 0; i < 3000; i++) b.addRule({ table: 'big', chain: 'c', exprs: [meta('l4proto'), cmp('eq', 6), payload('tcp', 'dport'), cmp('eq', be16(i)), counter(), verdict('accept')] });
      await b.commit();
      assert.equal((await nft.listRules({ family: 'inet', table: 'big' })).length, 3000);
      const bad = nft.batch({ family: 'inet' });
      for (let i = 0; i < 3000; i++) bad.addRule({ table: 'big', chain: i === 2999 ? 'nope' : 'c', exprs: [counter()] });
      await assert.rejects(bad.commit(), (e: NftBatchError) => e.code === 'ENOENT' && /message 3000 of 3000/.test(e.message));
      assert.equal((await nft.listRules({ family: 'inet', table: 'big' })).length, 3000);
      assert.equal(sh('ip', ['netns', 'exec', ns.name, 'nft', 'list', 'chain', 'inet', 'big', 'c']).split('\n').filter((l) => l.includes('tcp dport')).length, 3000);
    } finally {
      nft.close();
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

test('nftables monitor: malformed messages never end the stream', async () => {
  const fk = new FakeKernel();
  const nft = await Nftables.open({ binding: fk });
  try {
    const it = nft.monitor()[Symbol.asyncIterator]();
    const rule = encodeRule({ table: 't', chain: 'c', exprs: [counter()] });
    const badExprs = new AttrEncoder().string(1, 't').nested(4, (x) => x.nested(1, (el) => el.nested(2, (d) => d.u32be(1, 1)))).finish();
    const badCounter = new AttrEncoder().string(1, 't').nested(4, (x) => x.nested(1, (el) => el.string(1, 'counter').nested(2, (d) => d.u32be(1, 1)))).finish();
    fk.notify(7, [fakeMsg(0x0a06, badExprs, 1)]);
    fk.notify(7, [fakeMsg(0x0a06, badCounter, 1)]);
    fk.notify(7, [fakeMsg(0x0a06, rule.subarray(0, rule.length - 2), 1)]);
    fk.notify(7, [fakeMsg(0x0a06, rule, 1), fakeMsg(0x0a0f, new AttrEncoder().u32be(1, 42).finish(), 0)]);
    const items = await takeN(it, 5);
    assert.deepEqual(items.map((x) => ('object' in x ? `${x.kind} ${x.object}` : x.kind)), ['error', 'error', 'error', 'new rule', 'new generation']);
    assert.deepEqual((items[4] as { value: unknown }).value, { id: 42 });
    await it.return?.();
  } finally {
    nft.close();
  }
});
