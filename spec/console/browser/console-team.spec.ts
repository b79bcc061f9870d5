import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../../server/helpers/test-server';
import { browserOrSkip, screenshot, signIn as signInAt, type TestBrowser } from '../helpers/browser';
import { ensureConsoleBuilt } from '../helpers/console-bundle';

/**
 * The console with the management API, as a team uses it: named tokens, history with restore,
 * scheduled changes, and a reader who sees everything and can change nothing. The steps share
 * one server and run in order.
 */
describe('console in a browser: tokens, history and restore, scheduled changes, a reader', function () {
  this.timeout(30_000);
  let t: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const secrets: Record<string, string> = {};
  const pageErrors: string[] = [];

  const signIn = (target: Page, token: string) => signInAt(target, t.url, token);

  before(async function () {
    await ensureConsoleBuilt();
    browser = await browserOrSkip(this);
    t = await startTestServer({ scheduledChangesPollMs: 100 });
    page = await browser.page(1280, 800);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  afterEach(() => assert.deepEqual(pageErrors, [], 'the page threw'));

  it('an admin creates named tokens; each secret is shown once', async () => {
    await signIn(page, ADMIN_TOKEN);
    await page.getByRole('link', { name: 'Tokens' }).click();
    for (const [name, role] of [
      ['wanda', 'writer'],
      ['rita', 'reader'],
    ] as const) {
      await page.getByLabel('Name (shown in the history)').fill(name);
      await page.getByLabel('Role').selectOption(role);
      await page.getByRole('button', { name: 'Create token' }).click();
      // this token's notice, not the last one's (dismissed, but wait for the name to be sure)
      const notice = page.getByRole('status').filter({ hasText: `The secret of ${name},` });
      secrets[name] = await notice.getByLabel('Secret').inputValue();
      assert.ok(secrets[name].length >= 16, 'a secret');
      await page.getByRole('button', { name: 'I have copied it' }).click();
    }
    const rows = page.locator('table tbody tr');
    await page.getByRole('cell', { name: /^rita/ }).waitFor();
    assert.match(await rows.allInnerTexts().then((texts) => texts.join('\n')), /wanda[\s\S]*writer[\s\S]*rita[\s\S]*reader|rita[\s\S]*reader[\s\S]*wanda[\s\S]*writer/);
    await screenshot(page, 'tokens');
  });

  it('an admin adds, rotates and revokes SDK keys; the new key is shown once and a revoked one is refused', async () => {
    await signIn(page, ADMIN_TOKEN);
    await page.goto(`${t.url}/#/env/production/environments`);
    const panel = page.locator('section[aria-labelledby="sdk-keys-title"]');
    await panel.getByRole('button', { name: 'Add an SDK key' }).click();
    const shown = panel.getByLabel('New SDK key');
    await shown.waitFor();
    const added = await shown.inputValue();
    assert.ok(added.length >= 8, 'the new key is shown');
    const poll = (key: string) => fetch(`${t.url}/sdk/latest-all`, { headers: { Authorization: key } }).then((r) => r.status);
    assert.equal(await poll(added), 200);
    const addedId = /New SDK key key#([0-9a-f]{8})/.exec(await panel.getByRole('status').innerText())?.[1];
    assert.ok(addedId, 'the notice names the new key');
    await panel.getByRole('button', { name: 'I have copied it' }).click();
    await panel.getByLabel("Old key keeps working for (minutes) after a rotation").fill('30');
    await panel.getByRole('button', { name: `Rotate key#${addedId}` }).click();
    const rotatedNotice = panel.getByRole('status').filter({ hasText: `replaces key#${addedId}` });
    const rotated = await rotatedNotice.getByLabel('New SDK key').inputValue();
    const rotatedId = /New SDK key key#([0-9a-f]{8})/.exec(await rotatedNotice.innerText())?.[1];
    assert.notEqual(rotated, added);
    await panel.getByRole('button', { name: 'I have copied it' }).click();
    assert.equal(await poll(added), 200, 'the old key works until its expiry');
    assert.equal(await poll(rotated), 200);
    await panel.getByRole('button', { name: `Revoke key#${addedId}` }).click();
    await panel.getByRole('cell', { name: `key#${addedId}`, exact: true }).waitFor({ state: 'detached' }); // the list read again after the revoke
    assert.equal(await poll(added), 401, 'a revoked key is refused');
    assert.equal(await poll(rotated), 200);
    await screenshot(page, 'sdk-keys');

    const reader = await browser.page(1280, 800);
    reader.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(reader, secrets.rita);
    await reader.goto(`${t.url}/#/env/production/environments`);
    // the keys listed first: before that, no row has buttons for anyone
    await reader.getByRole('cell', { name: `key#${rotatedId}`, exact: true }).waitFor();
    assert.equal(await reader.getByRole('button', { name: /Add an SDK key|Rotate|Revoke/ }).count(), 0, 'a reader manages no keys');
    await reader.context().close();
  });

  it('a writer turns a flag off with a comment; the history names them, and one click restores the previous version', async () => {
    await signIn(page, secrets.wanda);
    assert.match(await page.locator('.who').innerText(), /wanda · writer/i);
    await page.getByRole('switch', { name: /checkout is on/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn checkout off?' });
    await dialog.getByLabel('Comment').fill('incident 42: checkout errors');
    await dialog.getByRole('button', { name: 'Turn off' }).click();
    await page.getByRole('switch', { name: /checkout is off/ }).waitFor();
    await page.getByRole('row').filter({ hasText: 'checkout' }).getByText(/by wanda/).waitFor(); // last change and who
    await page.goto(`${t.url}/#/env/production/flags/checkout/history`);
    const newest = page.locator('.history > li').first();
    await newest.getByText('incident 42: checkout errors').waitFor();
    assert.match(await newest.innerText(), /wanda update[\s\S]*version 2/);
    await newest.getByText('Changes').click();
    assert.match(await newest.locator('.diff').innerText(), /- +"on": true,[\s\S]*\+ +"on": false,/);
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    const restore = page.getByRole('dialog', { name: 'Restore version 1 of checkout?' });
    await restore.getByLabel('Comment').fill('fixed, back on');
    await restore.getByRole('button', { name: 'Restore' }).click();
    await page.locator('.history > li').first().getByText('fixed, back on').waitFor();
    assert.match(await page.locator('.history > li').first().innerText(), /wanda restore[\s\S]*version 3/);
    await screenshot(page, 'history');
    const stored = (await t.admin('GET', '/api/environments/production/flags/checkout')).json;
    assert.deepEqual([stored.version, stored.on], [3, true]);
  });

  it('a scheduled change runs at its time and shows up live', async () => {
    await page.getByRole('link', { name: 'Scheduled' }).click();
    await page.getByLabel(/^Flag/).selectOption('checkout');
    await page.getByLabel(/^Change/).selectOption('off');
    const soon = new Date(Date.now() + 4000);
    const local = new Date(soon.getTime() - soon.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    await page.getByLabel('When (your time zone)').fill(local);
    await page.getByLabel('Comment (kept in the history)').fill('night maintenance');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByLabel('Show').selectOption(''); // all: on a slow machine it may have run already
    await page.getByRole('row').filter({ hasText: 'turnFlagOff' }).waitFor();
    await screenshot(page, 'scheduled');
    await page.getByRole('link', { name: 'Flags', exact: true }).click();
    await page.getByRole('switch', { name: /checkout is off/ }).waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Scheduled' }).click();
    await page.getByLabel('Show').selectOption('done');
    await page.getByRole('row').filter({ hasText: 'turnFlagOff' }).getByText('done').waitFor();
  });

  it('imports a LaunchDarkly flag file into an environment, with the server\'s warnings shown', async () => {
    await page.getByRole('link', { name: /Environments/ }).click();
    await page.locator('.env-switch select').selectOption('staging');
    await page.waitForURL(/#\/env\/staging\/environments$/);
    const file = { flagValues: { 'dark-mode': true }, flags: { orphan: { key: 'orphan', on: true, variations: [1, 2], fallthrough: { variation: 0 }, prerequisites: [{ key: 'missing', variation: 0 }] } } };
    await page.getByLabel('Import a JSON file').setInputFiles({ name: 'ld-flags.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByRole('dialog', { name: 'Replace everything in staging?' }).getByRole('button', { name: 'Import' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Imported 2 flags' });
    await done.waitFor();
    assert.match(await done.innerText(), /orphan[\s\S]*missing/);
    await page.getByRole('link', { name: 'Flags', exact: true }).click();
    await page.getByRole('link', { name: 'dark-mode' }).waitFor();
  });

  it('a reader sees flags, the editor and insights but no control that changes anything', async () => {
    const reader = await browser.page(1280, 800);
    reader.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(reader, secrets.rita);
    assert.match(await reader.locator('.who').innerText(), /rita · reader/i);
    await reader.getByRole('link', { name: 'checkout' }).waitFor();
    assert.equal(await reader.getByRole('switch').count(), 0);
    assert.equal(await reader.getByRole('button', { name: 'New flag' }).count(), 0);
    assert.equal(await reader.getByRole('button', { name: /Delete/ }).count(), 0);
    await reader.getByRole('link', { name: 'checkout' }).click();
    await reader.getByText('Your token may read this flag but not change it.').waitFor();
    for (const name of [/Review and save/, 'Add rule', /Delete/, /Remove/]) assert.equal(await reader.getByRole('button', { name }).count(), 0, `${name} offered`);
    const editable = await reader.evaluate(`[...document.querySelectorAll('main input, main select, main textarea')].filter((el) => !el.disabled && !el.readOnly && !el.closest('fieldset:disabled')).length`);
    assert.equal(editable, 0, 'editable fields in the editor');
    await screenshot(reader, 'reader-editor');
    await reader.getByRole('link', { name: 'History' }).first().click();
    await reader.locator('.history > li').first().waitFor();
    assert.equal(await reader.getByRole('button', { name: /Restore/ }).count(), 0);
    await reader.getByRole('link', { name: 'Tokens' }).click();
    await reader.getByText('Only an admin token manages tokens.').waitFor();
    await reader.context().close();
  });
});
