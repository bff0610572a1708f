#!/usr/bin/env node
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).catch((error) => {
  console.error(`zest-sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
