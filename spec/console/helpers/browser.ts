import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser specs save screenshots of the main pages (git-ignored). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', '.screenshots');

/**
 * Flags for a headless Chromium on a machine without a display or GPU, and without the
 * background requests that Chromium otherwise keeps making to hosts this network refuses.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A running Chromium with a fresh profile. */
export interface TestBrowser {
  readonly browser: Browser;
  /** A new page (tab) with its own storage, at `width`×`height`. */
  page(width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Chromium, or explains why it cannot. Outside CI a browser spec that cannot start it is
 * skipped with that reason printed; in CI (`CI=true`) it fails.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  }
  // playwright gives each launch a fresh temporary profile (--user-data-dir) and removes it on close
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM_PATH} did not start: ${(error as Error).message.split('\n')[0]}`);
  }
  return {
    browser,
    async page(width = 1280, height = 800) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}

/** Saves a screenshot as `.screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * The `before` hook of a browser spec: starts Chromium, or (outside CI only) skips the spec
 * with the reason written to the output. In CI a browser that does not start fails the spec.
 */
export async function browserOrSkip(context: Mocha.Context): Promise<TestBrowser> {
  try {
    return await launchBrowser();
  } catch (error) {
    const reason = (error as Error).message;
    if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`browser specs cannot run in CI: ${reason}`);
    console.log(`\n    BROWSER SPECS NOT RUN: ${reason}. They run (and must pass) in CI, where .ci/run installs Chromium.\n`);
    context.skip();
    throw error; // not reached: skip() throws
  }
}

/**
 * Signs in at `baseUrl` with `token` as a new person would (the tab's stored token cleared
 * first), and waits until the console has put the first environment in the address: an action
 * or a `goto` right after could otherwise be overtaken by that navigation.
 */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.evaluate('sessionStorage.clear()');
  await page.reload();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flags' }).waitFor();
  // The console then puts the first environment in the address. Read the address itself:
  // waitForURL also waits for a load state, and timed out once in a loaded full run.
  await waitUntil(() => page.evaluate('location.hash') as Promise<string>, (hash) => /^#\/env\//.test(hash), 'the address to name an environment');
}

/**
 * Reads `read` every 50 ms until `accept` holds and returns that value; after `timeoutMs` fails
 * naming `what` and the last value read. For page state that no locator can wait for (focus,
 * an input's value): never a fixed sleep. Polled from here with `page.evaluate`, since
 * `page.waitForFunction` with a string compiles it with eval in the page, which the console's
 * Content-Security-Policy refuses.
 */
export async function waitUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
