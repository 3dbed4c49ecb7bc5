/**
 * A model as an application defines it, loaded as Arrow: orders with a
 * nested address, line items, optional fields and dates, described once in
 * zod and loaded as a typed table and as a Polars DataFrame with a group-by.
 *
 * Usage: bash scripts/with-test-server.sh node --import tsx examples/model.ts
 * (any server: set MONGODB_URI). Needs the dev dependencies zod and nodejs-polars.
 */
import { Int32, Long, MongoClient, ObjectId } from 'mongodb';
import pl from 'nodejs-polars';
import { z } from 'zod';
import { AnyObjectId, model, TypeConflictError } from '../lib/index.js';

/** The model: what every stored order looks like. */
const Order = z.object({
  _id: z.instanceof(AnyObjectId),
  customer: z.string(),
  status: z.enum(['open', 'paid', 'shipped']),
  placedAt: z.date(),
  shippedAt: z.date().optional(),
  total: z.float64(),
  cents: z.bigint(),
  address: z.object({ city: z.string(), zip: z.string().optional() }),
  items: z.array(z.object({ sku: z.string(), qty: z.int32(), price: z.float64() })),
  coupon: z.string().nullable(),
});

const CITIES = ['Lyon', 'Oslo', 'Quito', 'Osaka'];
const CUSTOMERS = ['ada', 'grace', 'edsger', 'barbara', 'ken'];

function sampleOrder(i: number) {
  const items = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
    sku: `SKU-${(i * 7 + k) % 40}`,
    qty: new Int32(1 + ((i + k) % 4)),
    price: 5 + ((i * 13 + k * 7) % 90) + 0.99,
  }));
  const total = items.reduce((sum, item) => sum + item.qty.value * item.price, 0);
  const placedAt = new Date(Date.UTC(2026, 10, 1) + i * 3_600_000);
  return {
    _id: new ObjectId(),
    customer: CUSTOMERS[i % CUSTOMERS.length] as string,
    status: (['open', 'paid', 'shipped'] as const)[i % 3] as 'open' | 'paid' | 'shipped',
    placedAt,
    ...(i % 3 === 2 && { shippedAt: new Date(placedAt.getTime() + 86_400_000) }),
    total: Math.round(total * 100) / 100,
    cents: Long.fromNumber(Math.round(total * 100)),
    address: { city: CITIES[i % CITIES.length] as string, ...(i % 4 !== 0 && { zip: `${10_000 + i}` }) },
    items,
    coupon: i % 5 === 0 ? 'WELCOME' : null,
  };
}

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run under scripts/with-test-server.sh');
  const client = await new MongoClient(uri).connect();
  try {
    const collection = client.db('mongodb_arrow_example').collection('orders');
    await collection.drop().catch(() => undefined);
    await collection.insertMany(Array.from({ length: 500 }, (_, i) => sampleOrder(i)));

    const orders = model(collection, Order);
    console.log('Arrow schema of the model:');
    for (const field of orders.arrowSchema().fields) {
      console.log(`  ${field.name}: ${field.type}${field.nullable ? '' : ' (required)'}`);
    }

    // A filter first (an index can serve it), then sort and limit; only the model's fields are fetched.
    const recent = await orders.loadArrowTable({
      filter: { status: { $in: ['paid', 'shipped'] } },
      sort: { placedAt: -1 },
      limit: 100,
    });
    const totals = recent.getChild('total'); // Vector<Float64>, typed from the model
    console.log(`\nrecent paid or shipped orders: ${recent.numRows} rows, first total ${totals?.get(0)}`);

    // The same model as a Polars DataFrame (_id first), grouped by customer.
    const df = await orders.loadDataFrame({ filter: { status: 'paid' } });
    const revenue = df
      .groupBy('customer')
      .agg(pl.col('total').sum().alias('revenue'), pl.col('_id').count().alias('orders'))
      .sort('revenue', true);
    console.log(`\npaid revenue by customer (${df.height} orders):\n${revenue.toString()}`);

    // Data that drifts from the model: found, not silently nulled.
    await collection.insertOne({ ...sampleOrder(500), total: '12.50' });
    try {
      await orders.loadArrowTable();
    } catch (err) {
      if (!(err instanceof TypeConflictError)) throw err;
      console.log(`\nholding the data to the model: ${err.field} of _id ${err.documentId} is a ${err.found}`);
    }
    const drift = await orders.inferDrift();
    console.log('drift:', JSON.stringify(drift.typeDifferences));
    await collection.drop();
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
