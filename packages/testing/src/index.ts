export { type SampleFile, sampleBlob, sampleFiles } from './files.js';
export {
  makeTestPartner,
  type TestCredentials,
  type TestPartner,
  type TestPartnerConfig,
  type TestPartnerOptions,
} from './partner.js';
export { type Relay, startRelay } from './relay.js';
export { type CommandRun, type RunOptions, runCommand, runNode } from './run.js';
export {
  type ConfigFits,
  type SandboxStartOptions,
  type StartedSandbox,
  startTestSandbox,
  type TestSandbox,
  type TestSandboxOptions,
} from './sandbox.js';
export { loadSpec, type OpenApiDocument, specExample, specPath } from './spec.js';
