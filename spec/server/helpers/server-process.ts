import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'flagstream-server.js');

/** A `flagstream-server` child process (bin, from source), e.g. to kill it with SIGKILL. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Sends SIGKILL and waits for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM and wait (no-op when it has exited). */
  stop(): Promise<void>;
}

/** Starts `flagstream-server <args>` in `cwd` and resolves once it listens. */
export async function startServerProcess(args: string[], cwd: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FLAGSTREAM_ADMIN_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 20_000);
    const check = () => {
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(found[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}: ${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
