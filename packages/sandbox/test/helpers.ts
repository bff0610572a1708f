import {
  createHash,
  createHmac,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomUUID,
  sign,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebhookEvent } from '@zestequity/partner-api-types';
import { createAssertion, verifyWebhook } from '@zestequity/partner-auth';
import {
  makeTestPartner,
  sampleFiles,
  startTestSandbox as startWithFixtures,
  type TestPartner,
} from '@zestequity/testing';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { FileStore, type Sandbox, type SandboxOptions, startSandbox } from '../src/index.js';
import { HEADER } from '../src/store/journal.js';

// Partners, the started sandbox and sample files come from the repository's one fixtures package; what stays here is
// what only the sandbox's own tests need (raw JWT signers, a WEBP, the webhook receiver, envelope checks).
export type { TestPartner };

/** A partner with a freshly generated Ed25519 key pair (no key is ever committed). */
export { makeTestPartner as makePartner };

/** Every test runs with the spec check on responses and webhook payloads: a mismatch would be a 500. */
export async function startTestSandbox(partners: TestPartner[], options: SandboxOptions = {}): Promise<Sandbox> {
  const started = await startWithFixtures(startSandbox, {
    partner: partners[0],
    otherPartners: partners.slice(1),
    ...options,
  });
  return started.sandbox;
}

/**
 * A fresh folder under the OS temp folder (`prefix` plus a random suffix) for a test file's store files and working
 * folders, removed after its tests. After-hooks run last-registered first, so an `afterAll` the file registers later
 * (stopping what still uses the folder) runs before the removal.
 */
/** The message startSandbox refuses `options` with, or undefined when it starts (then it is stopped again). */
export async function refusal(options: SandboxOptions): Promise<string | undefined> {
  try {
    const sandbox = await startSandbox({ port: 0, ...options });
    await sandbox.stop();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function useTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What `useSandbox` started: the sandbox, its partners and a client authenticated as the first of them. */
export interface StartedSandbox {
  sandbox: Sandbox;
  partner: TestPartner;
  /** The partners after the first (none unless `partners` makes more). */
  others: TestPartner[];
  api: Client;
}

/**
 * The sandbox a test file runs against: started before the file's tests (one fresh partner unless `partners` says
 * otherwise) and stopped after them, once no answer it gave broke the spec. `take` receives it, for the file to keep
 * in its own variables: `useSandbox((started) => ({ sandbox, partner, api } = started))`.
 */
export function useSandbox(
  take: (started: StartedSandbox) => void,
  { partners = () => [makeTestPartner()], options }: { partners?: () => TestPartner[]; options?: SandboxOptions } = {},
): void {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    const [partner, ...others] = partners();
    sandbox = await startTestSandbox([partner!, ...others], options);
    take({ sandbox, partner: partner!, others, api: await authedClient(sandbox, partner!) });
  });
  afterAll(async () => {
    if (!sandbox) return;
    expect(sandbox.responseProblems).toEqual([]);
    await sandbox.stop();
  });
}

/** A JWT-bearer assertion for `partner`, addressed to the sandbox unless the test names another audience. */
export async function assertion(
  sandbox: Sandbox,
  partner: TestPartner,
  overrides: { audience?: string; lifetimeSeconds?: number; now?: number } = {},
) {
  return partner.assertion(overrides.audience ?? sandbox.url, {
    ...(overrides.lifetimeSeconds ? { lifetimeSeconds: overrides.lifetimeSeconds } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
  });
}

export async function exchange(
  sandbox: Sandbox,
  jwt: string,
  grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer',
): Promise<Response> {
  return fetch(`${sandbox.url}/v1/oauth2/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: grantType, assertion: jwt }).toString(),
  });
}

export async function token(sandbox: Sandbox, partner: TestPartner): Promise<string> {
  const response = await exchange(sandbox, await assertion(sandbox, partner));
  if (response.status !== 201) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface Client {
  call<T = any>(
    method: string,
    path: string,
    options?: {
      json?: unknown;
      headers?: Record<string, string>;
      idempotencyKey?: string;
      form?: FormData;
      raw?: string;
    },
  ): Promise<CallResult<T>>;
}

/**
 * A bearer token for a partner whose private key is a PEM file on disk, as `zest-sandbox` writes the development
 * partner (`.sandbox/partner.json`): for tests that drive the real command rather than `startSandbox`.
 */
export async function tokenFromKeyFile(
  url: string,
  partner: { clientId: string; issuer: string; privateKeyPath: string },
): Promise<string> {
  const signed = await createAssertion({
    clientId: partner.clientId,
    issuer: partner.issuer,
    audience: url,
    privateKey: readFileSync(partner.privateKeyPath, 'utf8'),
  });
  const response = await fetch(`${url}/v1/oauth2/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signed }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
export function client(sandbox: Sandbox, accessToken?: string): Client {
  return {
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      if (accessToken) headers.authorization = `Bearer ${accessToken}`;
      if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
      let body: string | FormData | undefined;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.form) {
        body = options.form;
      } else if (options.raw !== undefined) {
        body = options.raw;
      }
      // Admin POST/PUT must be JSON (a page cannot send that cross-origin without a preflight); bodies may be empty.
      if (
        path.startsWith('/sandbox/') &&
        (method === 'POST' || method === 'PUT') &&
        !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
      ) {
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: any;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
  };
}

export async function authedClient(sandbox: Sandbox, partner: TestPartner): Promise<Client> {
  return client(sandbox, await token(sandbox, partner));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Asserts the partner envelope and returns it. */
export function expectEnvelope(
  result: CallResult,
  status: number,
  code: string,
): { code: string; detail: string; errorId: string; validationErrors?: any[] } {
  if (result.status !== status || result.body?.code !== code || !UUID.test(String(result.body?.errorId))) {
    throw new Error(`expected ${status} ${code} envelope, got ${result.status} ${result.text}`);
  }
  if (!(result.headers.get('content-type') ?? '').startsWith('application/json'))
    throw new Error('error is not application/json');
  return result.body;
}

/** Asserts the framework's 422 HTTPValidationError (declared where the service declares no 400) and returns its items. */
export function expectFramework422(result: CallResult): { loc: (string | number)[]; msg: string; type: string }[] {
  const detail = result.body?.detail;
  if (result.status !== 422 || !Array.isArray(detail) || detail.length === 0 || result.body.code !== undefined) {
    throw new Error(`expected a 422 HTTPValidationError, got ${result.status} ${result.text}`);
  }
  for (const item of detail) {
    if (!Array.isArray(item.loc) || typeof item.msg !== 'string' || typeof item.type !== 'string')
      throw new Error(`bad 422 item ${JSON.stringify(item)}`);
  }
  return detail;
}

export const SAMPLE_ATTRIBUTES = {
  underlyingCompanySlug: 'co_acme',
  shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
  currency: 'USD',
};

export function spvRequestBody(attributes: Record<string, unknown> = SAMPLE_ATTRIBUTES) {
  return { templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes };
}

/** Creates an SPV request, approves it through the admin API and returns the vehicle and share class slugs. */
export async function approvedSpv(
  sandbox: Sandbox,
  api: Client,
): Promise<{ spvSlug: string; shareClassSlug: string; spvRequestSlug: string }> {
  const created = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: randomUUID() });
  if (created.status !== 201) throw new Error(`create failed ${created.text}`);
  const admin = client(sandbox);
  const approved = await admin.call('POST', `/sandbox/spv-requests/${created.body.spvRequestSlug}/approve`);
  if (approved.status !== 200) throw new Error(`approve failed ${approved.text}`);
  return {
    spvRequestSlug: created.body.spvRequestSlug,
    spvSlug: approved.body.materialisedRefs.vehicleSlug,
    shareClassSlug: approved.body.feesAndCarry.shareClasses[0].slug,
  };
}

export async function createInvestor(api: Client, partnerInvestorId = `inv-${randomUUID()}`): Promise<string> {
  const result = await api.call('POST', '/v1/investors', {
    json: {
      investors: [
        {
          partnerInvestorId,
          email: 'alice@example.com',
          firstName: 'Alice',
          lastName: 'Liddell',
          dateOfBirth: '1985-04-12',
        },
      ],
    },
  });
  if (result.body?.results?.[0]?.zestPersonId === undefined) throw new Error(`investor create failed ${result.text}`);
  return result.body.results[0].zestPersonId;
}

export async function createSubscription(
  api: Client,
  spvSlug: string,
  personId: string,
  shareClassSlug: string,
  extra: Record<string, unknown> = {},
) {
  const result = await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
    json: {
      subscriptions: [
        { zestPersonId: personId, lumpSum: { currency: 'USD', value: '50000.00' }, shareClassSlug, ...extra },
      ],
    },
  });
  if (result.status !== 201) throw new Error(`subscription create failed ${result.text}`);
  return result.body.results[0] as { subscriptionSlug: string };
}

// ---- files ------------------------------------------------------------------------------------------------

export const PDF = Buffer.from(sampleFiles.pdf.bytes);
export const PNG = Buffer.from(sampleFiles.png.bytes);
export const JPEG = Buffer.from(sampleFiles.jpeg.bytes);
// The fixtures package has no WEBP (only the sandbox sniffs one): RIFF header, size, WEBP and a VP8 chunk tag.
export const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  randomBytes(24),
]);

export function fileForm(bytes: Buffer, type: string, fields: Record<string, string> = {}, name = 'file'): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append(name, new Blob([new Uint8Array(bytes)], { type }), 'upload.bin');
  return form;
}

// ---- raw JWTs for the negative auth cases (algorithms the auth package refuses to create) --------------------

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function rawJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signer: (input: Buffer) => Buffer,
): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
}

export function claimsFor(sandbox: Sandbox, partner: TestPartner, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: partner.config.issuer,
    sub: partner.config.clientId,
    client_id: partner.config.clientId,
    aud: sandbox.url,
    iat: now,
    exp: now + 60,
    ...overrides,
  };
}

export const ed25519Signer = (key: KeyObject) => (input: Buffer) => sign(null, input, key);
export const hmacSigner = (secret: string) => (input: Buffer) => createHmac('sha256', secret).update(input).digest();
export function rsaSigner(): (input: Buffer) => Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return (input) => sign('sha256', input, privateKey);
}

// ---- webhook receiver ---------------------------------------------------------------------------------------

export interface Received {
  raw: Buffer;
  headers: IncomingHttpHeaders;
  /** The verified event, or the verification error. */
  event?: WebhookEvent;
  error?: string;
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides the status for each request (default 200). */
  respond: (request: { event?: WebhookEvent; count: number }) => number | 'hang';
  waitFor(predicate: (received: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback that verifies every delivery's signature with the auth package. */
export async function startReceiver(secret: string): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<() => void>();
  const receiver: Receiver = {
    url: '',
    received,
    respond: () => 200,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(`receiver: condition not met in ${timeoutMs} ms; got ${received.length} deliveries`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return received;
    },
    async close() {
      for (const release of hanging) release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const entry: Received = { raw, headers: req.headers, status: 0 };
      try {
        entry.event = await verifyWebhook({
          payload: raw,
          signatureHeader: String(req.headers['zest-signature'] ?? ''),
          secret,
        });
      } catch (error) {
        entry.error = (error as Error).message;
      }
      const decision = entry.error
        ? 400
        : receiver.respond({
            event: entry.event,
            count: received.filter((r) => r.event?.eventId === entry.event?.eventId).length,
          });
      received.push(entry);
      if (decision === 'hang') {
        entry.status = -1;
        const release = () => res.destroy();
        hanging.add(release);
        return;
      }
      entry.status = decision;
      res.writeHead(decision, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return receiver;
}

/**
 * A receiver that checks signatures and a partner whose webhooks it receives, signed with the secret it checks
 * (`webhookUrl` sends them elsewhere instead, e.g. to a closed port).
 */
export async function startPartnerReceiver(webhookUrl?: string): Promise<{ partner: TestPartner; receiver: Receiver }> {
  const secretHolder = makeTestPartner();
  const receiver = await startReceiver(secretHolder.config.webhookSecret!);
  const partner = makeTestPartner({
    webhookSecret: secretHolder.config.webhookSecret,
    webhookUrl: webhookUrl ?? receiver.url,
  });
  return { partner, receiver };
}

/**
 * For test files that need a fresh sandbox per test, its one partner's webhooks going to a checking receiver: returns
 * the starter, and stops what it started after each test.
 */
export function freshWebhookSandbox(): (
  options?: SandboxOptions,
) => Promise<{ sandbox: Sandbox; receiver: Receiver; partner: TestPartner }> {
  let started: { sandbox?: Sandbox; receiver: Receiver } | undefined;
  afterEach(async () => {
    await started?.sandbox?.stop();
    await started?.receiver.close();
    started = undefined;
  });
  return async (options = {}) => {
    const { partner, receiver } = await startPartnerReceiver();
    started = { receiver };
    const sandbox = await startTestSandbox([partner], options);
    started.sandbox = sandbox;
    return { sandbox, receiver, partner };
  };
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A store file at `path` holding four commits, one `meta` key each (`first` … `fourth`, `value of <key>`): its bytes
 * and where each record starts, for tests that damage it.
 */
export async function writeFourCommits(path: string): Promise<{ bytes: Buffer; starts: number[] }> {
  const store = new FileStore(path, { notice: () => {} });
  for (const key of ['first', 'second', 'third', 'fourth']) {
    store.set('meta', key, `value of ${key}`);
    await store.durable();
  }
  await store.close();
  const bytes = readFileSync(path);
  const starts: number[] = [];
  for (let at = HEADER.length; at < bytes.length; at += 8 + bytes.readUInt32BE(at)) starts.push(at);
  expect(starts).toHaveLength(4);
  return { bytes, starts };
}
