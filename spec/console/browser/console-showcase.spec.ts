import assert from 'node:assert/strict';
import { createClient } from '../../../lib/client/create-client';
import { silentLogger } from '../../../lib/logging/logger';
import { createExampleData } from '../../../lib/server/example-data';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../../server/helpers/test-server';
import { browserOrSkip, screenshot, signIn, type TestBrowser } from '../helpers/browser';
import { ensureConsoleBuilt } from '../helpers/console-bundle';

/**
 * The example environment after an hour of traffic (the server's clock is moved back so that an
 * hour of evaluations arrives in a few seconds): the flags page draws each row's minute chart
 * from it. Also the screenshots of the main pages the README and docs show.
 */
describe('console in a browser: an hour of traffic on the example flags', function () {
  this.timeout(40_000);
  let t: TestServer;
  let browser: TestBrowser;
  let clock = Date.now();

  before(async function () {
    await ensureConsoleBuilt();
    browser = await browserOrSkip(this);
    const example = createExampleData();
    const sdkKey = example.environments.development.sdkKeys![0];
    t = await startTestServer({ environments: example.environments, now: () => clock });
    const client = createClient({ sdkKey, baseUri: t.url, logger: silentLogger, events: { flushInterval: 600_000 } });
    await client.waitForInitialization({ timeout: 5000 });
    const start = Date.now();
    for (let minute = 55; minute >= 0; minute -= 5) {
      clock = start - minute * 60_000;
      const users = 20 + Math.round(15 * Math.sin(minute / 9) ** 2) + (55 - minute);
      for (let i = 0; i < users; i++) {
        const user = { kind: 'user', key: `user-${minute}-${i}`, email: i % 4 === 0 ? `u${i}@example.com` : `u${i}@mail.test` };
        client.variation('new-search', user, false);
        if (i % 3 === 0) client.variation('banner-text', user, '');
        if (minute < 30) client.variation('new-checkout', user, false);
      }
      await client.flush();
    }
    clock = Date.now();
    await client.close();
    clock = Date.now();
  });

  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('draws the last hour per flag, and the example flags in the editor', async () => {
    const page = await browser.page(1280, 800);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, t.url, ADMIN_TOKEN);
    const chart = page.getByRole('img', { name: /new-search: \d+ evaluations in the last hour/ });
    await chart.waitFor();
    const bars = await chart.locator('rect').count();
    assert.ok(bars >= 10, `${bars} minute bars`);
    await screenshot(page, 'readme-flags');
    await page.getByRole('link', { name: 'banner-text' }).click();
    await page.getByRole('heading', { name: 'Rules' }).evaluate((heading) => heading.scrollIntoView());
    await screenshot(page, 'readme-editor');
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('link', { name: 'beta-testers' }).click();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await screenshot(page, 'segment-editor');
    await page.context().close();
    assert.deepEqual(pageErrors, [], 'the page threw');
  });
});
