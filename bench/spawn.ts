/**
 * Runs one cell in a child process (Node or Python) so that its peak RSS is
 * its own, and reads the measurement from the last line of its stdout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CellSpec } from './cell.js';
import type { CellMeasurement } from './measure.js';
import type { Field } from './shapes.js';

export type ChildOutcome =
  | { readonly kind: 'measured'; readonly measurement: CellMeasurement }
  | { readonly kind: 'failed'; readonly reason: string };

const BENCH_DIR = __dirname;

function lastJsonLine(stdout: string): unknown {
  const line = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  return line === undefined ? undefined : JSON.parse(line);
}

function runChild(command: string, args: readonly string[]): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (err) => resolve({ kind: 'failed', reason: err.message }));
    child.on('close', (code) => {
      const parsed = code === 0 ? lastJsonLine(stdout) : undefined;
      if (parsed && typeof parsed === 'object') {
        resolve({ kind: 'measured', measurement: parsed as CellMeasurement });
      } else {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        resolve({ kind: 'failed', reason: `exit ${code}: ${tail.slice(0, 400)}` });
      }
    });
  });
}

export function runNodeCell(spec: CellSpec): Promise<ChildOutcome> {
  // A large old space: the pure-JS contenders hold every document as a JS object.
  return runChild(process.execPath, [
    '--expose-gc',
    '--max-old-space-size=16384',
    '--import',
    'tsx',
    join(BENCH_DIR, 'child.ts'),
    JSON.stringify(spec),
  ]);
}

export function runPythonCell(python: string, spec: CellSpec, fields: readonly Field[]): Promise<ChildOutcome> {
  return runChild(python, [join(BENCH_DIR, 'pymongoarrow', 'bench.py'), JSON.stringify({ ...spec, fields })]);
}
