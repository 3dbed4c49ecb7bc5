/**
 * Streaming memory: peak RSS growth while streaming N documents of
 * ~200 bytes with aggregateArrowStream and discarding each batch. The stream
 * runs in its own plain-node process on the compiled package
 * (bench/api/stream-memory-child.mjs), so filling the collection does not
 * inflate its baseline.
 * Run: npm run build && bash scripts/with-test-server.sh node --import tsx bench/api/stream-memory.ts [N]
 */
import { DOCUMENT200_SCHEMA, runApiBench, runPlainNodeChild } from './dataset.js';

runApiBench('stream-memory', async (collection, uri) =>
  runPlainNodeChild<object>('stream-memory-child.mjs', [uri, collection.dbName, collection.collectionName], {
    STREAM_SCHEMA: JSON.stringify(DOCUMENT200_SCHEMA),
  }),
);
