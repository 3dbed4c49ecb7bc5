import type { Schema as ArrowSchema } from 'apache-arrow';
import type { ClientSession, WriteConcern, WriteConcernSettings } from 'mongodb';
import { describeValue, MongoArrowError } from '../errors/errors.js';
import { Schema } from '../schema/schema.js';
import type { SchemaDefinition } from '../schema/schema-types.js';
import { checkOption, isAbortSignal } from './option-checks.js';

/** How rows become writes: new documents, or documents matched by a key. */
export type WriteMode = 'insert' | 'replace' | 'upsert';

/** Progress of a write, reported after each acknowledged server command. */
export interface WriteProgress {
  /** Input rows settled so far: acknowledged by the server (written or refused), or not encodable. */
  readonly rows: number;
  /** BSON bytes of the documents acknowledged so far. */
  readonly bytes: number;
  /** Server commands acknowledged so far. */
  readonly batches: number;
}

/** Documents and bytes per server command. */
export interface WriteBatchSize {
  /** Documents per command (default 10,000; at most 100,000, the server's `maxWriteBatchSize`). */
  readonly documents?: number;
  /** BSON bytes per command (default 16 MiB; at most 47 MiB, under the 48 MB message limit). */
  readonly bytes?: number;
}

/** Options of {@link writeArrow}. */
export interface WriteOptions {
  /** `'insert'` (default) new documents; `'replace'` the documents matched by `key`; `'upsert'` replace or insert. */
  readonly mode?: WriteMode;
  /** The field(s) that identify a document in `'replace'` and `'upsert'` (default `_id`); dotted paths reach into documents. */
  readonly key?: string | readonly string[];
  /** A null field: left out of the document (`'omit'`, default) or written as BSON null (`'null'`). */
  readonly nulls?: 'omit' | 'null';
  /**
   * BSON types of the columns it names, for tables whose Arrow types do not
   * say (from another tool: an ObjectId or Decimal128 column as text). Tables
   * read by mongodb-arrow need none: their fields are tagged.
   */
  readonly schema?: Schema | SchemaDefinition | ArrowSchema;
  /** Top-level text (or 12-byte binary) columns to write as ObjectIds; shorthand for `schema: { f: 'objectId' }`. */
  readonly objectIdFields?: readonly string[];
  /** Stop at the first failure (rows after it are reported as not attempted). Default `false`. */
  readonly ordered?: boolean;
  readonly writeConcern?: WriteConcern | WriteConcernSettings;
  readonly bypassDocumentValidation?: boolean;
  readonly session?: ClientSession;
  readonly comment?: unknown;
  /** Documents per server command, or documents and bytes. */
  readonly batchSize?: number | WriteBatchSize;
  /** Server commands in flight at once (default 1; must be 1 with `ordered: true`). */
  readonly concurrency?: number;
  /** Stops the write: no command is sent after it; the write rejects with a `WriteAbortedError`. */
  readonly signal?: AbortSignal;
  /** Called after each acknowledged server command with running totals. */
  readonly onProgress?: (progress: WriteProgress) => void;
}

/** The driver's options of every command of a write. */
export interface CommandOptions {
  readonly ordered: boolean;
  /** Always set: the column-wise documents leave null fields `undefined` (write-columns.ts). */
  readonly ignoreUndefined: true;
  readonly writeConcern?: WriteConcern | WriteConcernSettings;
  readonly bypassDocumentValidation?: boolean;
  readonly session?: ClientSession;
  readonly comment?: unknown;
}

/** A write's options, checked. */
export interface WritePlan {
  readonly mode: WriteMode;
  readonly key: readonly string[];
  readonly nulls: 'omit' | 'null';
  readonly schema: Schema | undefined;
  readonly documentsPerCommand: number;
  readonly bytesPerCommand: number;
  readonly concurrency: number;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: WriteProgress) => void) | undefined;
  readonly command: CommandOptions;
}

const MAX_WRITE_BATCH_SIZE = 100_000;
// 48,000,000 bytes is the server's message limit; a MiB is left for the command around the documents.
const MAX_COMMAND_BYTES = 47 * 1024 * 1024;
const DEFAULT_DOCUMENTS = 10_000;
const DEFAULT_BYTES = 16 * 1024 * 1024;

const KNOWN = new Set([
  'mode',
  'key',
  'nulls',
  'schema',
  'objectIdFields',
  'ordered',
  'writeConcern',
  'bypassDocumentValidation',
  'session',
  'comment',
  'batchSize',
  'concurrency',
  'signal',
  'onProgress',
]);

/** Checks a write's options; every mistake is `INVALID_ARGUMENT` naming the option, before anything is written. */
export function planWrite(options: WriteOptions | undefined, caller: string): WritePlan {
  const fail = (message: string): never => {
    throw new MongoArrowError('INVALID_ARGUMENT', `${caller}: ${message}`);
  };
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    fail(`options must be an object, got ${describeValue(options)}`);
  }
  const o = options ?? {};
  for (const name of Object.keys(o)) if (!KNOWN.has(name)) fail(`unknown option '${name}'`);
  const check = (name: keyof WriteOptions, ok: (value: unknown) => boolean, what: string) =>
    checkOption(o[name], name, ok, what, caller);
  check('mode', (v) => v === 'insert' || v === 'replace' || v === 'upsert', "'insert', 'replace' or 'upsert'");
  check('nulls', (v) => v === 'omit' || v === 'null', "'omit' or 'null'");
  check('ordered', (v) => typeof v === 'boolean', 'a boolean');
  check('bypassDocumentValidation', (v) => typeof v === 'boolean', 'a boolean');
  check('concurrency', isPositiveInteger, 'a positive integer');
  check('signal', isAbortSignal, 'an AbortSignal');
  check('onProgress', (v) => typeof v === 'function', 'a function');
  check(
    'key',
    (v) => isFieldName(v) || (Array.isArray(v) && v.length > 0 && v.every(isFieldName)),
    'a field name or a non-empty array of them',
  );
  check('objectIdFields', (v) => Array.isArray(v) && v.every(isFieldName), 'an array of field names');
  check('batchSize', isBatchSize, 'a positive integer or { documents?, bytes? } of positive integers');
  const mode = o.mode ?? 'insert';
  const ordered = o.ordered ?? false;
  const concurrency = o.concurrency ?? 1;
  if (ordered && concurrency > 1)
    fail("'ordered: true' needs 'concurrency: 1': ordered commands run one after another");
  if (mode === 'insert' && o.key !== undefined) fail("option 'key' needs mode 'replace' or 'upsert'");
  const size: WriteBatchSize = typeof o.batchSize === 'number' ? { documents: o.batchSize } : (o.batchSize ?? {});
  return {
    mode,
    key: o.key === undefined ? ['_id'] : typeof o.key === 'string' ? [o.key] : [...o.key],
    nulls: o.nulls ?? 'omit',
    schema: hintSchema(o.schema, o.objectIdFields),
    documentsPerCommand: Math.min(size.documents ?? DEFAULT_DOCUMENTS, MAX_WRITE_BATCH_SIZE),
    bytesPerCommand: Math.min(size.bytes ?? DEFAULT_BYTES, MAX_COMMAND_BYTES),
    concurrency,
    signal: o.signal,
    onProgress: o.onProgress,
    command: {
      ordered,
      ignoreUndefined: true,
      ...(o.writeConcern !== undefined && { writeConcern: o.writeConcern }),
      ...(o.bypassDocumentValidation !== undefined && { bypassDocumentValidation: o.bypassDocumentValidation }),
      ...(o.session !== undefined && { session: o.session }),
      ...(o.comment !== undefined && { comment: o.comment }),
    },
  };
}

/** The declared types: the schema's, with the ObjectId fields added (they win over the schema's). */
function hintSchema(schema: WriteOptions['schema'], objectIdFields: readonly string[] | undefined): Schema | undefined {
  const base = schema === undefined ? undefined : Schema.from(schema);
  if (!objectIdFields?.length) return base;
  const ids = new Set(objectIdFields);
  const rest = (base?.fields ?? []).filter((f) => !ids.has(f.name));
  return Schema.fromFields([...rest, ...[...ids].map((name) => ({ name, type: 'objectId' as const }))]);
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function isFieldName(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function isBatchSize(value: unknown): boolean {
  if (isPositiveInteger(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const { documents, bytes, ...rest } = value as WriteBatchSize;
  return (
    Object.keys(rest).length === 0 &&
    (documents === undefined || isPositiveInteger(documents)) &&
    (bytes === undefined || isPositiveInteger(bytes))
  );
}
