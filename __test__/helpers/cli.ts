import { type ChildProcess, spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { run } from '../../lib/cli/run.js';

export interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Spawns the command as a user runs it, with stdout and stderr pipes (not a TTY). */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], { env: { ...process.env, ...env } });
}

/** Runs the command to its end. */
export function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
  });
}

/**
 * Runs the command and sends it SIGINT once its stderr matches `when` (a
 * progress line shows the work under way); resolves with the exit code and stderr.
 */
export function interruptCli(args: readonly string[], when: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawnCli(args);
  let stderr = '';
  let sent = false;
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stderr?.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (!sent && stderr.includes(when)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
  });
}

/**
 * Runs the command in this process (the same `run` that main.ts calls,
 * without starting Node and tsx again): for checks of what a command does,
 * where a child process would only add seconds. stderr is not a TTY.
 */
export async function runCli(args: readonly string[]): Promise<Run> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (chunks: Buffer[]) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    }) as unknown as NodeJS.WriteStream;
  const code = await run([...args], { stdout: sink(out), stderr: sink(err), signal: new AbortController().signal });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() };
}
