import { existsSync } from 'node:fs';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

// A subpath export (`@zestequity/testing/browser`), so tests that never start a browser never load playwright-core.

/** Debian's chromium package puts it here; CHROMIUM_PATH (passed through by turbo) points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless without the setuid sandbox (CI containers run as root), and none of Chromium's own traffic (updates,
 * sync, QUIC probes), so the only requests a page makes are the ones the test routes and records.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** What to run when Chromium is missing (what .ci/run and the CI workflow install). */
export const CHROMIUM_INSTALL =
  'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium';

/**
 * Whether the browser suites of `label` (the package, named in the message) can run. On CI (CI=true or 1) a
 * missing Chromium is an error, never a skip; elsewhere the skip is said out loud.
 */
export function chromiumAvailable(label: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true' || process.env.CI === '1')
    throw new Error(
      `[${label}] Chromium not found at ${CHROMIUM_PATH} on CI: the browser tests must run. Install it: ${CHROMIUM_INSTALL}`,
    );
  console.warn(
    `[${label}] Chromium not found at ${CHROMIUM_PATH}: browser tests skipped. Install it: ${CHROMIUM_INSTALL}`,
  );
  return false;
}

/** Chromium at CHROMIUM_PATH with CHROMIUM_ARGS; `options.args` are added to those, other options win. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

export type { Browser };
