/**
 * The three realistic shapes of issue #15 (sensor readings, events, orders),
 * with the fields and BSON types of the Rust criterion shapes
 * (crates/bson-arrow/benches/shapes/mod.rs), so the figures of both suites
 * describe the same documents. The values come from this suite's own seeded
 * generator, not from the Rust one.
 */
import { type Document, Double, Int32, Long, ObjectId } from 'mongodb';
import type { Random } from './random.js';
import type { Field, Shape } from './shapes.js';

const BASE_MS = 1_700_000_000_000;
const EVENT_KINDS = ['click', 'view', 'purchase', 'signup'] as const;
const readings = Array.from({ length: 8 }, (_, k) => `v${k}`);

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const sensorFields: readonly Field[] = [
  { name: 'ts', type: 'date' },
  { name: 'sensor', type: 'int32' },
  { name: 'site', type: 'string' },
  ...readings.map((name): Field => ({ name, type: 'double' })),
];

const eventFields: readonly Field[] = [
  { name: '_id', type: 'objectId' },
  { name: 'kind', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'at', type: 'date' },
  { name: 'ok', type: 'bool' },
  { name: 'seq', type: 'int64' },
  {
    name: 'meta',
    type: {
      document: [
        { name: 'source', type: 'string' },
        { name: 'version', type: 'int32' },
      ],
    },
  },
];

const orderFields: readonly Field[] = [
  { name: 'order', type: 'int64' },
  {
    name: 'customer',
    type: {
      document: [
        { name: 'name', type: 'string' },
        { name: 'tier', type: 'int32' },
      ],
    },
  },
  {
    name: 'items',
    type: {
      list: {
        document: [
          { name: 'sku', type: 'string' },
          { name: 'qty', type: 'int32' },
          { name: 'price', type: 'double' },
        ],
      },
    },
  },
  { name: 'total', type: 'double' },
];

function sensor(i: number, random: Random): Document {
  const doc: Document = {
    ts: new Date(BASE_MS + i * 1000),
    sensor: new Int32(random.int(0, 9_999)),
    site: `site-${random.int(0, 99)}`,
  };
  for (const name of readings) doc[name] = new Double(random.next() * 1000);
  return doc;
}

function event(i: number, random: Random): Document {
  return {
    _id: new ObjectId(random.bytes(12)),
    kind: EVENT_KINDS[random.int(0, 3)],
    user: `user-${pad(random.int(0, 999_999), 6)}`,
    at: new Date(BASE_MS + Math.floor(random.next() * 2 ** 35)),
    ok: random.chance(0.5),
    seq: Long.fromNumber(i),
    meta: { source: random.chance(0.5) ? 'web' : 'mobile', version: new Int32(random.int(0, 9)) },
  };
}

function order(i: number, random: Random): Document {
  const items = Array.from({ length: random.int(1, 5) }, () => ({
    sku: `SKU-${pad(random.int(0, 99_999), 5)}`,
    qty: new Int32(random.int(1, 9)),
    price: new Double(random.next() * 1000),
  }));
  return {
    order: Long.fromNumber(i),
    customer: { name: `customer ${random.int(0, 49_999)}`, tier: new Int32(random.int(0, 3)) },
    items,
    total: new Double(random.next() * 1000),
  };
}

export const REALISTIC_SHAPES: readonly Shape[] = [
  {
    name: 'sensor',
    description: 'date, int32, short string, 8 doubles (11 fields)',
    fields: sensorFields,
    onServer: true,
    generate: sensor,
  },
  {
    name: 'events',
    description: 'ObjectId _id, 2 strings, date, bool, int64, {source: string, version: int32}',
    fields: eventFields,
    onServer: true,
    generate: event,
  },
  {
    name: 'orders',
    description: 'int64, {name, tier}, list of 1–5 {sku, qty, price}, double',
    fields: orderFields,
    onServer: true,
    generate: order,
  },
];
