import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import { silentLogger } from '../../../lib/logging/logger';
import { ADMIN_TOKEN, SDK_KEY, startTestServer, type TestServer } from '../../server/helpers/test-server';
import { browserOrSkip, screenshot, type TestBrowser, waitUntil } from '../helpers/browser';
import { ensureConsoleBuilt } from '../helpers/console-bundle';
import { pollUntil } from '../../helpers/poll-until';

/**
 * The console in Debian's Chromium against a real flag server, as a person would use it. The
 * steps run in order on one server and share its state (the flag created in the second step is
 * edited in the third, and so on).
 */
describe('console in a browser: a flag from creation to a 30/70 rollout', function () {
  this.timeout(30_000);
  let t: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let client: FlagstreamClient;
  const seen: unknown[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    await ensureConsoleBuilt();
    browser = await browserOrSkip(this);
    t = await startTestServer();
    page = await browser.page(1280, 800);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    client = createClient({ sdkKey: SDK_KEY, baseUri: t.url, logger: silentLogger, events: { flushInterval: 60_000 } });
    await client.waitForInitialization({ timeout: 5000 });
    client.variation$('new-banner', { kind: 'user', key: 'ann', email: 'ann@example.com' }, 'unset').subscribe((value) => seen.push(value));
  });

  after(async () => {
    await client?.close();
    await browser?.close();
    await t?.stop();
  });

  afterEach(() => assert.deepEqual(pageErrors, [], 'the page threw'));

  it('refuses a wrong token in words next to the field, then signs in', async () => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('API token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.locator('#token-error');
    await error.waitFor();
    assert.match(await error.innerText(), /valid admin token is required/);
    await screenshot(page, 'sign-in-refused');
    await page.getByLabel('API token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
    await page.getByRole('link', { name: 'checkout' }).waitFor();
    // the live stream answers after the flags are shown: wait for it rather than read it once
    await page.locator('.live', { hasText: /^live$/ }).waitFor();
  });

  it('creates a flag, which an SDK sees at once', async () => {
    await page.getByRole('button', { name: 'New flag' }).click();
    await page.getByLabel('Key').fill('new-banner');
    await page.getByRole('button', { name: 'Create flag' }).click();
    await page.getByRole('heading', { name: /new-banner/ }).waitFor();
    await pollUntil(() => seen.includes(false), 'the SDK seeing the new flag (off: false)', 8000);
    assert.equal(t.server.connectionCount('production'), 1);
  });

  it('checks clause values as the server does, then saves a rule and a 30/70 rollout after showing the diff', async () => {
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByRole('article', { name: /Rule 1/ });
    await rule.getByLabel('Attribute').fill('email');
    await rule.getByLabel('Operator').selectOption('matches');
    await rule.getByLabel('Values (one per line)').fill('(unclosed');
    await rule.getByText(/invalid regular expression/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Review and save…' }).isDisabled(), true);
    await rule.getByLabel('Operator').selectOption('endsWith');
    await rule.getByLabel('Values (one per line)').fill('@example.com');
    await rule.getByLabel('Serve').selectOption({ label: 'true' });
    await page.locator('#fallthrough-serve').selectOption('rollout');
    await page.locator('#fallthrough-weight-0').fill('30');
    await page.locator('#fallthrough-weight-0').press('Tab');
    await waitUntil(() => page.locator('#fallthrough-weight-1').inputValue(), (value) => value === '70', 'the other weight to become 70');
    await screenshot(page, 'flag-editor');
    await page.getByRole('button', { name: 'Review and save…' }).click();
    const dialog = page.getByRole('dialog', { name: /Save new-banner/ });
    assert.match(await dialog.locator('.diff').innerText(), /\+ +"weight": 30000/);
    await dialog.getByLabel('Comment').fill('30/70 rollout, staff first');
    await screenshot(page, 'flag-review');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('No unsaved changes').waitFor();
    await page.getByRole('article', { name: /Rule 1/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'flag-editor-saved');
    const stored = (await t.admin('GET', '/api/environments/production/flags/new-banner')).json;
    assert.deepEqual(stored.fallthrough.rollout.variations, [
      { variation: 0, weight: 30000 },
      { variation: 1, weight: 70000 },
    ]);
    assert.deepEqual(stored.rules[0].clauses[0], { contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@example.com'], negate: false });
  });

  it('turns the flag on after confirmation, and the connected SDK\'s variation$ changes', async () => {
    await page.getByRole('switch', { name: /new-banner is off/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn new-banner on?' });
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('switch', { name: /new-banner is on/ }).waitFor();
    await pollUntil(() => seen.at(-1) === true, `variation$ to emit true (it emitted ${JSON.stringify(seen)})`, 8000);
    assert.deepEqual(seen, ['unset', false, true]);
  });

  it('shows the insights of the rollout splitting 30/70', async () => {
    for (let i = 0; i < 2000; i++) client.variation('new-banner', { kind: 'user', key: `visitor-${i}` }, false);
    client.track('purchase', { kind: 'user', key: 'visitor-1' }, undefined, 25);
    client.track('purchase', { kind: 'user', key: 'visitor-2' }, undefined, 15);
    await client.flush();
    await page.locator('main').getByRole('link', { name: 'Insights' }).click();
    await page.getByRole('heading', { name: /new-banner: 2,00\d evaluations/ }).waitFor();
    const share = async (variation: number) => Number((await page.locator(`td.percent[data-variation="${variation}"]`).innerText()).replace('%', ''));
    const [on, off] = [await share(0), await share(1)];
    assert.ok(Math.abs(on - 30) < 4 && Math.abs(off - 70) < 4, `split ${on}/${off}`);
    const custom = page.getByRole('region', { name: 'Custom events' });
    assert.match(await custom.innerText(), /purchase\s+2\s+2\s+40\s+20/);
    await screenshot(page, 'insights');
  });

  it('tries a context: every flag\'s value for it, and the trace of why', async () => {
    await page.getByRole('link', { name: 'Try a context' }).click();
    await page.getByLabel(/^Context \(JSON/).fill('{"kind": "user", "key": "ann", "email": "ann@example.com"}');
    await page.getByRole('button', { name: 'Evaluate every flag' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'new-banner' }) });
    await row.waitFor();
    assert.match(await row.innerText(), /true\s+\(variation 0\)\s+RULE_MATCH · rule 1/);
    await row.getByText('decided by rule').click();
    assert.match(await row.locator('.trace').innerText(), /✓ rule 1[\s\S]*user\.email endsWith \["@example\.com"\]; the context has "ann@example\.com"/);
    await screenshot(page, 'try-context');
    await page.getByLabel(/^Context \(JSON/).fill('{"kind": "user"}');
    await page.getByRole('button', { name: 'Evaluate every flag' }).click();
    const refused = page.locator('#context-error').getByRole('alert');
    await refused.waitFor();
    assert.match(await refused.innerText(), /Invalid evaluate request[\s\S]*context: /);
  });

  it('shows a change made elsewhere without a reload, and refuses to overwrite it (conflict)', async () => {
    await page.goto(`${t.url}/#/env/production/flags/new-banner`);
    await page.getByLabel('Users served true').fill('zoe');
    const version = (await t.admin('GET', '/api/environments/production/flags/new-banner')).json.version;
    const patched = await t.admin('PATCH', '/api/environments/production/flags/new-banner', { instructions: [{ kind: 'turnFlagOff' }] });
    assert.equal(patched.status, 200);
    await page.getByRole('switch', { name: /new-banner is off/ }).waitFor(); // arrived live
    await page.getByText(/changed elsewhere/).waitFor();
    await page.getByRole('button', { name: 'Review and save…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not saved' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /If-Match "\d+" does not match the current version/);
    await screenshot(page, 'flag-conflict');
    const stored = (await t.admin('GET', '/api/environments/production/flags/new-banner')).json;
    assert.equal(stored.version, version + 1);
    assert.equal(stored.on, false);
    assert.deepEqual(stored.targets ?? [], []);
  });

  it('names the dependents of a flag instead of deleting it, and edits a segment (keys, keys of another kind, a rule with a share)', async () => {
    const child = { key: 'child', variations: [1, 2], fallthrough: { variation: 0 }, prerequisites: [{ key: 'new-banner', variation: 0 }] };
    assert.equal((await t.admin('POST', '/api/environments/production/flags', child)).status, 201);
    await page.goto(`${t.url}/#/env/production/flags`);
    await page.getByRole('button', { name: 'Delete flag new-banner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete flag new-banner?' });
    assert.match(await dialog.getByRole('alert').innerText(), /cannot be deleted: it is still used by flags\/child/);
    assert.equal(await dialog.getByRole('button', { name: 'Delete flag' }).isDisabled(), true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.goto(`${t.url}/#/env/production/segments/beta`);
    await page.getByLabel('Included user keys').fill('u1\nzed');
    await page.getByRole('button', { name: 'Add a context kind' }).first().click(); // included
    await page.getByLabel('Keys', { exact: true }).fill('acme');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByRole('article').filter({ hasText: 'Rule 1' });
    await rule.getByLabel('Attribute').fill('email');
    await rule.getByLabel('Operator').selectOption('endsWith');
    await rule.getByLabel('Values (one per line)').fill('@example.com');
    await rule.getByLabel('Share of matching contexts included (%)').fill('25');
    await rule.getByLabel('Share of matching contexts included (%)').press('Tab');
    await page.getByRole('button', { name: 'Review and save…' }).click();
    const review = page.getByRole('dialog', { name: 'Save beta in production' });
    assert.match(await review.locator('.diff').innerText(), /\+ +"weight": 25000/);
    await review.getByRole('button', { name: 'Save' }).click();
    await page.getByText('No unsaved changes').waitFor();
    const stored = (await t.admin('GET', '/api/environments/production/segments/beta')).json;
    assert.deepEqual(stored.included, ['u1', 'zed']);
    assert.deepEqual(stored.includedContexts, [{ contextKind: 'organization', values: ['acme'] }]);
    assert.deepEqual([stored.rules.length, stored.rules[0].weight, stored.rules[0].clauses[0].values], [1, 25000, ['@example.com']]);
  });

  it('labels every control and works from the keyboard (dialog focus in and back, Escape)', async () => {
    // each page is checked once what it loads has arrived (a check of the page half drawn could pass)
    const loaded: Record<string, () => Promise<void>> = {
      '#/env/production/flags': () => page.getByRole('img', { name: /^new-banner: \d+ evaluations/ }).waitFor(),
      '#/env/production/flags/new-banner': () => page.getByRole('button', { name: 'Review and save…' }).waitFor(),
      '#/env/production/segments/beta': () => page.getByLabel('Included user keys').waitFor(),
      '#/env/production/insights?flag=new-banner': () => page.getByRole('heading', { name: /new-banner: [\d,]+ evaluations/ }).waitFor(),
    };
    for (const [hash, arrived] of Object.entries(loaded)) {
      await page.goto(`${t.url}/${hash}`);
      await arrived();
      const unlabelled = (await page.evaluate(`[...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.textContent || '').trim())
        .map((el) => el.outerHTML.slice(0, 120))`)) as string[];
      assert.deepEqual(unlabelled, [], `unlabelled controls on ${hash}`);
    }
    await page.goto(`${t.url}/#/env/production/flags`);
    const toggle = page.getByRole('switch', { name: /new-banner is/ });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(`document.querySelector('dialog').contains(document.activeElement)`), true, 'focus moved into the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus is handed back when the dialog unmounts, which can land a frame after it left the DOM.
    await waitUntil(() => page.evaluate(`document.activeElement?.getAttribute('role') ?? null`), (role) => role === 'switch', 'focus to come back to the switch');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab'); // keyboard focus: the focus ring shows
    const ring = await page.evaluate(`[document.activeElement.getAttribute('role'), document.activeElement.matches(':focus-visible'), getComputedStyle(document.activeElement).outlineStyle]`);
    assert.deepEqual(ring, ['switch', true, 'solid']);
  });

  it('keeps the page when switching environments, and fits a phone screen', async () => {
    await page.goto(`${t.url}/#/env/production/flags`);
    // the rollout's evaluations in its row chart (2,000 and those of variation$, flushed or not yet)
    await page.getByRole('img', { name: /^new-banner: 20\d\d evaluations in the last hour$/ }).waitFor();
    await screenshot(page, 'flags');
    await page.goto(`${t.url}/#/env/production/segments`);
    await page.getByRole('link', { name: 'beta' }).waitFor();
    await page.getByLabel('Environment').selectOption('staging');
    await page.waitForURL(/#\/env\/staging\/segments$/);
    await page.getByText('0 of 0 segments').waitFor();
    const phone = await browser.page(390, 844);
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await phone.goto(`${t.url}/`);
    await phone.getByLabel('API token').fill(ADMIN_TOKEN);
    await phone.keyboard.press('Enter');
    // measured once the rows and their charts are drawn: they are what could overflow
    await phone.getByRole('img', { name: /^new-banner: \d+ evaluations/ }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
    await screenshot(phone, 'flags-phone');
    await phone.context().close();
  });
});
