export type { OpenApiDocument, UploadLimits } from '@zestequity/spec-model';
export type { ApplyContext, Check, CheckContext } from './checks/index.js';
export { CHECKS } from './checks/index.js';
export type { Exchange, FetchLike } from './http/recorder.js';
export { formatHuman } from './report/human.js';
export { formatJson } from './report/json.js';
export { formatJunit } from './report/junit.js';
export { ContractTestConfigError, isSelected, runContractTests } from './runner.js';
export { bundledSpecPath, loadSpec } from './spec/load-spec.js';
export type { SpecOperation } from './spec/operations.js';
export { listOperations } from './spec/operations.js';
export type { ContractProblem, ValidationOutcome } from './spec/response-validator.js';
export { matchDeclaredStatus, ResponseValidator } from './spec/response-validator.js';
export type {
  CheckResult,
  CheckStatus,
  ContractReport,
  ContractTestOptions,
  OperationCoverage,
  SchemaFailure,
  SecondPartner,
  TargetInfo,
} from './types.js';
export type { WebhookReceiver } from './webhooks/receiver.js';
export { startWebhookReceiver } from './webhooks/receiver.js';
export type { ReceivedWebhook, WebhookSource } from './webhooks/source.js';
