/** What the run was measured with: the PyMongoArrow side (or why it is missing) and the Node packages. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BENCH_DIR = __dirname;
const VENV_PYTHON = join(BENCH_DIR, '.venv', 'bin', 'python');

export interface PythonSide {
  readonly python?: string;
  readonly versions: Record<string, string>;
  readonly unavailable?: string;
}

export function pythonSide(enabled: boolean): PythonSide {
  if (!enabled) return { versions: {}, unavailable: 'skipped (--no-python)' };
  const status = join(BENCH_DIR, '.venv', 'install-status.txt');
  if (!existsSync(VENV_PYTHON)) {
    const why = existsSync(status) ? readFileSync(status, 'utf8').trim() : 'bench/.venv was not created';
    return { versions: {}, unavailable: why };
  }
  try {
    const out = execFileSync(
      VENV_PYTHON,
      [
        '-c',
        'import pymongoarrow, pyarrow, pymongo; print(pymongoarrow.__version__, pyarrow.__version__, pymongo.__version__)',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
    const [pma = '?', pa = '?', pm = '?'] = out.split(' ');
    return { python: VENV_PYTHON, versions: { pymongoarrow: pma, pyarrow: pa, pymongo: pm } };
  } catch (err) {
    const why = existsSync(status) ? readFileSync(status, 'utf8').trim() : String(err);
    return { versions: {}, unavailable: `pymongoarrow cannot be imported: ${why}` };
  }
}

export function nodePackageVersion(name: string): string {
  const path = join(BENCH_DIR, '..', 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}
