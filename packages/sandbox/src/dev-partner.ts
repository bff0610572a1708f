import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  readFileSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { checkWebhookUrl, loadPartners, type PartnerConfig } from './partners.js';
import { createPrivateFileExclusive, makeDirectories, writePrivateFileSync } from './private-file.js';

/** What `.sandbox/partner.json` holds. The private key lives beside it, never in the store or the logs. */
export interface DevPartnerFile {
  clientId: string;
  issuer: string;
  privateKeyPath: string;
  publicKeyPem: string;
  webhookSecret: string;
  webhookUrl: string | null;
  tenantSlug: string;
  createdAt: string;
}

export interface DevPartner {
  config: PartnerConfig;
  file: DevPartnerFile;
  dir: string;
  created: boolean;
}

/** How long a sandbox waits for the partner another one is creating in the same folder at the same moment. */
const CREATION_WAIT_MS = 5000;

/**
 * Creates the partner's key and `partner.json` unless another sandbox does so first; true when this one did. The
 * key file is created exclusively and complete, so of two sandboxes first started in one folder at the same moment
 * one creates the partner and the other waits for its `partner.json`: before, each wrote a key and a file, the last
 * write of each won, and the key on disk could belong to the other partner (every assertion made from it got 401).
 * A key with no `partner.json` (after the wait, or older than it) was left by a start that crashed in between, or
 * by someone who deleted `partner.json` to start afresh: it is replaced.
 */
function createDevPartner(dir: string, file: string, index: number): boolean {
  // A file where the folder should be failed with a bare "EEXIST: file already exists, mkdir".
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new Error(`${dir} is a file, not the development partner's folder; move it away (or pass --config)`);
  makeDirectories(dir);
  const privateKeyPath = join(dir, 'private-key.pem');
  for (let attempt = 0; attempt < 2; attempt++) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    try {
      createPrivateFileExclusive(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A key older than the wait has no creator still at work: replace it at once instead of waiting for nothing.
      const fresh = Date.now() - statSync(privateKeyPath).mtimeMs < CREATION_WAIT_MS;
      if (fresh && waitFor(file, CREATION_WAIT_MS)) return false;
      unlinkSync(privateKeyPath);
      continue;
    }
    const data: DevPartnerFile = {
      // Partner 1 keeps the historical names; more partners (`--partners <n>`) are separate tenants.
      clientId: index === 1 ? 'client_dev' : `client_dev_${index}`,
      issuer: 'http://localhost:3000',
      privateKeyPath,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      webhookSecret: `whsec_${randomBytes(24).toString('hex')}`,
      webhookUrl: null,
      tenantSlug: index === 1 ? 'dev' : `dev-${index}`,
      createdAt: new Date().toISOString(),
    };
    writePrivateFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
    return true;
  }
  throw new Error(`cannot create the development partner in ${dir}: ${privateKeyPath} keeps reappearing`);
}

/** Whether `path` exists within `ms`, checking every 25 ms (a synchronous sleep: start-up has nothing else to do). */
function waitFor(path: string, ms: number): boolean {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 25) {
    if (existsSync(path)) return true;
    if (waited >= ms) return false;
    Atomics.wait(pause, 0, 0, 25);
  }
}

/**
 * The development partner used when no config is given: created on first start under `<cwd>/.sandbox/`
 * (with a `.gitignore` of `*`, so its private key never reaches a commit) with a fresh Ed25519 key pair and webhook secret, then reused on every later start.
 */
export function loadOrCreateDevPartner(dir = resolve('.sandbox'), webhookUrl?: string, index = 1): DevPartner {
  const file = join(dir, 'partner.json');
  const created = !existsSync(file) && createDevPartner(dir, file, index);
  const data = readDevPartnerFile(file);
  // The folder holds a private key: keep every file in it out of the partner's commits, wherever it is created.
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
  if (webhookUrl !== undefined && webhookUrl !== data.webhookUrl) {
    // Checked before it is saved: a bad URL kept in partner.json would fail every later start, flag or not.
    if (webhookUrl) checkWebhookUrl(webhookUrl, '--webhook-url');
    data.webhookUrl = webhookUrl;
  }
  const config: PartnerConfig = {
    clientId: data.clientId,
    issuer: data.issuer,
    publicKeyPem: data.publicKeyPem,
    webhookSecret: data.webhookSecret,
    tenantSlug: data.tenantSlug,
    name: index === 1 ? 'Sandbox development partner' : `Sandbox development partner ${index}`,
    ...(data.webhookUrl ? { webhookUrl: data.webhookUrl } : {}),
  };
  // Checked here, where the file can be named: later, a bad key failed start-up as "partners[0].publicKeyPem ...".
  try {
    loadPartners([config]);
  } catch (error) {
    throw unusable(file, (error as Error).message.replace(/^partners\[0\]\.?/, ''));
  }
  if (!created) {
    // Reused as found (and usable: a refused partner is left as it is): a key left readable by others (a copy, a
    // checkout, a chmod) is made private again, as the store file is; it was reused silently before.
    keepPrivate(dir, 0o700);
    keepPrivate(data.privateKeyPath, 0o600);
  }
  // Secrets (webhook secret, key path): 0600 and complete or absent, whatever was there before.
  writePrivateFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  // The `env` file is written by the command once the sandbox listens, with the URL it really answers on: written
  // here, a start that then failed (a port in use) overwrote the env file of the sandbox already running.
  return { config, file: data, dir, created };
}

/** Takes group and other permissions off `path` (not through a symlink), saying so on stderr when it had any. */
function keepPrivate(path: string, mode: number): void {
  let info: Stats;
  try {
    info = lstatSync(path);
  } catch {
    return; // absent: the partner check reports a missing key on its own
  }
  if (info.isSymbolicLink() || (info.mode & 0o077) === 0) return;
  chmodSync(path, mode);
  console.error(
    `[zest-sandbox] ${path}: was readable by other users (mode ${(info.mode & 0o777).toString(8)}); made it ${mode.toString(8)}`,
  );
}

const unusable = (file: string, why: string) =>
  new Error(`${file} is not a usable development partner (${why.trim()}); move its folder away to create a new one`);

/**
 * The string fields a `partner.json` cannot do without (the others are checked as a partner by `loadPartners`, and
 * files written by older versions may lack some); `webhookUrl` is a string or null.
 */
const DEV_PARTNER_FIELDS = ['clientId', 'issuer', 'privateKeyPath'];

/**
 * Reads and checks `partner.json`. A corrupt one (an editor's half-save, `null`, a folder) failed with a bare
 * "Unexpected end of JSON input" or "Cannot read properties of null", naming no file. Used by the `assertion`
 * command too.
 */
export function readDevPartnerFile(file: string): DevPartnerFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw unusable(file, (error as Error).message);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw unusable(file, 'not a JSON object');
  const record = data as Record<string, unknown>;
  const missing = DEV_PARTNER_FIELDS.find((field) => typeof record[field] !== 'string' || record[field] === '');
  if (missing !== undefined) throw unusable(file, `no "${missing}"`);
  if (record.webhookUrl !== undefined && record.webhookUrl !== null && typeof record.webhookUrl !== 'string')
    throw unusable(file, '"webhookUrl" is neither a string nor null');
  return data as DevPartnerFile;
}

/** Where partner `index` lives: the first one in `.sandbox/` itself, the others in `.sandbox/partner-<index>/`. */
export function devPartnerDir(root: string, index: number): string {
  return index === 1 ? root : join(root, `partner-${index}`);
}

/**
 * The shell exports for the development partner; with a second partner, also the `ZEST_SECOND_*` variables the
 * contract tests read for their tenant-isolation checks.
 */
export function envFile(data: DevPartnerFile, baseUrl: string, second?: DevPartnerFile): string {
  const extra = second
    ? [
        `export ZEST_SECOND_CLIENT_ID=${second.clientId}`,
        `export ZEST_SECOND_ISSUER=${second.issuer}`,
        `export ZEST_SECOND_PRIVATE_KEY_PATH=${second.privateKeyPath}`,
      ]
    : [];
  return [
    `export ZEST_BASE_URL=${baseUrl}`,
    `export ZEST_CLIENT_ID=${data.clientId}`,
    `export ZEST_ISSUER=${data.issuer}`,
    `export ZEST_PRIVATE_KEY_PATH=${data.privateKeyPath}`,
    `export ZEST_WEBHOOK_SECRET=${data.webhookSecret}`,
    ...extra,
    '',
  ].join('\n');
}

export function howTo(partner: DevPartner, baseUrl: string): string {
  const d = partner.file;
  return [
    partner.created
      ? `Created a development partner in ${partner.dir}/ (git-ignored; keep it out of commits).`
      : `Using the development partner in ${partner.dir}/.`,
    `  client_id        ${d.clientId}`,
    `  issuer (iss)     ${d.issuer}`,
    `  audience (aud)   ${baseUrl}   (http://127.0.0.1:<port> is accepted too)`,
    `  private key      ${d.privateKeyPath}   (Ed25519, PKCS#8 PEM)`,
    `  webhook secret   ${d.webhookSecret}`,
    `  webhook URL      ${d.webhookUrl ?? '(none: events are recorded at /sandbox/webhook-deliveries; set one with --webhook-url)'}`,
    '',
    'Next steps:',
    `  1. Load these credentials into your shell (a new terminal, in this folder):`,
    `       source ${join(partner.dir, 'env')}`,
    '  2. Call the API with the SDK (Node 20.19+, ESM):',
    '       npm install @zestequity/partner-api-client',
    "       import { readFileSync } from 'node:fs';",
    "       import { createZestClient } from '@zestequity/partner-api-client';",
    '       const zest = createZestClient({ baseUrl: process.env.ZEST_BASE_URL, auth: { clientId: process.env.ZEST_CLIENT_ID,',
    "         issuer: process.env.ZEST_ISSUER, privateKey: readFileSync(process.env.ZEST_PRIVATE_KEY_PATH, 'utf8') } });",
    '       const { data } = await zest.auth.info();',
    `     Without the SDK: sign an assertion (EdDSA; iss, sub, client_id, aud, iat, exp <= iat + 300) with createAssertion()`,
    `     from @zestequity/partner-auth and POST it to ${baseUrl}/v1/oauth2/tokens as`,
    '     grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<jwt>.',
    '  3. Act as the Zest reviewer (sandbox only, no auth):',
    `       curl -X POST -H 'content-type: application/json' ${baseUrl}/sandbox/spv-requests/<spvRequestSlug>/approve`,
    `       curl ${baseUrl}/sandbox/webhook-deliveries        # every event, with its exact bytes and signature`,
    d.webhookUrl
      ? `  4. Receive webhooks: each event is POSTed to ${d.webhookUrl}; check each delivery with`
      : `  4. Receive webhooks: restart with --webhook-url http://127.0.0.1:<port>/<path> and check each delivery with`,
    '     verifyWebhook() from @zestequity/partner-auth over the raw body, with ZEST_WEBHOOK_SECRET.',
    '  5. Run the contract suite against this sandbox (it reads the variables from step 1):',
    '       npx -p @zestequity/partner-api-contract-tests zest-contract-tests',
    '  All options: npx @zestequity/partner-sandbox --help',
  ].join('\n');
}
