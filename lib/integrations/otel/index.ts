/**
 * `flagstream/otel`: OpenTelemetry tracing for flag evaluations. Needs the optional peer
 * dependency `@opentelemetry/api`; importing this subpath without it throws a `MissingPeerError`
 * naming the package to install.
 */
import './peers';

export { TracingHook, FEATURE_FLAG_EVENT } from './tracing-hook';
export type { TracingHookOptions } from './tracing-hook';
export { MissingPeerError } from '../frameworks/missing-peer-error';
