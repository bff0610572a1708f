import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAssertion } from '@zestequity/partner-auth';
import { readDevPartnerFile } from '../dev-partner.js';
import { SandboxOptionsError } from '../options.js';
import { plainHttpUrl } from '../plain-url.js';
import { DEFAULT_URL_TEXT, defaultSandboxUrl } from './admin-client.js';
import { parseCommandLine } from './args.js';

export const ASSERTION_USAGE = `zest-sandbox assertion — print a signed client assertion (EdDSA JWT) for POST /v1/oauth2/tokens

Usage: zest-sandbox assertion [--audience <url>] [--lifetime <s>]
                              [--client-id <id> --issuer <url> --private-key <pem file>]

  --audience <url>      the environment's base URL, exactly (default ${DEFAULT_URL_TEXT})
  --lifetime <s>        seconds until it expires, 1..300 (default 60)
  --client-id, --issuer, --private-key
                        your application's credentials; without them, the development partner in ./.sandbox/
                        (created by the first \`zest-sandbox\` start in this folder)

Meant for tools that cannot sign a JWT themselves, such as the Arazzo workflows:
  redocly respect onboarding.arazzo.yaml --input assertion=$(zest-sandbox assertion --audience <url>) ...
`;

export async function assertionCommand(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<void> {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      audience: { type: 'string', default: defaultSandboxUrl() },
      lifetime: { type: 'string', default: '60' },
      'client-id': { type: 'string' },
      issuer: { type: 'string' },
      'private-key': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return out(ASSERTION_USAGE);
  let clientId = values['client-id'];
  let issuer = values.issuer;
  let keyFile = values['private-key'];
  if (!clientId || !issuer || !keyFile) {
    if (clientId || issuer || keyFile)
      throw new SandboxOptionsError(
        'give all of --client-id, --issuer and --private-key, or none (to use ./.sandbox/)',
      );
    const file = join(resolve('.sandbox'), 'partner.json');
    if (!existsSync(file))
      throw new SandboxOptionsError(
        `no ${file}: start \`zest-sandbox\` here once, or pass --client-id, --issuer and --private-key`,
      );
    const partner = readDevPartnerFile(file);
    ({ clientId, issuer } = partner);
    keyFile = partner.privateKeyPath;
  }
  // Checked here to name the flag (createAssertion's message names its own `lifetimeSeconds` option).
  const lifetimeSeconds = /^\d+$/.test(values.lifetime!) ? Number(values.lifetime) : Number.NaN;
  if (!(Number.isInteger(lifetimeSeconds) && lifetimeSeconds >= 1 && lifetimeSeconds <= 300))
    throw new SandboxOptionsError(`--lifetime must be an integer from 1 to 300 (seconds), got "${values.lifetime}"`);
  const jwt = await createAssertion({
    clientId,
    issuer,
    audience: plainHttpUrl(values.audience, '--audience'),
    privateKey: readKey(keyFile),
    lifetimeSeconds,
  });
  out(`${jwt}\n`);
}

/**
 * The signing key, which must be an Ed25519 private key in PEM (the only kind a partner registers): a failed read or
 * another kind of key names the file and is a usage error (exit 2), not a failure deep inside the signing.
 */
function readKey(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SandboxOptionsError(`cannot read the private key ${file}: ${(error as Error).message}`);
  }
  let kind: string | undefined;
  try {
    const key = createPrivateKey(pem);
    kind = key.asymmetricKeyType;
  } catch {
    throw new SandboxOptionsError(`--private-key ${file} is not a private key in PEM format`);
  }
  if (kind !== 'ed25519')
    throw new SandboxOptionsError(`--private-key ${file} is an ${kind} key; partners sign with Ed25519 (EdDSA) only`);
  return pem;
}
