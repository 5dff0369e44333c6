/**
 * `nlkit rule show|add|del`, like `ip rule`.
 */
import { RouteClient } from '../route/client.js';
import type { RuleSpec } from '../route/rule.js';
import { matches, Words } from './args.js';
import { ruleJson, ruleText } from './format.js';
import { printJson, UsageError, type CliIO, type GlobalOptions } from './io.js';

/** Runs `nlkit rule …`. */
export async function runRule(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const w = new Words(args, 'rule');
  const cmd = w.next() ?? 'show';
  if (Words.isShow(cmd)) {
    if (!w.done) throw w.unexpected(w.next()!);
    const rc = await RouteClient.open({ netns: opts.netns });
    try {
      const rules = await rc.listRules({ family: opts.family ?? 4 });
      if (opts.json) printJson(io, opts, rules.map(ruleJson));
      else for (const r of rules) io.stdout.write(ruleText(r));
      return 0;
    } finally {
      rc.close();
    }
  }
  const kind = matches(cmd, 'add') ? 'add' : matches(cmd, 'delete') || cmd === 'del' ? 'del' : undefined;
  if (!kind) throw new UsageError(`rule: unknown command ${JSON.stringify(cmd)} (show, add, del)`);
  const r: RuleSpec = { family: opts.family };
  while (!w.done) {
    const a = w.next()!;
    switch (a) {
      case 'from': r.from = w.value(a); break;
      case 'to': r.to = w.value(a); break;
      case 'priority': case 'pref': case 'preference': r.priority = w.int(a); break;
      case 'table': case 'lookup': { const t = w.value(a); r.table = /^\d+$/.test(t) ? Number(t) : t; break; }
      case 'fwmark': {
        const [m, mask] = w.value(a).split('/');
        r.fwmark = Number(m);
        if (mask !== undefined) r.fwmask = Number(mask);
        if (!Number.isInteger(r.fwmark) || (mask !== undefined && !Number.isInteger(r.fwmask))) throw new UsageError('rule: fwmark must be MARK or MARK/MASK');
        break;
      }
      case 'iif': case 'dev': r.iif = w.value(a); break;
      case 'oif': r.oif = w.value(a); break;
      case 'blackhole': case 'unreachable': case 'prohibit': case 'nop': r.action = a; break;
      default: throw w.unexpected(a);
    }
  }
  const rc = await RouteClient.open({ netns: opts.netns });
  try {
    if (kind === 'add') await rc.addRule(r);
    else await rc.deleteRule(r);
    return 0;
  } finally {
    rc.close();
  }
}
