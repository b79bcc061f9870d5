/**
 * `flagstream/openfeature`: flagstream as an OpenFeature provider. Needs the optional peer
 * dependency `@openfeature/server-sdk`; importing this subpath without it throws a
 * `MissingPeerError` naming the package to install.
 */
import './peers';

export { FlagstreamProvider } from './flagstream-provider';
export type { FlagstreamProviderOptions } from './flagstream-provider';
export { toFlagstreamContext } from './to-flagstream-context';
export { MissingPeerError } from '../frameworks/missing-peer-error';
