import type { UploadLimits } from '@zestequity/spec-model';
import type { Breakage } from './breakages.js';
import type { Clock } from './clock.js';
import type { FaultsConfig } from './faults.js';
import type { PartnerConfig } from './partners.js';
import type { OpenApiDocument } from './spec/openapi.js';
import type { Store } from './store/store.js';
import type { DeliveryRecord } from './webhooks/outbox.js';

/**
 * An option `startSandbox` cannot start with (a bad port, base URL, partner, fault or breakage, ...), thrown before
 * anything listens. `code` is `invalid_options`, as on the mock's `MockOptionsError`, so callers branch once:
 * `catch (e) { if (e instanceof SandboxOptionsError) ... }` or `e.code === 'invalid_options'`.
 */
export class SandboxOptionsError extends TypeError {
  override readonly name = 'SandboxOptionsError';
  readonly code = 'invalid_options' as const;
}

export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** The partners that may authenticate. */
  partners?: PartnerConfig[];
  /** Speeds up the webhook retry schedule and timeout (2 = twice as fast; at least 1e-8). Default 1. */
  timeScale?: number;
  /** Fault injection on /v1 requests; off by default. */
  faults?: FaultsConfig;
  /** Keep state in this file (an fsynced journal: survives restarts and crashes); default in memory only. */
  storeFile?: string;
  /** Bring your own Store implementation (wins over storeFile). */
  store?: Store;
  /** Test-only contract breakages. */
  breakages?: Breakage[];
  /** Check every response and webhook payload against the spec; a mismatch becomes a loud 500. Default false. */
  validateResponses?: boolean;
  /**
   * Extra base URLs this sandbox answers as (accepted as assertion `aud`), e.g. the public URL behind a proxy.
   * `http://127.0.0.1:<port>` and `http://localhost:<port>` are always accepted. The first entry, when given, is
   * also the base of signed file URLs.
   */
  baseUrl?: string | string[];
  /** Override the bundled spec (tests of the sandbox itself). */
  spec?: OpenApiDocument;
  /** Contract registry directory; default the bundled `contracts/`. */
  contractsDir?: string;
  /** Overrides the (scaled) 10 s webhook timeout, in ms. */
  webhookTimeoutMs?: number;
  /** Access-token lifetime (`expiresIn`), seconds; default 3600 as documented. Short ones let tests cross an expiry in real time. */
  tokenLifetimeSeconds?: number;
  /**
   * Host names (or URLs, whose host is taken) the sandbox answers besides the loopback names, the address it is
   * bound to and the hosts of `baseUrl`; any other `Host` header gets 403 (DNS rebinding). Needed when it is
   * reached by another name, e.g. `--host 0.0.0.0` called as `http://devbox:8080`.
   */
  allowedHosts?: string[];
  /**
   * Refuse an assertion that was already exchanged (same `jti`, or the same bytes when it has none) for as long as
   * it is valid: 401 `invalid_token`. Off by default: the API documentation does not say Zest checks this.
   */
  rejectReplayedAssertions?: boolean;
  /** Log sink; default silent. */
  log?: (line: string) => void;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>` (or the host that was bound). */
  url: string;
  port: number;
  /** Accepted assertion audiences. */
  audiences: string[];
  store: Store;
  clock: Clock;
  setFaults(faults: FaultsConfig): void;
  admin: {
    /*
     * The helpers that write are transactions, like their admin routes: all of their writes or (when they throw)
     * none, and they resolve once those writes are durable (on disk with a store file).
     */
    approveSpvRequest(slug: string): Promise<Record<string, unknown>>;
    rejectSpvRequest(slug: string, reason: string): Promise<Record<string, unknown>>;
    completeSubscription(subscriptionSlug: string): Promise<Record<string, unknown>>;
    deliveries(filter?: { status?: string; eventType?: string; clientId?: string }): DeliveryRecord[];
    redeliver(deliveryId: string): Promise<DeliveryRecord | undefined>;
    /** Waits until no webhook is pending or in flight; false on timeout. */
    webhooksIdle(timeoutMs?: number): Promise<boolean>;
    /** Moves the sandbox clock forward; a RangeError for a negative step or one past 9999-01-01T00:00:00Z. */
    advanceClock(seconds: number): void;
  };
  /** Responses or events that did not match the spec (only collected with validateResponses; each was a 500). */
  responseProblems: string[];
  /** `operationId status` pairs the sandbox answered although the spec does not declare them (validateResponses). */
  undeclaredStatuses: string[];
  /** What each upload operation accepts (file part, `x-zest-max-bytes`, content types), as read from the spec served. */
  uploadLimits: ReadonlyMap<string, UploadLimits>;
  stop(): Promise<void>;
}
