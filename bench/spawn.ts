/**
 * Runs groups of cells in a child process (Node: each shape's Node
 * contenders taking turns; Python: PyMongoArrow's contender per shape) and
 * reads one JSON line per group from its stdout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ContenderId, GroupSpec } from './cell.js';
import type { CellMeasurement } from './measure.js';
import { projectionOf, shapeByName } from './shapes.js';

export type ChildOutcome =
  | { readonly kind: 'measured'; readonly measurements: Partial<Record<ContenderId, CellMeasurement>> }
  | { readonly kind: 'failed'; readonly reason: string };

interface GroupLine {
  readonly group: number;
  readonly measurements?: Partial<Record<ContenderId, CellMeasurement>>;
  readonly error?: string;
}

const BENCH_DIR = __dirname;

function groupLines(stdout: string): Map<number, GroupLine> {
  const lines = new Map<number, GroupLine>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"group":')) continue;
    const parsed = JSON.parse(line) as GroupLine;
    lines.set(parsed.group, parsed);
  }
  return lines;
}

/** The outcome of every group: its line, or the child's exit and last words when it has none. */
function runChild(command: string, args: readonly string[], groups: number): Promise<ChildOutcome[]> {
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
    const finish = (why: string) => {
      const lines = groupLines(stdout);
      const tail = stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
      resolve(
        Array.from({ length: groups }, (_, i): ChildOutcome => {
          const line = lines.get(i);
          if (line?.measurements) return { kind: 'measured', measurements: line.measurements };
          return { kind: 'failed', reason: line?.error ?? `${why}: ${tail}` };
        }),
      );
    };
    child.on('error', (err) => finish(err.message));
    child.on('close', (code) => finish(`exit ${code}`));
  });
}

export function runNodeGroups(specs: readonly GroupSpec[]): Promise<ChildOutcome[]> {
  // A large old space: the pure-JS contenders hold every document as a JS object.
  return runChild(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=16384',
      '--import',
      'tsx',
      join(BENCH_DIR, 'child.ts'),
      JSON.stringify(specs),
    ],
    specs.length,
  );
}

/** The Python side gets each shape's fields (for its schema) and the projection every server contender sends. */
export function runPythonGroups(python: string, specs: readonly GroupSpec[]): Promise<ChildOutcome[]> {
  const payload = specs.map((spec) => {
    const shape = shapeByName(spec.shape);
    return { ...spec, fields: shape.fields, projection: projectionOf(shape) };
  });
  return runChild(python, [join(BENCH_DIR, 'pymongoarrow', 'bench.py'), JSON.stringify(payload)], specs.length);
}
