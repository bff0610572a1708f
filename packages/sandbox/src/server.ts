import { sweepTokens } from './domain/oauth.js';
import type { Sandbox, SandboxOptions } from './options.js';
import { type Addresses, assemble, checkedBaseUrls } from './pipeline/assemble.js';
import { hostPolicy } from './pipeline/guard.js';
import { requestListener } from './pipeline/index.js';
import { listen } from './pipeline/listen.js';

export { BREAKAGE_DESCRIPTIONS, BREAKAGES, type Breakage } from './breakages.js';
export type { Sandbox, SandboxOptions } from './options.js';

/**
 * Starts a sandbox: builds the request pipeline (`pipeline/index.ts` shows its stages in order) from the options,
 * listens, then starts the webhook dispatcher and the sweeper of expired idempotency records and tokens.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const extra = checkedBaseUrls(options.baseUrl);
  let url = '';
  let publicUrl = '';
  let audiences: string[] = [];
  const addresses: Addresses = {
    self: () => url,
    public: () => publicUrl,
    audiences: () => audiences,
    hostPolicy: hostPolicy(host, options.allowedHosts ?? [], extra),
  };
  const { env, outbox, clock } = assemble(options, addresses);
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(requestListener(env), host, options.port ?? 8080, options.log ?? console.error);
  } catch (error) {
    // A port in use, say: release the store (its file lock) before failing, or it stays held by nobody.
    await env.store.close();
    throw error;
  }

  const port = server.port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  url = `http://${urlHost}:${port}`;
  audiences = [...new Set([...extra, url, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];
  publicUrl = extra[0] ?? url;
  outbox.start();
  const sweeper = setInterval(() => {
    env.idempotency.sweep();
    sweepTokens(env.deps);
  }, 60_000);
  sweeper.unref();
  log(`zest-sandbox listening on ${url}`);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    audiences,
    store: env.store,
    clock,
    setFaults: (config) => env.faults.set(config),
    admin: env.admin.helpers(),
    responseProblems: env.checker.problems,
    undeclaredStatuses: env.checker.undeclared,
    uploadLimits: env.uploadLimits,
    stop() {
      stopped ??= (async () => {
        clearInterval(sweeper);
        await outbox.stop();
        await server.close();
        await env.store.close();
      })();
      return stopped;
    },
  };
}
