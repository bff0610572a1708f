#!/usr/bin/env node
// `source .sandbox/env && pnpm --filter @zestequity/example-happy-path start` after `pnpm --filter @zestequity/partner-sandbox start`:
// the sandbox writes ZEST_BASE_URL, ZEST_CLIENT_ID, ZEST_ISSUER and ZEST_PRIVATE_KEY_PATH for its development partner.
import { loadPrivateKey } from '@zestequity/partner-auth/node';
import { runHappyPath } from './happy-path.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (source the sandbox's .sandbox/env, or export it)`);
  return value;
}

try {
  const result = await runHappyPath({
    baseUrl: process.env.ZEST_BASE_URL ?? 'http://localhost:8080',
    clientId: required('ZEST_CLIENT_ID'),
    issuer: required('ZEST_ISSUER'),
    privateKey: await loadPrivateKey(required('ZEST_PRIVATE_KEY_PATH')),
  });
  console.log(`done: ${JSON.stringify(result)}`);
} catch (error) {
  console.error(`happy path failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
