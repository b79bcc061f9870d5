import { spawn } from 'node:child_process';
import path from 'node:path';

/** How a script run in a child process ended. */
export interface ScriptRun {
  /** The exit code; `null` when it had to be killed (it did not exit by itself). */
  readonly code: number | null;
  /** stdout and stderr, interleaved. */
  readonly output: string;
  /** When stdout first printed something matching `mark` (ms since epoch), or 0. */
  readonly markedAt: number;
  /** When the process exited (ms since epoch). */
  readonly exitedAt: number;
}

/**
 * Runs a TypeScript script (through tsx) in a child process from the project root, and waits for
 * it to exit by itself; after `killAfter` ms it is killed, so a handle left open shows as
 * `code: null`. With `mark`, records when stdout first matched it (e.g. the script's "closed"
 * line), so a spec can check how soon after that the process exited.
 */
export function runScript(script: string, args: readonly string[] = [], options: { killAfter?: number; mark?: RegExp } = {}): Promise<ScriptRun> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', script, ...args], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let markedAt = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (markedAt === 0 && (!options.mark || options.mark.test(output))) markedAt = Date.now();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfter ?? 15_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output, markedAt, exitedAt: Date.now() });
    });
  });
}
