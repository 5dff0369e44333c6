/**
 * The committed generated code: it must equal what codegen produces from
 * the kernel specs, and decode real captured messages exactly like the
 * run-time codec does.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateAll } from '../../src/spec/codegen/run.js';
import { GENERATED_HEADER } from '../../src/spec/codegen/generate.js';
import { bundledSpec, bundledSpecNames, hasBundledSpec, loadSpec } from '../../src/spec/index.js';
import { ROOT, SHARED_SPECS, captures } from './fixtures.js';

const haveShared = existsSync(SHARED_SPECS);
const GEN_DIR = join(ROOT, 'src/generated');

describe('generated code', () => {
  it('is what npm run codegen produces from the specs', { skip: !haveShared && 'no ../shared/ynl-specs' }, () => {
    const files = generateAll(SHARED_SPECS);
    const committed = readdirSync(GEN_DIR).filter((f) => f.endsWith('.ts')).sort();
    assert.deepEqual(committed, [...files.keys()].sort());
    for (const [name, text] of files) {
      assert.ok(readFileSync(join(GEN_DIR, name), 'utf8') === text, `src/generated/${name} differs from the codegen output: run npm run codegen`);
    }
    assert.deepEqual(generateAll(SHARED_SPECS), files, 'reproducible');
  });

  it('every generated file starts with the generated-code header and copies no doc text', () => {
    for (const f of readdirSync(GEN_DIR).filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(join(GEN_DIR, f), 'utf8');
      assert.ok(text.startsWith(`${GENERATED_HEADER}\n`), f);
      assert.ok(!/\bdoc\b["']?:/.test(text), `${f} contains doc text`);
    }
  });

  it('the registry finds bundled families by name', () => {
    for (const n of ['nlctrl', 'ethtool', 'netdev', 'rt-link', 'rt-addr', 'rt-route', 'rt-neigh', 'rt-rule', 'conntrack', 'nftables']) {
      assert.ok(hasBundledSpec(n), n);
      const fam = bundledSpec(n);
      assert.equal(fam.name, n);
      assert.ok(fam.isCompiled);
    }
    assert.ok(bundledSpecNames().length >= 10);
    assert.throws(() => bundledSpec('nope'), /no bundled YNL spec named "nope"/);
  });

  it('bundled ethtool encodes a request as the issue describes', () => {
    const spec = bundledSpec('ethtool');
    const bytes = spec.encodeRequest('rings-get', 'do', { header: { devName: 'veth0' } });
    assert.equal(bytes[0], spec.requestType('rings-get'));
    assert.deepEqual(spec.decodeRequest('rings-get', bytes), { header: { devName: 'veth0' } });
  });
});

describe('generated and run-time codecs agree on captured kernel messages', () => {
  const cases: [string, 'link' | 'addr' | 'route' | 'nlctrl' | 'nlctrlPolicy', string][] = [
    ['rt-link', 'link', 'getlink'], ['rt-addr', 'addr', 'getaddr'], ['rt-route', 'route', 'getroute'],
    ['nlctrl', 'nlctrl', 'getfamily'], ['nlctrl', 'nlctrlPolicy', 'getpolicy'],
  ];
  for (const [family, key, op] of cases) {
    it(`${family} ${op}`, { skip: !haveShared && 'no specs' }, () => {
      const compiled = bundledSpec(family);
      const runtime = loadSpec(join(SHARED_SPECS, `${family}.yaml`));
      const msgs = captures()[key];
      assert.ok(msgs.length > 0);
      for (const data of msgs) {
        const a = compiled.decodeReply(op, 'dump', data);
        const b = runtime.decodeReply(op, 'dump', data);
        assert.deepEqual(a, b);
        assert.equal(a['_unknown'], undefined, 'the spec knows every attribute of these messages');
        // Re-encoding the decoded object gives back the same bytes (and both codecs agree).
        const re = compiled.encodeRequest(op, 'dump', a);
        assert.deepEqual(runtime.encodeRequest(op, 'dump', b), re);
        assert.deepEqual(compiled.decodeReply(op, 'dump', re), a);
      }
    });
  }

  it('netdev and ethtool replies', { skip: !haveShared && 'no specs' }, () => {
    const caps = JSON.parse(readFileSync(join(ROOT, 'test/spec/fixtures/genl-captures.json'), 'utf8')) as Record<string, string[]>;
    for (const [key, payloads] of Object.entries(caps)) {
      const [family, op] = key.split(' ') as [string, string];
      const compiled = bundledSpec(family);
      const runtime = loadSpec(join(SHARED_SPECS, `${family}.yaml`));
      for (const h of payloads) {
        const data = new Uint8Array(Buffer.from(h, 'hex'));
        const a = compiled.decodeReply(op, 'do', data);
        assert.deepEqual(a, runtime.decodeReply(op, 'do', data), key);
        assert.deepEqual(compiled.decodeReply(op, 'do', compiled.encodeRequest(op, 'do', a)), a, key);
      }
    }
  });

  it('rt-link: decoded link has the expected shape', () => {
    const fam = bundledSpec('rt-link');
    const lo = fam.decodeReply('getlink', 'dump', captures().link[0]!);
    assert.equal(lo['ifname'], 'lo');
    assert.equal(lo['ifiIndex'], 1);
    assert.ok((lo['ifiFlags'] as string[]).includes('loopback'));
    assert.equal(typeof lo['mtu'], 'number');
    const veth = captures().link.map((d) => fam.decodeReply('getlink', 'dump', d)).find((l) => l['ifname'] === 'v0')!;
    assert.deepEqual(veth['linkinfo'], { kind: 'veth' });
  });
});
