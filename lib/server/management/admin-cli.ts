import { promises as fsp } from 'node:fs';
import { parseArgs } from 'node:util';
import * as YAML from 'yaml';
import { ServerConfigError } from '../../errors/server-config-error';

/** Where CLI output goes (stdout for results, stderr for messages). */
export interface CliOutput {
  log(text: string): void;
  error(text: string): void;
}

/** Default server of the admin subcommands. */
export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8030';

/** `flagstream-server token|import|export --env …` help. */
export const ADMIN_USAGE = `Admin commands (they call the admin API of a running server):
  flagstream-server token create --name <name> --role reader|writer|admin [--env <env>]... 
                                  prints the new token's secret (shown once) on stdout
  flagstream-server token list
  flagstream-server token revoke <id or name>
  flagstream-server export --env <env> [--out <file>]      the SDK payload ({flags, segments})
  flagstream-server import --env <env> <file>              JSON or YAML: SDK payload or
                                                            LaunchDarkly flag file; replaces the
                                                            environment's flags and segments
Common options: --url <server> (default ${DEFAULT_ADMIN_URL}), --token <token> (default the
FLAGSTREAM_ADMIN_TOKEN environment variable, which is preferable), --comment <text> (audit log).
`;

/** Whether `argv` is an admin subcommand handled by {@link runAdminCommand}. */
export function isAdminCommand(argv: readonly string[]): boolean {
  return argv[0] === 'token' || argv[0] === 'import' || (argv[0] === 'export' && argv.includes('--env'));
}

/**
 * Runs an admin subcommand against a running server.
 *
 * @returns the exit code: 0 done, 1 refused by the server or unreachable, 2 bad command line
 */
export async function runAdminCommand(argv: readonly string[], env: NodeJS.ProcessEnv, out: CliOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        comment: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        env: { type: 'string', multiple: true },
        out: { type: 'string' },
      },
    });
  } catch (error) {
    out.error(`${new ServerConfigError('command line', (error as Error).message).message}\n\n${ADMIN_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const token = values.token ?? env.FLAGSTREAM_ADMIN_TOKEN;
  if (!token) {
    out.error('flagstream-server: an admin token is needed (FLAGSTREAM_ADMIN_TOKEN or --token)\n');
    return 2;
  }
  const base = (values.url ?? DEFAULT_ADMIN_URL).replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(values.comment ? { 'X-Flagstream-Comment': encodeURIComponent(values.comment) } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
  const refused = (result: { status: number; json: any }) => {
    const issues = Array.isArray(result.json?.issues) ? `\n  ${result.json.issues.join('\n  ')}` : '';
    out.error(`flagstream-server: the server answered ${result.status}: ${result.json?.error ?? ''}${issues}\n`);
    return 1;
  };
  const [command, sub, arg] = positionals;
  const oneEnv = () => {
    if (values.env?.length !== 1) throw new ServerConfigError('--env', 'give exactly one environment');
    return encodeURIComponent(values.env[0]);
  };
  try {
    if (command === 'token' && sub === 'create') {
      if (!values.name || !values.role) throw new ServerConfigError('token create', '--name and --role are required');
      const result = await call('POST', '/api/tokens', { name: values.name, role: values.role, ...(values.env ? { environments: values.env } : {}) });
      if (result.status !== 201) return refused(result);
      out.error(`Created token "${result.json.token.name}" (${result.json.token.role}${values.env ? ` in ${values.env.join(', ')}` : ', every environment'}). Its secret is shown once:\n`);
      out.log(`${result.json.secret}\n`);
      return 0;
    }
    if (command === 'token' && sub === 'list') {
      const result = await call('GET', '/api/tokens');
      if (result.status !== 200) return refused(result);
      out.log(`${JSON.stringify(result.json.items, null, 2)}\n`);
      return 0;
    }
    if (command === 'token' && sub === 'revoke' && arg) {
      const result = await call('DELETE', `/api/tokens/${encodeURIComponent(arg)}`);
      if (result.status !== 200) return refused(result);
      out.error(`Revoked token "${result.json.token.name}"\n`);
      return 0;
    }
    if (command === 'export') {
      const result = await call('GET', `/api/environments/${oneEnv()}/data`);
      if (result.status !== 200) return refused(result);
      const text = `${JSON.stringify(result.json, null, 2)}\n`;
      if (values.out) await fsp.writeFile(values.out, text);
      else out.log(text);
      return 0;
    }
    if (command === 'import' && sub) {
      const text = await fsp.readFile(sub, 'utf8');
      const body: unknown = /\.ya?ml$/i.test(sub) ? YAML.parse(text) : JSON.parse(text);
      const result = await call('PUT', `/api/environments/${oneEnv()}/data`, body);
      if (result.status !== 200) return refused(result);
      for (const warning of result.json.warnings as string[]) out.error(`warning: ${warning}\n`);
      out.error(`Imported ${result.json.flags} flag(s) and ${result.json.segments} segment(s); deleted ${result.json.deleted}\n`);
      return 0;
    }
    out.error(`flagstream-server: unknown admin command ${positionals.join(' ')}\n\n${ADMIN_USAGE}`);
    return 2;
  } catch (error) {
    if (error instanceof ServerConfigError) {
      out.error(`${error.message}\n\n${ADMIN_USAGE}`);
      return 2;
    }
    out.error(`flagstream-server: ${(error as Error).message}\n`);
    return 1;
  }
}
