/** Injection token of the resolved {@link FlagstreamModuleOptions} (the Nest-side options). */
export const FLAGSTREAM_MODULE_OPTIONS = Symbol('flagstream:module-options');

/** Injection token of the options given to `forRootAsync`'s factory, before resolution. */
export const FLAGSTREAM_ASYNC_OPTIONS = Symbol('flagstream:async-options');

/** Metadata key under which `@RequireFlag` stores its requirement. */
export const REQUIRE_FLAG_METADATA = 'flagstream:require-flag';

/** Injection token of the module's {@link ClientState} (client + whether the module owns it). */
export const FLAGSTREAM_CLIENT_STATE = Symbol('flagstream:client-state');
