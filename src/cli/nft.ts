/**
 * `nlkit nft list [ruleset|tables|chains|rules|sets] [--family F] [--table T]`
 * prints the nf_tables ruleset: tables, chains (with hook, priority and
 * policy), sets with their elements, and rules with their expressions in
 * the bracketed form of `nft --debug=netlink` (`[ meta load l4proto => reg 1 ]`),
 * or, with -j, the objects nlkit decodes as JSON.
 */
import { Nftables, type NftRuleset } from '../netfilter/nftables.js';
import type { NftExpr, NftVerdict } from '../netfilter/nft-expr.js';
import type { NftChain, NftFamily, NftRule, NftSet, NftSetElements } from '../netfilter/nft-objects.js';
import { printJson, UsageError, type CliIO, type GlobalOptions } from './io.js';

const HELP = 'nft list [ruleset|tables|chains|rules|sets] [--family inet|ip|ip6|arp|bridge|netdev] [--table NAME]';
const FAMILIES: readonly string[] = Object.freeze(['inet', 'ip', 'ip6', 'arp', 'bridge', 'netdev']);

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');

function verdictText(v: NftVerdict): string {
  return v.chain !== undefined ? `${v.code} -> ${v.chain}` : String(v.code);
}

/** One expression in the bracketed netlink-debug form. */
export function exprText(x: NftExpr): string {
  switch (x.type) {
    case 'payload': { const p = x as Extract<NftExpr, { type: 'payload' }>; return `[ payload load ${p.len}b @ ${p.base} header + ${p.offset} => reg ${p.dreg} ]`; }
    case 'meta': { const m = x as Extract<NftExpr, { type: 'meta' }>; return m.sreg !== undefined ? `[ meta set ${m.key} with reg ${m.sreg} ]` : `[ meta load ${m.key} => reg ${m.dreg ?? 1} ]`; }
    case 'cmp': { const c = x as Extract<NftExpr, { type: 'cmp' }>; return `[ cmp ${c.op} reg ${c.sreg} ${hex(c.data)} ]`; }
    case 'immediate': {
      const i = x as Extract<NftExpr, { type: 'immediate' }>;
      return i.verdict ? `[ immediate reg ${i.dreg} ${verdictText(i.verdict)} ]` : `[ immediate reg ${i.dreg} ${hex(i.data ?? new Uint8Array(0))} ]`;
    }
    case 'counter': { const c = x as Extract<NftExpr, { type: 'counter' }>; return `[ counter pkts ${c.packets} bytes ${c.bytes} ]`; }
    case 'log': {
      const l = x as Extract<NftExpr, { type: 'log' }>;
      return `[ log${l.prefix !== undefined ? ` prefix ${JSON.stringify(l.prefix)}` : ''}${l.group !== undefined ? ` group ${l.group}` : ''} ]`;
    }
    case 'ct': {
      const c = x as Extract<NftExpr, { type: 'ct' }>;
      const dir = c.direction ? `, dir ${c.direction}` : '';
      return c.sreg !== undefined ? `[ ct set ${c.key}${dir} with reg ${c.sreg} ]` : `[ ct load ${c.key} => reg ${c.dreg ?? 1}${dir} ]`;
    }
    case 'lookup': { const l = x as Extract<NftExpr, { type: 'lookup' }>; return `[ lookup reg ${l.sreg} set ${l.set}${l.dreg !== undefined ? ` dreg ${l.dreg}` : ''}${l.invert ? ' 0x1' : ''} ]`; }
    case 'bitwise': { const b = x as Extract<NftExpr, { type: 'bitwise' }>; return `[ bitwise reg ${b.dreg} = ( reg ${b.sreg} & ${hex(b.mask)} ) ^ ${hex(b.xor)} ]`; }
    default: return `[ ${x.type} ${hex((x as { raw: Uint8Array }).raw)} ]`;
  }
}

function chainText(c: NftChain): string {
  if (c.hook === undefined) return `\tchain ${c.name} {`;
  return `\tchain ${c.name} {\n\t\ttype ${c.type ?? 'filter'} hook ${c.hook}${c.device ? ` device ${c.device}` : ''} priority ${c.priority ?? 0}; policy ${c.policy ?? 'accept'};`;
}

function setText(s: NftSet, els: NftSetElements | undefined): string {
  const lines = [`\tset ${s.name} {`, `\t\ttype ${String(s.keyType)}${s.dataType !== undefined ? ` : ${String(s.dataType)}` : ''}`];
  if (s.flags?.length) lines.push(`\t\tflags ${s.flags.join(',')}`);
  if (els && els.elements.length) {
    lines.push(`\t\telements = { ${els.elements.map((e) => hex(e.key) + (e.data ? ` : ${hex(e.data)}` : e.verdict ? ` : ${verdictText(e.verdict)}` : '')).join(', ')} }`);
  }
  lines.push('\t}');
  return lines.join('\n');
}

function ruleText(r: NftRule): string {
  return `\t\t${r.exprs.map(exprText).join(' ')} # handle ${r.handle ?? '?'}`;
}

/** The whole ruleset as text, table by table. */
export function rulesetText(rs: NftRuleset): string {
  const out: string[] = [];
  for (const t of rs.tables) {
    out.push(`table ${t.family} ${t.name} {`);
    for (const s of rs.sets.filter((x) => x.family === t.family && x.table === t.name)) {
      out.push(setText(s, rs.elements.find((e) => e.family === s.family && e.table === s.table && e.set === s.name)));
    }
    for (const c of rs.chains.filter((x) => x.family === t.family && x.table === t.name)) {
      out.push(chainText(c));
      for (const r of rs.rules.filter((x) => x.family === t.family && x.table === t.name && x.chain === c.name)) out.push(ruleText(r));
      out.push('\t}');
    }
    out.push('}');
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** Runs `nlkit nft list …`; returns the exit code. */
export async function runNft(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const cmd = args[0] ?? 'list';
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') { io.stdout.write(`usage: nlkit [-n NETNS] [-j] ${HELP}\n`); return 0; }
  if (!'list'.startsWith(cmd) && cmd !== 'show') throw new UsageError(`nft: unknown command ${JSON.stringify(cmd)} (usage: ${HELP})`);
  let what = 'ruleset';
  let family: NftFamily | undefined;
  let table: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--family' || a === '-f') {
      const v = args[++i];
      if (!v || !FAMILIES.includes(v)) throw new UsageError(`nft: --family needs one of ${FAMILIES.join(', ')}`);
      family = v as NftFamily;
    } else if (a === '--table' || a === '-t') {
      table = args[++i];
      if (!table) throw new UsageError('nft: --table needs a name');
    } else if (['ruleset', 'tables', 'chains', 'rules', 'sets'].includes(a)) what = a;
    else throw new UsageError(`nft: unknown argument ${JSON.stringify(a)} (usage: ${HELP})`);
  }
  const nft = await Nftables.open({ netns: opts.netns });
  try {
    const rs = await nft.listRuleset(family);
    if (table !== undefined) {
      rs.tables = rs.tables.filter((t) => t.name === table);
      rs.chains = rs.chains.filter((t) => t.table === table);
      rs.rules = rs.rules.filter((t) => t.table === table);
      rs.sets = rs.sets.filter((t) => t.table === table);
      rs.elements = rs.elements.filter((t) => t.table === table);
    }
    if (opts.json) {
      const part: Record<string, unknown> = what === 'ruleset' ? { ...rs } : { [what]: rs[what as Exclude<keyof NftRuleset, 'elements'>] };
      printJson(io, opts, part);
      return 0;
    }
    if (what === 'ruleset') io.stdout.write(rulesetText(rs));
    else if (what === 'tables') for (const t of rs.tables) io.stdout.write(`table ${t.family} ${t.name}\n`);
    else if (what === 'chains') for (const c of rs.chains) io.stdout.write(`${c.family} ${c.table} ${chainText(c).trim().replace(/\n\s*/g, ' ')}\n`);
    else if (what === 'rules') for (const r of rs.rules) io.stdout.write(`${r.family} ${r.table} ${r.chain} ${ruleText(r).trim()}\n`);
    else for (const s of rs.sets) io.stdout.write(`${s.family} ${s.table} ${setText(s, rs.elements.find((e) => e.family === s.family && e.table === s.table && e.set === s.name)).replace(/\s*\n\s*/g, ' ')}\n`);
    return 0;
  } finally {
    nft.close();
  }
}
