#!/usr/bin/env node
// Part of `pnpm lint`: no function in the repository's source may be longer than MAX_LINES lines (signature to
// closing brace), so every step stays readable at a glance. Measured with the TypeScript compiler's own parser.
//   node scripts/function-lengths.mjs            fails (exit 1) listing every function over the limit
//   node scripts/function-lengths.mjs --report   also prints the longest function of every file
//   node scripts/function-lengths.mjs <files...> measures those files instead of the repository's source
// The repository's source: every tracked .ts/.mts/.js/.mjs file except tests, test fixtures, generated code and
// declarations. A function expression invoked at the top level of a file (a browser script's scope wrapper) is not
// a step of anything and is not measured itself; the functions inside it are.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_LINES = 80;
const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = /\.(?:ts|mts|js|mjs)$/;
const NOT_SOURCE = /(?:^|\/)(?:test|tests|fixtures|dist|generated|node_modules)\/|\.test(?:-d)?\.|\.d\.ts$/;
const args = process.argv.slice(2);
const report = args.includes('--report');
const named = args.filter((arg) => !arg.startsWith('--'));

/** Every tracked source file of the repository (see the header for what counts). */
function sourceFiles() {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((path) => SOURCE.test(path) && !NOT_SOURCE.test(path))
    .map((path) => join(root, path));
}

/** `(() => { ... })()` or `(function () { ... })()` as a statement of the file itself. */
function isTopLevelIife(node) {
  let outer = node.parent;
  while (outer && ts.isParenthesizedExpression(outer)) outer = outer.parent;
  return Boolean(
    outer &&
      ts.isCallExpression(outer) &&
      outer.parent &&
      ts.isExpressionStatement(outer.parent) &&
      ts.isSourceFile(outer.parent.parent),
  );
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
    if (ts.isFunctionLike(node) && 'body' in node && node.body && !isTopLevelIife(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: nameOf(node, source), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = named.length > 0 ? named.map((path) => resolve(path)) : sourceFiles();
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
