import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConsoleAssets } from '../../lib/server/console/console-assets';

describe('console: build (scripts/build-console.mjs)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'flagstream-console-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles the console into one script and one style sheet, within the 250 KB gzip budget', async function () {
    this.timeout(20_000);
    const { buildConsole, CONSOLE_JS_BUDGET_BYTES } = await import('../../scripts/build-console.mjs');
    const sizes = await buildConsole(dir);
    assert.deepEqual(readdirSync(dir).sort(), ['app.css', 'app.js', 'index.html']);
    const js = readFileSync(join(dir, 'app.js'));
    assert.equal(sizes.jsGzip, gzipSync(js, { level: 9 }).length);
    assert.equal(CONSOLE_JS_BUDGET_BYTES, 250_000);
    assert.ok(sizes.jsGzip < CONSOLE_JS_BUDGET_BYTES, `${sizes.jsGzip} bytes gzipped`);
    assert.doesNotMatch(js.toString('utf8'), /\bhttps?:\/\/(?!www\.w3\.org)[a-z]/i, 'the bundle names no remote host (no CDN)');
    const assets = loadConsoleAssets([join(dir, 'missing'), dir])!;
    assert.deepEqual([...assets.keys()].sort(), ['app.css', 'app.js', 'index.html']);
    assert.equal(loadConsoleAssets([join(dir, 'missing')]), undefined);
  });
});
