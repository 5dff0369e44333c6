#!/usr/bin/env node
// Regenerates src/generated/ from the YNL specs (default: ../shared/ynl-specs).
// Usage: npm run codegen [-- SPEC_DIR]. Needs the compiled generator (npm run codegen builds first).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateAll } from '../dist/src/spec/codegen/run.js';

const root = resolve(new URL('..', import.meta.url).pathname);
const specDir = resolve(root, process.argv[2] ?? '../shared/ynl-specs');
const outDir = join(root, 'src/generated');
const files = generateAll(specDir);
mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(outDir)) if (name.endsWith('.ts') && !files.has(name)) rmSync(join(outDir, name));
for (const [name, text] of files) writeFileSync(join(outDir, name), text);
console.log(`codegen: wrote ${files.size} files to src/generated from ${specDir}`);
