import { MissingPeerError } from './missing-peer-error';

/**
 * Checks that the optional peer dependencies of a subpath can be found from where flagstream is
 * installed, so that importing the subpath without them fails with a {@link MissingPeerError}
 * naming the packages instead of a bare "Cannot find module".
 *
 * @param subpath the subpath being loaded, for the message
 * @param peers the packages it needs
 */
export function requirePeers(subpath: string, peers: readonly string[]): void {
  const missing = peers.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch (error) {
      // A package found but not requireable by its bare name (exports without "require") is present.
      return (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
    }
  });
  if (missing.length > 0) throw new MissingPeerError(subpath, missing);
}
