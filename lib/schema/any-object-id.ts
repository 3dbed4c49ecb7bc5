// Types only: the driver is a peer, and nothing of it (or of zod) is loaded here.
import type { ObjectId } from 'mongodb';

/** The `_bsontype` of an ObjectId: `'ObjectId'` since bson 5, `'ObjectID'` before. */
const OBJECT_ID_TAGS: readonly unknown[] = ['ObjectId', 'ObjectID'];

/**
 * Stands for the ObjectId class in `instanceof` checks, zod's
 * `z.instanceof(AnyObjectId)` above all: an ObjectId of any copy of `bson`
 * passes (the check reads its `_bsontype`, where `instanceof ObjectId` would
 * fail for a copy other than the one imported), and `Schema.fromZod` maps
 * the field to `'objectId'`. It makes no ObjectIds: create them with the
 * driver's `ObjectId`.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { AnyObjectId, Schema } from 'mongodb-arrow';
 *
 * const Order = z.object({ _id: z.instanceof(AnyObjectId), total: z.number() });
 * Schema.fromZod(Order).fields; // [{ name: '_id', type: 'objectId' }, { name: 'total', type: 'double' }]
 * ```
 */
export const AnyObjectId: abstract new () => ObjectId = class AnyObjectId {
  constructor() {
    throw new TypeError("AnyObjectId is for instanceof checks; create ObjectIds with the driver's ObjectId");
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    if (value === null || typeof value !== 'object') return false;
    return OBJECT_ID_TAGS.includes((value as { _bsontype?: unknown })._bsontype);
  }
} as unknown as abstract new () => ObjectId;

// What fromZod (and anything reading a class's BSON type) sees, as on bson's own ObjectId.
Object.defineProperty(AnyObjectId.prototype, '_bsontype', { value: 'ObjectId' });
