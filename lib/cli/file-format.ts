import { UsageError } from './usage-error.js';

/** The formats that file extensions name, for export and import alike. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
  '.arrows': 'arrows',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
  '.csv': 'csv',
  '.bson': 'bson',
};

/**
 * `--format` when given (it must be one of `formats`), else the one of
 * `formats` that the file's extension names; undefined when neither says,
 * for the caller's own message.
 */
export function chooseFormat<F extends string>(
  formats: readonly F[],
  format: string | undefined,
  file: string,
): F | undefined {
  const known = (value: string): value is F => (formats as readonly string[]).includes(value);
  if (format !== undefined) {
    if (!known(format)) {
      throw new UsageError(`--format must be one of ${formats.join(', ')}, got ${JSON.stringify(format)}`);
    }
    return format;
  }
  const extension = /\.[^./\\]+$/.exec(file)?.[0]?.toLowerCase();
  const named = extension === undefined ? undefined : EXTENSIONS[extension];
  return named !== undefined && known(named) ? named : undefined;
}
