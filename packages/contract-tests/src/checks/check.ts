import type { OpenApiDocument } from '@zestequity/spec-model';
import type { ApiCaller, ApiResponse } from '../http/api.js';
import type { Exchange, FetchLike } from '../http/recorder.js';
import type { SpecOperation } from '../spec/operations.js';
import type { ResponseValidator } from '../spec/response-validator.js';
import type { SandboxAdmin } from '../target/sandbox-admin.js';
import type { ContractTestOptions, TargetInfo } from '../types.js';
import type { WebhookSource } from '../webhooks/source.js';
import type { Fixtures } from './fixtures.js';

/** What decides whether a check can run against a target, before it sends anything. */
export interface ApplyContext {
  target: TargetInfo;
  options: ContractTestOptions;
}

/**
 * One named behaviour of the contract. `applies` returns the reason it cannot be shown on this target (a stateless
 * mock cannot replay, an environment without the admin API cannot approve an SPV), so the report says
 * "not applicable: <why>" instead of passing something that never ran.
 */
export interface Check {
  id: string;
  title: string;
  tags: string[];
  /** The operations the check calls, so coverage can tell "not applicable" from "forgotten". */
  operations: string[];
  applies?(context: ApplyContext): string | undefined;
  run(ctx: CheckContext): Promise<void>;
}

export interface CheckContext extends ApiCaller {
  readonly checkId: string;
  readonly spec: OpenApiDocument;
  readonly operations: Map<string, SpecOperation>;
  readonly validator: ResponseValidator;
  readonly target: TargetInfo;
  readonly options: ContractTestOptions;
  readonly fixtures: Fixtures;
  readonly admin: SandboxAdmin | undefined;
  readonly webhooks: WebhookSource | undefined;
  /** When the run started (epoch ms): deliveries from earlier runs are ignored. */
  readonly runStartedAt: number;
  /** Calls made with the second partner's token (`secondPartner`); `undefined` without one. */
  readonly second: ApiCaller | undefined;
  /** Every exchange of the run so far, all checks included (for checks that judge the run as a whole). */
  readonly exchanges: readonly Exchange[];
  /** The recording fetch of this check, for callers (auth package, SDK) that take a fetch. */
  readonly fetch: FetchLike;
  /** Records a failure and carries on; returns `condition` so callers can branch. */
  expect(condition: unknown, message: string): boolean;
  /** Records a failure and stops the check. */
  fail(message: string): never;
  /** Stops the check as not applicable (a prerequisite the target cannot provide). */
  notApplicable(reason: string): never;
  /** Expects a status; on mismatch records the status and the body's code/detail so the failure explains itself. */
  expectStatus(response: ApiResponse, status: number, what: string): boolean;
  /** Expects a partner error envelope with this status and `code`. */
  expectError(response: ApiResponse, status: number, code: string, what: string): boolean;
}

export class CheckAborted extends Error {
  override readonly name = 'CheckAborted';
}

export class CheckNotApplicable extends Error {
  override readonly name = 'CheckNotApplicable';
}

export function describeResponse(response: ApiResponse): string {
  const code =
    response.json && typeof response.json === 'object' ? (response.json as Record<string, unknown>).code : undefined;
  const detail =
    response.json && typeof response.json === 'object' ? (response.json as Record<string, unknown>).detail : undefined;
  const parts = [`${response.status}`];
  if (typeof code === 'string') parts.push(code);
  if (typeof detail === 'string') parts.push(`"${detail.slice(0, 160)}"`);
  else if (!response.json && response.text) parts.push(`"${response.text.slice(0, 160)}"`);
  return parts.join(' ');
}
