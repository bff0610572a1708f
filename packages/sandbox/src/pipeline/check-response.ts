import type { WebhookEvent } from '@zestequity/partner-api-types';
import type { OperationSpec } from '../spec/openapi.js';
import type { CompiledSpec, OperationValidators } from '../spec/validators.js';

/** A response or webhook payload that does not match the spec (validateResponses): it becomes a loud 500. */
export class ResponseCheckError extends Error {}

/**
 * The "check the response" stage: with `validateResponses`, every answer and every webhook payload is checked
 * against the spec before it leaves. Each mismatch is collected (the Sandbox's `responseProblems`) and thrown.
 */
export class ResponseChecker {
  readonly problems: string[] = [];
  /** `operationId status` pairs answered although the spec does not declare them. */
  readonly undeclared: string[] = [];

  constructor(
    readonly enabled: boolean,
    private readonly compiled: CompiledSpec,
  ) {}

  /** The webhook payload check handed to the dispatcher; undefined when checking is off. */
  eventCheck(): ((event: WebhookEvent) => void) | undefined {
    return this.enabled ? (event) => this.event(event) : undefined;
  }

  /** `json`: the body's text as its handler wrote it (`Reply.json`), which must be `JSON.stringify(body)`. */
  check(
    operation: OperationSpec | undefined,
    validators: OperationValidators | undefined,
    status: number,
    body: unknown,
    json?: string,
  ): void {
    if (!this.enabled) return;
    if (json !== undefined && json !== JSON.stringify(body))
      this.fail(
        `${operation?.operationId} ${status}: the handler's JSON text is not its body's: ${json.slice(0, 200)}`,
      );
    if (!operation || !validators?.responses) return;
    const declared =
      validators.responses.get(String(status)) ??
      validators.responses.get(`${String(status)[0]}XX`) ??
      validators.responses.get('DEFAULT');
    if (!declared) {
      this.undeclaredStatus(operation, status, body);
      return;
    }
    const validate = declared.get('application/json');
    if (validate && !validate(body))
      this.fail(
        `${operation.operationId} ${status}: response does not match the spec: ${JSON.stringify(validate.errors)}`,
      );
  }

  /** Not declared by the spec for this operation: recorded (and reported), but the body must still be the envelope. */
  private undeclaredStatus(operation: OperationSpec, status: number, body: unknown): void {
    const entry = `${operation.operationId} ${status}`;
    if (!this.undeclared.includes(entry)) this.undeclared.push(entry);
    const errorSchema = this.compiled.errorEnvelope;
    if (status >= 400 && errorSchema && !errorSchema(body))
      this.fail(
        `${operation.operationId} ${status}: body is not the partner envelope: ${JSON.stringify(errorSchema.errors)}`,
      );
  }

  private event(event: WebhookEvent): void {
    const eventType: string = event.eventType;
    const validate = this.compiled.webhooks.get(eventType);
    if (!validate) throw new ResponseCheckError(`webhook ${eventType} is not in the spec`);
    if (!validate(event))
      this.fail(`webhook ${eventType} payload does not match the spec: ${JSON.stringify(validate.errors)}`);
  }

  private fail(problem: string): never {
    this.problems.push(problem);
    throw new ResponseCheckError(problem);
  }
}
