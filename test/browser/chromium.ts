// What the browser suites share: Debian's Chromium driven by playwright-core, whether to run, and where
// screenshots go (test/browser/screenshots/, git-ignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import playwright from 'playwright-core';
import type { BrowserContext, Locator } from 'playwright-core';

// Debian's package; CHROMIUM names another binary (or a missing one, to see the skip).
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Without the background-networking flags Chromium's own connections are refused on a closed network, and it
// stalls on them.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

const available = existsSync(CHROMIUM);
/** `npm test` runs the browser suites when Chromium is installed; `npm run test:browser` (BROWSER_TESTS=required) always. */
export const runBrowserSuites = available || process.env.BROWSER_TESTS === 'required';

export function skipNotice(): void {
  if (!runBrowserSuites) process.stdout.write('browser suite skipped: install chromium (apt-get install -y chromium) and run npm run test:browser\n');
}

/** A fresh headless Chromium profile; close() also removes it. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'kyc-demo-chromium-'));
  const context = await playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000); // a failed wait says what it waited for, before jest's 30 s test timeout
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits for `locator`; if it never comes, fails with what `region` shows instead. Answers the region's text. */
export async function waitShowing(locator: Locator, region: Locator): Promise<string> {
  try {
    await locator.waitFor();
  } catch (error) {
    throw new Error(`${(error as Error).message.split('\n')[0]}\nThe page shows instead: ${await region.textContent({ timeout: 1000 }).catch(() => '?')}`);
  }
  return (await region.textContent()) ?? '';
}
