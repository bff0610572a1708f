import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseCommandLine, refuseEmpty } from './cli/args.js';
import { assertionCommand } from './cli/assertion.js';
import { deliveriesCommand } from './cli/deliveries.js';
import { triggerCommand } from './cli/trigger.js';
import { devPartnerDir, envFile, howTo, loadOrCreateDevPartner } from './dev-partner.js';
import type { FaultsConfig } from './faults.js';
import { SandboxOptionsError } from './options.js';
import type { PartnerConfig } from './partners.js';
import { checkSandboxOptions } from './pipeline/assemble.js';
import { nonLoopbackHosts } from './pipeline/guard.js';
import { writePrivateFileSync } from './private-file.js';
import { BREAKAGE_DESCRIPTIONS, BREAKAGES, type Breakage, type SandboxOptions, startSandbox } from './server.js';

/** Sub-commands that talk to a running sandbox (or sign for it) instead of starting one. */
const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  trigger: triggerCommand,
  deliveries: deliveriesCommand,
  assertion: assertionCommand,
};

export const USAGE = `zest-sandbox — a stateful local Zest Partner API v1

Usage: zest-sandbox [options]                   start a sandbox
       zest-sandbox trigger <eventType>        make a running sandbox send a webhook (--list: the event types)
       zest-sandbox deliveries [--replay <id>] list a running sandbox's webhook deliveries, or re-send one
       zest-sandbox assertion                  print a signed client assertion for the token endpoint
       (each sub-command takes --help)

  --port <n>             port to listen on (default 8080; 0 = any free port)
  --host <addr>          interface to bind (default 127.0.0.1)
  --config <file>        JSON config: { partners, faults, timeScale, storeFile, baseUrl, port, host, allowedHosts,
                         rejectReplayedAssertions }
  --store-file <file>    keep state in this file (fsynced journal, 0600): a restart or crash keeps every
                         acknowledged write (default: memory only)
  --time-scale <n>       run the webhook retry schedule n times faster (default 1)
  --webhook-url <url>    webhook URL of the development partner (no --config only; remembered in .sandbox/)
  --partners <n>         development partners to create and accept (no --config only; default 1). Partner 2 is a
                         separate tenant in .sandbox/partner-2/, exported as ZEST_SECOND_* in .sandbox/env for the
                         contract tests' tenant-isolation checks
  --base-url <url>       public base URL, accepted as assertion audience and used for signed file URLs
  --allowed-host <name>  also answer requests whose Host is <name> (besides localhost, 127.x, [::1]); repeatable
  --reject-replayed-assertions
                         refuse an assertion exchanged before (same jti, or same bytes) while it is valid
  --validate-responses   check every response and webhook against the spec (a mismatch becomes a 500)
  --breakage <name>      TEST ONLY: break the contract on purpose; repeatable. One of:
${BREAKAGES.map((name) => `                           ${name}: ${BREAKAGE_DESCRIPTIONS[name]}`).join('\n')}
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

const isString = (v: unknown) => typeof v === 'string';
const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What each top-level key of a config file must hold; anything else is a typo, reported rather than ignored. */
const CONFIG_KEYS: Record<keyof ConfigFile, [check: (value: unknown) => boolean, what: string]> = {
  port: [(v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535, 'an integer from 0 to 65535'],
  host: [isString, 'a string'],
  partners: [(v) => Array.isArray(v) && v.every(isObject), 'an array of partner objects'],
  faults: [isObject, 'an object'],
  timeScale: [(v) => typeof v === 'number', 'a number'],
  // Not empty: "" would mean "no store file", and the sandbox would keep its state in memory, silently.
  storeFile: [(v) => isString(v) && v.trim() !== '', 'a non-empty string (a path)'],
  baseUrl: [(v) => isString(v) || (Array.isArray(v) && v.every(isString)), 'a string or an array of strings'],
  allowedHosts: [(v) => Array.isArray(v) && v.every(isString), 'an array of strings'],
  rejectReplayedAssertions: [(v) => typeof v === 'boolean', 'true or false'],
};

/** A config file is one JSON object of known keys with values of the right kind (a string port listened on a pipe). */
function checkConfigShape(config: unknown, file: string): asserts config is ConfigFile {
  if (!isObject(config)) throw new SandboxOptionsError(`--config ${file} must hold one JSON object`);
  for (const [key, value] of Object.entries(config as object)) {
    const rule = Object.hasOwn(CONFIG_KEYS, key) ? CONFIG_KEYS[key as keyof ConfigFile] : undefined;
    if (!rule)
      throw new SandboxOptionsError(
        `--config ${file}: unknown key "${key}"; known: ${Object.keys(CONFIG_KEYS).join(', ')}`,
      );
    if (!rule[0](value)) throw new SandboxOptionsError(`--config ${file}: "${key}" must be ${rule[1]}`);
  }
}

/** The keys a partner of a config file may have; a typo (`webhookURL`) would otherwise silently drop the value. */
const PARTNER_KEYS = new Set([
  'clientId',
  'issuer',
  'publicKeyPem',
  'publicKeyPemFile',
  'webhookUrl',
  'webhookSecret',
  'tenantSlug',
  'name',
]);

type ConfigPartner = NonNullable<ConfigFile['partners']>[number];

/** A config file's partner with its `publicKeyPemFile` (relative to the config file) read into `publicKeyPem`. */
function configPartner(partner: ConfigPartner, index: number, file: string, base: string): PartnerConfig {
  const where = `--config ${file}: partners[${index}]`;
  const unknown = Object.keys(partner).find((key) => !PARTNER_KEYS.has(key));
  if (unknown !== undefined)
    throw new SandboxOptionsError(`${where}: unknown key "${unknown}"; known: ${[...PARTNER_KEYS].join(', ')}`);
  if (partner.publicKeyPem || partner.publicKeyPemFile === undefined) return partner;
  const { publicKeyPemFile, ...rest } = partner;
  if (typeof publicKeyPemFile !== 'string' || publicKeyPemFile === '')
    throw new SandboxOptionsError(`${where}.publicKeyPemFile must be a file name`);
  // Named in the message: a bare "ENOENT: no such file or directory" did not say which partner's key was missing.
  try {
    return { ...rest, publicKeyPem: readFileSync(resolve(base, publicKeyPemFile), 'utf8') };
  } catch (error) {
    throw new SandboxOptionsError(
      `${where}.publicKeyPemFile: cannot read ${publicKeyPemFile}: ${(error as Error).message}`,
    );
  }
}

function readConfig(file: string): ConfigFile {
  const path = resolve(file);
  let config: ConfigFile;
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as ConfigFile;
  } catch (error) {
    throw new SandboxOptionsError(`cannot read --config ${file}: ${(error as Error).message}`);
  }
  checkConfigShape(config, file);
  const base = dirname(path);
  config.partners = (config.partners ?? []).map((partner, index) => configPartner(partner, index, file, base));
  if (config.storeFile) config.storeFile = resolve(base, config.storeFile);
  return config;
}

/** Bind addresses that `http://localhost:<port>` reaches. */
const LOCALHOST_REACHES = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '::']);

/**
 * Why the sandbox may be reachable from beyond this machine, if it is: bound to another address, or told to answer
 * other host names (a tunnel, a proxy, a LAN name). The Host allowlist only stops DNS rebinding in browsers; any
 * other client sets the Host it likes, and the admin API has no authentication (README, "Security").
 */
function exposedAs(
  host: string,
  allowedHosts: readonly string[],
  baseUrl: string | readonly string[] | undefined,
): string | undefined {
  const baseUrls = baseUrl === undefined ? [] : typeof baseUrl === 'string' ? [baseUrl] : baseUrl;
  const { bound, names } = nonLoopbackHosts(host, allowedHosts, baseUrls);
  const where = [
    ...(bound === undefined ? [] : [`listening on ${bound}`]),
    ...(names.length > 0 ? [`answering as ${names.join(', ')}`] : []),
  ];
  if (where.length === 0) return undefined;
  return `${where.join(' and ')}: anyone who reaches it can use the admin API (no authentication: every partner's data, the clock, faults) and the development partner's routes; keep it to a network you trust.`;
}

const DECIMAL = /^\s*(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

function portNumber(value: string | undefined): number | undefined {
  const port = number(value, '--port');
  if (port !== undefined && !(Number.isInteger(port) && port <= 65535))
    throw new SandboxOptionsError(`--port must be an integer from 0 to 65535, got "${value}"`);
  return port;
}

/** A numeric flag; `positive` refuses 0 too (a time scale divides every webhook delay). */
function number(value: string | undefined, name: string, positive = false): number | undefined {
  if (value === undefined) return undefined;
  // Decimal notation only: Number('') is 0 (a random port for `--port ""`) and Number('0x1F90') is 8080.
  const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || (positive && n === 0))
    throw new SandboxOptionsError(`${name} must be a ${positive ? 'positive' : 'non-negative'} number, got "${value}"`);
  return n;
}

/** The server's flags (the sub-commands parse their own). */
function parseFlags(argv: string[]) {
  return parseCommandLine({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      'store-file': { type: 'string' },
      'time-scale': { type: 'string' },
      'webhook-url': { type: 'string' },
      partners: { type: 'string' },
      'base-url': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'reject-replayed-assertions': { type: 'boolean', default: false },
      'validate-responses': { type: 'boolean', default: false },
      breakage: { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}

/**
 * The partners to serve: those of the --config file, or else the development partners (created on first use under
 * .sandbox/, one per --partners), whose files get an env file once the URL is known.
 */
function choosePartners(values: ReturnType<typeof parseFlags>['values'], config: ConfigFile) {
  let devPartner: ReturnType<typeof loadOrCreateDevPartner> | undefined;
  let others: ReturnType<typeof loadOrCreateDevPartner>[] = [];
  let partners = config.partners ?? [];
  // Decimal digits only, as for --port: Number() also took "0x2" and " 2 ".
  const count =
    values.partners === undefined ? 1 : /^\d+$/.test(values.partners) ? Number(values.partners) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > 10)
    throw new SandboxOptionsError(`--partners must be an integer from 1 to 10, got "${values.partners}"`);
  if (!values.config) {
    devPartner = loadOrCreateDevPartner(resolve('.sandbox'), values['webhook-url']);
    others = Array.from({ length: count - 1 }, (_, i) =>
      loadOrCreateDevPartner(devPartnerDir(resolve('.sandbox'), i + 2), undefined, i + 2),
    );
    partners = [devPartner.config, ...others.map((p) => p.config)];
  } else if (values['webhook-url'] || values.partners !== undefined) {
    throw new SandboxOptionsError(
      '--webhook-url and --partners apply to the development partners only; list partners in the --config file',
    );
  }
  return { devPartner, others, partners };
}

export async function main(argv: string[]): Promise<void> {
  // Own keys only: `zest-sandbox constructor` must not find Object.prototype.constructor.
  const subcommand = argv[0] !== undefined && Object.hasOwn(SUBCOMMANDS, argv[0]) ? SUBCOMMANDS[argv[0]] : undefined;
  if (subcommand) return subcommand(argv.slice(1));
  const { values } = parseFlags(argv);
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  // Not --webhook-url: an empty one is how the development partner's remembered webhook URL is removed.
  refuseEmpty(values, ['config', 'store-file', 'base-url', 'host', 'allowed-host', 'breakage']);
  const config: ConfigFile = values.config ? readConfig(values.config) : {};
  const breakages = (values.breakage ?? []) as Breakage[];
  for (const name of breakages) {
    if (!(BREAKAGES as readonly string[]).includes(name))
      throw new SandboxOptionsError(`unknown --breakage ${name}; known: ${BREAKAGES.join(', ')}`);
  }
  const options: SandboxOptions = {
    port: portNumber(values.port) ?? config.port ?? 8080,
    host: values.host ?? config.host ?? '127.0.0.1',
    faults: config.faults,
    timeScale: number(values['time-scale'], '--time-scale', true) ?? config.timeScale ?? 1,
    storeFile: values['store-file'] ? resolve(values['store-file']) : config.storeFile,
    baseUrl: values['base-url'] ?? config.baseUrl,
    allowedHosts: [...(config.allowedHosts ?? []), ...(values['allowed-host'] ?? [])],
    rejectReplayedAssertions: values['reject-replayed-assertions'] || config.rejectReplayedAssertions === true,
    validateResponses: values['validate-responses'],
    breakages,
    log: values.quiet ? undefined : (line) => console.log(line),
  };
  // Every option is checked before the development partners are created: a usage error leaves no .sandbox/ behind.
  checkSandboxOptions(options);
  const { devPartner, others, partners } = choosePartners(values, config);
  options.partners = partners;
  const sandbox = await startSandbox(options);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sandbox.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // `localhost` where it reaches the sandbox (bound to the loopback default or to every interface); otherwise the
  // address it is bound to (127.0.0.2, ::1 alone, a LAN address), which `localhost` would not reach.
  const host = options.host ?? '127.0.0.1';
  const shownUrl = LOCALHOST_REACHES.has(host) ? `http://localhost:${sandbox.port}` : sandbox.url;
  // One write, ending with a fixed last line, so whoever spawned us can wait for "Press Ctrl-C to stop."
  const lines = [
    `zest-sandbox: Zest Partner API v1 on ${shownUrl} (also ${sandbox.url})`,
    `  state: ${options.storeFile ? `file ${options.storeFile}` : 'in memory (lost on exit; --store-file to keep it)'}`,
    `  partners: ${partners.map((p) => p.clientId).join(', ') || '(none)'}; webhook time scale ${options.timeScale}`,
  ];
  if (options.faults && Object.keys(options.faults).length > 0)
    lines.push(`  faults: ${JSON.stringify(options.faults)}`);
  if (options.rejectReplayedAssertions) lines.push('  replayed assertions are refused (--reject-replayed-assertions)');
  if (breakages.length > 0) lines.push(`  WARNING: contract deliberately broken: ${breakages.join(', ')}`);
  const exposure = exposedAs(host, options.allowedHosts ?? [], options.baseUrl);
  if (exposure) lines.push(`  WARNING: ${exposure}`);
  if (devPartner) {
    writePrivateFileSync(join(devPartner.dir, 'env'), envFile(devPartner.file, shownUrl, others[0]?.file));
    for (const other of others) writePrivateFileSync(join(other.dir, 'env'), envFile(other.file, shownUrl));
    lines.push('', howTo(devPartner, shownUrl));
    for (const other of others)
      lines.push(
        `  Partner ${other.file.clientId} (a separate tenant): ${other.dir}/ (source ${join(other.dir, 'env')} to act as it)`,
      );
  }
  lines.push('', 'Press Ctrl-C to stop.');
  process.stdout.write(`${lines.join('\n')}\n`);
}
