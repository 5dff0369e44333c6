/**
 * Shared test material for the spec engine: small YNL specs exercising
 * every attribute type, captured kernel messages, and a loader that
 * compiles generated code on the fly (to compare it with the run-time codec).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { parseSpec } from '../../src/spec/load.js';
import { generateFamily } from '../../src/spec/codegen/generate.js';
import type { BundledFamily } from '../../src/spec/compiled.js';

/** Repository root (tests run from dist/test/spec). */
export const ROOT = new URL('../../../', import.meta.url).pathname;

/** Folder of the kernel's YNL specs, when present. */
export const SHARED_SPECS = join(ROOT, '../shared/ynl-specs');

/** A genetlink test spec with one attribute of every type. */
export const ALL_TYPES_SPEC = `# SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
name: testfam
protocol: genetlink-legacy
definitions:
  - { name: max-len, type: const, value: 4 }
  - name: color
    type: enum
    entries: [ red, green, { name: blue, value: 7 } ]
  - name: perms
    type: flags
    entries: [ read, write, exec ]
  - name: point
    type: struct
    members:
      - { name: x, type: u16 }
      - { name: pad1, type: pad, len: 2 }
      - { name: y, type: u32, byte-order: big-endian }
      - { name: tag, type: binary, len: max-len }
      - { name: hue, type: u8, enum: color }
      - { name: pad2, type: pad, len: 3 }
  - name: tiny
    type: struct
    members:
      - { name: defcls, type: u16 }
  - name: line
    type: struct
    members:
      - { name: from, type: binary, struct: point }
      - { name: width, type: s32 }
attribute-sets:
  - name: main
    attributes:
      - { name: unspec, type: unused, value: 0 }
      - { name: a-u8, type: u8 }
      - { name: a-u16, type: u16 }
      - { name: a-u32, type: u32 }
      - { name: a-u64, type: u64 }
      - { name: a-s8, type: s8 }
      - { name: a-s16, type: s16 }
      - { name: a-s32, type: s32 }
      - { name: a-s64, type: s64 }
      - { name: a-uint, type: uint }
      - { name: a-sint, type: sint }
      - { name: a-string, type: string }
      - { name: a-binary, type: binary }
      - { name: a-flag, type: flag }
      - { name: a-pad, type: pad }
      - { name: a-bitfield, type: bitfield32, enum: perms }
      - { name: a-be16, type: u16, byte-order: big-endian }
      - { name: a-color, type: u32, enum: color }
      - { name: a-perms, type: u32, enum: perms }
      - { name: a-struct, type: binary, struct: point }
      - { name: a-array, type: binary, sub-type: u16 }
      - { name: a-nest, type: nest, nested-attributes: inner }
      - { name: a-multi, type: u32, multi-attr: true }
      - { name: a-indexed, type: indexed-array, sub-type: nest, nested-attributes: inner }
      - { name: a-indexed-u32, type: indexed-array, sub-type: u32 }
      - { name: a-ntv, type: nest-type-value, type-value: [ id ], nested-attributes: inner }
      - { name: kind, type: string, value: 40 }
      - { name: data, type: sub-message, sub-message: data-msg, selector: kind }
      - { name: a-ipv4, type: u32, byte-order: big-endian, display-hint: ipv4 }
      - { name: a-mac, type: binary, display-hint: mac }
      - { name: a-hex, type: u32, display-hint: hex }
      - { name: a-enum-flags, type: u32, enum: color, enum-as-flags: true }
      - { name: a-line, type: binary, struct: line }
      - { name: a-be64, type: u64, byte-order: big-endian }
      - { name: a-lite, type: nest, nested-attributes: inner-lite }
      - { name: a-multi-nest, type: nest, nested-attributes: inner, multi-attr: true }
  - name: inner
    name-prefix: testfam-inner-
    attributes:
      - { name: name, type: string }
      - { name: val, type: u32 }
      - { name: deep, type: sub-message, sub-message: data-msg, selector: kind }
  - name: inner-lite
    subset-of: inner
    attributes:
      - { name: val }
  - name: foo-opts
    attributes:
      - { name: speed, type: u32 }
      - { name: mode, type: u8, enum: color }
sub-messages:
  - name: data-msg
    formats:
      - { value: foo, attribute-set: foo-opts }
      - { value: bar, fixed-header: point }
      - { value: baz, fixed-header: point, attribute-set: foo-opts }
      - { value: none }
      - { value: qux, fixed-header: tiny, attribute-set: foo-opts }
operations:
  list:
    - name: get
      attribute-set: main
      do: { request: { attributes: [ a-u8 ] }, reply: { attributes: [ a-u8, a-string ] } }
      dump: { reply: { attributes: [ a-u8 ] } }
    - name: set
      value: 5
      attribute-set: main
      do: { request: { attributes: [ a-u8 ] } }
    - name: changed
      notify: get
      mcgrp: events
mcast-groups:
  list:
    - name: events
`;

/** A netlink-raw test spec: fixed header, directional message numbers, fixed group ids. */
export const RAW_SPEC = `# SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
name: rawfam
protocol: netlink-raw
protonum: 0
definitions:
  - name: hdr
    type: struct
    members:
      - { name: family, type: u8 }
      - { name: pad, type: pad, len: 3 }
      - { name: index, type: s32 }
attribute-sets:
  - name: obj-attrs
    attributes:
      - { name: name, type: string }
      - { name: mtu, type: u32 }
operations:
  enum-model: directional
  fixed-header: hdr
  list:
    - name: newobj
      attribute-set: obj-attrs
      do: { request: { value: 16, attributes: [ name, mtu ] } }
    - name: newobj-ntf
      notify: getobj
      value: 16
      mcgrp: objs
    - name: delobj
      attribute-set: obj-attrs
      do: { request: { value: 17, attributes: [ name ] } }
    - name: getobj
      attribute-set: obj-attrs
      do: { request: { value: 18, attributes: [ name ] }, reply: { value: 16, attributes: [ name, mtu ] } }
      dump: { request: { value: 18 }, reply: { value: 16, attributes: [ name, mtu ] } }
mcast-groups:
  list:
    - { name: objs, value: 1 }
`;

/** Captured kernel messages (payloads after nlmsghdr, hex) from a fresh namespace and the genetlink controller. */
export function captures(): Record<'link' | 'addr' | 'route' | 'nlctrl' | 'nlctrlPolicy', Uint8Array[]> {
  const raw = JSON.parse(readFileSync(join(ROOT, 'test/spec/fixtures/captures.json'), 'utf8')) as Record<string, string[]>;
  const out: Record<string, Uint8Array[]> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = v.map((h) => new Uint8Array(Buffer.from(h, 'hex')));
  return out as ReturnType<typeof captures>;
}

/**
 * Generates the module for a spec text, compiles it with TypeScript's
 * transpiler and imports it (imports point at the compiled engine).
 */
export async function compileGenerated(specText: string): Promise<BundledFamily> {
  const model = parseSpec(specText, 'test.yaml');
  let src = generateFamily(model, { file: 'test.yaml' });
  const dist = pathToFileURL(join(ROOT, 'dist/src/')).href;
  src = src.replaceAll("'../core/", `'${dist}core/`).replaceAll("'../spec/", `'${dist}spec/`);
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
  const dir = mkdtempSync(join(tmpdir(), 'nlkit-gen-'));
  const file = join(dir, `${model.name}.mjs`);
  writeFileSync(file, js);
  try {
    const mod = (await import(pathToFileURL(file).href)) as { family: BundledFamily };
    return mod.family;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
