// Compiled, never run: proves that every package's published declarations resolve and compose in a strict
// partner project, under both module resolutions the rehearsal checks (nodenext and bundler).
import type { ContractReport } from '@zestequity/partner-api-contract-tests';
import type { MockOptions, RunningMock } from '@zestequity/partner-api-mock';
import type { paths } from '@zestequity/partner-api-types';
import type { WebhookEvent } from '@zestequity/partner-auth';
import type { PartnerConfig, Sandbox, SandboxOptions } from '@zestequity/partner-sandbox';
import type { Finding, Report } from '@zestequity/spec-guard';

export interface TypedSurface {
  contractReport: ContractReport;
  mock: { options: MockOptions; running: RunningMock };
  sandbox: { options: SandboxOptions; handle: Sandbox; partner: PartnerConfig };
  specGuard: { report: Report; finding: Finding };
  webhook: WebhookEvent;
  tokenPath: keyof paths & '/v1/oauth2/tokens';
}
