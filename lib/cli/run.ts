import { MongoArrowError } from '../errors/errors.js';
import { packageVersion } from '../native/native.js';
import { exportCommand } from './export-command.js';
import { HELP } from './help.js';
import { importCommand } from './import-command.js';
import { maskCredentials } from './mask.js';
import type { CommandIo } from './options.js';
import { schemaCommand } from './schema-command.js';
import { EXIT, UsageError } from './usage-error.js';

const COMMANDS: Readonly<Record<string, (argv: string[], io: CommandIo) => Promise<number>>> = {
  export: exportCommand,
  import: importCommand,
  schema: schemaCommand,
};

/** One line for a person: our stable code, or the server's error code name. */
function describeError(err: unknown): string {
  if (err instanceof MongoArrowError) return `error [${err.code}]: ${err.message}`;
  const e = err as { name?: unknown; message?: unknown; codeName?: unknown; code?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (typeof e?.name === 'string' && e.name.startsWith('Mongo')) {
    const code = typeof e.codeName === 'string' ? e.codeName : e.code !== undefined ? String(e.code) : e.name;
    return `${e.name === 'MongoServerError' ? 'server error' : 'error'} [${code}]: ${message}`;
  }
  return `error: ${message}`;
}

/** Runs the command line; returns the exit code. Never throws. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout).write(`${HELP.main}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === '--version' || command === '-V') {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    return await handler(rest, io);
  } catch (err) {
    if (io.signal.aborted) {
      io.stderr.write('mongodb-arrow: interrupted; nothing was written\n');
      return EXIT.interrupted;
    }
    const usage =
      err instanceof UsageError || (err as { code?: unknown })?.code?.toString().startsWith('ERR_PARSE_ARGS');
    const text = usage
      ? `${(err as Error).message}\nRun 'mongodb-arrow ${command ?? ''} --help' for usage.`
      : describeError(err);
    io.stderr.write(`mongodb-arrow: ${maskCredentials(text)}\n`);
    if (verbose && err instanceof Error && err.stack) io.stderr.write(`${maskCredentials(err.stack)}\n`);
    return usage ? EXIT.usage : EXIT.error;
  }
}
