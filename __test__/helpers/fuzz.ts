import { types } from '../../lib/index.js';
import { seededRandom } from './documents.js';

/** The seeded PRNG the fixtures use, so a failing fuzz case is replayed by its seed. */
export const prng: (seed: number) => () => number = seededRandom;

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Values of every JS kind, valid for some option or parameter and wrong for most. */
export function anyValue(random: Random): unknown {
  const pool: (() => unknown)[] = [
    () => undefined,
    () => null,
    () => true,
    () => false,
    () => pick(random, [0, -1, 1, 2, 7, 1.5, 38, 39, 255, 256, -129, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]),
    () => pick(random, [0n, 5n, -1n, 2n ** 70n]),
    () => pick(random, ['', 'error', 'null', 'string', 'hex', 'binary', 'weeks', 'ms', 'double', 'UTC', '__proto__']),
    () => Symbol('fuzz'),
    () => () => undefined,
    () => [],
    () => ['double'],
    () => ({}),
    () => Object.create(null) as object,
    () => ({ aborted: 'no', addEventListener: 1 }),
    () => new AbortController().signal,
    () => AbortSignal.abort(),
    () => new Date(0),
    () => new Uint8Array(2),
    () => schemaDefinition(random, 3),
  ];
  return pick(random, pool)();
}

const TYPE_NAMES = ['double', 'int32', 'int64', 'bool', 'string', 'date', 'objectId', 'text', 'float', ''];

/** A schema definition, mostly well-formed, sometimes with a bad type anywhere. */
export function schemaDefinition(random: Random, depth: number): unknown {
  const roll = random();
  if (depth <= 0 || roll < 0.35) return random() < 0.9 ? pick(random, TYPE_NAMES) : anyLeaf(random);
  if (roll < 0.5) return [schemaDefinition(random, depth - 1)];
  if (roll < 0.55) return [];
  if (roll < 0.65) return helperCall(random, depth - 1).value ?? 'double';
  const fields: Record<string, unknown> = {};
  const count = Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    const name = pick(random, ['a', 'b', '_id', 'x.y', '$z', 'constructor', 'toString', `f${i}`]);
    fields[name] = schemaDefinition(random, depth - 1);
  }
  return fields;
}

function anyLeaf(random: Random): unknown {
  return pick(random, [undefined, null, 5, 5n, true, Symbol('leaf'), () => undefined]);
}

/** A chain of `levels` nested documents (or lists), built without recursion. */
export function nested(levels: number, kind: 'document' | 'list' = 'document'): unknown {
  let definition: unknown = 'double';
  for (let i = 1; i < levels; i++) definition = kind === 'document' ? { a: definition } : [definition];
  return definition;
}

type HelperName = keyof typeof types;
const HELPERS: readonly HelperName[] = ['date', 'decimal128', 'binary', 'list', 'map', 'document'];

/** One call of a `types` helper with random arguments: what it returned, or what it threw. */
export function helperCall(random: Random, depth: number): { name: HelperName; value?: unknown; error?: unknown } {
  const name = pick(random, HELPERS);
  const argument = () => (random() < 0.5 ? schemaDefinition(random, depth) : anyValue(random));
  const args = [argument(), argument()];
  try {
    const helper = types[name] as (...params: unknown[]) => unknown;
    return { name, value: helper(...args.slice(0, Math.floor(random() * 3))) };
  } catch (error) {
    return { name, error };
  }
}

const OPTION_NAMES = [
  'schema',
  'inferRest',
  'conflicts',
  'objectId',
  'decimal128',
  'uuidAsString',
  'emptyStringsAsNull',
  'signal',
  'onProgress',
  'rowsPerBatch',
  'sampleSize',
] as const;

const VALID_OPTION_VALUES: Readonly<Record<(typeof OPTION_NAMES)[number], readonly unknown[]>> = {
  schema: [{ a: 'double' }, { a: 'text', b: ['int32'] }],
  inferRest: [true, false],
  conflicts: ['error', 'null', 'string'],
  objectId: ['hex', 'binary'],
  decimal128: ['string', 'binary'],
  uuidAsString: [true, false],
  emptyStringsAsNull: [true, false],
  // A getter, so that every read has a signal of its own (a shared one would collect listeners).
  get signal() {
    return [new AbortController().signal];
  },
  onProgress: [() => undefined],
  rowsPerBatch: [1, 1000],
  sampleSize: [1, 10],
};

/** An options bag: a few options, each valid or random, now and then an unknown key or not an object at all. */
export function readOptions(random: Random): unknown {
  if (random() < 0.05) return anyValue(random);
  const options: Record<string, unknown> = {};
  const count = Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    const name = pick(random, OPTION_NAMES);
    options[name] = random() < 0.5 ? pick(random, VALID_OPTION_VALUES[name]) : anyValue(random);
  }
  if (random() < 0.05) options[pick(random, ['limit', 'raw', '__proto__'])] = anyValue(random);
  return options;
}

/** Schema JSON text: a valid one cut, spliced or nested too deep. */
export function schemaJsonText(random: Random): string {
  const valid = JSON.stringify({ fields: [{ name: 'a', type: { type: 'list', items: 'double' } }] });
  const roll = random();
  if (roll < 0.3) return valid.slice(0, Math.floor(random() * valid.length));
  if (roll < 0.5) {
    const at = Math.floor(random() * valid.length);
    return valid.slice(0, at) + pick(random, ['{', ']', '"', 'null', '5n', '[[[[', ',']) + valid.slice(at);
  }
  if (roll < 0.6) {
    const levels = Math.floor(random() * 400);
    return `{"fields":[{"name":"a","type":${'{"type":"list","items":'.repeat(levels)}"double"${'}'.repeat(levels)}}]}`;
  }
  return JSON.stringify({ fields: [{ name: pick(random, ['a', '', 5]), type: anyJson(random) }] });
}

function anyJson(random: Random): unknown {
  return pick(random, [
    'double',
    'float',
    null,
    5,
    [],
    { type: 'date', unit: pick(random, ['ms', 'weeks', 5]) },
    { type: 'decimal128', precision: pick(random, [1, 38, 99, -1]), scale: pick(random, [0, -1, 40, 1.5]) },
    { type: 'binary', subtype: pick(random, [0, 255, 256, -1, 'x']) },
    { type: 'map' },
    { type: 'document', fields: pick(random, [[], 5, [{ name: 'b' }]]) },
  ]);
}
