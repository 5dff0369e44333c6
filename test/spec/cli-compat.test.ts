/**
 * Spec-names mode must print exactly what the kernel's YNL tool prints
 * (cli.py --output-json). fixtures/cli-expected.txt was produced from
 * fixtures/captures.json by the kernel's own Python library (see
 * fixtures/make-cli-expected.py).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundledSpec, toYnlJson } from '../../src/spec/index.js';
import { ROOT, captures } from './fixtures.js';

describe('cli.py --output-json compatibility', () => {
  it('decodes captured messages to the same JSON text, byte for byte', () => {
    const expected = readFileSync(join(ROOT, 'test/spec/fixtures/cli-expected.txt'), 'utf8').trimEnd().split('\n');
    const caps = captures();
    const lines: string[] = [];
    const cases = [['rt-addr', 'addr', 'getaddr'], ['rt-route', 'route', 'getroute'], ['rt-link', 'link', 'getlink'], ['nlctrl', 'nlctrl', 'getfamily'], ['nlctrl', 'nlctrlPolicy', 'getpolicy']] as const;
    for (const [family, key, op] of cases) {
      const fam = bundledSpec(family);
      for (const data of caps[key]) lines.push(`${family} ${op} ${toYnlJson(fam.decodeReply(op, 'dump', data, { names: 'spec' }))}`);
    }
    assert.equal(lines.length, expected.length);
    for (let i = 0; i < lines.length; i++) assert.equal(lines[i], expected[i]);
  });

  it('genetlink families (netdev, ethtool bitsets and string sets) print the same too', () => {
    const expected = readFileSync(join(ROOT, 'test/spec/fixtures/genl-cli-expected.txt'), 'utf8').trimEnd().split('\n');
    const caps = JSON.parse(readFileSync(join(ROOT, 'test/spec/fixtures/genl-captures.json'), 'utf8')) as Record<string, string[]>;
    const lines: string[] = [];
    for (const [key, payloads] of Object.entries(caps)) {
      const [family, op] = key.split(' ') as [string, string];
      const fam = bundledSpec(family);
      const mode = fam.supports(op, 'do') ? 'do' : 'dump';
      for (const h of payloads) lines.push(`${family} ${op} ${toYnlJson(fam.decodeReply(op, mode, new Uint8Array(Buffer.from(h, 'hex')), { names: 'spec' }))}`);
    }
    assert.equal(lines.length, expected.length);
    for (let i = 0; i < lines.length; i++) assert.equal(lines[i], expected[i]);
  });

  it('formats like Python json.dumps', () => {
    assert.equal(toYnlJson({ a: [1, 'x'], b: {}, c: [], d: null, e: false }), '{"a": [1, "x"], "b": {}, "c": [], "d": null, "e": false}');
    assert.equal(toYnlJson('tab\there "q" \\ \u0001 \u007f é 😀'), '"tab\\there \\"q\\" \\\\ \\u0001 \\u007f \\u00e9 \\ud83d\\ude00"');
    assert.equal(toYnlJson(new Uint8Array([0, 255, 16])), '"00ff10"');
    assert.equal(toYnlJson(18446744073709551615n), '18446744073709551615');
  });
});
