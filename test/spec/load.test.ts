/** Reading and validating YNL specs: the real kernel specs and malformed ones. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SpecError, loadSpec, parseSpec } from '../../src/spec/index.js';
import { ALL_TYPES_SPEC, RAW_SPEC, SHARED_SPECS } from './fixtures.js';

const haveShared = existsSync(SHARED_SPECS);

describe('real kernel specs', () => {
  it('every spec in ynl-specs loads and validates', { skip: !haveShared && 'no ../shared/ynl-specs' }, () => {
    const files = readdirSync(SHARED_SPECS).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 20);
    for (const f of files) {
      const fam = loadSpec(join(SHARED_SPECS, f));
      assert.ok(fam.operations.length > 0, f);
      assert.ok(fam.model.attributeSets.length > 0, f);
    }
  });

  it('rt-link: directional message numbers, fixed header, notify ops, mcast ids', { skip: !haveShared && 'no specs' }, () => {
    const fam = loadSpec(join(SHARED_SPECS, 'rt-link.yaml'));
    assert.equal(fam.protocol, 'netlink-raw');
    assert.equal(fam.protonum, 0);
    assert.equal(fam.requestType('newlink'), 16);
    assert.equal(fam.requestType('dellink'), 17);
    assert.equal(fam.requestType('getlink'), 18);
    assert.equal(fam.operation('getlink').replyValue, 16);
    assert.equal(fam.operation('getlink').fixedHeader, 'ifinfomsg');
    assert.ok(fam.supports('getlink', 'dump') && fam.supports('getlink', 'do'));
    const ntf = fam.operation('newlink-ntf');
    assert.equal(ntf.replyValue, 16);
    assert.equal(ntf.requestValue, undefined);
    assert.deepEqual(fam.operationsForMessage(16).map((o) => o.name).sort(), ['getlink', 'newlink-ntf']);
    assert.equal(fam.mcastGroupId('rtnlgrp-link'), 1);
    assert.throws(() => fam.requestType('newlink-ntf'), /notification/);
  });

  it('genetlink: unified numbering, attribute values, subset-of, enums', { skip: !haveShared && 'no specs' }, () => {
    const eth = loadSpec(join(SHARED_SPECS, 'ethtool.yaml'));
    assert.equal(eth.protocol, 'genetlink-legacy');
    const ops = eth.operations.filter((o) => o.requestValue !== undefined);
    assert.ok(ops.length > 20);
    const header = eth.model.attributeSets.find((s) => s.name === 'header')!;
    assert.deepEqual(header.attributes.map((a) => [a.name, a.value]).slice(0, 3), [['unspec', 0], ['dev-index', 1], ['dev-name', 2]]);
    const ctrl = loadSpec(join(SHARED_SPECS, 'nlctrl.yaml'));
    assert.equal(ctrl.requestType('getfamily'), 3);
    assert.equal(ctrl.requestType('getpolicy'), 10);
    const rl = loadSpec(join(SHARED_SPECS, 'rt-link.yaml'));
    const ip6 = rl.model.attributeSets.find((s) => s.name === 'linkinfo-ip6tnl-attrs')!;
    const parent = rl.model.attributeSets.find((s) => s.name === 'linkinfo-iptun-attrs')!;
    assert.equal(ip6.subsetOf, 'linkinfo-iptun-attrs');
    const flags = ip6.attributes.find((a) => a.name === 'flags')!;
    assert.equal(flags.type, 'u32', 'a subset may widen the parent type');
    assert.equal(flags.value, parent.attributes.find((a) => a.name === 'flags')!.value);
  });
});

describe('test specs', () => {
  it('numbers attributes, enums, flags, operations and groups', () => {
    const m = parseSpec(ALL_TYPES_SPEC, 'all.yaml');
    const main = m.attributeSets[0]!;
    assert.equal(main.attributes.find((a) => a.name === 'a-u8')!.value, 1);
    assert.equal(main.attributes.find((a) => a.name === 'kind')!.value, 40);
    assert.equal(main.attributes.find((a) => a.name === 'data')!.value, 41);
    const color = m.definitions.find((d) => d.name === 'color');
    assert.deepEqual(color, { kind: 'enum', name: 'color', entries: [{ name: 'red', value: 0 }, { name: 'green', value: 1 }, { name: 'blue', value: 7 }] });
    const point = m.definitions.find((d) => d.name === 'point');
    assert.equal(point?.kind === 'struct' && point.size, 16);
    const line = m.definitions.find((d) => d.name === 'line');
    assert.equal(line?.kind === 'struct' && line.size, 20);
    assert.deepEqual(m.operations.map((o) => [o.name, o.requestValue, o.replyValue]), [['get', 1, 1], ['set', 5, 5], ['changed', undefined, 6]]);
    assert.equal(m.operations[2]!.attributeSet, 'main');
    assert.deepEqual(m.mcastGroups, [{ name: 'events' }]);
    const lite = m.attributeSets.find((s) => s.name === 'inner-lite')!;
    assert.deepEqual(lite.attributes, [{ name: 'val', type: 'u32', value: 2 }]);
  });

  it('netlink-raw directional model', () => {
    const m = parseSpec(RAW_SPEC, 'raw.yaml');
    assert.equal(m.protonum, 0);
    assert.deepEqual(m.operations.map((o) => [o.name, o.requestValue, o.replyValue, o.fixedHeader]), [
      ['newobj', 16, undefined, 'hdr'], ['newobj-ntf', undefined, 16, 'hdr'], ['delobj', 17, undefined, 'hdr'], ['getobj', 18, 16, 'hdr'],
    ]);
    assert.equal(m.operations[1]!.attributeSet, 'obj-attrs');
    assert.deepEqual(m.mcastGroups, [{ name: 'objs', value: 1 }]);
  });

  it('the model carries no doc text', () => {
    const withDoc = ALL_TYPES_SPEC.replace('name: testfam\n', 'name: testfam\ndoc: secret words here\n')
      .replace('{ name: a-u8, type: u8 }', '{ name: a-u8, type: u8, doc: more secret words }');
    assert.ok(!JSON.stringify(parseSpec(withDoc)).includes('secret'));
  });
});

describe('malformed specs', () => {
  const base = ALL_TYPES_SPEC;
  const cases: [string, string, RegExp | string][] = [
    ['unknown attribute type', base.replace('{ name: a-u16, type: u16 }', '{ name: a-u16, type: u33 }'),
      'bad.yaml: attribute-sets[0].attributes[2].type: unknown type "u33"'],
    ['missing attribute name', base.replace('{ name: a-u16, type: u16 }', '{ type: u16 }'), 'bad.yaml: attribute-sets[0].attributes[2].name: missing'],
    ['unknown key', base.replace('{ name: a-u16, type: u16 }', '{ name: a-u16, type: u16, multi-atr: true }'),
      'bad.yaml: attribute-sets[0].attributes[2].multi-atr: unknown key'],
    ['undefined nested set', base.replace('nested-attributes: inner }\n      - { name: a-multi,', 'nested-attributes: nope }\n      - { name: a-multi,'),
      'bad.yaml: attribute-sets[0].attributes[21].nested-attributes: no attribute set named "nope"'],
    ['undefined enum', base.replace('{ name: a-color, type: u32, enum: color }', '{ name: a-color, type: u32, enum: colour }'),
      'bad.yaml: attribute-sets[0].attributes[17].enum: no enum or flags named "colour"'],
    ['undefined struct', base.replace('struct: point }\n      - { name: a-array', 'struct: pt }\n      - { name: a-array'),
      'bad.yaml: attribute-sets[0].attributes[19].struct: no struct named "pt"'],
    ['subset of nothing', base.replace('subset-of: inner', 'subset-of: outer'), 'bad.yaml: attribute-sets[2].subset-of: no attribute set named "outer"'],
    ['subset attribute not in parent', base.replace('      - { name: val }\n  - name: foo-opts', '      - { name: vol }\n  - name: foo-opts'),
      'bad.yaml: attribute-sets[2].attributes[0].name: attribute "vol" is not in the parent set "inner"'],
    ['bad protocol', base.replace('protocol: genetlink-legacy', 'protocol: netlink-cooked'), 'bad.yaml: protocol: unknown protocol "netlink-cooked"'],
    ['missing protonum', RAW_SPEC.replace('protonum: 0\n', ''), 'bad.yaml: protonum: missing (required by netlink-raw)'],
    ['unknown sub-message', base.replace('sub-message: data-msg, selector: kind }\n      - { name: a-ipv4', 'sub-message: nah, selector: kind }\n      - { name: a-ipv4'),
      'bad.yaml: attribute-sets[0].attributes[27].sub-message: no sub-message named "nah"'],
    ['sub-message without selector', base.replace('sub-message: data-msg, selector: kind }\n      - { name: a-ipv4', 'sub-message: data-msg }\n      - { name: a-ipv4'),
      'bad.yaml: attribute-sets[0].attributes[27].selector: missing (required for sub-message)'],
    ['selector naming no attribute', base.replace('sub-message: data-msg, selector: kind }\n      - { name: a-ipv4', 'sub-message: data-msg, selector: knd }\n      - { name: a-ipv4'),
      'bad.yaml: attribute-sets[0].attributes[27].selector: no attribute named "knd" in any attribute set'],
    ['struct member without len', base.replace('{ name: tag, type: binary, len: max-len }', '{ name: tag, type: binary }'),
      'bad.yaml: definitions[3].members[3].len: missing (required for binary members)'],
    ['len naming no const', base.replace('len: max-len', 'len: min-len'), 'bad.yaml: definitions[3].members[3].len: no numeric const named "min-len"'],
    ['notify of unknown op', base.replace('notify: get', 'notify: got'), 'bad.yaml: operations.list[2].notify: no operation named "got"'],
    ['unknown mcast group', base.replace('mcgrp: events', 'mcgrp: evts'), 'bad.yaml: operations.list[2].mcgrp: no multicast group named "evts"'],
    ['attributes not a list', base.replace('attributes:\n      - { name: speed, type: u32 }\n      - { name: mode, type: u8, enum: color }\n', 'attributes: 3\n'),
      /^bad\.yaml: attribute-sets\[3\]\.attributes: expected a list/],
    ['invalid YAML', 'name: [unclosed', /^bad\.yaml: invalid YAML/],
    ['duplicate operation', base.replace('name: set\n', 'name: get\n'), 'bad.yaml: operations.list[1].name: duplicate operation "get"'],
    ['flag bit out of range', base.replace('entries: [ read, write, exec ]', 'entries: [ read, { name: write, value: 64 } ]'),
      'bad.yaml: definitions[2].entries[1]: flag bit 64 is out of range 0..63'],
  ];
  for (const [title, text, expected] of cases) {
    it(title, () => {
      assert.throws(() => parseSpec(text, 'bad.yaml'), (e: unknown) => {
        assert.ok(e instanceof SpecError, String(e));
        if (typeof expected === 'string') assert.equal(e.message, expected);
        else assert.match(e.message, expected);
        assert.equal(e.file, 'bad.yaml');
        return true;
      });
    });
  }

  it('names the file when loading from a path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-spec-'));
    try {
      const file = join(dir, 'mine.yaml');
      writeFileSync(file, ALL_TYPES_SPEC.replace('{ name: a-u16, type: u16 }', '{ name: a-u16, type: u33 }'));
      assert.throws(() => loadSpec(file), { name: 'SpecError', message: 'mine.yaml: attribute-sets[0].attributes[2].type: unknown type "u33"' });
      writeFileSync(file, ALL_TYPES_SPEC);
      assert.equal(loadSpec(file).name, 'testfam');
      assert.equal(loadSpec(ALL_TYPES_SPEC).name, 'testfam');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
