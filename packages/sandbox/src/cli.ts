import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { envFile, howTo, loadOrCreateDevPartner } from './dev-partner.js';
import type { FaultsConfig } from './faults.js';
import type { PartnerConfig } from './partners.js';
import { BREAKAGES, startSandbox, type Breakage, type SandboxOptions } from './server.js';

export const USAGE = `zest-sandbox — a stateful local Zest Partner API v1

Usage: zest-sandbox [options]

  --port <n>             port to listen on (default 8080; 0 = any free port)
  --host <addr>          interface to bind (default 127.0.0.1)
  --config <file>        JSON config: { partners, faults, timeScale, storeFile, baseUrl, port, host, allowedHosts,
                         rejectReplayedAssertions }
  --store-file <file>    keep state in this JSON file so a restart keeps it (default: memory only)
  --time-scale <n>       run the webhook retry schedule n times faster (default 1)
  --webhook-url <url>    webhook URL of the development partner (no --config only; remembered in .sandbox/)
  --base-url <url>       public base URL, accepted as assertion audience and used for signed file URLs
  --allowed-host <name>  also answer requests whose Host is <name> (besides localhost, 127.x, [::1]); repeatable
  --reject-replayed-assertions
                         refuse an assertion exchanged before (same jti, or same bytes) while it is valid
  --validate-responses   check every response and webhook against the spec (a mismatch becomes a 500)
  --breakage <name>      TEST ONLY: break the contract on purpose (${BREAKAGES.join(', ')}); repeatable
  --quiet                no per-delivery log lines
  --help                 this text
`;

interface ConfigFile {
  port?: number;
  host?: string;
  partners?: (PartnerConfig & { publicKeyPemFile?: string })[];
  faults?: FaultsConfig;
  timeScale?: number;
  storeFile?: string;
  baseUrl?: string | string[];
  allowedHosts?: string[];
  rejectReplayedAssertions?: boolean;
}

function readConfig(file: string): ConfigFile {
  const path = resolve(file);
  let config: ConfigFile;
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as ConfigFile;
  } catch (error) {
    throw new Error(`cannot read --config ${file}: ${(error as Error).message}`);
  }
  const base = dirname(path);
  config.partners = (config.partners ?? []).map((partner) => {
    if (partner.publicKeyPem || !partner.publicKeyPemFile) return partner;
    const { publicKeyPemFile, ...rest } = partner;
    return { ...rest, publicKeyPem: readFileSync(resolve(base, publicKeyPemFile), 'utf8') };
  });
  if (config.storeFile) config.storeFile = resolve(base, config.storeFile);
  return config;
}

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return n;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      'store-file': { type: 'string' },
      'time-scale': { type: 'string' },
      'webhook-url': { type: 'string' },
      'base-url': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'reject-replayed-assertions': { type: 'boolean', default: false },
      'validate-responses': { type: 'boolean', default: false },
      breakage: { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const config: ConfigFile = values.config ? readConfig(values.config) : {};
  const breakages = (values.breakage ?? []) as Breakage[];
  for (const name of breakages) {
    if (!(BREAKAGES as readonly string[]).includes(name)) throw new Error(`unknown --breakage ${name}; known: ${BREAKAGES.join(', ')}`);
  }
  let devPartner: ReturnType<typeof loadOrCreateDevPartner> | undefined;
  let partners = config.partners ?? [];
  if (!values.config) {
    devPartner = loadOrCreateDevPartner(resolve('.sandbox'), values['webhook-url']);
    partners = [devPartner.config];
  } else if (values['webhook-url']) {
    throw new Error('--webhook-url applies to the development partner only; set webhookUrl in the --config file');
  }
  const options: SandboxOptions = {
    port: number(values.port, '--port') ?? config.port ?? 8080,
    host: values.host ?? config.host ?? '127.0.0.1',
    partners,
    faults: config.faults,
    timeScale: number(values['time-scale'], '--time-scale') ?? config.timeScale ?? 1,
    storeFile: values['store-file'] ? resolve(values['store-file']) : config.storeFile,
    baseUrl: values['base-url'] ?? config.baseUrl,
    allowedHosts: [...(config.allowedHosts ?? []), ...(values['allowed-host'] ?? [])],
    rejectReplayedAssertions: values['reject-replayed-assertions'] || config.rejectReplayedAssertions === true,
    validateResponses: values['validate-responses'],
    breakages,
    log: values.quiet ? undefined : (line) => console.log(line),
  };
  const sandbox = await startSandbox(options);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sandbox.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const shownUrl = `http://localhost:${sandbox.port}`;
  // One write, ending with a fixed last line, so whoever spawned us can wait for "Press Ctrl-C to stop."
  const lines = [
    `zest-sandbox: Zest Partner API v1 on ${shownUrl} (also ${sandbox.url})`,
    `  state: ${options.storeFile ? `file ${options.storeFile}` : 'in memory (lost on exit; --store-file to keep it)'}`,
    `  partners: ${partners.map((p) => p.clientId).join(', ') || '(none)'}; webhook time scale ${options.timeScale}`,
  ];
  if (options.faults && Object.keys(options.faults).length > 0) lines.push(`  faults: ${JSON.stringify(options.faults)}`);
  if (options.rejectReplayedAssertions) lines.push('  replayed assertions are refused (--reject-replayed-assertions)');
  if (breakages.length > 0) lines.push(`  WARNING: contract deliberately broken: ${breakages.join(', ')}`);
  if (devPartner) {
    writeFileSync(join(devPartner.dir, 'env'), envFile(devPartner.file, shownUrl), { mode: 0o600 });
    lines.push('', howTo(devPartner, shownUrl));
  }
  lines.push('', 'Press Ctrl-C to stop.');
  process.stdout.write(`${lines.join('\n')}\n`);
}
