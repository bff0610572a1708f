// Renders the site's prerendered Redoc pages (today the API reference alone) with Redocly CLI's own build-docs:
//   node src/redocly-batch.mjs <Redocly CLI's entry module>    (the pages, as JSON, on standard input)
// Standard input is a JSON array of { api, output, config, openapi, template, title, inlineBundle }, the arguments
// `redocly build-docs <api> --output --config --openapi --template --title [--inlineBundle]` would take (`openapi`, the
// Redoc options, as an object); empty input renders nothing (a build that failed before its pages were ready).
//
// Why a process of its own, started at the beginning of the build: most of a `redocly build-docs` run is Node
// compiling Redocly CLI's bundle (Redoc, React, styled-components: about 0.35 s of CPU here) before the page renders.
// This process compiles it while the build is still writing the spec the pages render, and would load it once for
// several pages. A new process per build also keeps every build cold: nothing of Redoc stays loaded between builds.
//
// Why not the CLI's entry module: Redocly CLI has no programmatic build-docs, and its entry module (yargs, every
// command's options, dotenv, the config linter) costs about another 0.15 s before it even imports the build-docs
// chunk. So this script imports just the two chunks build-docs needs, found by reading the entry module: the one the
// `build-docs` command imports its handler from, and the one the entry takes `loadConfig` from. It then does what the
// entry's command wrapper does (load the config, call the handler) minus the config lint and the telemetry, which
// redocly.yaml turns off anyway. The pages it writes are byte-identical to `redocly build-docs` ones (compared with
// `cmp`, the Redoc options in the config file there). The chunk names are content hashes that change with every Redocly CLI release: if the entry module
// no longer has the shape looked for here, the build fails saying so rather than guessing.

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The build-docs handler and loadConfig of the Redocly CLI whose entry module is `entry`. */
export async function loadBuildDocs(entry) {
  const source = readFileSync(entry, 'utf8');
  const changed = (what) =>
    new Error(
      `src/redocly-batch.mjs: Redocly CLI's ${entry} no longer has the shape this script reads (${what}); update it`,
    );
  const handlerChunk = /\.command\("build-docs[\s\S]*?import\("(\.\/chunks\/[\w-]+\.js)"\)/.exec(source)?.[1];
  if (!handlerChunk) throw changed('the chunk the build-docs command imports');
  // The command wrapper loads the config as `await <name>({configPath: ...})`; <name> is imported from a chunk.
  const loaderName = /await ([\w$]+)\(\{configPath:/.exec(source)?.[1];
  let configChunk;
  let configExport;
  for (const [, names, chunk] of source.matchAll(/import\{([^}]*)\}from"(\.\/chunks\/[\w-]+\.js)"/g)) {
    for (const binding of names.split(',')) {
      const [exported, local = exported] = binding.split(' as ');
      if (local === loaderName) [configChunk, configExport] = [chunk, exported];
    }
  }
  if (!configChunk) throw changed('where loadConfig is imported from');
  const url = (chunk) => pathToFileURL(join(dirname(entry), chunk)).href;
  const [{ handlerBuildCommand }, { [configExport]: loadConfig }] = await Promise.all([
    import(url(handlerChunk)),
    import(url(configChunk)),
  ]);
  if (typeof handlerBuildCommand !== 'function' || typeof loadConfig !== 'function')
    throw changed('the handler or loadConfig is not a function');
  return { handlerBuildCommand, loadConfig };
}

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.trim() ? JSON.parse(text) : [];
}

async function main() {
  const [, , entry] = process.argv;
  // Compiling Redocly CLI's bundle and waiting for the pages overlap: the build writes the spec meanwhile.
  const [{ handlerBuildCommand, loadConfig }, pages] = await Promise.all([loadBuildDocs(entry), readStdin()]);
  for (const { api, output, config, openapi, template, title, inlineBundle = false } of pages) {
    // A page left over from an earlier run must not pass for this one.
    rmSync(output, { force: true });
    // The argv the CLI's yargs would hand the handler for these options.
    const argv = { api, o: output, output, config, openapi, t: template, template, title, inlineBundle };
    await handlerBuildCommand({ argv, config: await loadConfig({ configPath: config }) });
    if (!existsSync(output)) throw new Error(`redocly build-docs did not write ${output}`);
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  // Exits as soon as the pages are written (synchronously, by the handler): left to end by itself, the process spent
  // about 0.1 s more tearing down Redoc's heap while the build waited for it.
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
