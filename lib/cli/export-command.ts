import type { Document, Sort } from 'mongodb';
import { aggregateArrowStream, findArrowStream } from '../api/read.js';
import { openCollection, parseCount } from './connection.js';
import { formatOf, writeFormat } from './formats.js';
import { HELP } from './help.js';
import { parseJsonOption, parseObjectOption } from './json-input.js';
import {
  type CommandIo,
  conflictsOption,
  PROGRESS_OPTIONS,
  parseCommand,
  progressMode,
  QUERY_OPTIONS,
} from './options.js';
import { ProgressDisplay } from './progress.js';
import { parseSchemaOption } from './schema-option.js';
import { EXIT, UsageError } from './usage-error.js';

/** Export infers the schema from this many documents unless told: a file's schema is fixed at its start. */
const DEFAULT_SAMPLE = 10_000;

function pipelineOption(text: string | undefined): Document[] | undefined {
  if (text === undefined) return undefined;
  const value = parseJsonOption('pipeline', text);
  if (!Array.isArray(value)) throw new UsageError('--pipeline must be a JSON array of stages');
  return value as Document[];
}

export async function exportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommand(argv, {
    ...QUERY_OPTIONS,
    ...PROGRESS_OPTIONS,
    projection: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
    schema: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    compression: { type: 'string' },
    'rows-per-group': { type: 'string' },
    'batch-size': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${HELP.export}\n`);
    return EXIT.ok;
  }
  if (!values.out) throw new UsageError('--out FILE (or - for stdout) is required');
  const format = formatOf(values.format, values.out);
  const filter = parseObjectOption('filter', values.filter);
  const pipeline = pipelineOption(values.pipeline);
  if (pipeline && (filter || values.projection || values.sort || values.limit)) {
    throw new UsageError('--pipeline replaces --filter, --projection, --sort and --limit: put them in the pipeline');
  }
  const projection = parseObjectOption('projection', values.projection);
  const sort = parseObjectOption('sort', values.sort);
  const limit = parseCount('limit', values.limit);
  const schema = parseSchemaOption(values.schema);
  const sampleSize = parseCount('sample-size', values['sample-size']) ?? DEFAULT_SAMPLE;
  const conflicts = conflictsOption(values.conflicts);
  const compression = values.compression as 'zstd' | 'snappy' | 'gzip' | 'none' | undefined;
  if (
    compression !== undefined &&
    (format !== 'parquet' || !['zstd', 'snappy', 'gzip', 'none'].includes(compression))
  ) {
    throw new UsageError('--compression is for parquet: zstd, snappy, gzip or none');
  }
  const rowGroupRows = parseCount('rows-per-group', values['rows-per-group']);
  const batchSize = parseCount('batch-size', values['batch-size']);
  const mode = progressMode(values.progress, values.quiet, io.stderr.isTTY === true);

  const { client, collection } = await openCollection(values);
  try {
    // The total for the percentage: exact for a filter, the cheap estimate without; pipelines have none.
    let total: number | undefined;
    if (!pipeline && mode !== 'quiet') {
      total = await (filter && Object.keys(filter).length > 0
        ? collection.countDocuments(filter, limit ? { limit } : {})
        : collection.estimatedDocumentCount()
      ).catch(() => undefined);
      if (total !== undefined && limit !== undefined) total = Math.min(total, limit);
    }
    const progress = new ProgressDisplay(io.stderr, mode, total);
    const readOptions = {
      ...(schema && { schema }),
      ...(conflicts && { conflicts }),
      sampleSize,
      ...(batchSize && { batchSize }),
      signal: io.signal,
      onProgress: (p: Parameters<ProgressDisplay['update']>[0]) => progress.update(p),
    };
    const stream = pipeline
      ? aggregateArrowStream(collection, pipeline, readOptions)
      : findArrowStream(collection, filter ?? {}, {
          ...readOptions,
          ...(projection && { projection }),
          ...(sort && { sort: sort as Sort }),
          ...(limit && { limit }),
        });
    const metadata: Record<string, string> = {
      'mongodb-arrow.database': collection.dbName,
      'mongodb-arrow.collection': collection.collectionName,
      ...(pipeline
        ? { 'mongodb-arrow.pipeline': JSON.stringify(pipeline) }
        : { 'mongodb-arrow.filter': JSON.stringify(filter ?? {}) }),
    };
    const target = values.out === '-' ? io.stdout : values.out;
    try {
      const written = await writeFormat(format, stream, target, {
        ...(compression && { compression }),
        ...(rowGroupRows && { rowGroupRows }),
        metadata,
        emptySchema: () => stream.schema?.toArrow(),
      });
      progress.finish({ ...written, target: values.out === '-' ? 'stdout' : values.out });
    } catch (err) {
      progress.clear();
      throw err;
    }
    if (stream.droppedFields.size > 0 && mode !== 'quiet') {
      const fields = [...stream.droppedFields].map(([name, n]) => `${name} (${n})`).join(', ');
      io.stderr.write(
        `warning: fields not in the first ${sampleSize} documents were left out: ${fields}; raise --sample-size or give --schema\n`,
      );
    }
    return EXIT.ok;
  } finally {
    await client.close();
  }
}
