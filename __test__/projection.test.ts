import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Collection, CommandStartedEvent, Db, Document, MongoClient } from 'mongodb';
import {
  aggregateArrow,
  findArrow,
  findArrowStream,
  findColumns,
  readReport,
  type SchemaDefinition,
  TypeConflictError,
} from '../lib/index.js';
import { openTestDb } from './helpers/server.js';

/** The reads that must agree: each returns the table, or rejects. */
const reads = {
  findArrow: (c: Collection<Document>, options: Document) => findArrow(c, {}, { sort: { _id: 1 }, ...options }),
  findArrowStream: (c: Collection<Document>, options: Document) =>
    findArrowStream(c, {}, { sort: { _id: 1 }, ...options }).toTable(),
  aggregateArrow: (c: Collection<Document>, options: Document) => aggregateArrow(c, [{ $sort: { _id: 1 } }], options),
  findColumns: async (c: Collection<Document>, options: Document) =>
    findColumns(c, {}, { sort: { _id: 1 }, ...options }),
};

describe('the schema projection never hides a value from the decoder', () => {
  let client: MongoClient;
  let db: Db;
  const commands: CommandStartedEvent[] = [];

  before(async () => {
    ({ client, db } = await openTestDb('projection', { monitorCommands: true }));
    client.on('commandStarted', (event) => commands.push(event));
    const struct: Document[] = [
      { _id: 1, d: { x: 1 } },
      { _id: 2, d: 'none' },
    ];
    const list: Document[] = [{ _id: 1, a: [{ x: 1 }, 5, { x: 2 }] }];
    await db.collection('struct').insertMany(struct);
    await db.collection('list').insertMany(list);
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  const cases: { name: string; schema: SchemaDefinition; field: string; id: string; column: string }[] = [
    { name: 'struct', schema: { _id: 'int32', d: { x: 'int32' } }, field: 'd', id: '2', column: 'd' },
    { name: 'list', schema: { _id: 'int32', a: [{ x: 'int32' }] }, field: 'a[1]', id: '1', column: 'a[]' },
  ];

  for (const { name, schema, field, id, column } of cases) {
    for (const [read, run] of Object.entries(reads)) {
      it(`${name}: ${read} names ${field} and _id ${id} by default, and counts it under 'null' and 'string'`, async () => {
        const c = db.collection(name);
        await assert.rejects(run(c, { schema }), (err: unknown) => {
          assert.ok(err instanceof TypeConflictError, String(err));
          assert.deepEqual([err.field, err.documentId, err.source], [field, id, 'declared']);
          return true;
        });
        for (const conflicts of ['null', 'string'] as const) {
          const result = await run(c, { schema, conflicts });
          const coercions = readReport(result)?.coercions;
          assert.deepEqual(
            coercions?.map((k) => [k.field, k.nulled]),
            [[column, 1]],
            `${conflicts}: ${JSON.stringify(coercions)}`,
          );
        }
      });
    }
  }

  it('keeps the list length: the scalar item becomes a null item, not a shorter list', async () => {
    const table = await findArrow(db.collection('list'), {}, { schema: { a: [{ x: 'int32' }] }, conflicts: 'null' });
    const items = table.getChild('a')?.get(0);
    assert.equal(items?.length, 3);
    assert.deepEqual(
      [...(items ?? [])].map((v) => v?.toJSON() ?? null),
      [{ x: 1 }, null, { x: 2 }],
    );
  });

  it('sends top-level names only, in find projections and in the appended $project', async () => {
    commands.length = 0;
    const schema: SchemaDefinition = { _id: 'int32', a: [{ x: 'int32' }], d: { x: 'int32' } };
    await findArrow(db.collection('list'), {}, { schema, conflicts: 'null' });
    await aggregateArrow(db.collection('list'), [{ $match: {} }], { schema, conflicts: 'null' });
    const find = commands.find((e) => e.commandName === 'find')?.command;
    const aggregate = commands.find((e) => e.commandName === 'aggregate')?.command;
    assert.deepEqual(find?.projection, { _id: 1, a: 1, d: 1 });
    assert.deepEqual(aggregate?.pipeline.at(-1), { $project: { _id: 1, a: 1, d: 1 } });
  });
});
