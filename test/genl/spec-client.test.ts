// Spec-driven families on the real kernel (ethtool, netdev, nlctrl, rt-link),
// and `nlkit ynl` checked against the kernel's own ynl tool when available.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetlinkError } from '../../src/index.js';
import { SpecClient } from '../../src/genl/index.js';
import { runCli } from '../../src/cli/run.js';
import { ipn, withNetns } from '../helpers/netns.js';

test('ethtool through its spec: link info, modes, channels, features; rings-get refused; features-set applied', async (t) => {
  await withNetns(t, 'eth', async (ns) => {
    ipn(ns.name, 'link', 'add', 'et0', 'type', 'veth', 'peer', 'name', 'et1');
    const eth = await SpecClient.open('ethtool', { netns: ns.path });
    try {
      const header = { header: { devName: 'et0' } };
      const info = (await eth.do('linkinfo-get', header)) as Record<string, any>;
      assert.equal(info['header'].devName, 'et0');
      assert.equal(typeof info['port'], 'number');
      const modes = (await eth.do('linkmodes-get', header)) as Record<string, any>;
      assert.equal(modes['header'].devName, 'et0');
      assert.ok('speed' in modes || 'duplex' in modes || 'autoneg' in modes);
      const ch = (await eth.do('channels-get', header)) as Record<string, any>;
      assert.ok(ch['rxMax'] >= 1 && ch['txMax'] >= 1);
      await assert.rejects(eth.do('rings-get', header), (e: unknown) =>
        e instanceof NetlinkError && e.code === 'EOPNOTSUPP' && /ethtool rings-get/.test(e.message));

      const active = async () => {
        const f = (await eth.do('features-get', header)) as Record<string, any>;
        return ((f['active']?.bits?.bit ?? []) as { name: string }[]).map((b) => b.name);
      };
      assert.ok((await active()).includes('tx-checksum-ip-generic'));
      await eth.do('features-set', { header: { devName: 'et0' }, wanted: { bits: { bit: [{ name: 'tx-checksum-ip-generic' }] } } });
      assert.ok(!(await active()).includes('tx-checksum-ip-generic'), 'turned off');
      await eth.do('features-set', { header: { devName: 'et0' }, wanted: { bits: { bit: [{ name: 'tx-checksum-ip-generic', value: true }] } } });
      assert.ok((await active()).includes('tx-checksum-ip-generic'), 'back on');

      const all = await eth.dump('linkinfo-get');
      assert.deepEqual(all.map((x: any) => x.header.devName).sort(), ['et0', 'et1', 'lo'].filter((n) => n !== 'lo' || all.some((x: any) => x.header.devName === 'lo')).sort());
      assert.throws(() => eth.groupId('nope'), { code: 'ENOENT' });
      // nlkit ynl --subscribe: the change made by --do comes back as a notification
      let out = '';
      const code = await runCli(['-n', ns.name, 'ynl', '--family', 'ethtool', '--subscribe', 'monitor', '--do', 'features-set',
        '--json', '{"header":{"dev-name":"et1"},"wanted":{"bits":{"bit":[{"name":"tx-checksum-ip-generic"}]}}}'],
      { stdout: { write: (s: string) => { out += s; } }, stderr: { write: () => {} }, env: {} });
      assert.equal(code, 0);
      const [, ntfLine] = out.trim().split('\n');
      const ntfs = JSON.parse(ntfLine!);
      assert.ok(ntfs.some((n: any) => n.name === 'features-ntf' && n.msg.header['dev-name'] === 'et1'), ntfLine);
      await assert.rejects(eth.do('linkinfo-get', { header: { devNam: 'x' } }), /devNam/);
    } finally {
      eth.close();
    }
  });
});

test('netdev dev-get (a dump whose replies lack NLM_F_MULTI), nlctrl and rt-link through the engine', async (t) => {
  await withNetns(t, 'ndev', async (ns) => {
    ipn(ns.name, 'link', 'add', 'nd0', 'type', 'veth', 'peer', 'name', 'nd1');
    const nd = await SpecClient.open('netdev', { netns: ns.path });
    const ctl = await SpecClient.open('nlctrl', { netns: ns.path });
    const rt = await SpecClient.open('rt-link', { netns: ns.path });
    try {
      const devs = await nd.dump('dev-get');
      assert.deepEqual(devs.map((d) => d['ifindex']), [1, 2, 3]);
      const one = (await nd.do('dev-get', { ifindex: 2 })) as Record<string, unknown>;
      assert.equal(one['ifindex'], 2);
      const fam = (await ctl.do('getfamily', { familyName: 'ethtool' })) as Record<string, unknown>;
      assert.equal(fam['familyName'], 'ethtool');
      const links = await rt.dump('getlink');
      assert.deepEqual(links.map((l) => l['ifname']), ['lo', 'nd1', 'nd0']);
      assert.equal(links[1]!['ifiIndex'], 2);
    } finally {
      nd.close();
      ctl.close();
      rt.close();
    }
  });
});

/** Finds (or extracts from Debian's linux-source-6.12 package) the kernel's tools/net/ynl/cli.py. */
function kernelYnl(): string | undefined {
  const dir = join(tmpdir(), 'nlkit-kernel-ynl');
  const cli = join(dir, 'linux-source-6.12', 'tools', 'net', 'ynl', 'cli.py');
  if (existsSync(cli)) return cli;
  const tarball = '/usr/src/linux-source-6.12.tar.xz';
  if (!existsSync(tarball)) return undefined;
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('tar', ['-xJf', tarball, '-C', dir, 'linux-source-6.12/tools/net/ynl'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return existsSync(cli) ? cli : undefined;
}

/** Python prints flag sets in hash order: compare lists of strings as sets. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normalise);
    return items.every((x) => typeof x === 'string') ? [...(items as string[])].sort() : items;
  }
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}

test('nlkit ynl prints what the kernel\'s own ynl tool prints', async (t) => {
  const specs = new URL('../../../../shared/ynl-specs/', import.meta.url).pathname;
  const cli = existsSync(specs) ? kernelYnl() : undefined;
  if (!cli) return t.skip('needs ../shared/ynl-specs and /usr/src/linux-source-6.12.tar.xz (apt-get install linux-source-6.12 python3-yaml)');
  const py = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
  if (py.status !== 0) return t.skip('needs python3-yaml');
  await withNetns(t, 'ynl', async (ns) => {
    ipn(ns.name, 'link', 'add', 'yn0', 'type', 'veth', 'peer', 'name', 'yn1');
    const dev = '{"header":{"dev-name":"yn0"}}';
    const cases: [string, string, string, string?][] = [
      ['ethtool', '--do', 'linkinfo-get', dev],
      ['ethtool', '--do', 'linkmodes-get', dev],
      ['ethtool', '--do', 'channels-get', dev],
      ['ethtool', '--do', 'features-get', dev],
      ['ethtool', '--dump', 'linkinfo-get'],
      ['netdev', '--dump', 'dev-get'],
      ['netdev', '--do', 'dev-get', '{"ifindex": 2}'],
      ['nlctrl', '--do', 'getfamily', '{"family-name": "ethtool"}'],
      ['rt-link', '--dump', 'getlink'],
      // (rt-addr is left out: its addresses use the display hint ipv4-or-v6,
      // which the 6.12 tool predates and prints as hex)
      ['rt-route', '--dump', 'getroute'],
    ];
    ipn(ns.name, 'link', 'set', 'yn0', 'up');
    ipn(ns.name, 'addr', 'add', '10.70.0.1/24', 'dev', 'yn0');
    for (const [family, mode, op, json] of cases) {
      const args = [mode, op, ...(json ? ['--json', json] : [])];
      const theirs = spawnSync('ip', ['netns', 'exec', ns.name, 'python3', cli!, '--no-schema', '--output-json', '--spec', join(specs, `${family}.yaml`), ...args],
        { encoding: 'utf8' }) as { status: number | null; stdout: string; stderr: string };
      // the tool may print "Netlink warning:" lines before its JSON
      const theirJson = theirs.stdout.trimEnd().split('\n').pop()! + '\n';
      assert.equal(theirs.status, 0, `kernel ynl ${family} ${op}: ${theirs.stderr}${theirs.stdout}`);
      let out = '';
      let err = '';
      const code = await runCli(['-n', ns.name, 'ynl', '--family', family, ...args],
        { stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { err += s; } }, env: {} });
      assert.equal(code, 0, `nlkit ynl ${family} ${op}: ${err}`);
      assert.deepEqual(normalise(JSON.parse(out)), normalise(JSON.parse(theirJson)), `${family} ${mode} ${op}`);
      if (family === 'ethtool' && op !== 'features-get') assert.equal(out, theirJson, `${family} ${op}: byte for byte`);
    }
  });
});
