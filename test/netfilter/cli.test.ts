// `nlkit nflog` run in-process against a namespace with a log rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNflog } from '../../src/cli/nflog.js';
import { UsageError, type CliIO, type GlobalOptions } from '../../src/cli/io.js';
import { withNetns } from '../helpers/netns.js';
import { echoRequestRule, nft, ping } from './rules.js';

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {} };
}

test('nlkit nflog: usage errors', async () => {
  const opts: GlobalOptions = { json: false, pretty: false };
  await assert.rejects(runNflog([], opts, io()), (e: unknown) => e instanceof UsageError && /--group is required/.test(e.message));
  await assert.rejects(runNflog(['--group', 'x'], opts, io()), UsageError);
  await assert.rejects(runNflog(['--group', '1', '--copy', 'all'], opts, io()), UsageError);
  await assert.rejects(runNflog(['--group', '1', '--bogus'], opts, io()), UsageError);
});

test('nlkit nflog prints one line per packet, or JSON lines with -j', async (t) => {
  await withNetns(t, 'nflogcli', async (ns) => {
    nft(ns.name, echoRequestRule('meta mark set 0x7 log prefix "cli " group 21'));
    for (const json of [false, true]) {
      const o = io();
      const run = runNflog(['--group', '21', '--count', '2', '--timeout', '10', '--range', '40'], { json, pretty: false, netns: ns.path }, o);
      await new Promise((r) => setTimeout(r, 100)); // let it bind
      await ping(ns.name, ['-c', '2', '-i', '0.2', '-W', '1']);
      assert.equal(await run, 0);
      const lines = o.out.join('').trim().split('\n');
      assert.equal(lines.length, 2, o.out.join('') + o.err.join(''));
      if (!json) {
        for (const l of lines) assert.equal(l, 'prefix "cli " in - out 1 mark 0x7 len 84 127.0.0.1 > 127.0.0.1 icmp');
      } else {
        const j = JSON.parse(lines[0]!);
        assert.equal(j.prefix, 'cli ');
        assert.equal(j.outdev, 1);
        assert.equal(j.mark, 7);
        assert.equal(j.len, 84);
        assert.equal(j.caplen, 40);
        assert.equal(j.src, '127.0.0.1');
        assert.equal(j.protocol, 'icmp');
        assert.equal(j.hook, 'output');
      }
    }
  });
});
