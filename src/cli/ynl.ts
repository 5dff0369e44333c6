/**
 * `nlkit ynl`: a spec-driven command in the spirit of the kernel's own
 * tools/net/ynl/cli.py. Requests and replies use the spec's own names
 * (`dev-name`), and the JSON is printed the way that tool prints it with
 * --output-json, so the two can be compared directly.
 *
 *   nlkit [-n NS] ynl --family ethtool --do rings-get --json '{"header":{"dev-name":"veth0"}}'
 *   nlkit ynl --spec ./my-family.yaml --dump dev-get
 *   nlkit ynl --family ethtool --subscribe monitor --sleep 5
 */
import { parseArgs } from 'node:util';
import { isOverrun } from '../core/conn.js';
import { RequestFlagNames, SpecClient } from '../genl/spec-client.js';
import { loadSpec } from '../spec/family.js';
import { bundledSpec, bundledSpecNames, hasBundledSpec } from '../spec/registry.js';
import { toYnlJson } from '../spec/ynl-json.js';
import { UsageError, type CliIO, type GlobalOptions } from './io.js';

/** Runs `nlkit ynl …`. */
export async function runYnl(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args,
      options: {
        family: { type: 'string' }, spec: { type: 'string' }, do: { type: 'string' }, dump: { type: 'string' },
        json: { type: 'string' }, subscribe: { type: 'string' }, sleep: { type: 'string' }, 'list-ops': { type: 'boolean' },
        'list-families': { type: 'boolean' }, 'output-json': { type: 'boolean' },
        create: { type: 'boolean' }, excl: { type: 'boolean' }, replace: { type: 'boolean' }, append: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError(`ynl: ${(e as Error).message}`);
  }
  if (v['list-families']) {
    io.stdout.write(bundledSpecNames().join('\n') + '\n');
    return 0;
  }
  if (!v.family === !v.spec) throw new UsageError('ynl: give exactly one of --family NAME (bundled) or --spec FILE');
  if (v.family && !hasBundledSpec(v.family)) throw new UsageError(`ynl: no bundled spec ${JSON.stringify(v.family)} (bundled: ${bundledSpecNames().join(', ')}); use --spec FILE`);
  const spec = v.family ? bundledSpec(v.family) : loadSpec(v.spec!);
  if (v['list-ops']) {
    for (const op of spec.model.operations) {
      const modes = [op.do ? 'do' : '', op.dump ? 'dump' : ''].filter(Boolean);
      io.stdout.write(`${op.name}  [ ${modes.join(', ')} ]\n`);
    }
    return 0;
  }
  if (v.do && v.dump) throw new UsageError('ynl: --do and --dump exclude each other');
  if (!v.do && !v.dump && !v.subscribe) throw new UsageError('ynl: nothing to do (--do OP, --dump OP, --subscribe GROUP or --list-ops)');
  let attrs: Record<string, unknown> = {};
  if (v.json !== undefined) {
    try {
      attrs = JSON.parse(v.json);
    } catch (e) {
      throw new UsageError(`ynl: --json is not valid JSON: ${(e as Error).message}`);
    }
    if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs)) throw new UsageError('ynl: --json must be a JSON object');
  }
  const op = v.do ?? v.dump;
  if (op) {
    const o = spec.model.operations.find((x) => x.name === op);
    if (!o) throw new UsageError(`ynl: ${spec.name} has no operation ${JSON.stringify(op)} (see --list-ops)`);
    if (!o[v.do ? 'do' : 'dump']) throw new UsageError(`ynl: ${spec.name} operation ${JSON.stringify(op)} has no ${v.do ? 'do' : 'dump'} mode`);
  }
  const sleep = v.sleep === undefined ? 0 : Number(v.sleep);
  if (!(sleep >= 0)) throw new UsageError('ynl: --sleep needs a number of seconds');
  let flags = 0;
  for (const k of ['create', 'excl', 'replace', 'append'] as const) if (v[k]) flags |= RequestFlagNames[k]!;

  const client = await SpecClient.open(spec, { netns: opts.netns });
  try {
    const ntfs: unknown[] = [];
    const ac = new AbortController();
    let collector: Promise<void> | undefined;
    if (v.subscribe) {
      client.subscribe(v.subscribe);
      collector = (async () => {
        for await (const n of client.notifications({ signal: ac.signal, names: 'spec' })) {
          if (!isOverrun(n)) ntfs.push({ name: n.name, msg: n.msg });
        }
      })();
    }
    if (sleep) await new Promise((r) => setTimeout(r, sleep * 1000));
    if (v.do) io.stdout.write(toYnlJson(await client.do(v.do, attrs, { names: 'spec', flags })) + '\n');
    if (v.dump) io.stdout.write(toYnlJson(await client.dump(v.dump, attrs, { names: 'spec', flags })) + '\n');
    if (collector) {
      await new Promise((r) => setImmediate(r));
      ac.abort();
      await collector;
      io.stdout.write(toYnlJson(ntfs) + '\n');
    }
    return 0;
  } finally {
    client.close();
  }
}
