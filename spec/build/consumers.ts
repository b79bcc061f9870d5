/**
 * The applications spec/build/package-build.spec.ts writes next to the installed package: run-time
 * consumers (CommonJS and ESM), a script importing the subpaths without their peers, and typed
 * consumers with one tsconfig per module resolution (all with `skipLibCheck: false`).
 */

/** What both run-time consumers do with the package; prints one JSON line per result. */
const CONSUMER_BODY = `
const offline = createClient({ offline: true, logger: silentLogger });
console.log(JSON.stringify({ offline: offline.variation('any-flag', { kind: 'user', key: 'u1' }, 'fallback') }));
await offline.close();
const td = new TestData();
td.update(td.flag('greeting').variations('hello', 'bonjour').variationForUser('marie', 1).fallthroughVariation(0));
const client = createClient({ dataSource: td, sendEvents: false, logger: silentLogger });
await client.waitForInitialization({ timeout: 1000 });
const values = ['u1', 'marie'].map((key) => client.variation('greeting', { kind: 'user', key }, 'none'));
console.log(JSON.stringify({ values, closedBefore: client.closed }));
await client.close();
console.log(JSON.stringify({ closed: client.closed }));
`;

const CJS_CONSUMER = `'use strict';
const { createClient, TestData, silentLogger, FlagstreamClient } = require('flagstream');
console.log(JSON.stringify({ exports: Object.keys(require('flagstream')).sort(), server: typeof require('flagstream/server').createFlagServer }));
(async () => {${CONSUMER_BODY}
  const nestjs = require('flagstream/nestjs');
  console.log(JSON.stringify({
    nestjs: typeof nestjs.FlagstreamModule.forRoot,
    openfeature: typeof require('flagstream/openfeature').FlagstreamProvider,
    otel: typeof require('flagstream/otel').TracingHook,
    sameClient: nestjs.FlagstreamClient === FlagstreamClient,
  }));
})();
`;

const ESM_CONSUMER = `import { createRequire } from 'node:module';
import * as namespace from 'flagstream';
import { createClient, TestData, silentLogger } from 'flagstream';
import { createFlagServer } from 'flagstream/server';
import { FlagstreamModule } from 'flagstream/nestjs';
import { FlagstreamProvider } from 'flagstream/openfeature';
import { TracingHook } from 'flagstream/otel';
const require = createRequire(import.meta.url);
const required = require('flagstream');
console.log(JSON.stringify({ exports: Object.keys(namespace).sort(), sameAsRequire: Object.keys(required).every((k) => namespace[k] === required[k]), server: typeof createFlagServer }));
${CONSUMER_BODY}
console.log(JSON.stringify({
  nestjs: FlagstreamModule === require('flagstream/nestjs').FlagstreamModule,
  openfeature: FlagstreamProvider === require('flagstream/openfeature').FlagstreamProvider,
  otel: TracingHook === require('flagstream/otel').TracingHook,
}));
`;

/**
 * A Nest application in plain CommonJS (decorators applied with Reflect.decorate), run against
 * whichever Nest major its directory holds: a guarded route answers 404, then 200 once the flag
 * is on for that user; `@FlagValue` gives the value; the process exits by itself after close.
 */
const NEST_CONSUMER = `'use strict';
require('reflect-metadata');
const { Controller, Get, Module, Req } = require('@nestjs/common');
const { Test } = require('@nestjs/testing');
const { TestData } = require('flagstream');
const { FlagstreamModule, FlagValue, RequireFlag } = require('flagstream/nestjs');

class Shop {
  checkout() { return { page: 'new checkout' }; }
  banner(banner) { return { banner }; }
}
Reflect.decorate([Get('checkout'), RequireFlag('new-checkout')], Shop.prototype, 'checkout', Object.getOwnPropertyDescriptor(Shop.prototype, 'checkout'));
Reflect.decorate([Get('banner')], Shop.prototype, 'banner', Object.getOwnPropertyDescriptor(Shop.prototype, 'banner'));
FlagValue('banner', 'none')(Shop.prototype, 'banner', 0);
Reflect.decorate([Controller()], Shop);
class ShopModule {}
Reflect.decorate([Module({ controllers: [Shop] })], ShopModule);

(async () => {
  const td = new TestData();
  await td.update(td.flag('new-checkout').booleanFlag().fallthroughVariation(false));
  await td.update(td.flag('banner').variations('spring', 'summer').variationForUser('bob', 1).fallthroughVariation(0));
  const context = (executionContext) => ({ kind: 'user', key: executionContext.switchToHttp().getRequest().headers['x-user'] ?? 'anonymous' });
  const moduleRef = await Test.createTestingModule({ imports: [FlagstreamModule.forTesting(td, { context }), ShopModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const base = 'http://127.0.0.1:' + app.getHttpServer().address().port;
  const get = (path) => fetch(base + path, { headers: { 'x-user': 'bob' } });
  const before = (await get('/checkout')).status;
  await td.update(td.flag('new-checkout').booleanFlag().variationForUser('bob', true).fallthroughVariation(false));
  const after = (await get('/checkout')).status;
  const banner = await (await get('/banner')).json();
  await app.close();
  console.log(JSON.stringify({ nest: require('@nestjs/core/package.json').version, before, after, banner }));
})().catch((error) => { console.error(error); process.exitCode = 1; });
`;

const MISSING_PEERS = `'use strict';
const { createClient, silentLogger } = require('flagstream');
const client = createClient({ offline: true, logger: silentLogger });
console.log(JSON.stringify({ value: client.variation('f', { key: 'u' }, 'fallback') }));
client.close();
for (const subpath of ['flagstream/nestjs', 'flagstream/openfeature', 'flagstream/otel']) {
  try {
    require(subpath);
    console.log(JSON.stringify({ loaded: subpath }));
  } catch (error) {
    console.log(JSON.stringify({ name: error.name, message: error.message }));
  }
}
`;

/** Uses the types of the root and every subpath; expected errors are marked @ts-expect-error (an unused one fails). */
const TYPED_BODY = `
const client: FlagstreamClient = createClient({ dataSource: new TestData(), sendEvents: false });
const ctx: ContextInput = { kind: 'user', key: 'k' };
const on = client.variation('f', ctx, false);
if (on === true) console.log('literal defaults widen');
const detail: EvaluationDetail<string> = client.stringVariationDetail('f', { kind: 'user', key: 'k' }, 'x');
// @ts-expect-error the value's type follows the default value
const wrong: string = client.variation('f', ctx, false);
// @ts-expect-error unknown option names are rejected by the types too
createClient({ ofline: true });
export const make: typeof createFlagServer = createFlagServer;
export const provider = new FlagstreamProvider(client, { initializationTimeout: 100 });
export const hook = new TracingHook({ spans: true });
export { on, detail, wrong };
`;

/** The Nest part of the typed consumers (Nest 12 is ESM only: see TYPE_CONFIGS). */
const TYPED_NEST = `
export const nest = FlagstreamModule.forRoot({ sdkKey: 'sdk-key', context: () => ({ kind: 'user', key: 'k' }) });
export const guard: MethodDecorator = RequireFlag('f');
`;

/** A typed ES module consumer of the root and every subpath; `nest: false` leaves flagstream/nestjs out. */
const typedEsm = ({ nest }: { nest: boolean }) => `import { createClient, type ContextInput, type EvaluationDetail, type FlagstreamClient, TestData } from 'flagstream';
import { createFlagServer } from 'flagstream/server';
${nest ? "import { FlagstreamModule, RequireFlag } from 'flagstream/nestjs';" : ''}
import { FlagstreamProvider } from 'flagstream/openfeature';
import { TracingHook } from 'flagstream/otel';
// @ts-expect-error the package has no default export
import flagstream from 'flagstream';
export { flagstream };
${TYPED_BODY}${nest ? TYPED_NEST : ''}`;

/** The same consumer in CommonJS (`import x = require(…)`). */
const typedCjs = ({ nest }: { nest: boolean }) => `import flagstream = require('flagstream');
import server = require('flagstream/server');
${nest ? "import nestjs = require('flagstream/nestjs');" : ''}
import openfeature = require('flagstream/openfeature');
import otel = require('flagstream/otel');
const { createClient, TestData } = flagstream;
type FlagstreamClient = flagstream.FlagstreamClient;
type ContextInput = flagstream.ContextInput;
type EvaluationDetail<T> = flagstream.EvaluationDetail<T>;
const { createFlagServer } = server;
${nest ? 'const { FlagstreamModule, RequireFlag } = nestjs;' : ''}
const { FlagstreamProvider } = openfeature;
const { TracingHook } = otel;
${TYPED_BODY}${nest ? TYPED_NEST : ''}`;

/** With the declaration `flagstream-server types` wrote: keys checked, values typed. */
const TYPED_FLAGS_BODY = `
const ctx = { kind: 'user', key: 'k' };
const on: boolean = client.variation('new-checkout', ctx, false);
const banner: string = client.variation('banner', ctx, 'x');
const limit: number = client.jsonVariation('limit', ctx, 0);
const live = client.variation$('banner', ctx, 'x');
live.subscribe((value: string) => value.toUpperCase());
// @ts-expect-error a misspelt key is a compile error
client.variation('new-chekout', ctx, false);
// @ts-expect-error the default value must have the flag's type
client.variation('new-checkout', ctx, 'yes');
// @ts-expect-error the value has the flag's type, not any
const notString: string = client.variation('new-checkout', ctx, false);
// @ts-expect-error boolVariation takes boolean flags only
client.boolVariation('banner', ctx, false);
export { on, banner, limit, notString };
`;

const TYPED_FLAGS_ESM = `import { createClient } from 'flagstream';
const client = createClient({ offline: true });
${TYPED_FLAGS_BODY}`;

const TYPED_FLAGS_CJS = `import flagstream = require('flagstream');
const client = flagstream.createClient({ offline: true });
${TYPED_FLAGS_BODY}`;

/** A data file for `flagstream-server types --data flags-data.json`. */
const FLAGS_DATA = JSON.stringify({
  environments: {
    production: {
      sdkKeys: ['sdk-typed-flags-example'],
      flags: {
        'new-checkout': { key: 'new-checkout', version: 1, on: true, variations: [true, false], fallthrough: { variation: 0 }, offVariation: 1 },
        banner: { key: 'banner', version: 1, on: true, variations: ['spring', 'summer'], fallthrough: { variation: 0 }, offVariation: 1 },
        limit: { key: 'limit', version: 1, on: true, variations: [10, 100], fallthrough: { variation: 0 }, offVariation: 0 },
      },
    },
  },
});

const COMMON_OPTIONS = { target: 'es2022', strict: true, noEmit: true, types: [], skipLibCheck: false, experimentalDecorators: true };

/** tsconfig file → the config; type-checked by TypeScript 7 (the declarations with skipLibCheck: false). */
export const TYPE_CONFIGS: Record<string, unknown> = {
  // Everything but Nest under node16; with Nest under nodenext: Nest 12 is ESM only, and TypeScript
  // lets a CommonJS file import an ES module only where it models Node's require(esm) (Node >=
  // 20.19), which is nodenext (node16 says TS1479, for Nest's own imports as for ours).
  'tsconfig.node16.json': { compilerOptions: { ...COMMON_OPTIONS, module: 'node16', moduleResolution: 'node16' }, files: ['typed-no-nest.mts', 'typed-no-nest.cts'] },
  'tsconfig.nodenext.json': { compilerOptions: { ...COMMON_OPTIONS, module: 'nodenext', moduleResolution: 'nodenext' }, files: ['typed.mts', 'typed.cts'] },
  'tsconfig.bundler.json': { compilerOptions: { ...COMMON_OPTIONS, module: 'preserve', moduleResolution: 'bundler' }, files: ['typed-bundler.ts'] },
};

/**
 * node10 resolution (Nest's default tsconfig: module commonjs) is gone from TypeScript 7, so
 * TypeScript 5 resolves this one with `--listFilesOnly` (resolution without the minute-long check
 * of every declaration on a loaded machine; the same consumer code is type-checked under node16).
 */
export const NODE10_CONFIG = 'tsconfig.node10.json';

/** The typed-flags check: needs `flagstream-flags.d.ts`, written by `flagstream-server types` first. */
export const TYPED_FLAGS_CONFIG = 'tsconfig.typed-flags.json';

/** For the application without optional peers (no ioredis either): the root's declarations compile. */
export const BARE_CONFIG = 'tsconfig.bare.json';

const TYPED_BARE = `import { createClient, redisFeatureStore, type RedisFeatureStoreOptions } from 'flagstream';
const options: RedisFeatureStoreOptions = { url: 'redis://127.0.0.1:6379', prefix: 'p' };
export const client = createClient({ offline: true, featureStore: redisFeatureStore(options) });
`;

/** Every file to write into an application directory. */
export const CONSUMER_FILES: Record<string, string> = {
  'consumer.cjs': CJS_CONSUMER,
  'consumer.mjs': ESM_CONSUMER,
  'missing-peers.cjs': MISSING_PEERS,
  'nest-consumer.cjs': NEST_CONSUMER,
  'typed.mts': typedEsm({ nest: true }),
  'typed.cts': typedCjs({ nest: true }),
  'typed-no-nest.mts': typedEsm({ nest: false }),
  'typed-no-nest.cts': typedCjs({ nest: false }),
  'typed-node10.ts': typedCjs({ nest: true }),
  'typed-bundler.ts': typedEsm({ nest: true }),
  ...Object.fromEntries(Object.entries(TYPE_CONFIGS).map(([file, config]) => [file, JSON.stringify(config, null, 2)])),
  [NODE10_CONFIG]: JSON.stringify({ compilerOptions: { ...COMMON_OPTIONS, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true }, files: ['typed-node10.ts'] }, null, 2),
  'typed-flags.mts': TYPED_FLAGS_ESM,
  'typed-flags.cts': TYPED_FLAGS_CJS,
  'flags-data.json': FLAGS_DATA,
  'typed-bare.mts': TYPED_BARE,
  [BARE_CONFIG]: JSON.stringify({ compilerOptions: { ...COMMON_OPTIONS, module: 'node16', moduleResolution: 'node16' }, files: ['typed-bare.mts'] }, null, 2),
  [TYPED_FLAGS_CONFIG]: JSON.stringify({ compilerOptions: { ...COMMON_OPTIONS, module: 'node16', moduleResolution: 'node16' }, files: ['typed-flags.mts', 'typed-flags.cts', 'flagstream-flags.d.ts'] }, null, 2),
};
