/**
 * Prints a FamilyModel as a TypeScript object literal, deterministically
 * (keys in a fixed order, one compact JSON value per line for attributes).
 */
import type { FamilyModel } from '../model.js';

/** The model as stable, readable TypeScript source (a JSON-compatible literal). */
export function emitModel(m: FamilyModel): string {
  const j = (v: unknown): string => JSON.stringify(v);
  const lines: string[] = ['{'];
  lines.push(`  name: ${j(m.name)},`);
  lines.push(`  protocol: ${j(m.protocol)},`);
  if (m.protonum !== undefined) lines.push(`  protonum: ${m.protonum},`);
  if (m.version !== undefined) lines.push(`  version: ${m.version},`);
  lines.push(`  msgIdModel: ${j(m.msgIdModel)},`);
  lines.push('  definitions: [');
  for (const d of m.definitions) lines.push(`    ${j(d)},`);
  lines.push('  ],');
  lines.push('  attributeSets: [');
  for (const s of m.attributeSets) {
    lines.push(`    { name: ${j(s.name)},${s.subsetOf !== undefined ? ` subsetOf: ${j(s.subsetOf)},` : ''} attributes: [`);
    for (const a of s.attributes) lines.push(`      ${j(a)},`);
    lines.push('    ] },');
  }
  lines.push('  ],');
  lines.push('  subMessages: [');
  for (const s of m.subMessages) lines.push(`    ${j(s)},`);
  lines.push('  ],');
  lines.push('  operations: [');
  for (const o of m.operations) lines.push(`    ${j(o)},`);
  lines.push('  ],');
  lines.push('  mcastGroups: [');
  for (const g of m.mcastGroups) lines.push(`    ${j(g)},`);
  lines.push('  ],');
  lines.push('}');
  return lines.join('\n');
}
