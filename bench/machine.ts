/** The machine a result was measured on, recorded with every result. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly loadAverageAtStart: readonly number[];
  readonly node: string;
  readonly rustc: string;
  readonly python: string;
  readonly platform: string;
  readonly gitCommit: string;
  readonly gitDirty: boolean;
}

function run(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(python: string): Machine {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    rustc: run('rustc', ['--version']),
    python: run(python, ['--version']),
    platform: `${process.platform}-${process.arch}`,
    gitCommit: run('git', ['rev-parse', '--short', 'HEAD']),
    gitDirty: run('git', ['status', '--porcelain']) !== '',
  };
}
