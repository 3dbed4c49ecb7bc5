/** `--help` texts; the README's "Command line" section shows the same. */
export const HELP = {
  main: `mongodb-arrow: MongoDB query results as Parquet, Arrow, NDJSON or CSV

Usage:
  mongodb-arrow export --collection NAME --out FILE [options]
  mongodb-arrow schema --collection NAME [options]
  mongodb-arrow --version

Run 'mongodb-arrow COMMAND --help' for a command's options.
Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted (Ctrl-C).`,
  export: `mongodb-arrow export: write a find or an aggregation to a file

Usage: mongodb-arrow export --collection NAME --out FILE|- [options]

Connection:
  --uri URI              MongoDB connection string (default: $MONGODB_URI)
  --db NAME              database (default: the URI's)
  --collection NAME      collection (required)
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
  schema: `mongodb-arrow schema: print the schema inferred from a collection

Usage: mongodb-arrow schema --collection NAME [options]

  --uri URI, --db NAME, --collection NAME   as for export
  --filter JSON | --pipeline JSON           infer from these documents only
  --sample-size N                           infer from the first N documents (default: all)
  --conflicts POLICY                        error | null | string (default: inference's)
  --json                                    the Schema JSON (what --schema reads back)
  --arrow                                   the Arrow schema with its field metadata

Example:
  mongodb-arrow schema --db shop --collection orders --sample-size 1000`,
} as const;
