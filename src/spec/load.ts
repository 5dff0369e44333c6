/**
 * Reads YNL spec text into the validated, resolved model (model.ts). Every
 * problem raises SpecError naming the file and the key path. Pure: no I/O
 * here (loadSpec in family.ts reads files).
 *
 * Resolution rules (as the kernel's own tools apply them):
 * - attributes are numbered from 1 in list order; an explicit `value`
 *   restarts the count there; `name-prefix` only affects C names;
 * - a `subset-of` set takes each listed attribute (type, number, ...) from
 *   its parent set;
 * - enum entries count from `value-start` (default 0), an explicit `value`
 *   restarts the count; flags entries are bit indexes (mask = 1 << value);
 * - operations (`enum-model: unified`) are numbered from 1, `value`
 *   restarts; in the `directional` model requests and replies count
 *   separately and take explicit numbers from `do`/`dump` `request`/`reply`
 *   `value` keys, notifications from their own `value`;
 * - an operation's fixed header is its own `fixed-header`, else the
 *   `operations.fixed-header` default; a notify operation uses the
 *   attribute set of the operation it names.
 */
import { parse as parseYaml } from 'yaml';
import { SpecError } from './errors.js';
import { checkAttrRefs, readAttrSets, readSubMessages } from './load-attributes.js';
import { Ctx, PROTOCOLS, TOP_KEYS } from './load-context.js';
import { readDefinitions } from './load-definitions.js';
import { readMcastGroups, readOperations } from './load-operations.js';
import type { FamilyModel } from './model.js';

/**
 * Parses and validates YNL spec text. `file` is used in error messages
 * only. Returns the resolved model; throws SpecError on any problem (YAML
 * syntax, unknown keys or types, references to undefined names, duplicates).
 */
export function parseSpec(text: string, file = '<text>'): FamilyModel {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true, merge: true, maxAliasCount: -1 });
  } catch (e) {
    throw new SpecError(file, '', `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return buildModel(doc, file);
}

/** Validates an already-parsed YAML document (see parseSpec). */
export function buildModel(doc: unknown, file = '<text>'): FamilyModel {
  const c = new Ctx(file);
  const top = c.obj(doc, '');
  c.keys(top, TOP_KEYS, '');
  const name = c.str(top, 'name', '');
  const protocol = top['protocol'] === undefined ? 'genetlink' : c.oneOf(top, 'protocol', PROTOCOLS, '', 'protocol');
  const protonum = c.optInt(top, 'protonum', '');
  if (protocol === 'netlink-raw' && protonum === undefined) c.fail('protonum', 'missing (required by netlink-raw)');
  if (protocol !== 'netlink-raw' && protonum !== undefined) c.fail('protonum', 'only allowed in netlink-raw specs');
  const version = c.optInt(top, 'version', '');

  const definitions = readDefinitions(c, top['definitions']);
  const attributeSets = readAttrSets(c, top['attribute-sets'], definitions);
  const subMessages = readSubMessages(c, top['sub-messages'], definitions, attributeSets);
  checkAttrRefs(c, attributeSets, subMessages);
  const { operations, msgIdModel } = readOperations(c, top['operations'], attributeSets, definitions);
  const mcastGroups = readMcastGroups(c, top['mcast-groups']);
  for (let i = 0; i < operations.length; i++) {
    const g = operations[i]!.mcgrp;
    if (g !== undefined && !mcastGroups.some((m) => m.name === g)) c.fail(`operations.list[${i}].mcgrp`, `no multicast group named "${g}"`);
  }
  const model: FamilyModel = { name, protocol, msgIdModel, definitions, attributeSets, subMessages, operations, mcastGroups };
  if (protonum !== undefined) model.protonum = protonum;
  if (version !== undefined) model.version = version;
  return model;
}
