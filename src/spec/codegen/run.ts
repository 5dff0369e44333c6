/**
 * The codegen driver: reads the bundled spec files from a folder and
 * returns every generated file (path relative to src/generated → text).
 * Writing them is the caller's job (scripts/codegen.mjs), so the test can
 * compare without touching the tree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../load.js';
import { BUNDLED_SPEC_FILES, moduleNameOf } from './families.js';
import { generateFamily, generateIndex } from './generate.js';

/** Generates all bundled family modules plus index.ts from the specs in `specDir`. */
export function generateAll(specDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const index: { name: string; module: string }[] = [];
  for (const file of BUNDLED_SPEC_FILES) {
    const text = readFileSync(join(specDir, file), 'utf8');
    const first = text.split('\n', 1)[0] ?? '';
    const m = /^#\s*SPDX-License-Identifier:\s*(.+)$/.exec(first);
    const model = parseSpec(text, file);
    const module = moduleNameOf(file);
    out.set(`${module}.ts`, generateFamily(model, { file, license: m?.[1]?.trim() }));
    index.push({ name: model.name, module });
  }
  out.set('index.ts', generateIndex(index));
  return out;
}
