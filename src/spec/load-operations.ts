/**
 * Reads `operations` (message numbers in the unified and directional
 * models, fixed headers, notify targets) and `mcast-groups`.
 */
import { Ctx, OP_KEYS, describe } from './load-context.js';
import type { AttrSet, Definition, McastGroup, OpMessage, OpMode, OperationSpec } from './model.js';

function readOpMessage(c: Ctx, raw: unknown, p: string): OpMessage & { value?: number } {
  const o = c.obj(raw, p);
  c.keys(o, ['attributes', 'value'], p);
  const attrs = o['attributes'] === undefined ? [] : c.list(o['attributes'], `${p}.attributes`);
  const out: OpMessage & { value?: number } = {
    attributes: attrs.map((x, k) => {
      if (typeof x !== 'string') c.fail(`${p}.attributes[${k}]`, `expected an attribute name, got ${describe(x)}`);
      return x;
    }),
  };
  const v = c.optInt(o, 'value', p);
  if (v !== undefined) out.value = v;
  return out;
}

function readMode(c: Ctx, raw: unknown, p: string): { mode: OpMode; reqValue?: number; rspValue?: number } {
  if (raw === null) return { mode: {} };
  const o = c.obj(raw, p);
  c.keys(o, ['request', 'reply', 'pre', 'post'], p);
  const mode: OpMode = {};
  let reqValue: number | undefined;
  let rspValue: number | undefined;
  if (o['request'] !== undefined) {
    const m = readOpMessage(c, o['request'], `${p}.request`);
    reqValue = m.value;
    mode.request = { attributes: m.attributes };
  }
  if (o['reply'] !== undefined) {
    const m = readOpMessage(c, o['reply'], `${p}.reply`);
    rspValue = m.value;
    mode.reply = { attributes: m.attributes };
  }
  return { mode, reqValue, rspValue };
}

/** Reads and validates the operations. */
export function readOperations(c: Ctx, raw: unknown, sets: AttrSet[], defs: Definition[]): { operations: OperationSpec[]; msgIdModel: 'unified' | 'directional' } {
  const o = c.obj(raw, 'operations');
  c.keys(o, ['enum-model', 'name-prefix', 'enum-name', 'async-prefix', 'async-enum', 'list', 'fixed-header'], 'operations');
  const msgIdModel = o['enum-model'] === undefined ? 'unified' : c.oneOf(o, 'enum-model', ['unified', 'directional'] as const, 'operations', 'enum model');
  const defaultHeader = c.optStr(o, 'fixed-header', 'operations');
  const checkStruct = (n: string | undefined, p: string): void => {
    if (n !== undefined && !defs.some((d) => d.name === n && d.kind === 'struct')) c.fail(p, `no struct named "${n}"`);
  };
  checkStruct(defaultHeader, 'operations.fixed-header');
  const list = c.list(o['list'], 'operations.list');
  const ops: OperationSpec[] = [];
  let val = 1;
  let reqVal = 1;
  let rspVal = 1;
  list.forEach((item, i) => {
    const p = `operations.list[${i}]`;
    const io = c.obj(item, p);
    c.keys(io, OP_KEYS, p);
    const name = c.str(io, 'name', p);
    if (ops.some((x) => x.name === name)) c.fail(`${p}.name`, `duplicate operation "${name}"`);
    const op: OperationSpec = { name };
    const as = c.optStr(io, 'attribute-set', p);
    if (as !== undefined) {
      if (!sets.some((s) => s.name === as)) c.fail(`${p}.attribute-set`, `no attribute set named "${as}"`);
      op.attributeSet = as;
    }
    const fh = c.optStr(io, 'fixed-header', p) ?? defaultHeader;
    checkStruct(fh, `${p}.fixed-header`);
    if (fh !== undefined) op.fixedHeader = fh;
    let reqV: number | undefined;
    let rspV: number | undefined;
    let hasReply = false;
    for (const m of ['do', 'dump'] as const) {
      if (!(m in io)) continue;
      const r = readMode(c, io[m], `${p}.${m}`);
      op[m] = r.mode;
      reqV ??= r.reqValue;
      rspV ??= r.rspValue;
      if (r.mode.reply) hasReply = true;
    }
    const notify = c.optStr(io, 'notify', p);
    if (notify !== undefined) op.notify = notify;
    if (io['event'] !== undefined) {
      const ev = c.obj(io['event'], `${p}.event`);
      c.keys(ev, ['attributes'], `${p}.event`);
      op.event = { attributes: readOpMessage(c, ev, `${p}.event`).attributes };
    }
    const mcgrp = c.optStr(io, 'mcgrp', p);
    if (mcgrp !== undefined) op.mcgrp = mcgrp;
    const explicit = c.optInt(io, 'value', p);
    const isAsync = op.notify !== undefined || op.event !== undefined;
    const isCall = op.do !== undefined || op.dump !== undefined;
    if (msgIdModel === 'unified') {
      if (explicit !== undefined) val = explicit;
      if (isAsync) op.replyValue = val;
      else {
        op.requestValue = val;
        if (isCall) op.replyValue = val;
      }
      val++;
    } else if (isAsync) {
      if (explicit !== undefined) rspVal = explicit;
      op.replyValue = rspVal;
      rspVal++;
    } else if (isCall) {
      if (reqV !== undefined) reqVal = reqV;
      if (rspV !== undefined) rspVal = rspV;
      op.requestValue = reqVal;
      reqVal++;
      if (hasReply) {
        op.replyValue = rspVal;
        rspVal++;
      }
    } else {
      c.fail(p, 'an operation of the directional model needs do, dump, notify or event');
    }
    ops.push(op);
  });
  ops.forEach((op, i) => {
    if (op.notify !== undefined && op.attributeSet === undefined) {
      const target = ops.find((x) => x.name === op.notify);
      if (!target) c.fail(`operations.list[${i}].notify`, `no operation named "${op.notify}"`);
      if (target.attributeSet !== undefined) op.attributeSet = target.attributeSet;
      if (op.fixedHeader === undefined && target.fixedHeader !== undefined) op.fixedHeader = target.fixedHeader;
    }
    if (op.attributeSet === undefined && (op.do || op.dump || op.event)) {
      c.fail(`operations.list[${i}]`, `operation "${op.name}" has no attribute-set`);
    }
  });
  return { operations: ops, msgIdModel };
}

/** Reads and validates the multicast groups. */
export function readMcastGroups(c: Ctx, raw: unknown): McastGroup[] {
  if (raw === undefined) return [];
  const o = c.obj(raw, 'mcast-groups');
  c.keys(o, ['list'], 'mcast-groups');
  return c.list(o['list'], 'mcast-groups.list').map((item, i) => {
    const p = `mcast-groups.list[${i}]`;
    const g = c.obj(item, p);
    c.keys(g, ['name', 'value', 'c-define-name', 'flags', 'doc'], p);
    const out: McastGroup = { name: c.str(g, 'name', p) };
    const v = c.optInt(g, 'value', p);
    if (v !== undefined) out.value = v;
    return out;
  });
}
