/** The connection options (lib/cli/options.ts, COMMON), alike in every command's help. */
const CONNECTION = `Connection:
  --uri URI              MongoDB connection string (default: $MONGODB_URI)
  --db NAME              database (default: the URI's)
  --collection NAME      collection (required)`;

/** `--help` texts; the README's "Command line" section shows the same. */
export const HELP = {
  main: `mongodb-arrow: MongoDB query results as Parquet, Arrow, NDJSON or CSV, and files back into collections

Usage:
  mongodb-arrow export --collection NAME --out FILE [options]
  mongodb-arrow import FILE --collection NAME [options]
  mongodb-arrow schema --collection NAME [options]
  mongodb-arrow --version

Run 'mongodb-arrow COMMAND --help' for a command's options.
Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted (Ctrl-C).`,
  export: `mongodb-arrow export: write a find or an aggregation to a file

Usage: mongodb-arrow export --collection NAME --out FILE|- [options]

${CONNECTION}
Query (a find, or --pipeline):
  --filter JSON          Extended JSON filter, inline or a file name
  --projection JSON      find projection
  --sort JSON            find sort
  --limit N              at most N documents
  --pipeline JSON        aggregation pipeline (array), inline or a file name
  --batch-size N         documents per server batch (the driver's batchSize)
Columns:
  --schema JSON          schema: a definition ({"price": "double"}) or Schema JSON, inline or a file;
                         default: inferred from the first --sample-size documents
  --sample-size N        documents to infer the schema from (default 10000); fields first seen
                         later are left out and listed in a warning
  --conflicts POLICY     error | null | string: a value whose type does not fit its column
Output:
  --out FILE|-           the file (written under a temporary name, renamed when complete) or - for stdout
  --format FORMAT        parquet | arrow (IPC file) | arrows (IPC stream) | ndjson | csv
                         (default: from the --out extension)
  --compression CODEC    parquet: zstd (default) | snappy | gzip | none
  --rows-per-group N     parquet: rows per row group (default 122880)
Display:
  --progress MODE        auto (default: a live line on a terminal, the summary otherwise) | json | none
  --quiet                no progress and no summary
  --verbose              stack traces with errors

Examples:
  mongodb-arrow export --uri mongodb://localhost:27017 --db shop --collection orders \\
    --filter '{"paid": true, "at": {"$gte": {"$date": "2024-01-01T00:00:00Z"}}}' --out orders.parquet
  mongodb-arrow export --db shop --collection orders --pipeline stages.json --format csv --out - | head`,
  import: `mongodb-arrow import: write a file's rows into a collection

Usage: mongodb-arrow import FILE --collection NAME [options]

${CONNECTION}
Input:
  FILE                   parquet | arrow (IPC file) | arrows (IPC stream) | ndjson (Extended JSON, one
                         document a line, as mongoexport writes) | bson (concatenated documents, as mongodump writes)
  --format FORMAT        the format, when the extension does not say (.parquet .arrow .arrows .ndjson .jsonl .json .bson)
  --schema JSON          BSON types of columns the file does not tag (an ObjectId column as text from
                         another tool); for bson and ndjson the schema to read with (default: inferred
                         from every document, fields of mixed types kept as Extended JSON)
Writing:
  --mode MODE            insert (default) | upsert (replace or insert by --key) | replace (by --key)
  --key FIELDS           the fields that identify a document, separated by commas (default: _id)
  --drop                 drop the collection first (once the file has been opened)
  --ordered              stop at the first failed row (the rest are reported as not attempted)
  --nulls POLICY         omit (default: a null field is left out) | null (written as BSON null)
  --batch-size N         documents per insert or update command (default 10000)
Display:
  --progress MODE        auto | json | none, as for export
  --quiet                no progress and no summary (failed rows are still listed)
  --verbose              stack traces with errors

Each row the server refuses is one line on stderr (row number from 0, error code, message), and the exit
code is then 1. Ctrl-C stops sending (exit code 130) and says how many rows the server had acknowledged.

Examples:
  mongodb-arrow import orders.parquet --db shop --collection orders_copy --drop
  mongodb-arrow import dump/shop/orders.bson --uri mongodb://localhost:27017 --db shop --collection orders
  mongodb-arrow import prices.ndjson --db shop --collection prices --mode upsert --key sku,day`,
  schema: `mongodb-arrow schema: print the schema inferred from a collection, with per-field counts

Usage: mongodb-arrow schema --collection NAME [options]

Beside each field: the documents it appears in (null or not), how many of them hold null, and the
values of a type that cannot share a column with its most common type (conflicts: strings among
numbers; numbers that widen are none). Nested fields count within their embedded documents.

  --uri URI, --db NAME, --collection NAME   as for export
  --filter JSON | --pipeline JSON           infer from these documents only
  --sample-size N                           infer from the first N documents (default: all)
  --conflicts POLICY                        error | null | string (default: inference's)
  --json                                    the Schema JSON (what --schema reads back) with "counts"
  --arrow                                   the Arrow schema with its field metadata

Example:
  mongodb-arrow schema --db shop --collection orders --sample-size 1000`,
} as const;
