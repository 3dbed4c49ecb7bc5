import { open } from 'node:fs/promises';
import { type RecordBatch, RecordBatchReader } from 'apache-arrow';
import { inferFromSource } from '../api/infer.js';
import { readParquet } from '../api/parquet-read.js';
import { planRead } from '../pipeline/read-options.js';
import { ArrowBatchStream } from '../pipeline/stream.js';
import { Schema } from '../schema/schema.js';
import type { FieldType, SchemaField } from '../schema/schema-types.js';
import { bsonFileSource } from '../sources/file.js';
import { DEFAULT_CHUNK_BYTES } from '../sources/memory.js';
import type { RawBatchSource } from '../sources/raw-batch.js';
import { chooseFormat } from './file-format.js';
import { ndjsonSource } from './ndjson-source.js';
import { UsageError } from './usage-error.js';

/** The file formats of `import`: export's binary ones, and the two that mongoexport and mongodump write. */
export const IMPORT_FORMATS = ['parquet', 'arrow', 'arrows', 'ndjson', 'bson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** `--format`, or the format the file's extension names. */
export function importFormatOf(format: string | undefined, file: string): ImportFormat {
  const known = chooseFormat(IMPORT_FORMATS, format, file);
  if (!known) {
    throw new UsageError(
      `cannot tell the format from ${JSON.stringify(file)}: give --format (${IMPORT_FORMATS.join(', ')})`,
    );
  }
  return known;
}

/** The rows of a file, and how many there are when that is known before the write. */
export interface ImportInput {
  readonly batches: AsyncIterable<RecordBatch>;
  readonly rows: number | undefined;
  /** BSON and NDJSON read with a given schema: the fields it left out, with the documents that had them. */
  readonly droppedFields?: () => ReadonlyMap<string, number>;
}

/**
 * A file's record batches. Arrow and Parquet files carry their types (and
 * mongodb-arrow's field metadata, for the BSON types Arrow has no type of).
 * BSON and NDJSON files are documents: their schema is inferred from every
 * document first (a second pass over the file), so no field is dropped,
 * unless `schema` is given.
 */
export async function openImport(
  format: ImportFormat,
  file: string,
  schema: Schema | undefined,
  signal: AbortSignal,
): Promise<ImportInput> {
  switch (format) {
    case 'parquet':
      return { batches: readParquet(file), rows: undefined };
    case 'arrow':
      // A file handle: the IPC file's footer is read first, then one batch at a time.
      return { batches: await RecordBatchReader.from(await open(file)), rows: undefined };
    case 'arrows': {
      const handle = await open(file);
      return { batches: await RecordBatchReader.from(handle.createReadStream()), rows: undefined };
    }
    case 'ndjson':
    case 'bson': {
      const source = () => (format === 'bson' ? bsonFileSource(file, DEFAULT_CHUNK_BYTES) : ndjsonSource(file));
      return documentInput(() => abortable(source(), signal), schema);
    }
  }
}

async function documentInput(source: () => RawBatchSource, declared: Schema | undefined): Promise<ImportInput> {
  let schema = declared;
  let rows: number | undefined;
  if (!schema) {
    const inferred = await inferFromSource(source(), {});
    schema = losslessSchema(inferred.schema);
    rows = inferred.counts.documents;
  }
  const { plan } = planRead({ schema }, 'import', 'stream');
  const stream = new ArrowBatchStream(source, plan);
  return { batches: stream, rows, droppedFields: () => stream.droppedFields };
}

/** A source that stops at Ctrl-C: the inference pass over a large file is not left to run to its end. */
function abortable(source: RawBatchSource, signal: AbortSignal): RawBatchSource {
  return {
    next: () => (signal.aborted ? Promise.reject(signal.reason) : source.next()),
    close: () => source.close(),
  };
}

/**
 * The inferred schema with every `text` column (a field of types that
 * cannot share a column) as `extendedJson`: text would write every value
 * back as a string, canonical Extended JSON writes back the value it was.
 */
export function losslessSchema(schema: Schema): Schema {
  const field = (f: SchemaField): SchemaField => ({ ...f, type: lossless(f.type) });
  const lossless = (type: FieldType): FieldType => {
    if (type === 'text') return 'extendedJson';
    if (typeof type === 'string') return type;
    switch (type.type) {
      case 'document':
        return { ...type, fields: type.fields.map(field) };
      case 'list':
        return { ...type, items: lossless(type.items) };
      case 'map':
        return { ...type, values: lossless(type.values) };
      default:
        return type;
    }
  };
  return Schema.fromJSON({ fields: schema.toJSON().fields.map(field) });
}
