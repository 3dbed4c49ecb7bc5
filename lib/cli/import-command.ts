import { stat } from 'node:fs/promises';
import type { Collection } from 'mongodb';
import { writeArrow } from '../api/write.js';
import { WriteAbortedError, type WriteResult } from '../errors/write-result.js';
import type { WriteMode } from '../pipeline/write-options.js';
import { openCollection, parseCount } from './connection.js';
import { HELP } from './help.js';
import { importFormatOf, openImport } from './import-sources.js';
import { type CommandIo, PROGRESS_OPTIONS, parseCommand, progressMode } from './options.js';
import { ProgressDisplay } from './progress.js';
import { parseSchemaOption } from './schema-option.js';
import { EXIT, UsageError } from './usage-error.js';

const MODES: readonly WriteMode[] = ['insert', 'upsert', 'replace'];

function keyOption(text: string | undefined, mode: WriteMode): string[] | undefined {
  if (text === undefined) return undefined;
  if (mode === 'insert') throw new UsageError('--key needs --mode upsert or replace');
  const key = text.split(',').map((name) => name.trim());
  if (key.some((name) => name === ''))
    throw new UsageError(`--key must be field names separated by commas, got ${JSON.stringify(text)}`);
  return key;
}

/** Drops the collection; one that does not exist yet is fine (servers before 7.0 call that an error, some with no code). */
async function drop(collection: Collection): Promise<void> {
  await collection.drop().catch((err: { codeName?: string; code?: number; message?: string }) => {
    if (err?.codeName !== 'NamespaceNotFound' && err?.code !== 26 && !/ns not found/i.test(err?.message ?? ''))
      throw err;
  });
}

/** One stderr line per row the server (or the encoder) refused. */
function reportFailures(result: WriteResult, io: CommandIo): void {
  for (const failure of result.failed) {
    io.stderr.write(
      `mongodb-arrow: row ${failure.row} failed [${failure.code}]: ${failure.message.replaceAll('\n', ' ')}\n`,
    );
  }
}

export async function importCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      ...PROGRESS_OPTIONS,
      format: { type: 'string' },
      mode: { type: 'string' },
      key: { type: 'string' },
      schema: { type: 'string' },
      nulls: { type: 'string' },
      drop: { type: 'boolean', default: false },
      ordered: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(`${HELP.import}\n`);
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('give the FILE to import');
  if (extra.length > 0) throw new UsageError(`one FILE at a time, got ${positionals.length}`);
  const format = importFormatOf(values.format, file);
  const mode = (values.mode ?? 'insert') as WriteMode;
  if (!MODES.includes(mode)) throw new UsageError('--mode must be insert, upsert or replace');
  const key = keyOption(values.key, mode);
  const nulls = values.nulls as 'omit' | 'null' | undefined;
  if (nulls !== undefined && nulls !== 'omit' && nulls !== 'null') throw new UsageError('--nulls must be omit or null');
  const schema = parseSchemaOption(values.schema);
  const batchSize = parseCount('batch-size', values['batch-size']);
  const display = progressMode(values.progress, values.quiet, io.stderr.isTTY === true);
  const { size } = await stat(file);

  const { client, collection } = await openCollection(values);
  try {
    // The file is opened (and a BSON or NDJSON file's schema inferred) before --drop, so a bad file drops nothing.
    const input = await openImport(format, file, schema, io.signal);
    if (values.drop) await drop(collection);
    const progress = new ProgressDisplay(io.stderr, display, input.rows);
    const target = `${collection.dbName}.${collection.collectionName}`;
    let result: WriteResult;
    try {
      result = await writeArrow(collection, input.batches, {
        mode,
        ...(key && { key }),
        ...(nulls && { nulls }),
        ...(schema && { schema }),
        ordered: values.ordered,
        ...(batchSize && { batchSize }),
        signal: io.signal,
        onProgress: (p) => progress.update({ documents: p.rows, bytes: p.bytes, batches: p.batches }),
      });
    } catch (err) {
      progress.clear();
      if (!(err instanceof WriteAbortedError)) throw err;
      reportFailures(err.result, io);
      io.stderr.write(`mongodb-arrow: interrupted; ${acknowledged(err.result)} rows were acknowledged by the server\n`);
      return EXIT.interrupted;
    }
    progress.finish({ rows: result.rows, bytes: size, target, import: { source: file, failed: result.failed.length } });
    reportFailures(result, io);
    if (result.stoppedEarly) {
      io.stderr.write(
        `mongodb-arrow: stopped at the first failure (--ordered): rows after row ${result.rows - 1} were not read\n`,
      );
    }
    const dropped = input.droppedFields?.();
    if (dropped && dropped.size > 0 && display !== 'quiet') {
      const fields = [...dropped].map(([name, n]) => `${name} (${n})`).join(', ');
      io.stderr.write(`warning: fields not in --schema were left out: ${fields}\n`);
    }
    return result.failed.length > 0 ? EXIT.error : EXIT.ok;
  } finally {
    await client.close();
  }
}

/** Rows the server wrote: inserted, matched (replaced) or upserted. */
function acknowledged(result: WriteResult): number {
  return result.insertedCount + result.matchedCount + result.upsertedCount;
}
