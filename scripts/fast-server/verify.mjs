// Checks the fast server with the plain driver: insert, find with a batchSize,
// getMore, the version it claims. `bash scripts/fast-server.sh run node scripts/fast-server/verify.mjs`
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';

const client = await new MongoClient(process.env.MONGODB_URI, { monitorCommands: true }).connect();
try {
  const collection = client.db('fast_server_verify').collection('c');
  await collection.drop().catch(() => {});
  const inserted = await collection.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: i, x: i * 2 })));
  assert.equal(inserted.insertedCount, 1000);
  const replies = [];
  client.on('commandSucceeded', (event) => {
    const batch = event.reply?.cursor?.firstBatch ?? event.reply?.cursor?.nextBatch;
    if (batch) replies.push([event.commandName, batch.length]);
  });
  const docs = await collection.find({ x: { $gte: 0 } }, { batchSize: 300 }).sort({ _id: 1 }).toArray();
  assert.equal(docs.length, 1000);
  assert.deepEqual(docs[999], { _id: 999, x: 1998 });
  const getMores = replies.filter(([name]) => name === 'getMore').length;
  assert.ok(getMores >= 3, `expected getMores, got ${JSON.stringify(replies)}`);
  assert.equal(replies[0][1], 300, 'the first reply honours batchSize');
  const hello = await client.db('admin').command({ isMaster: 1 });
  const build = await client.db('admin').command({ buildInfo: 1 });
  await collection.drop();
  console.log(
    `fast-server ok: ${docs.length} documents in ${replies.length} replies (${getMores} getMore), ` +
      `version ${build.version}, maxWireVersion ${hello.maxWireVersion}`,
  );
} finally {
  await client.close();
}
