#!/usr/bin/env node
// Part of `pnpm lint`: no function in src/ may be longer than MAX_LINES lines (signature to closing brace), so every
// step of the sandbox stays readable at a glance. Measured with the TypeScript compiler's own parser.
//   node scripts/function-lengths.mjs            fails (exit 1) listing every function over the limit
//   node scripts/function-lengths.mjs --report   also prints the longest function of every file
//   node scripts/function-lengths.mjs <files...> measures those files instead of src/
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_LINES = 80;
const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const report = args.includes('--report');
const named = args.filter((arg) => !arg.startsWith('--'));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function nameOf(node, source) {
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  return '(anonymous)';
}

/** Every function-like node of a file with its length in lines. */
function measure(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: nameOf(node, source), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = named.length > 0 ? named : sourceFiles(join(root, 'src'));
const tooLong = [];
for (const path of files.sort()) {
  const functions = measure(path);
  const where = relative(root, path);
  for (const fn of functions)
    if (fn.lines > MAX_LINES) tooLong.push(`${where}:${fn.line} ${fn.name}: ${fn.lines} lines`);
  if (report && functions.length > 0) {
    const longest = functions.reduce((a, b) => (b.lines > a.lines ? b : a));
    console.log(`${String(longest.lines).padStart(4)}  ${where}:${longest.line} ${longest.name}`);
  }
}
if (tooLong.length > 0) {
  console.error(`Functions longer than ${MAX_LINES} lines (split them into named steps):\n  ${tooLong.join('\n  ')}`);
  process.exit(1);
}
console.log(`function lengths: ${files.length} files, none over ${MAX_LINES} lines`);
