import { type Table, tableToIPC } from 'apache-arrow';
import type { Collection, Document, Filter } from 'mongodb';
import { MongoArrowError } from '../errors/errors.js';
import type { AggregateArrowOptions, FindArrowOptions } from '../pipeline/read-options.js';
import { attachReport, readReport } from '../pipeline/report.js';
import { mapsAsPolarsLists } from './polars-maps.js';
// Types only: nothing of nodejs-polars is loaded until a DataFrame is asked for.
import type { DataFrame, Polars } from './polars-types.js';
import { prepareAggregate, prepareFind, readTable } from './read.js';

/** @internal How nodejs-polars is loaded; tests pass another to see a missing package. */
export type PolarsLoader = () => Promise<unknown>;

const PACKAGE = 'nodejs-polars';

// A variable specifier would hide the optional dependency from bundlers; a literal keeps it visible.
const importPolars: PolarsLoader = () => import('nodejs-polars');

let loaded: Polars | undefined;

/**
 * Whether a failure to load nodejs-polars came from its own native binary
 * (the package is there; its platform package is missing or refused this
 * Node version) rather than from the package being absent. The napi-rs
 * loader nodejs-polars uses says "native binding" or names the platform
 * package or `.node` file.
 */
function isNativeBinaryFailure(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /native binding|\.node\b|nodejs-polars-(linux|darwin|win32|android|freebsd)/.test(message);
}

/**
 * Loads nodejs-polars on first use. A failure to load it becomes
 * `MISSING_PEER`, the cause kept, telling apart a package that is not
 * installed from one whose native binary did not load: nodejs-polars 0.25
 * and later ship binaries for Node.js 22 and later only, and npm skips them
 * on Node.js 20 without a word.
 */
export async function loadPolars(caller: string, loader: PolarsLoader = importPolars): Promise<Polars> {
  if (loader === importPolars && loaded) return loaded;
  let module: unknown;
  try {
    module = await loader();
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const message = isNativeBinaryFailure(err)
      ? `${caller} needs the optional peer dependency "${PACKAGE}": it is installed, but its native binary for ` +
        `${process.platform}-${process.arch} did not load on Node.js ${process.versions.node} (${reason}). ` +
        `nodejs-polars 0.25 and later ship binaries for Node.js 22 and later only; on Node.js 20 run ` +
        `npm install ${PACKAGE}@0.24, elsewhere reinstall without --omit=optional.`
      : `${caller} needs the optional peer dependency "${PACKAGE}", which is not installed (${reason}). ` +
        `Install it with: npm install ${PACKAGE}` +
        (Number(process.versions.node.split('.')[0]) < 22 ? `@0.24 (later versions need Node.js 22)` : '');
    throw new MongoArrowError('MISSING_PEER', message, { cause: err });
  }
  // Through ESM interop the CommonJS exports arrive as `default` (and, mostly, as named exports too).
  const candidate = (module as { default?: unknown }).default ?? module;
  if (typeof (candidate as Partial<Polars>).readIPCStream !== 'function') {
    throw new MongoArrowError('MISSING_PEER', `${caller}: "${PACKAGE}" loaded but has no readIPCStream function`);
  }
  const polars = candidate as Polars;
  if (loader === importPolars) loaded = polars;
  return polars;
}

/** @internal {@link tableToPolars} naming its caller in errors, with an injectable loader for tests. */
export async function toPolars(table: Table, caller: string, loader?: PolarsLoader): Promise<DataFrame> {
  const pl = await loadPolars(caller, loader);
  // A schema without fields (inferred from no documents) has no IPC form Polars accepts.
  if (table.schema.fields.length === 0) return pl.DataFrame({});
  return attachReport(pl.readIPCStream(Buffer.from(tableToIPC(mapsAsPolarsLists(table), 'stream'))), readReport(table));
}

/**
 * Converts an Arrow table to a nodejs-polars DataFrame through one Arrow IPC
 * stream (Polars copies it into its own memory). Column types carry over:
 * Timestamp(ms, UTC) becomes `Datetime(ms, UTC)`, structs and lists stay nested, and
 * a map becomes Polars' own form of one, `List(Struct{key, value})` (handed over in
 * that form, because Polars reads a null Arrow Map as an empty list).
 * Rejects with `MISSING_PEER` when nodejs-polars is not installed.
 *
 * @example
 * ```ts
 * const df = await tableToPolars(await decodeBson(bytes));
 * ```
 */
export async function tableToPolars(table: Table): Promise<DataFrame> {
  return toPolars(table, 'tableToPolars');
}

/**
 * Runs `find` and returns a nodejs-polars DataFrame. Same filter and options
 * as `findArrow`. `nodejs-polars` is an optional peer dependency: without it
 * this rejects with `MISSING_PEER`.
 *
 * @example
 * ```ts
 * // npm install nodejs-polars
 * const df = await findPolars(trades, { venue: 'XNYS' }, { schema: { sku: 'string', price: 'double' } });
 * console.log(df.groupBy('sku').agg(pl.col('price').mean()).toString());
 * ```
 */
export async function findPolars<T extends Document>(
  collection: Collection<T>,
  filter?: Filter<T>,
  options?: FindArrowOptions,
): Promise<DataFrame> {
  const read = prepareFind(collection, filter, options, 'findPolars', 'table');
  // Fail on a missing peer before querying the server.
  await loadPolars('findPolars');
  return toPolars(await readTable(read), 'findPolars');
}

/**
 * Runs an aggregation pipeline and returns a nodejs-polars DataFrame. Same
 * pipeline and options as `aggregateArrow`; `MISSING_PEER` without `nodejs-polars`.
 *
 * @example
 * ```ts
 * const df = await aggregatePolars(trades, [{ $match: { venue: 'XNYS' } }], {
 *   schema: { sku: 'string', qty: 'int32', at: 'date' },
 * });
 * df.shape; // { height, width }
 * ```
 */
export async function aggregatePolars<T extends Document>(
  collection: Collection<T>,
  pipeline: readonly Document[],
  options?: AggregateArrowOptions,
): Promise<DataFrame> {
  const read = prepareAggregate(collection, pipeline, options, 'aggregatePolars', 'table');
  await loadPolars('aggregatePolars');
  return toPolars(await readTable(read), 'aggregatePolars');
}
