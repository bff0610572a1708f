import type { PrivateKeyInput } from '@zestequity/partner-auth';
import type { FetchLike } from './http/recorder.js';
import type { WebhookSource } from './webhooks/source.js';

/** Everything `runContractTests` needs to know about the environment under test and what to run. */
export interface ContractTestOptions {
  /** Base URL of the environment, e.g. `https://sandbox.api.zestequity.com` or `http://localhost:8080`. */
  baseUrl: string;
  /** Partner credentials: assertions are minted with the auth package from these. */
  clientId: string;
  issuer: string;
  /** Ed25519 private key: PKCS#8 PEM text (what `--private-key-file` holds), JWK, CryptoKey or KeyObject. */
  privateKey: PrivateKeyInput;
  /** `aud` of the assertions; the base URL when omitted (`aud` is the base URL of the
   * environment called: docs/design-decisions.md#servers). */
  audience?: string;
  /**
   * A second partner of the same environment (another tenant). With it, the tenancy checks prove neither partner
   * can reach the other's objects or replay the other's idempotency keys; without it they are not applicable.
   */
  secondPartner?: SecondPartner;
  /** The `whsec_...` secret the target signs deliveries with; enables the webhook checks. */
  webhookSecret?: string;
  /**
   * Start a loopback receiver for deliveries on `host:port` (port 0 picks one). Only useful when the target's
   * registered webhook URL points at it.
   */
  webhookListen?: string;
  /** A receiver started by the caller (see `startWebhookReceiver`); the run reads it but does not stop it. */
  webhookReceiver?: WebhookSource;
  /** Run only checks carrying one of these tags. */
  only?: string[];
  /** Leave out checks carrying one of these tags. */
  skip?: string[];
  /** An SPV (vehicle) slug the partner may subscribe to, for targets without the sandbox admin API. */
  spvSlug?: string;
  /** A share class slug of `spvSlug`; read from the approved SPV request when the suite approved it itself. */
  shareClassSlug?: string;
  /** A `zestPersonId` with no subscription yet on `spvSlug`; created through `POST /v1/investors` when omitted. */
  personId?: string;
  /** Body for `POST /v1/spv-requests` (your assigned template); the spec's example when omitted. */
  spvRequestBody?: unknown;
  /** Path of the bundled OpenAPI JSON to judge against; the bundled spec of this toolkit when omitted. */
  specPath?: string;
  /** Use the sandbox admin API (`/sandbox/...`) when the target has it. Default `true`. */
  useSandboxAdmin?: boolean;
  /** Upper bound for one HTTP request (ms). Default 30000. */
  requestTimeoutMs?: number;
  /** How long to wait for webhook deliveries to show up (ms). Default 10000. */
  webhookWaitMs?: number;
  /** Fetch used for every request (for tests and proxies). */
  fetch?: FetchLike;
  /** Progress lines while running (the CLI prints them to stderr). */
  onProgress?: (line: string) => void;
}

/** The credentials of a second partner, for the tenant-isolation checks. */
export interface SecondPartner {
  clientId: string;
  issuer: string;
  privateKey: PrivateKeyInput;
  /** `aud` of its assertions; the first partner's audience when omitted. */
  audience?: string;
}

export type CheckStatus = 'passed' | 'failed' | 'not_applicable' | 'skipped';

export interface CheckResult {
  id: string;
  title: string;
  tags: string[];
  status: CheckStatus;
  /** Why the check did not apply or was skipped. */
  reason?: string;
  /** What went wrong, one line each (behaviour assertions and contract problems of the check's own responses). */
  failures: string[];
  durationMs: number;
  /** Requests the check sent to the API under test. */
  requests: number;
}

/** A response that broke the spec, with where. */
export interface SchemaFailure {
  checkId: string;
  operationId: string;
  method: string;
  url: string;
  status: number;
  declaredAs?: string;
  kind: string;
  location: string;
  message: string;
}

export interface OperationCoverage {
  operationId: string;
  method: string;
  path: string;
  declaredStatuses: string[];
  /** Status code -> number of responses seen. */
  seen: Record<string, number>;
  /** Responses of this operation that broke the spec. */
  violations: number;
  /** `covered` when called; otherwise why not (`not_applicable` when only checks that did not apply call it). */
  state: 'covered' | 'uncovered' | 'not_applicable';
  reason?: string;
}

export interface TargetInfo {
  baseUrl: string;
  audience: string;
  /** Whether the target keeps state (a created SPV request can be read back); a Prism mock does not. */
  stateful: boolean;
  statefulReason: string;
  /** Whether the sandbox admin API (`/sandbox/...`) answered. */
  sandboxAdmin: boolean;
  webhookSource: 'receiver' | 'sandbox-deliveries' | 'none';
  webhookSourceReason: string;
}

export interface ContractReport {
  tool: { name: string; version: string };
  spec: { title: string; version: string; operations: number };
  target: TargetInfo;
  startedAt: string;
  durationMs: number;
  checks: CheckResult[];
  coverage: OperationCoverage[];
  schemaFailures: SchemaFailure[];
  summary: {
    passed: number;
    failed: number;
    notApplicable: number;
    skipped: number;
    requests: number;
    schemaFailures: number;
    operationsCovered: number;
    operationsTotal: number;
    /** `true` only when nothing that applied failed: the exit code is 0 exactly then. */
    ok: boolean;
  };
}
