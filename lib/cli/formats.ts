import type { Writable } from 'node:stream';
import {
  type Schema as ArrowSchema,
  type RecordBatch,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Table,
} from 'apache-arrow';
import { type ByteSink, openSink } from '../api/file-sink.js';
import { writeParquet } from '../api/parquet-write.js';
import type { ArrowBatchStream } from '../pipeline/stream.js';
import { chooseFormat } from './file-format.js';
import { jsonValue } from './json-values.js';
import { UsageError } from './usage-error.js';

/** The file formats of `export`. */
export const FORMATS = ['parquet', 'arrow', 'arrows', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** `--format`, or the format the output file's extension names. */
export function formatOf(format: string | undefined, out: string): Format {
  const known = chooseFormat(FORMATS, format, out);
  if (!known) {
    throw new UsageError(
      out === '-'
        ? '--out - (stdout) needs --format'
        : `cannot tell the format from ${JSON.stringify(out)}: give --format (${FORMATS.join(', ')})`,
    );
  }
  return known;
}

/** Where the file goes: a path (written atomically) or stdout. */
export type Target = string | Writable;

export interface WriteSettings {
  readonly compression?: 'zstd' | 'snappy' | 'gzip' | 'none';
  readonly rowGroupRows?: number;
  readonly metadata?: Readonly<Record<string, string>>;
  /** The schema of an empty result, which has no batch to take it from. */
  readonly emptySchema: () => ArrowSchema | undefined;
}

/** Batches counted as they pass, for the summary. */
async function* counted(batches: AsyncIterable<RecordBatch>, rows: { n: number }): AsyncGenerator<RecordBatch> {
  for await (const batch of batches) {
    rows.n += batch.numRows;
    yield batch;
  }
}

async function writeIpc(
  format: 'arrow' | 'arrows',
  batches: AsyncIterable<RecordBatch>,
  sink: ByteSink,
  settings: WriteSettings,
) {
  const writer = format === 'arrow' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  // apache-arrow queues the encoded bytes; this drains them into the sink as they come.
  let failure: { error: unknown } | undefined;
  const pump = (async () => {
    for await (const chunk of writer) await sink.write(chunk);
  })().catch((error: unknown) => {
    failure = { error };
  });
  let any = false;
  for await (const batch of batches) {
    if (failure) break;
    writer.write(batch);
    any = true;
  }
  if (!any && !failure) {
    const schema = settings.emptySchema();
    if (schema) writer.write(new Table(schema));
  }
  await writer.close();
  await pump;
  if (failure) throw failure.error;
}

/** One line of CSV: fields with a comma, quote, line break or edge space are quoted. */
function csvCell(value: ReturnType<typeof jsonValue>): string {
  if (value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function writeText(
  format: 'ndjson' | 'csv',
  batches: AsyncIterable<RecordBatch>,
  sink: ByteSink,
  settings: WriteSettings,
) {
  let header = format === 'csv';
  const writeHeader = async (schema: ArrowSchema | undefined) => {
    if (!header || !schema) return;
    header = false;
    await sink.write(Buffer.from(`${schema.fields.map((f) => csvCell(f.name)).join(',')}\r\n`));
  };
  for await (const batch of batches) {
    await writeHeader(batch.schema);
    const fields = batch.schema.fields;
    const columns = fields.map((_, i) => batch.getChildAt(i));
    const lines: string[] = [];
    for (let row = 0; row < batch.numRows; row++) {
      if (format === 'csv') {
        lines.push(
          `${columns.map((c, i) => csvCell(jsonValue(c?.get(row), (fields[i] as (typeof fields)[number]).type))).join(',')}\r\n`,
        );
      } else {
        const object: Record<string, unknown> = {};
        fields.forEach((field, i) => {
          object[field.name] = jsonValue(columns[i]?.get(row), field.type);
        });
        lines.push(`${JSON.stringify(object)}\n`);
      }
    }
    await sink.write(Buffer.from(lines.join('')));
  }
  await writeHeader(settings.emptySchema());
}

/** Writes the batches in `format`; returns rows and bytes written. A failure leaves no file at a path target. */
export async function writeFormat(
  format: Format,
  batches: ArrowBatchStream,
  target: Target,
  settings: WriteSettings,
): Promise<{ rows: number; bytes: number }> {
  if (format === 'parquet') {
    const { compression, rowGroupRows, metadata } = settings;
    // The stream itself: writeParquet records its schema, and takes an empty result's schema from it.
    return writeParquet(batches, target, {
      ...(compression && { compression }),
      ...(rowGroupRows && { rowGroupRows }),
      ...(metadata && { metadata }),
    });
  }
  const sink = await openSink(target, 'export');
  const rows = { n: 0 };
  try {
    if (format === 'arrow' || format === 'arrows') await writeIpc(format, counted(batches, rows), sink, settings);
    else await writeText(format, counted(batches, rows), sink, settings);
    await sink.commit();
  } catch (err) {
    await sink.abort();
    throw err;
  }
  return { rows: rows.n, bytes: sink.bytes };
}
