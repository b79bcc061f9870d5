import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Flag } from '../model/flag';
import { DataFile } from './data-file';
import { flagTypesDeclaration } from './flag-types-declaration';

/** `flagstream-server types --help`. */
export const TYPES_USAGE = `Usage: flagstream-server types [options]

Writes a TypeScript declaration of an environment's flags: once included in a program (e.g. in
tsconfig "include"), flag keys are checked and values typed:
client.variation('new-checkout', ctx, false) is boolean, a misspelt key is a compile error.

Source (one of):
  --data <file>           a flag server data file (JSON or YAML)
  --url <server>          a running flag server, e.g. http://127.0.0.1:8030 (admin API; token from
                          FLAGSTREAM_ADMIN_TOKEN or --admin-token)
Options:
  --environment <name>    the environment (default: the only one of a data file)
  --admin-token <token>   admin token for --url (default: FLAGSTREAM_ADMIN_TOKEN)
  --out <file>            where to write (default flagstream-flags.d.ts; - for standard output)
  -h, --help              show this help and exit
`;

type Out = { log: (text: string) => void; error: (text: string) => void };

/** A problem with the command line or the source, shown with the usage (exit 2) or alone (exit 1). */
class TypesCommandError extends Error {
  constructor(message: string, readonly usage: boolean) {
    super(message);
  }
}

/**
 * Runs `flagstream-server types …` (arguments after `types`).
 *
 * @returns the exit code: 0 written, 1 the source could not be read, 2 a bad command line
 */
export async function typesCommand(argv: readonly string[], env: NodeJS.ProcessEnv, out: Out): Promise<number> {
  try {
    const { values } = parseTypesArgs(argv);
    if (values.help) {
      out.log(TYPES_USAGE);
      return 0;
    }
    const { flags, from, environment } = values.data !== undefined
      ? await fromDataFile(values.data, values.environment)
      : await fromServer(values.url!, values.environment!, values['admin-token'] ?? env.FLAGSTREAM_ADMIN_TOKEN);
    const text = flagTypesDeclaration(flags, { from, environment });
    const target = values.out ?? 'flagstream-flags.d.ts';
    if (target === '-') out.log(text);
    else {
      await writeFile(target, text);
      out.error(`wrote ${target}: ${flags.length} flags of environment ${environment}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof TypesCommandError && error.usage) {
      out.error(`flagstream-server types: ${error.message}\n\n${TYPES_USAGE}`);
      return 2;
    }
    out.error(`flagstream-server types: ${(error as Error).message}\n`);
    return 1;
  }
}

function parseTypesArgs(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        data: { type: 'string' },
        url: { type: 'string' },
        environment: { type: 'string' },
        'admin-token': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new TypesCommandError((error as Error).message, true);
  }
  const { values } = parsed;
  if (!values.help && (values.data === undefined) === (values.url === undefined)) throw new TypesCommandError('give one source: --data <file> or --url <server>', true);
  if (values.url !== undefined && values.environment === undefined) throw new TypesCommandError('--url needs --environment <name>', true);
  return parsed;
}

async function fromDataFile(path: string, environment: string | undefined): Promise<{ flags: Flag[]; from: string; environment: string }> {
  const read = await new DataFile(path).read();
  if (read === undefined) throw new TypesCommandError(`data file ${path} does not exist`, false);
  const names = Object.keys(read.document.environments);
  const name = environment ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) throw new TypesCommandError(`data file ${path} has ${names.length} environments (${names.join(', ')}): choose one with --environment`, true);
  const found = read.document.environments[name];
  if (found === undefined) throw new TypesCommandError(`data file ${path} has no environment "${name}" (it has: ${names.join(', ') || 'none'})`, false);
  return { flags: Object.values(found.flags ?? {}) as Flag[], from: `data file ${path}`, environment: name };
}

async function fromServer(url: string, environment: string, token: string | undefined): Promise<{ flags: Flag[]; from: string; environment: string }> {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new TypesCommandError(`--url: not a URL: ${JSON.stringify(url)}`, true);
  }
  const where = new URL(`/api/environments/${encodeURIComponent(environment)}/flags`, base);
  let response: Response;
  try {
    response = await fetch(where, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new TypesCommandError(`cannot reach ${base.origin} (${(error as Error).message})`, false);
  }
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' (set FLAGSTREAM_ADMIN_TOKEN or --admin-token)' : '';
    throw new TypesCommandError(`GET ${where.pathname} answered ${response.status}${hint}`, false);
  }
  const body = (await response.json()) as { items?: unknown };
  if (!Array.isArray(body.items)) throw new TypesCommandError(`GET ${where.pathname}: expected { items: [...] }`, false);
  return { flags: body.items as Flag[], from: base.origin, environment };
}
