/**
 * Message, attribute, enum and multicast group numbers of every kernel
 * spec must be the ones the kernel's own YNL library computes
 * (fixtures/kernel-numbering.json was recorded with it: operation numbers
 * per operation, and a SHA-256 over all other numbers per spec).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSpec } from '../../src/spec/index.js';
import { ROOT, SHARED_SPECS } from './fixtures.js';

interface Recorded {
  ops: Record<string, [number | null, number | null]>;
  'numbers-sha256': string;
  'numbers-count': number;
}

describe('numbering matches the kernel YNL library', { skip: !existsSync(SHARED_SPECS) && 'no ../shared/ynl-specs' }, () => {
  const recorded = JSON.parse(readFileSync(join(ROOT, 'test/spec/fixtures/kernel-numbering.json'), 'utf8')) as Record<string, Recorded>;
  for (const [file, rec] of Object.entries(recorded)) {
    it(file, () => {
      const m = loadSpec(join(SHARED_SPECS, file)).model;
      for (const [name, [req, rsp]] of Object.entries(rec.ops)) {
        const op = m.operations.find((o) => o.name === name);
        assert.ok(op, name);
        const isAsync = op.notify !== undefined || op.event !== undefined;
        const isCall = op.do !== undefined || op.dump !== undefined;
        // The library gives unified-model notifications a request number and reserved ops a reply number; neither is sent.
        if (!(m.msgIdModel === 'unified' && isAsync)) assert.equal(op.requestValue ?? null, req, `${name} request`);
        if (!(m.msgIdModel === 'unified' && !isAsync && !isCall)) assert.equal(op.replyValue ?? null, rsp, `${name} reply`);
      }
      const lines: string[] = [];
      for (const s of m.attributeSets) {
        const last = new Map<string, number>();
        for (const a of s.attributes) last.set(a.name, a.value);
        for (const [a, v] of last) lines.push(`attr\t${s.name}\t${a}\t${v}`);
      }
      for (const d of m.definitions) if (d.kind === 'enum' || d.kind === 'flags') for (const e of d.entries) lines.push(`enum\t${d.name}\t${e.name}\t${e.value}`);
      for (const g of m.mcastGroups) lines.push(`mcast\t${g.name}\t${g.value ?? 'None'}`);
      lines.sort();
      assert.equal(lines.length, rec['numbers-count']);
      assert.equal(createHash('sha256').update(lines.join('\n')).digest('hex'), rec['numbers-sha256']);
    });
  }
});
