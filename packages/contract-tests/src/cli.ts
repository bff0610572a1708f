import { constants, type Stats } from 'node:fs';
import { access, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ContractTestConfigError, escapeControls, MAX_TIMER_MS } from './options.js';
import { formatHuman } from './report/human.js';
import { formatJson } from './report/json.js';
import { formatJunit } from './report/junit.js';
import { runContractTests } from './runner.js';
import type { ContractReport, ContractTestOptions } from './types.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: zest-contract-tests --base-url <url> --client-id <id> --issuer <url> --private-key-file <pem> [options]

Checks that a Zest Partner API environment honours the v1 contract.

Required (or from ZEST_BASE_URL, ZEST_CLIENT_ID, ZEST_ISSUER, ZEST_PRIVATE_KEY_PATH):
  --base-url <url>             Environment under test, e.g. https://sandbox.api.zestequity.com
  --client-id <id>             Your partner client_id
  --issuer <url>               The iss of your assertions (your own API base URL)
  --private-key-file <path>    Ed25519 private key, PKCS#8 PEM

Options:
  --audience <url>             aud of the assertions (default: the base URL)
  --second-client-id <id>      A second partner of the same environment (another tenant), for the tenancy
  --second-issuer <url>          checks: neither partner may reach the other's objects or idempotency keys
  --second-private-key-file <path>  (or ZEST_SECOND_CLIENT_ID, ZEST_SECOND_ISSUER, ZEST_SECOND_PRIVATE_KEY_PATH;
                               all three or none)
  --webhook-secret <whsec_..>  Verify webhook deliveries (or set ZEST_WEBHOOK_SECRET)
  --webhook-listen <host:port> Receive deliveries on a loopback receiver (register its URL as your webhook URL)
  --only <tags>                Run only checks with these tags or ids (comma separated, repeatable)
  --skip <tags>                Leave out checks with these tags or ids (comma separated, repeatable)
  --reporter <human|json|junit>  Report format (default human)
  --output <file>              Write the report there (the human table still goes to stdout)
  --spv-slug <slug>            An approved SPV to subscribe to (targets without the sandbox admin API)
  --share-class-slug <slug>    A share class of --spv-slug
  --person-id <id>             The zestPersonId the subscriptions check subscribes
  --spv-request-file <path>    JSON body for POST /v1/spv-requests (your assigned template)
  --spec <path>                Bundled OpenAPI JSON to judge against (default: the bundled spec of this version)
  --no-sandbox-admin           Never use the /sandbox admin API, even if the target has it
  --timeout-ms <ms>            Per-request timeout (default 30000)
  --webhook-wait-ms <ms>       How long to wait for deliveries (default 10000)
  --quiet                      No progress lines on stderr
  --help, --version

Tags: system auth contracts spv-requests idempotency pagination investors subscriptions uploads errors tenancy
      webhooks conformance coverage

Exit codes: 0 every check that applied passed; 1 a check failed; 2 bad usage or configuration.
`;

/**
 * The names of a repeatable, comma separated option. Given but naming nothing (`--only ,`) is refused: it would
 * otherwise select every check, the opposite of a filter.
 */
function list(values: string[] | undefined, option: string): string[] | undefined {
  if (values === undefined) return undefined;
  const out = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (out.length === 0) throw new ContractTestConfigError(`${option} names no check or tag: "${values.join(',')}"`);
  return out;
}

/**
 * A delay in ms, written in decimal digits (Number() also reads `0x10`, `1e3` and ` 100`, which the usage does not
 * promise); above what a timer can wait it would fire at once (or throw mid-run), so it is refused here.
 */
function delayMs(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n <= 0 || n > MAX_TIMER_MS)
    throw new ContractTestConfigError(`${name} must be a whole number of ms from 1 to ${MAX_TIMER_MS}, got "${value}"`);
  return n;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** The command line as typed values; throws on an unknown, malformed, repeated or empty option. */
function parseCommandLine(argv: string[]) {
  const parsed = parseArgs({ args: argv, strict: true, allowPositionals: false, tokens: true, options: OPTIONS });
  checkOptionTokens(parsed.tokens);
  return parsed;
}

/**
 * parseArgs keeps the last of a repeated option and takes an empty value as given: `--base-url A --base-url B` ran
 * against B without a word, and `--audience ''` or `--webhook-secret ''` fell back to the default or the environment.
 * Both are refused, so what runs is what was typed. Options that may repeat (`--only`, `--skip`) are left alone.
 */
function checkOptionTokens(tokens: ReadonlyArray<{ kind: string; name?: string; value?: string | undefined }>): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || !token.name) continue;
    const spec = OPTIONS[token.name as keyof typeof OPTIONS] as { type: string; multiple?: boolean } | undefined;
    if (spec?.type !== 'string') continue;
    if (token.value === undefined || token.value.trim() === '')
      throw new ContractTestConfigError(`--${token.name} needs a value, got an empty one`);
    if (spec.multiple) continue;
    if (seen.has(token.name)) throw new ContractTestConfigError(`--${token.name} is given more than once`);
    seen.add(token.name);
  }
}

const OPTIONS = {
  'base-url': { type: 'string' },
  'client-id': { type: 'string' },
  issuer: { type: 'string' },
  'private-key-file': { type: 'string' },
  audience: { type: 'string' },
  'second-client-id': { type: 'string' },
  'second-issuer': { type: 'string' },
  'second-private-key-file': { type: 'string' },
  'webhook-secret': { type: 'string' },
  'webhook-listen': { type: 'string' },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  reporter: { type: 'string', default: 'human' },
  output: { type: 'string' },
  'spv-slug': { type: 'string' },
  'share-class-slug': { type: 'string' },
  'person-id': { type: 'string' },
  'spv-request-file': { type: 'string' },
  spec: { type: 'string' },
  'no-sandbox-admin': { type: 'boolean', default: false },
  'timeout-ms': { type: 'string' },
  'webhook-wait-ms': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
  version: { type: 'boolean', default: false },
} as const;

type CommandLine = ReturnType<typeof parseCommandLine>['values'];
type Reporter = 'human' | 'json' | 'junit';

/**
 * A usage or configuration error, on one line of stderr as the README's exit codes promise: the message (line breaks
 * escaped, should one carry any) and a pointer to --help, not the whole usage text after it.
 */
function refuse(io: CliIo, message: string): number {
  io.stderr(`zest-contract-tests: ${escapeControls(message)} — run with --help for the options\n`);
  return EXIT_USAGE;
}

/** Runs the CLI and resolves to its exit code (the bin sets `process.exitCode`). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let v: CommandLine;
  try {
    v = parseCommandLine(argv).values;
  } catch (error) {
    // The same one line as every other refusal, whether parseArgs or the checks above found the mistake.
    return refuse(io, (error as Error).message);
  }
  if (v.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (v.version) {
    io.stdout(`${version}\n`);
    return EXIT_OK;
  }

  let options: ContractTestOptions;
  const reporter = v.reporter ?? 'human';
  try {
    options = await optionsFrom(v, reporter, io);
  } catch (error) {
    if (error instanceof ContractTestConfigError) return refuse(io, error.message);
    throw error;
  }

  let report: ContractReport;
  try {
    report = await runContractTests(options);
  } catch (error) {
    if (error instanceof ContractTestConfigError) return refuse(io, error.message);
    throw error;
  }

  if (!(await writeReport(report, reporter as Reporter, v.output, io))) return EXIT_USAGE;
  return report.summary.ok ? EXIT_OK : EXIT_FAILED;
}

/**
 * The run's options from the command line and the environment, checked in the order a user fixes them: what is
 * missing, the reporter, the key file, the second partner, the SPV request file, the numbers.
 */
async function optionsFrom(v: CommandLine, reporter: string, io: CliIo): Promise<ContractTestOptions> {
  // The same variables the local sandbox writes to .sandbox/env, so `source .sandbox/env` is enough.
  v['base-url'] ??= io.env.ZEST_BASE_URL;
  v['client-id'] ??= io.env.ZEST_CLIENT_ID;
  v.issuer ??= io.env.ZEST_ISSUER;
  v['private-key-file'] ??= io.env.ZEST_PRIVATE_KEY_PATH;
  const missing = ['base-url', 'client-id', 'issuer', 'private-key-file'].filter((name) => !v[name as keyof typeof v]);
  if (missing.length > 0) throw new ContractTestConfigError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
  if (!['human', 'json', 'junit'].includes(reporter))
    throw new ContractTestConfigError(`--reporter must be human, json or junit, got "${reporter}"`);
  // Checked before the run: finding out after every check has run would throw the whole run away.
  if (v.output) await checkWritable(v.output);
  const privateKey = await readPrivateKeyFile(v['private-key-file']!, '--private-key-file');
  const secondPartner = await secondPartnerFrom(v, io);
  const spvRequestBody = v['spv-request-file'] ? await readSpvRequestBody(v['spv-request-file']) : undefined;
  return {
    baseUrl: v['base-url']!,
    clientId: v['client-id']!,
    issuer: v.issuer!,
    privateKey,
    ...(v.audience ? { audience: v.audience } : {}),
    ...(secondPartner ? { secondPartner } : {}),
    ...((v['webhook-secret'] ?? io.env.ZEST_WEBHOOK_SECRET)
      ? { webhookSecret: v['webhook-secret'] ?? io.env.ZEST_WEBHOOK_SECRET }
      : {}),
    ...(v['webhook-listen'] ? { webhookListen: v['webhook-listen'] } : {}),
    ...(v.only ? { only: list(v.only, '--only') } : {}),
    ...(v.skip ? { skip: list(v.skip, '--skip') } : {}),
    ...(v['spv-slug'] ? { spvSlug: v['spv-slug'] } : {}),
    ...(v['share-class-slug'] ? { shareClassSlug: v['share-class-slug'] } : {}),
    ...(v['person-id'] ? { personId: v['person-id'] } : {}),
    ...(spvRequestBody !== undefined ? { spvRequestBody } : {}),
    ...(v.spec ? { specPath: v.spec } : {}),
    useSandboxAdmin: !v['no-sandbox-admin'],
    ...(v['timeout-ms'] ? { requestTimeoutMs: delayMs(v['timeout-ms'], '--timeout-ms') } : {}),
    ...(v['webhook-wait-ms'] ? { webhookWaitMs: delayMs(v['webhook-wait-ms'], '--webhook-wait-ms') } : {}),
    // Progress lines quote the target too (its reasons, a slug it made up): escaped like the report.
    ...(v.quiet ? {} : { onProgress: (line: string) => io.stderr(`${escapeControls(line)}\n`) }),
  };
}

/** A PKCS#8 PEM private key from the file an option names. */
async function readPrivateKeyFile(path: string, option: string): Promise<string> {
  const pem = await readFile(path, 'utf8').catch((error: Error) => {
    throw new ContractTestConfigError(`cannot read ${option}: ${error.message}`);
  });
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) {
    throw new ContractTestConfigError(`${option} must hold a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)`);
  }
  return pem;
}

/** The second partner (all three of its options, or none), from the command line or the environment. */
async function secondPartnerFrom(v: CommandLine, io: CliIo): Promise<ContractTestOptions['secondPartner']> {
  v['second-client-id'] ??= io.env.ZEST_SECOND_CLIENT_ID;
  v['second-issuer'] ??= io.env.ZEST_SECOND_ISSUER;
  v['second-private-key-file'] ??= io.env.ZEST_SECOND_PRIVATE_KEY_PATH;
  const secondNames = ['second-client-id', 'second-issuer', 'second-private-key-file'] as const;
  const secondGiven = secondNames.filter((name) => v[name]);
  if (secondGiven.length > 0 && secondGiven.length < secondNames.length) {
    throw new ContractTestConfigError(
      `a second partner needs all of ${secondNames.map((n) => `--${n}`).join(', ')}; missing ${secondNames
        .filter((n) => !v[n])
        .map((n) => `--${n}`)
        .join(', ')}`,
    );
  }
  if (secondGiven.length === 0) return undefined;
  return {
    clientId: v['second-client-id']!,
    issuer: v['second-issuer']!,
    privateKey: await readPrivateKeyFile(v['second-private-key-file']!, '--second-private-key-file'),
  };
}

/** The body for POST /v1/spv-requests that --spv-request-file names. */
async function readSpvRequestBody(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new ContractTestConfigError(`cannot read --spv-request-file: ${error.message}`);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContractTestConfigError(`--spv-request-file ${path} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Whether a report can be written at `path`: an existing writable file, or a new file in a writable directory. The
 * file is opened for writing as the write after the run will open it (a new one is created and removed again):
 * permission bits alone pass root everywhere, also where the file system refuses the file (`/proc/r.xml`).
 */
async function checkWritable(path: string): Promise<void> {
  const target = resolve(path);
  const refuse = (why: string) => new ContractTestConfigError(`cannot write --output ${path}: ${why}`);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw refuse(error.code ?? error.message);
  });
  if (existing?.isDirectory()) throw refuse('it is a directory');
  const directory = dirname(target);
  if (!existing) {
    const parent = await stat(directory).catch(() => undefined);
    if (!parent) throw refuse(`the directory ${directory} does not exist`);
    if (!parent.isDirectory()) throw refuse(`${directory} is not a directory`);
  }
  await openForWriting(target, existing).catch((error: NodeJS.ErrnoException) => {
    const code = error.code ?? error.message;
    throw refuse(existing ? `the file is not writable (${code})` : `no file can be created in ${directory} (${code})`);
  });
}

/**
 * Opens `target` for writing without changing it: an existing regular file for appending, a new one created
 * exclusively and removed. Anything else that exists (a FIFO would block the open, a device such as /dev/stdout) is
 * only checked for write permission.
 */
async function openForWriting(target: string, existing: Stats | undefined): Promise<void> {
  if (existing && !existing.isFile()) return access(target, constants.W_OK);
  const handle = await open(target, existing ? 'a' : 'wx');
  await handle.close();
  if (!existing) await rm(target, { force: true });
}

/**
 * The report on stdout in the chosen format; with --output, that format goes to the file and the table to stdout.
 * Resolves to false when the file could not be written after all (then the report goes to stdout, so the run is
 * not lost).
 */
async function writeReport(
  report: ContractReport,
  reporter: Reporter,
  output: string | undefined,
  io: CliIo,
): Promise<boolean> {
  const formatted =
    reporter === 'json' ? formatJson(report) : reporter === 'junit' ? formatJunit(report) : formatHuman(report);
  if (!output) {
    io.stdout(formatted);
    return true;
  }
  try {
    await writeFile(output, formatted);
  } catch (error) {
    io.stdout(formatted);
    io.stderr(`zest-contract-tests: cannot write the report to ${output}: ${(error as Error).message}\n`);
    return false;
  }
  io.stdout(reporter === 'human' ? formatted : formatHuman(report));
  return true;
}
