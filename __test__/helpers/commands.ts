import { execFileSync } from 'node:child_process';

/** Whether every command runs (`[['go', 'version']]`): tests that start a server of their own need its toolchain. */
export function canRun(commands: readonly (readonly [string, ...string[]])[]): boolean {
  try {
    for (const [command, ...args] of commands) execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
