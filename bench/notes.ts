/** The notes printed with every run: what each figure is and what it includes. */
import type { Options } from './args.js';

export function runNotes(options: Options, cores: number, serverIsLocal: boolean): string[] {
  const batch = options.batchSize.toLocaleString('en-US');
  return [
    serverIsLocal
      ? `${cores} cores shared by the client, the server (mongo-java-server in memory, a JVM on the same machine) and whatever else runs. This server serves far faster than FerretDB (the test server), but it is not mongod: its cost per document differs, so compare contenders within one run, not with another server's figures.`
      : `${cores} cores on the client side; the server is the one in MONGODB_URI, and its CPU time is not read.`,
    "Decode-only: the shape's BSON (generated once, bench/.data) is held in memory; ours is the public decodeBson(bytes, { schema }) on it, PyMongoArrow's process_bson_stream gets the same bytes, the pure-JS contender deserializes them with js-bson and builds the table with the best plain-JS builder we could write (bench/contenders/columnar.ts).",
    'Extension shape: PyMongoArrow keeps Decimal128 as 16 raw bytes, ours formats each as exact text by default; the "Decimal128 as 16 bytes" row (decimal128: \'binary\') is the like-for-like one, and the PyMongoArrow ratio is taken against it.',
    `End to end: every find (the floor, findArrow, toArray, PyMongoArrow) sends the same filter, projection (the shape's fields; _id only where the shape has one) and batchSize ${batch}. aggregateArrow appends the schema's $project (which keeps _id) and asks for the same batchSize, but mongo-java-server ignores cursor.batchSize and sends the whole result in one reply (a real mongod would not), so nothing overlaps with its decoding.`,
    "Floors: the same query with raw: true, each reply's batch taken whole (as our reads take it) and nothing decoded: what the server, the network and the driver's cursor cost. The floor is the find; the aggregate floor (full mode) is aggregateArrow's aggregate. \"ms over its floor\" is the part of a load that is not the server's. The driver's public raw cursor (readBufferedDocuments, full mode) makes a view of every document, so it is not the floor.",
    "Server CPU: the server process's user + system time during each run (/proc/<pid>/stat, all threads, 10 ms ticks), median over the runs: the server's own serving time.",
    'Node contenders of one shape and mode run in one child process and take turns run by run (after one warm-up each); PyMongoArrow runs in its own process right after. Medians of the runs.',
    'MB/s is BSON bytes of the documents (as generated) per second.',
    'RSS growth: the largest rise of the process RSS over one run (RSS right after the run minus RSS after the GC before it); it counts the result and whatever garbage is still uncollected.',
    'aggregateArrowStream (full mode only): the rows of every record batch are counted and the batch dropped.',
    `Runs: ${options.runs} timed after a warm-up${options.quick ? ` (quick mode: decode-only every shape, the wide one capped at 5,000 documents; end to end ${options.endToEndShapes.join(', ')}; the aggregate floor, the public raw cursor, aggregateArrowStream and tableFromJSON only in full mode)` : ''}.`,
  ];
}
