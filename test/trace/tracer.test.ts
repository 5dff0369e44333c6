/**
 * The tracer and NLDEBUG: parsing, filters, text and JSON output to a sink
 * or a file, genl families learned on the traced connection, spec
 * describers plugged into a registry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Conn, Protocol } from '../../src/index.js';
import { withNetns } from '../helpers/netns.js';
import { bundledSpec } from '../../src/spec/index.js';
import { FakeKernel, ack, messageOf, multipart, reply } from '../../src/testing/index.js';
import { addSpecFamily, createTracer, defaultRegistry, describe, parseNldebug, traceFromEnv } from '../../src/trace/index.js';
import { SAMPLES } from './samples.js';

test('NLDEBUG values parse into tracer settings; unknown parts become warnings', () => {
  assert.equal(parseNldebug(undefined), undefined);
  assert.equal(parseNldebug(''), undefined);
  assert.equal(parseNldebug('0'), undefined);
  assert.deepEqual(parseNldebug('1'), { level: 'headers', format: 'text', warnings: [] });
  assert.equal(parseNldebug('2')!.level, 'full');
  const c = parseNldebug('level=full,format=json,protocol=route|generic,type=RTM_NEWLINK+LINKINFO_GET+0x10,file=/tmp/x.log,color=yes')!;
  assert.equal(c.level, 'full');
  assert.equal(c.format, 'json');
  assert.deepEqual(c.protocols, [0, 16]);
  assert.deepEqual(c.types, ['RTM_NEWLINK', 'LINKINFO_GET', 16]);
  assert.equal(c.file, '/tmp/x.log');
  assert.deepEqual(c.warnings, ['color=yes (unknown setting)']);
  assert.deepEqual(parseNldebug('protocol=nosuch,level=loud')!.warnings, ['protocol=nosuch (unknown protocol)', 'level=loud (expected headers or full)']);
  assert.equal(traceFromEnv({}), undefined);
});

test('a Conn traced from NLDEBUG writes one line per message, filtered by type', async () => {
  const lines: string[] = [];
  const trace = traceFromEnv({ NLDEBUG: 'type=RTM_NEWLINK' }, (s) => lines.push(s))!;
  const fk = new FakeKernel((req) => multipart(req, 16, [new Uint8Array(16), new Uint8Array(16)]));
  const conn = await fk.open(Protocol.Route, { trace });
  await conn.dumpAll({ header: { type: 18 }, data: new Uint8Array(16) });
  conn.close();
  assert.equal(lines.length, 2);
  for (const l of lines) assert.match(l, /^recv NETLINK_ROUTE RTM_NEWLINK flags=MULTI seq=\d+ port=1000 len=32$/);
});

test('JSON lines to a file; the genl family is learned from nlctrl on the same Conn', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlkit-trace-'));
  try {
    const file = join(dir, 'trace.log');
    const trace = traceFromEnv({ NLDEBUG: `format=json,level=full,protocol=generic,file=${file}` })!;
    const nlctrlReply = messageOf({ ...SAMPLES[12]! });
    const ethtoolReply = messageOf({ ...SAMPLES[14]! });
    const fk = new FakeKernel((req) => (req.header.type === 0x10 ? reply(req, 0x10, nlctrlReply.data) : [reply(req, req.header.type, ethtoolReply.data), ack(req)]));
    const conn = await fk.open(Protocol.Generic, { trace });
    await conn.request({ header: { type: 0x10 }, data: messageOf({ ...SAMPLES[11]! }).data }, { ack: false });
    await conn.request({ header: { type: ethtoolReply.header.type }, data: messageOf({ ...SAMPLES[13]! }).data });
    conn.close();
    const objs = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; direction: string; attrs?: unknown[] });
    assert.deepEqual(objs.map((o) => `${o.direction} ${o.type}`), [
      'send nlctrl GETFAMILY', 'recv nlctrl NEWFAMILY', 'send ethtool LINKINFO_GET', 'recv ethtool LINKINFO_GET_REPLY', 'recv NLMSG_ERROR',
    ]);
    assert.ok(objs[3]!.attrs!.length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing sink never breaks the connection', async () => {
  const trace = createTracer({ write: () => { throw new Error('disk full'); } });
  const fk = new FakeKernel((req) => ack(req));
  const conn = await fk.open(Protocol.Route, { trace });
  await conn.request({ header: { type: 16 }, data: new Uint8Array(16) });
  conn.close();
});

test('spec families plug into a registry', () => {
  const registry = defaultRegistry();
  addSpecFamily(registry, bundledSpec('rt-link'), { first: true });
  addSpecFamily(registry, bundledSpec('ethtool'));
  const link = describe(messageOf({ ...SAMPLES[1]! }), 0, { registry });
  assert.match(link, /^NETLINK_ROUTE rt-link newlink-ntf flags=MULTI /);
  assert.match(link, /\n {2}ifname "lo"\n/);
  describe(messageOf({ ...SAMPLES[12]! }), 16, { registry });
  const eth = describe(messageOf({ ...SAMPLES[14]! }), 16, { registry });
  assert.match(eth, /^NETLINK_GENERIC ethtool linkinfo-get /);
  assert.match(eth, /\n {2}header\n {4}dev-index 3\n {4}dev-name "v0"\n/);
});

test('tracing a real link dump in a fresh namespace', async (t) => {
  await withNetns(t, 'trace', async (ns) => {
    const lines: string[] = [];
    const conn = await Conn.open(Protocol.Route, { netns: ns.path, trace: createTracer({ level: 'full', write: (s) => lines.push(s) }) });
    await conn.dumpAll({ header: { type: 18 }, data: new Uint8Array(16) });
    conn.close();
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^send NETLINK_ROUTE RTM_GETLINK flags=REQUEST\|DUMP seq=\d+ port=\d+ len=32\n {2}ifinfomsg family=AF_UNSPEC type=0 index=0 flags=0 change=0$/);
    assert.match(lines[1]!, /^recv NETLINK_ROUTE RTM_NEWLINK flags=MULTI .*\n {2}ifinfomsg family=AF_UNSPEC type=ARPHRD_LOOPBACK index=1 flags=UP\|LOOPBACK\|RUNNING\|LOWER_UP change=0\n {2}IFLA_IFNAME "lo"\n/);
    assert.match(lines[1]!, /\n {2}IFLA_AF_SPEC\n {4}AF_INET\n/);
    assert.match(lines[2]!, /^recv NETLINK_ROUTE NLMSG_DONE flags=MULTI /);
  });
});
