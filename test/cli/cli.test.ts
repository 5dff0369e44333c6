// The nlkit CLI run in-process against the kernel, compared with `ip`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run.js';
import { ipn, sh, withNetns } from '../helpers/netns.js';

async function nlkit(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { err += s; } }, env: {} });
  return { code, out, err };
}

test('nlkit -j link/addr/route/rule/neigh print what ip -j prints', async (t) => {
  await withNetns(t, 'cli', async (ns) => {
    for (const cmd of [
      ['link', 'add', 'cv0', 'type', 'veth', 'peer', 'name', 'cv1'],
      ['link', 'add', 'cbr', 'type', 'bridge'],
      ['link', 'set', 'cv1', 'master', 'cbr', 'up'],
      ['link', 'set', 'cv0', 'up', 'mtu', '1400'],
      ['addr', 'add', '10.60.0.1/24', 'dev', 'cv0', 'brd', '+'],
      ['addr', 'add', 'fd00:60::1/64', 'dev', 'cv0', 'nodad'],
      ['route', 'add', '10.61.0.0/16', 'via', '10.60.0.2', 'metric', '9'],
      ['route', 'add', 'blackhole', '10.62.0.0/16', 'table', '50'],
      ['neigh', 'add', '10.60.0.8', 'dev', 'cv0', 'lladdr', '02:00:00:00:00:08'],
      ['rule', 'add', 'from', '10.60.0.0/24', 'table', '50', 'pref', '500'],
    ]) {
      const r = await nlkit('-n', ns.name, ...cmd);
      assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.err}`);
    }
    for (const args of [['link'], ['link', 'show', 'cv0'], ['addr'], ['addr', 'show', 'dev', 'cv0'], ['route'], ['route', 'show', 'table', 'all'], ['-6', 'route'], ['rule'], ['neigh']]) {
      const ours = await nlkit('-n', ns.name, '-j', ...args);
      assert.equal(ours.code, 0, ours.err);
      assert.deepEqual(JSON.parse(ours.out), JSON.parse(ipn(ns.name, '-j', ...args)), args.join(' '));
    }
    // text output of link matches ip's
    assert.equal((await nlkit('-n', ns.name, 'link')).out, ipn(ns.name, 'link'));
    const get = await nlkit('-n', ns.name, 'route', 'get', '10.61.3.4');
    assert.match(get.out, /^10\.61\.3\.4 via 10\.60\.0\.2 dev cv0/);
  });
});

test('bad arguments: clear message, exit 2, nothing applied; kernel errors exit 1', async (t) => {
  await withNetns(t, 'clierr', async (ns) => {
    const before = ipn(ns.name, '-j', 'link');
    for (const args of [
      ['link', 'add', 'x0'],
      ['link', 'add', 'x0', 'type', 'vxlan'],
      ['link', 'set', 'lo', 'mtu', 'big'],
      ['addr', 'add', '10.0.0.1/24'],
      ['route', 'add'],
      ['bogus'],
      ['--nope'],
      ['link', 'frobnicate'],
    ]) {
      const r = await nlkit('-n', ns.name, ...args);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code} ${r.err}`);
      assert.match(r.err, /^nlkit: .+/);
    }
    assert.equal(ipn(ns.name, '-j', 'link'), before, 'nothing was changed');
    const r = await nlkit('-n', ns.name, 'addr', 'add', '10.0.0.1/24', 'dev', 'nosuch0');
    assert.equal(r.code, 1);
    assert.match(r.err, /ENODEV.*|nosuch0/);
    const n = await nlkit('-n', 'nlkit-no-such-ns', 'link');
    assert.equal(n.code, 1);
    assert.match(n.err, /does not exist/);
  });
});

test('monitor prints events; the installed bin runs', async (t) => {
  await withNetns(t, 'climon', async (ns) => {
    const p = nlkit('-n', ns.name, '-j', 'monitor', 'link', 'count', '2');
    await new Promise((r) => setTimeout(r, 100));
    sh('ip', ['-n', ns.name, 'link', 'add', 'mon0', 'type', 'veth', 'peer', 'name', 'mon1']);
    const r = await p;
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => l.event === 'link' && l.action === 'new'));
    assert.deepEqual(lines.map((l) => l.ifname).sort(), ['mon0', 'mon1']);
    const bin = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
    const run = spawnSync(process.execPath, [bin, '-n', ns.name, 'link', 'show', 'lo'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^1: lo: <LOOPBACK,UP,LOWER_UP>/);
  });
});
