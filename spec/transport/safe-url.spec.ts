import assert from 'node:assert/strict';
import { joinUrl, safeUrl } from '../../lib/transport/safe-url';

describe('safeUrl', () => {
  it('drops credentials, query and fragment', () => {
    assert.equal(safeUrl('https://user:pw@flags.example.com:8443/a/sdk/stream?key=x#y'), 'https://flags.example.com:8443/a/sdk/stream');
    assert.equal(safeUrl(new URL('ws://127.0.0.1:1/sdk/stream')), 'ws://127.0.0.1:1/sdk/stream');
  });

  it('never echoes input it cannot parse', () => {
    assert.equal(safeUrl('not a url with a secret'), '(invalid URL)');
  });
});

describe('joinUrl', () => {
  it('joins a base with or without trailing slashes and a path prefix', () => {
    assert.equal(joinUrl('http://h:1', '/sdk/stream'), 'http://h:1/sdk/stream');
    assert.equal(joinUrl('http://h:1/flags//', '/sdk/latest-all'), 'http://h:1/flags/sdk/latest-all');
  });
});
