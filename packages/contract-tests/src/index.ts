export { runContractTests, ContractTestConfigError, isSelected } from './runner.js';
export { CHECKS } from './checks/index.js';
export type { Check, CheckContext, ApplyContext } from './checks/index.js';
export { formatHuman } from './report/human.js';
export { formatJson } from './report/json.js';
export { formatJunit } from './report/junit.js';
export { ResponseValidator, matchDeclaredStatus } from './spec/response-validator.js';
export type { ContractProblem, ValidationOutcome } from './spec/response-validator.js';
export { loadSpec, bundledSpecPath } from './spec/load-spec.js';
export type { OpenApiDocument, UploadLimits } from '@zestequity/spec-model';
export { listOperations } from './spec/operations.js';
export type { SpecOperation } from './spec/operations.js';
export { startWebhookReceiver } from './webhooks/receiver.js';
export type { Exchange, FetchLike } from './http/recorder.js';
export type { WebhookSource, ReceivedWebhook } from './webhooks/source.js';
export type { WebhookReceiver } from './webhooks/receiver.js';
export type {
  ContractTestOptions,
  ContractReport,
  CheckResult,
  CheckStatus,
  OperationCoverage,
  SchemaFailure,
  SecondPartner,
  TargetInfo,
} from './types.js';
