import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Controller, Get, HttpException, type INestApplication, Injectable, Module, Sse } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { map, type Observable } from 'rxjs';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import type { ContextInput } from '../../../lib/context/context-input';
import { TestData } from '../../../lib/integrations/test-data/test-data';
import { FlagContext, FlagstreamModule, FlagValue, InjectFlagstream, RequireFlag } from '../../../lib/integrations/nestjs';
import { FlagstreamClient as FlagstreamClientClass } from '../../../lib/integrations/nestjs';

// Decorators are compiled as TypeScript's legacy (experimental) decorators, without
// emitDecoratorMetadata: every constructor parameter names its token (@InjectFlagstream()).

@Injectable()
class Greeter {
  constructor(@InjectFlagstream() private readonly flags: FlagstreamClient) {}

  greeting(user: string): string {
    return this.flags.stringVariation('greeting', { kind: 'user', key: user }, 'hello');
  }
}

@Controller()
class ShopController {
  @Get('checkout')
  @RequireFlag('new-checkout')
  checkout(): { page: string } {
    return { page: 'new checkout' };
  }

  @Get('banner')
  banner(@FlagValue('banner', 'default banner') banner: string, @FlagContext() context: ContextInput): { banner: string; context: ContextInput } {
    return { banner, context };
  }

  @Get('teapot')
  @RequireFlag('brew', { exception: () => new HttpException('no tea', 418) })
  teapot(): string {
    return 'tea';
  }
}

@RequireFlag('admin-area')
@Controller('admin')
class AdminController {
  @Get()
  index(): string {
    return 'admin';
  }
}

@Controller()
class LiveController {
  constructor(@InjectFlagstream() private readonly flags: FlagstreamClient) {}

  @Sse('live/banner')
  banner(@FlagContext() context: ContextInput): Observable<{ data: unknown }> {
    return this.flags.variation$('banner', context, 'default banner').pipe(map((value) => ({ data: { value } })));
  }
}

@Module({ controllers: [ShopController, AdminController, LiveController], providers: [Greeter] })
class ShopModule {}

/** The user of a request: the `x-user` header (a real app would use its authentication). */
const userFromHeader = (executionContext: import('@nestjs/common').ExecutionContext): ContextInput | undefined => {
  const user = executionContext.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['x-user'];
  return user === undefined ? undefined : { kind: 'user', key: user };
};

describe('flagstream/nestjs with Test.createTestingModule and FlagstreamModule.forTesting', function () {
  this.timeout(10_000);
  let td: TestData;
  let app: INestApplication;
  let base: string;

  before(async () => {
    td = new TestData();
    await td.update(td.flag('new-checkout').booleanFlag().variationForUser('alice', true).fallthroughVariation(false));
    await td.update(td.flag('banner').variations('spring sale', 'summer sale').variationForUser('alice', 1).fallthroughVariation(0));
    await td.update(td.flag('greeting').variations('hi', 'bonjour').variationForUser('marie', 1).fallthroughVariation(0));
    const moduleRef = await Test.createTestingModule({ imports: [FlagstreamModule.forTesting(td, { context: userFromHeader }), ShopModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  after(() => app.close());

  const get = (path: string, user?: string) => fetch(`${base}${path}`, { headers: user ? { 'x-user': user } : {} });

  it('injects the client by class and with @InjectFlagstream(), and TestData', () => {
    const client = app.get(FlagstreamClientClass);
    assert.equal(client.initialized, true);
    assert.equal(app.get(Greeter).greeting('marie'), 'bonjour');
    assert.equal(app.get(TestData), td);
  });

  it('@RequireFlag: 200 when the flag is true for the request context, else 404 like an unknown route', async () => {
    const allowed = await get('/checkout', 'alice');
    assert.equal(allowed.status, 200);
    assert.deepEqual(await allowed.json(), { page: 'new checkout' });
    const denied = await get('/checkout', 'bob');
    assert.equal(denied.status, 404);
    assert.match(JSON.stringify(await denied.json()), /Cannot GET \/checkout/);
    assert.equal((await get('/checkout')).status, 404, 'anonymous');
  });

  it('@RequireFlag on a controller, and a custom exception', async () => {
    assert.equal((await get('/admin', 'alice')).status, 404);
    await td.update(td.flag('admin-area').booleanFlag().variationForAll(true));
    assert.equal((await get('/admin', 'alice')).status, 200, 'a flag change applies to the next request');
    const teapot = await get('/teapot', 'alice');
    assert.equal(teapot.status, 418);
  });

  it('@FlagValue gives the value for the request context; @FlagContext the context', async () => {
    assert.deepEqual(await (await get('/banner', 'alice')).json(), { banner: 'summer sale', context: { kind: 'user', key: 'alice' } });
    assert.deepEqual(await (await get('/banner')).json(), { banner: 'spring sale', context: { kind: 'user', key: 'anonymous', anonymous: true } });
  });

  it('an @Sse route streams variation$ for the request context', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/live/banner`, { headers: { 'x-user': 'bob' }, signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += decoder.decode(value);
      }
    };
    await readUntil(/spring sale/);
    await td.update(td.flag('banner').variations('spring sale', 'summer sale').fallthroughVariation(1));
    await readUntil(/summer sale/);
    assert.match(text, /data: \{"value":"spring sale"\}[\s\S]*data: \{"value":"summer sale"\}/);
    controller.abort();
  });
});
