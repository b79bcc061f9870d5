import assert from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import { fromWebSocket } from '../../lib/transport/from-web-socket';
import { httpGet } from '../../lib/transport/http-get';
import { proxyAgent, proxyUrlFor } from '../../lib/transport/proxy-agent';
import { Collector } from '../data-sources/helpers/collect';
import { ConnectProxy } from '../data-sources/helpers/connect-proxy';
import { FlagTestServer, SDK_KEY } from '../data-sources/helpers/flag-test-server';

describe('proxyUrlFor', () => {
  const target = 'https://flags.example.com/sdk/latest-all';

  it('uses no proxy by default', () => {
    assert.equal(proxyUrlFor({ target, env: {} }), undefined);
  });

  it('reads HTTPS_PROXY, then https_proxy', () => {
    assert.equal(proxyUrlFor({ target, env: { HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:2' } }), 'http://a:1');
    assert.equal(proxyUrlFor({ target, env: { https_proxy: 'http://b:2' } }), 'http://b:2');
  });

  it('applies to every scheme the SDK uses', () => {
    for (const url of ['http://h/x', 'ws://h/x', 'wss://h/x']) {
      assert.equal(proxyUrlFor({ target: url, env: { HTTPS_PROXY: 'http://p:1' } }), 'http://p:1');
    }
  });

  it('lets an explicit option win, and false turn it off', () => {
    const env = { HTTPS_PROXY: 'http://env:1' };
    assert.equal(proxyUrlFor({ target, env, proxy: 'http://explicit:2' }), 'http://explicit:2');
    assert.equal(proxyUrlFor({ target, env, proxy: false }), undefined);
  });

  it('skips hosts listed in NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'localhost, .internal,example.com:443' };
    assert.equal(proxyUrlFor({ target: 'http://localhost:8030/x', env }), undefined);
    assert.equal(proxyUrlFor({ target: 'ws://flags.internal/x', env }), undefined);
    assert.equal(proxyUrlFor({ target, env }), undefined);
    assert.equal(proxyUrlFor({ target: 'https://notexample.com/x', env }), 'http://p:1');
    assert.equal(proxyUrlFor({ target: 'http://h/x', env: { HTTPS_PROXY: 'http://p:1', no_proxy: '*' } }), undefined);
  });

  it('builds no agent without a proxy', () => {
    assert.equal(proxyAgent({ target, env: {} }), undefined);
    assert.throws(() => proxyAgent({ target, proxy: 'not a url' }), TypeError);
  });
});

describe('proxyAgent over a loopback CONNECT proxy', () => {
  let server: FlagTestServer;
  let proxy: ConnectProxy;

  beforeEach(async () => {
    server = await FlagTestServer.start();
    proxy = await ConnectProxy.start();
  });

  afterEach(async () => {
    await proxy.stop();
    await server.stop();
  });

  it('tunnels the WebSocket through the proxy', async () => {
    const url = `ws://127.0.0.1:${server.port}/sdk/stream`;
    const agent = proxyAgent({ target: url, proxy: proxy.url });
    const c = new Collector(fromWebSocket({ url, headers: { Authorization: SDK_KEY }, agent }));
    try {
      await c.until((values) => values.length === 1);
      assert.match(c.values[0], /"type":"put"/);
      assert.deepEqual(proxy.tunnels, [`127.0.0.1:${server.port}`]);
    } finally {
      c.stop();
    }
  });

  it('tunnels HTTP requests through the proxy named by HTTPS_PROXY', async () => {
    const url = `${server.baseUri}/sdk/latest-all`;
    const agent = proxyAgent({ target: url, env: { HTTPS_PROXY: proxy.url } });
    const response = await firstValueFrom(httpGet({ url, headers: { Authorization: SDK_KEY }, agent }));
    assert.equal(response.status, 200);
    assert.deepEqual(proxy.tunnels, [`127.0.0.1:${server.port}`]);
    assert.equal(server.polls, 1);
  });
});
