// The checks the ESM and the CommonJS smoke scripts share. It never loads
// mongodb-arrow itself: each script brings its own copy through `import` or
// `require`, which is the point of running both.
'use strict';
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const path = require('node:path');

const SCHEMA = { i: 'int32', price: 'double', name: 'string', at: 'date', tags: ['string'] };
const PIPELINE = [{ $match: { paid: true } }, { $sort: { i: 1 } }];
const DOCUMENTS = 600; // more than FerretDB's 250-document getMore, so several server batches are decoded
const START = Date.UTC(2024, 0, 1);

/** The installed version of a package of the consumer project (its exports may hide package.json). */
function installedVersion(name) {
  const file = path.join(process.cwd(), 'node_modules', name, 'package.json');
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

/** The native binary this process loaded, read from the module cache. */
function loadedBinary() {
  return Object.keys(require.cache).find((file) => file.endsWith('.node')) ?? '(none)';
}

async function seed(collection) {
  const docs = Array.from({ length: DOCUMENTS }, (_, i) => ({
    i,
    price: i * 1.25,
    name: `item ${i}`,
    at: new Date(START + i * 1000),
    tags: i % 5 === 0 ? [] : [`t${i % 3}`, `u${i % 7}`],
    paid: i % 2 === 0,
  }));
  await collection.insertMany(docs);
}

/** A cell as a plain JS value: apache-arrow majors differ in how they return timestamps and lists. */
function plain(value) {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object' && typeof value.toArray === 'function') {
    return Array.from(value.toArray(), plain);
  }
  return value;
}

function rowsOf(table) {
  const names = table.schema.fields.map((f) => f.name);
  const rows = [];
  for (let r = 0; r < table.numRows; r++) {
    rows.push(Object.fromEntries(names.map((n) => [n, plain(table.getChild(n).get(r))])));
  }
  return rows;
}

/**
 * Compares aggregateArrow's table with the driver's documents, checks its shape
 * through the consumer's apache-arrow, and round-trips it through that copy's IPC.
 */
function checkTable(table, expected, arrow) {
  assert.ok(table instanceof arrow.Table, "the table is an instance of the consumer's apache-arrow Table");
  assert.equal(table.numRows, expected.length);
  assert.deepEqual(
    table.schema.fields.map((f) => f.name),
    Object.keys(SCHEMA),
  );
  const typeOf = (name) => table.schema.fields.find((f) => f.name === name).type;
  assert.ok(arrow.DataType.isInt(typeOf('i')) && typeOf('i').bitWidth === 32, 'i is Int32');
  assert.ok(arrow.DataType.isFloat(typeOf('price')), 'price is a float column');
  assert.ok(arrow.DataType.isUtf8(typeOf('name')), 'name is Utf8');
  assert.ok(arrow.DataType.isTimestamp(typeOf('at')), 'at is a timestamp');
  assert.ok(arrow.DataType.isList(typeOf('tags')), 'tags is a list');
  assert.ok(table.getChild('price').toArray() instanceof Float64Array, 'price is a Float64Array');

  const want = expected.map((d) => ({ i: d.i, price: d.price, name: d.name, at: d.at.getTime(), tags: d.tags }));
  assert.deepEqual(rowsOf(table), want);

  const copy = arrow.tableFromIPC(arrow.tableToIPC(table));
  assert.equal(copy.numRows, table.numRows);
  assert.deepEqual(rowsOf(copy), want);
}

/** Seeds a fresh collection, runs the load, compares it with the plain driver, and drops the collection. */
async function runSmoke(label, { MongoClient, arrow, aggregateArrow }) {
  const uri = process.env.MONGODB_URI;
  assert.ok(uri, 'MONGODB_URI is set (run under scripts/with-test-server.sh)');
  const client = await new MongoClient(uri).connect();
  const collection = client.db('mongodb_arrow_package').collection(`${label}_${process.pid}_${Date.now()}`);
  try {
    await seed(collection);
    const table = await aggregateArrow(collection, PIPELINE, { schema: SCHEMA });
    const expected = await collection.aggregate(PIPELINE).toArray();
    checkTable(table, expected, arrow);
    console.log(
      `${label}: ok, ${table.numRows} rows equal the driver's; mongodb ${installedVersion('mongodb')}, ` +
        `apache-arrow ${installedVersion('apache-arrow')}, binary ${loadedBinary()}`,
    );
  } finally {
    await collection.drop().catch(() => {});
    await client.close();
  }
}

module.exports = { runSmoke };
