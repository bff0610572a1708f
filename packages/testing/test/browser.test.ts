import { afterEach, describe, expect, it, vi } from 'vitest';
import { chromiumAvailable, launchChromium } from '../src/browser.js';

// CHROMIUM_PATH is read when the module loads: each case loads it afresh under the environment it sets.
async function load(env: Record<string, string>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return import('../src/browser.js');
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('chromiumAvailable', () => {
  it('on CI, fails on a missing Chromium, naming the package, the path and how to install it', async () => {
    for (const ci of ['true', '1']) {
      const { chromiumAvailable } = await load({ CHROMIUM_PATH: '/no/such/chromium', CI: ci });
      expect(() => chromiumAvailable('client')).toThrow(
        /^\[client\] Chromium not found at \/no\/such\/chromium on CI: .*apt-get install .*chromium$/,
      );
    }
  });

  it('elsewhere, says the browser tests are skipped and answers false', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { chromiumAvailable } = await load({ CHROMIUM_PATH: '/no/such/chromium', CI: '' });
    expect(chromiumAvailable('docs')).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^\[docs\] Chromium not found at \/no\/such\/chromium: browser tests skipped\. /),
    );
  });

  it('answers true, silently, when the executable is there (Debian path unless CHROMIUM_PATH says otherwise)', async () => {
    const warn = vi.spyOn(console, 'warn');
    const { CHROMIUM_PATH, chromiumAvailable } = await load({ CHROMIUM_PATH: process.execPath, CI: 'true' });
    expect(CHROMIUM_PATH).toBe(process.execPath);
    expect(chromiumAvailable('auth')).toBe(true);
    expect(warn).not.toHaveBeenCalled();
    vi.stubEnv('CHROMIUM_PATH', undefined);
    vi.resetModules();
    expect((await import('../src/browser.js')).CHROMIUM_PATH).toBe('/usr/bin/chromium');
  });
});

describe.skipIf(!chromiumAvailable('testing'))('launchChromium', () => {
  it("starts headless Chromium with the shared arguments plus the caller's", async () => {
    const browser = await launchChromium({ args: ['--user-agent=zest-launch-test'] });
    try {
      const page = await browser.newPage();
      expect(await page.evaluate(() => navigator.userAgent)).toBe('zest-launch-test');
    } finally {
      await browser.close();
    }
  });
});
