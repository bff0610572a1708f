#!/usr/bin/env node
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).catch((error) => {
  console.error(`zest-sandbox: ${error instanceof Error ? error.message : String(error)}`);
  // 2: the command line or a --config file is wrong and nothing was started (SandboxOptionsError, as the mock and
  // the contract tests exit); 1: the sandbox or a sub-command could not do its work.
  process.exit(error?.code === 'invalid_options' ? 2 : 1);
});
