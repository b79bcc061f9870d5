import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the console bundle, held in memory with its gzip form and ETag. */
export interface ConsoleAsset {
  readonly name: string;
  readonly type: string;
  readonly body: Buffer;
  readonly gzipped: Buffer | undefined;
  readonly etag: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Where the built console is looked for, first found wins: `<compiled server>/../../console`
 * (the package's `dist/console/`, next to `dist/server/`), then the project's `dist/console/`
 * (when the server runs from `lib/` through tsx, as in specs and `npm start`).
 */
export function defaultConsoleDirs(): string[] {
  return [resolve(__dirname, '..', '..', 'console'), resolve(__dirname, '..', '..', '..', 'dist', 'console')];
}

/**
 * The console's files (`index.html`, `app.js`, `app.css`, …), read once from the first of `dirs`
 * that has an `index.html`. Text files are gzipped once here, so each request only copies.
 * `undefined` when no directory has the console (it was not built).
 */
export function loadConsoleAssets(dirs: readonly string[] = defaultConsoleDirs()): Map<string, ConsoleAsset> | undefined {
  const dir = dirs.find((candidate) => existsSync(join(candidate, 'index.html')));
  if (dir === undefined) return undefined;
  const assets = new Map<string, ConsoleAsset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    const body = readFileSync(join(dir, name));
    const compressible = !type.startsWith('image/png');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    assets.set(name, { name, type, body, gzipped: compressible ? gzipSync(body, { level: 9 }) : undefined, etag });
  }
  return assets;
}
