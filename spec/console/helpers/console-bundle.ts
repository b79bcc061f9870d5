import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm test` (pretest) and `npm run build` put the console bundle. */
export const CONSOLE_DIR = join(__dirname, '..', '..', '..', 'dist', 'console');

let building: Promise<void> | undefined;

/**
 * Makes sure the console bundle exists (`npm test` builds it first; a spec run by mocha alone
 * builds it here, in well under a second).
 */
export function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(join(CONSOLE_DIR, 'index.html'))) return Promise.resolve();
  return (building ??= import('../../../scripts/build-console.mjs').then(async (module) => {
    await module.buildConsole(CONSOLE_DIR);
  }));
}
