import { Long, ObjectId } from 'mongodb';

/** A small deterministic PRNG (mulberry32), so every run sees the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALL_TYPES_SCHEMA = {
  _id: 'objectId',
  i: 'int32',
  price: 'double',
  qty: 'int32',
  big: 'int64',
  active: 'bool',
  name: 'string',
  at: 'date',
  ref: 'objectId',
} as const;

/**
 * Documents covering every scalar type of the first slice, with explicit
 * nulls and missing fields mixed in. `i` is the row number, for sorting.
 */
export function allTypesDocuments(count: number, seed = 42): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const pick = () => random();
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const doc: Record<string, unknown> = { _id: new ObjectId(), i };
    // Each field is present ~80%, null ~10%, missing ~10%.
    const maybe = (key: string, make: () => unknown) => {
      const r = pick();
      if (r < 0.1) return;
      doc[key] = r < 0.2 ? null : make();
    };
    maybe('price', () => {
      const r = pick();
      if (r < 0.05) return 0;
      if (r < 0.1) return Number.MAX_VALUE;
      if (r < 0.15) return -Number.MIN_VALUE;
      return (pick() - 0.5) * 1e6;
    });
    maybe('qty', () => {
      const r = pick();
      if (r < 0.05) return 2147483647;
      if (r < 0.1) return -2147483648;
      return Math.floor((pick() - 0.5) * 1e4);
    });
    maybe('big', () => {
      const r = pick();
      if (r < 0.05) return Long.MAX_VALUE;
      if (r < 0.1) return Long.MIN_VALUE;
      return Long.fromBigInt(BigInt(Math.floor((pick() - 0.5) * 2 ** 52)) * 1021n);
    });
    maybe('active', () => pick() < 0.5);
    maybe('name', () => {
      const r = pick();
      if (r < 0.05) return '';
      if (r < 0.1) return 'naïve café ☕ 𝄞';
      return `name-${Math.floor(pick() * 1e9).toString(36)}`;
    });
    maybe('at', () => new Date(Math.floor((pick() - 0.3) * 4e12)));
    maybe('ref', () => new ObjectId());
    // A field outside the schema, to check that it is skipped.
    doc.extra = { nested: i };
    docs.push(doc);
  }
  return docs;
}
