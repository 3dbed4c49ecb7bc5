/**
 * The export a Node user writes today without this project (child process of
 * bench/export.ts, so its peak RSS is its own): the driver's `toArray()`, our
 * tuned plain-JS columnar Arrow builder (bench/contenders/columnar.ts), then
 * parquet-wasm (arrow-rs compiled to WebAssembly) with zstd, as the export
 * command writes by default. Everything is in memory at once: parquet-wasm
 * takes a whole table.
 *
 *   MONGODB_URI=... node --import tsx bench/export/pure-js-export.ts DB COLLECTION SHAPE OUT
 */
import { writeFileSync } from 'node:fs';
import { tableToIPC } from 'apache-arrow';
import { MongoClient } from 'mongodb';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node';
import { columnarTable } from '../contenders/columnar.js';
import { shapeByName } from '../shapes.js';

const [db, collection, shapeName, out] = process.argv.slice(2);
if (!db || !collection || !shapeName || !out) throw new Error('usage: pure-js-export.ts DB COLLECTION SHAPE OUT');
const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is not set');

void (async () => {
  const client = await MongoClient.connect(uri);
  try {
    const documents = await client.db(db).collection(collection).find({}, { batchSize: 10_000 }).toArray();
    const table = columnarTable(shapeByName(shapeName).fields, documents);
    const properties = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
    writeFileSync(out, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), properties));
    console.log(JSON.stringify({ rows: table.numRows }));
  } finally {
    await client.close();
  }
})();
