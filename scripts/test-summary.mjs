#!/usr/bin/env node
// Adds up the vitest summaries in a `pnpm test` log and prints one closing line, `N passed, N failed`, so a reader
// (or CI) sees the whole run's count without scrolling through every package.
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes (ESC [ ... m) vitest prints.
const log = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of log.split('\n')) {
  const summary = /\bTests\s+(.*)$/.exec(line);
  if (!summary || !/\d+ (passed|failed)/.test(summary[1])) continue;
  passed += Number(/(\d+) passed/.exec(summary[1])?.[1] ?? 0);
  failed += Number(/(\d+) failed/.exec(summary[1])?.[1] ?? 0);
  skipped += Number(/(\d+) skipped/.exec(summary[1])?.[1] ?? 0);
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
