export { makeTestPartner, type TestCredentials, type TestPartner, type TestPartnerConfig, type TestPartnerOptions } from './partner.js';
export { startTestSandbox, type ConfigFits, type SandboxStartOptions, type StartedSandbox, type TestSandbox, type TestSandboxOptions } from './sandbox.js';
export { sampleBlob, sampleFiles, type SampleFile } from './files.js';
export { loadSpec, specExample, specPath, type OpenApiDocument } from './spec.js';
