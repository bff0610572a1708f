// Runs several `redocly build-docs` commands in one Node process:
//   node src/redocly-batch.mjs <Redocly CLI's entry module> '<JSON array of argument arrays>'
// About half of a `redocly build-docs` run is Node starting and compiling Redocly CLI's bundle (Redoc, React,
// styled-components); the site has two Redoc pages, and rendered by one process each, it paid for that twice.
//
// Redocly CLI has no programmatic build-docs: its entry module reads process.argv when it is evaluated and runs the one
// command named there. An ES module is evaluated once per URL, so each command imports the entry anew under its own
// query string, with process.argv set to that command; the modules the entry imports, the heavy ones, load once.
// The CLI ends a command by exiting with that command's status when the event loop empties, so with two commands
// only the first one's status would count: this script exits before it does, failing unless every page was written.

import { existsSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [, , entry, commandsJson] = process.argv;
const commands = JSON.parse(commandsJson);
const outputs = commands.map((args) => args[args.indexOf('--output') + 1]);
// A page left over from an earlier run must not pass for this one.
for (const output of outputs) rmSync(output, { force: true });

process.once('beforeExit', () => {
  const missing = outputs.filter((output) => !existsSync(output));
  if (missing.length) console.error(`redocly build-docs did not write ${missing.join(', ')}`);
  process.exit(missing.length ? 1 : 0);
});

const node = process.argv.slice(0, 2);
for (const [i, args] of commands.entries()) {
  process.argv = [...node, ...args];
  await import(`${pathToFileURL(entry)}?command=${i}`);
}
