/**
 * `nlkit decode` on every input form: a pcap written from a recorded
 * session, pcapng, plain hex, xxd, a strace sample, and strace run for
 * real on `ip link show` (when strace is installed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Protocol } from '../../src/index.js';
import { FakeKernel, Recorder, ack, error, multipart } from '../../src/testing/index.js';
import { detectFormat, fromHex, parseInput, readPcapng, runDecode, toHex, writePcap } from '../../src/trace/index.js';
import { SAMPLES } from './samples.js';
import { isRoot } from '../helpers/netns.js';

async function decode(args: string[], stdin: string | Uint8Array = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await runDecode(args, {
    stdin: Readable.from([typeof stdin === 'string' ? Buffer.from(stdin) : Buffer.from(stdin)]),
    stdout: { write: (s: string) => { out += s; } },
    stderr: { write: (s: string) => { err += s; } },
  });
  return { code, out, err };
}

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'nlkit-decode-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** xxd's default layout: offset, 8 groups of 2 bytes, ASCII. */
function xxd(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const chunk = bytes.subarray(off, off + 16);
    const groups: string[] = [];
    for (let i = 0; i < chunk.length; i += 2) groups.push(toHex(chunk.subarray(i, i + 2)));
    const ascii = Array.from(chunk, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}: ${groups.join(' ').padEnd(39)}  ${ascii}`);
  }
  return lines.join('\n') + '\n';
}

test('a pcap written from a recorded session decodes with directions and protocols', async () => {
  const fk = new FakeKernel((req) => (req.header.type === 18 ? multipart(req, 16, [new Uint8Array(16)]) : error(req, 19, { message: 'no such link' })));
  const rec = new Recorder();
  const conn = await fk.open(Protocol.Route, { trace: rec.hook });
  await conn.dumpAll({ header: { type: 18 }, data: new Uint8Array(16) });
  await assert.rejects(conn.request({ header: { type: 16 }, data: new Uint8Array(16) }));
  conn.close();
  await withDir(async (dir) => {
    const file = join(dir, 'session.pcap');
    writeFileSync(file, rec.pcap());
    const { code, out } = await decode([file, '--level', 'headers']);
    assert.equal(code, 0);
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0]!, /^send NETLINK_ROUTE RTM_GETLINK flags=REQUEST\|DUMP /);
    assert.match(lines[1]!, /^recv NETLINK_ROUTE RTM_NEWLINK flags=MULTI /);
    assert.match(lines[2]!, /^recv NETLINK_ROUTE NLMSG_DONE /);
    assert.match(lines[4]!, /^recv NETLINK_ROUTE NLMSG_ERROR flags=ACK_TLVS /);
    const full = await decode([file]);
    assert.match(full.out, /error ENODEV \(errno 19\): no such device\n {2}ext-ack message="no such link"/);
    const json = await decode(['-j', file]);
    const objs = json.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; source: string });
    assert.deepEqual(objs.map((o) => o.type), ['RTM_GETLINK', 'RTM_NEWLINK', 'NLMSG_DONE', 'RTM_NEWLINK', 'NLMSG_ERROR']);
    assert.equal(objs[0]!.source, 'packet 1');
  });
});

test('pcapng with a netlink interface is read; the protocol comes from the cooked header', () => {
  const genl = SAMPLES.filter((s) => s.protocol === 16).slice(2);
  const pkts = writePcap(genl.map((s) => ({ bytes: fromHex(s.hex), protocol: 16, direction: s.direction })));
  // re-wrap the same frames as pcapng: SHB, IDB (link type 253), one EPB per packet
  const blocks: number[] = [];
  const u32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
  const block = (type: number, body: number[]) => {
    const pad = (4 - (body.length % 4)) % 4;
    const len = 12 + body.length + pad;
    blocks.push(...u32(type), ...u32(len), ...body, ...new Array(pad).fill(0), ...u32(len));
  };
  block(0x0a0d0d0a, [...u32(0x1a2b3c4d), 1, 0, 0, 0, ...u32(0xffffffff), ...u32(0xffffffff)]);
  block(1, [253, 0, 0, 0, ...u32(0)]);
  let off = 24;
  while (off < pkts.length) {
    const dv = new DataView(pkts.buffer, pkts.byteOffset + off);
    const len = dv.getUint32(8, true);
    const frame = [...pkts.subarray(off + 16, off + 16 + len)];
    block(6, [...u32(0), ...u32(0), ...u32(0), ...u32(len), ...u32(len), ...frame]);
    off += 16 + len;
  }
  const ng = Uint8Array.from(blocks);
  assert.equal(detectFormat(ng), 'pcapng');
  const r = readPcapng(ng);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.records.length, 2);
  assert.deepEqual(r.records.map((x) => [x.protocol, x.direction]), [[16, 'send'], [16, 'recv']]);
});

test('plain hex and xxd dumps decode; --protocol names the protocol', async () => {
  const addr = SAMPLES[3]!;
  const hex = `send\n${addr.hex}\n\n# the ack\nrecv ${SAMPLES[4]!.hex}\n`;
  const r1 = await decode(['--level', 'headers'], hex);
  assert.equal(r1.code, 0);
  assert.match(r1.out, /^send NETLINK_ROUTE RTM_NEWADDR flags=REQUEST\|ACK\|EXCL\|CREATE .*\nrecv NETLINK_ROUTE NLMSG_ERROR flags=CAPPED /);
  const r2 = await decode(['-f', 'xxd'], xxd(fromHex(addr.hex)));
  assert.match(r2.out, / {2}IFA_LOCAL 10\.1\.2\.3\n {2}IFA_ADDRESS 10\.1\.2\.3/);
  assert.equal(parseInput(Buffer.from(xxd(fromHex(addr.hex)))).format, 'xxd');
  const genl = await decode(['-p', 'generic', '--level', 'headers'], SAMPLES[11]!.hex);
  assert.match(genl.out, /^NETLINK_GENERIC nlctrl GETFAMILY flags=REQUEST /);
});

test('strace output: quoted iov_base strings and hex dumps', async () => {
  const [req, rsp] = [SAMPLES[3]!, SAMPLES[4]!];
  const esc = (h: string) => h.replace(/../g, (b) => `\\x${b}`);
  const sample = [
    'socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3',
    `sendmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base="${esc(req.hex)}", iov_len=${req.hex.length / 2}}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = ${req.hex.length / 2}`,
    `recvmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base="${esc(rsp.hex)}", iov_len=32768}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_PEEK|MSG_TRUNC) = ${rsp.hex.length / 2}`,
    `recvmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base="${esc(rsp.hex)}", iov_len=32768}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = ${rsp.hex.length / 2}`,
  ].join('\n');
  const r = await decode(['--level', 'headers'], sample);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), ['send NETLINK_ROUTE RTM_NEWADDR', 'recv NETLINK_ROUTE NLMSG_ERROR']);
});

test('strace run for real on `ip link show lo`', async (t) => {
  let hasStrace = true;
  try { execFileSync('strace', ['-V'], { stdio: 'ignore' }); } catch { hasStrace = false; }
  if (!hasStrace || !isRoot) { t.skip('needs strace (apt-get install strace) and root (ptrace)'); return; }
  await withDir(async (dir) => {
    const log = join(dir, 'strace.txt');
    execFileSync('strace', ['-f', '-o', log, '-e', 'trace=socket,sendmsg,recvmsg', '-e', 'read=all', '-e', 'write=all', '-e', 'signal=none', 'ip', 'link', 'show', 'lo'], { stdio: 'ignore' });
    const r = await decode([log]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^send NETLINK_ROUTE RTM_GETLINK flags=REQUEST /m);
    assert.match(r.out, /^recv NETLINK_ROUTE RTM_NEWLINK /m);
    assert.match(r.out, /^ {2}IFLA_IFNAME "lo"$/m);
  });
});

test('usage errors and unreadable input give clear messages and exit codes', async () => {
  assert.equal((await decode(['--format', 'nope'])).code, 2);
  assert.match((await decode(['--bogus'])).err, /unknown option --bogus/);
  assert.equal((await decode(['--help'])).code, 0);
  const missing = await decode(['/nonexistent/file.pcap']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /cannot read/);
  const empty = await decode([], 'not netlink at all');
  assert.equal(empty.code, 1);
  const cut = await decode([], SAMPLES[3]!.hex.slice(0, 60));
  assert.match(cut.out, /^malformed line 1: unparsed bytes at offset 0 \(nlmsg_len 40 with 30 bytes left\)/);
});

test('acks in the test kit and in decode agree', () => {
  const m = ack({ header: { length: 32, type: 18, flags: 5, seq: 3, portId: 9 } });
  assert.equal(m.header.flags, 0x100);
});
