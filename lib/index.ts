/**
 * flagstream: server-side feature flags for Node.js on RxJS.
 *
 * Everything public is listed here by name; nothing else is part of the API.
 */

// ---- client ----
export { createClient } from './client/create-client';
export { configure, get } from './client/singleton';
export { FlagstreamClient } from './client/flagstream-client';
export type { FlagChange } from './client/data-sync';
export type { ClientOptions, EventsOptions, StreamReconnectOptions } from './client/client-options';
export { BoundUser } from './client/bound-user';
export { FlagsState } from './client/flags-state';
export type { FlagsStateOptions, FlagMetadata } from './client/flags-state';
export type { Hook, EvaluationSeriesContext, EvaluationSeriesData } from './client/hook';
export type { Flags, FlagKey, FlagKeyOf, FlagDefault, FlagValue, Widen } from './client/flag-types';

// ---- contexts ----
export type { ContextInput, SingleKindContextInput, MultiKindContextInput, LegacyUser, ContextAttributes, ContextMeta } from './context/context-input';

// ---- evaluation results ----
export type { EvaluationDetail, EvaluationReason, ErrorKind } from './evaluation/evaluation-reason';

// ---- data sources ----
export type { DataSource, DataSourceContext, DataSourceEvent, DataKind } from './data-sources/data-source';
export type { DataSourceStatus, DataSourceState, DataSourceErrorInfo } from './data-sources/data-source-status';
export { streamingDataSource } from './data-sources/streaming-data-source';
export type { StreamingDataSourceOptions } from './data-sources/streaming-data-source';
export { pollingDataSource } from './data-sources/polling-data-source';
export type { PollingDataSourceOptions } from './data-sources/polling-data-source';
export { withPollingFallback } from './data-sources/with-polling-fallback';
export type { PollingFallbackOptions } from './data-sources/with-polling-fallback';
export { fileDataSource } from './integrations/file-data-source';
export type { FileDataSourceOptions } from './integrations/file-data-source';
export { TestData } from './integrations/test-data/test-data';
export { TestDataFlagBuilder } from './integrations/test-data/flag-builder';
export { TestDataRuleBuilder } from './integrations/test-data/rule-builder';

// ---- persistent store ----
export type { FeatureStore } from './store/feature-store';
export { inMemoryFeatureStore } from './store/in-memory-feature-store';
export { redisFeatureStore } from './integrations/redis/redis-feature-store';
export type { RedisFeatureStoreOptions, RedisClient } from './integrations/redis/redis-feature-store';
export { featureStoreDataSource } from './data-sources/feature-store-data-source';
export type { FeatureStoreDataSourceOptions } from './data-sources/feature-store-data-source';

// ---- model ----
export type { Flag, FlagRule, Prerequisite } from './model/flag';
export type { Segment, SegmentRule } from './model/segment';
export type { Clause } from './model/clause';
export type { Rollout, WeightedVariation } from './model/rollout';
export type { FlagData } from './model/flag-data';

// ---- logging ----
export type { Logger } from './logging/logger';
export { silentLogger } from './logging/logger';
export { consoleLogger } from './logging/console-logger';
export type { LogLevel } from './logging/console-logger';

// ---- errors ----
export { FlagstreamError } from './errors/flagstream-error';
export { InvalidOptionError } from './errors/invalid-option-error';
export { InvalidContextError } from './errors/invalid-context-error';
export { InitializationTimeoutError } from './errors/initialization-timeout-error';
export { InitializationFailedError } from './errors/initialization-failed-error';
export { ClientClosedError } from './errors/client-closed-error';
export { SingletonError } from './errors/singleton-error';
export { PayloadDecodeError } from './errors/payload-decode-error';
export { HttpError } from './errors/http-error';
export { NetworkError } from './errors/network-error';
export { FeatureStoreError } from './errors/feature-store-error';
