import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { DecoderSettings } from '../native/options.js';
import type { ProgressMode } from './progress.js';
import { UsageError } from './usage-error.js';

/** What a command is given besides its arguments. */
export interface CommandIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Aborted on SIGINT. */
  readonly signal: AbortSignal;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The options every command takes, in one table so that they are spelled
 * (and documented in help.ts) alike: the connection, --help and --verbose
 * (which run.ts also looks for, to print a stack trace).
 */
const COMMON = {
  uri: { type: 'string' },
  db: { type: 'string' },
  collection: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** Reading documents: which ones, and how inference treats a mix of types (export, schema). */
export const QUERY_OPTIONS = {
  filter: { type: 'string' },
  pipeline: { type: 'string' },
  'sample-size': { type: 'string' },
  conflicts: { type: 'string' },
} as const satisfies Options;

/** The progress display (export, import). */
export const PROGRESS_OPTIONS = {
  progress: { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const satisfies Options;

/** Parses a command's arguments: its own options with the common ones; unknown options are usage errors. */
export function parseCommand<T extends Options>(
  argv: string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<CommandConfig<T>>> {
  return parseArgs<CommandConfig<T>>({
    args: argv,
    strict: true,
    allowPositionals,
    options: { ...COMMON, ...options },
  });
}

interface CommandConfig<T extends Options> {
  args: string[];
  strict: true;
  allowPositionals: boolean;
  options: typeof COMMON & T;
}

/** `--conflicts`, checked. */
export function conflictsOption(value: string | undefined): DecoderSettings['conflicts'] {
  if (value !== undefined && !['error', 'null', 'string'].includes(value)) {
    throw new UsageError('--conflicts must be error, null or string');
  }
  return value as DecoderSettings['conflicts'];
}

/** `--progress` and `--quiet`: a live line on a terminal, the summary alone otherwise. */
export function progressMode(value: string | undefined, quiet: boolean, tty: boolean): ProgressMode {
  if (quiet || value === 'none') return 'quiet';
  if (value === 'json') return 'json';
  if (value !== undefined && value !== 'auto') throw new UsageError('--progress must be auto, json or none');
  return tty ? 'bar' : 'summary';
}
