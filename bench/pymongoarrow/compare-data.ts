/**
 * The collections of the PyMongoArrow comparison (bench/pymongoarrow/compare.ts):
 * every BSON type FerretDB stores, and the messy shapes real collections have.
 * Each has the schema a user would declare for it, in the native schema JSON
 * (`Schema.fromJSON` reads it; compare.py maps the same JSON to PyMongoArrow's types).
 */
import {
  Binary,
  BSONRegExp,
  Code,
  Decimal128,
  type Document,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'mongodb';
import { Random } from '../random.js';

export type TypeJson = string | { type: string; [key: string]: unknown };
export interface FieldJson {
  readonly name: string;
  readonly type: TypeJson;
}

export interface CompareCollection {
  readonly name: string;
  /** Which server stores it: FerretDB v1 lacks Decimal128, Code, MinKey/MaxKey and NaN. */
  readonly server: 'ferretdb' | 'fast';
  readonly count: number;
  readonly about: string;
  /** The declared schema, or why there is none. */
  readonly declared: readonly FieldJson[] | string;
  generate(i: number, random: Random): Document;
}

const doc = (fields: FieldJson[]): TypeJson => ({ type: 'document', fields });
const list = (items: TypeJson): TypeJson => ({ type: 'list', items });
const binary = (subtype: number): TypeJson => ({ type: 'binary', subtype });
const f = (name: string, type: TypeJson): FieldJson => ({ name, type });

/** `value`, or null every 11th row and missing every 7th, so both libraries' null paths are compared too. */
function sometimes(i: number, value: () => unknown): unknown {
  if (i % 7 === 3) return undefined;
  return i % 11 === 5 ? null : value();
}

function withoutUndefined(d: Document): Document {
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));
}

const INT64_EDGES = [
  Long.fromString('9223372036854775807'),
  Long.fromString('-9223372036854775808'),
  Long.fromString('9007199254740993'),
];
const UNICODE = [
  'naïve café',
  '名前と値',
  'ключ-значение',
  'emoji 😀🎉',
  'עברית',
  'e\u0301 combining',
  '',
  'tab\tnewline\n',
];

export const COLLECTIONS: readonly CompareCollection[] = [
  {
    name: 'all_types',
    server: 'ferretdb',
    count: 300,
    about: 'one field per BSON type FerretDB stores (binary subtypes 0, 4, 5, 128); nulls and missing values',
    declared: [
      f('_id', 'int32'),
      f('t_double', 'double'),
      f('t_string', 'string'),
      f('t_doc', doc([f('x', 'int32'), f('s', 'string')])),
      f('t_array', list('int32')),
      f('t_bin0', binary(0)),
      f('t_bin4', binary(4)),
      f('t_bin5', binary(5)),
      f('t_bin128', binary(128)),
      f('t_oid', 'objectId'),
      f('t_bool', 'bool'),
      f('t_date', 'date'),
      f('t_null', 'string'),
      f('t_regex', 'regex'),
      f('t_int32', 'int32'),
      f('t_timestamp', 'timestamp'),
      f('t_int64', 'int64'),
    ],
    generate: (i, r) =>
      withoutUndefined({
        _id: new Int32(i),
        t_double: sometimes(i, () => new Double(i % 5 === 0 ? 1e300 * (r.next() - 0.5) : r.next() * 1000 - 500)),
        t_string: sometimes(i, () => r.word(0, 20)),
        t_doc: sometimes(i, () => ({ x: new Int32(r.int(-100, 100)), s: r.word(1, 6) })),
        t_array: sometimes(i, () => Array.from({ length: r.int(0, 4) }, () => new Int32(r.int(0, 9)))),
        t_bin0: sometimes(i, () => new Binary(r.bytes(r.int(0, 24)), 0)),
        t_bin4: sometimes(i, () => new Binary(r.bytes(16), 4)),
        t_bin5: sometimes(i, () => new Binary(r.bytes(16), 5)),
        t_bin128: sometimes(i, () => new Binary(r.bytes(r.int(1, 8)), 128)),
        t_oid: sometimes(i, () => new ObjectId(r.bytes(12))),
        t_bool: sometimes(i, () => r.chance(0.5)),
        t_date: sometimes(
          i,
          () => new Date(i % 13 === 0 ? -86_400_000 * r.int(1, 40_000) : 1_600_000_000_000 + r.int(0, 1e9) * 37),
        ),
        t_null: null,
        t_regex: sometimes(i, () => new BSONRegExp(`^${r.word(1, 5)}.*$`, i % 2 ? 'i' : 'mx')),
        t_int32: sometimes(i, () => new Int32(i % 17 === 0 ? 2_147_483_647 : r.int(-1e6, 1e6))),
        t_timestamp: sometimes(i, () => new Timestamp({ t: 1_700_000_000 + i, i: r.int(0, 9) })),
        t_int64: sometimes(i, () =>
          i % 19 === 0 ? (INT64_EDGES[i % 3] as Long) : Long.fromNumber(r.int(-1e12, 1e12)),
        ),
      }),
  },
  {
    name: 'numeric_mix',
    server: 'ferretdb',
    count: 300,
    about: 'one field holding int32, int64 and double in turn (one int64 beyond 2^53)',
    declared: [f('_id', 'int32'), f('n', 'double')],
    generate: (i) => ({
      _id: new Int32(i),
      n: i === 150 ? INT64_EDGES[2] : [new Int32(i), Long.fromNumber(i * 1_000_003), new Double(i + 0.25)][i % 3],
    }),
  },
  {
    name: 'string_or_number',
    server: 'ferretdb',
    count: 300,
    about: 'one field holding "", a double and an int32 in turn',
    declared: [f('_id', 'int32'), f('v', 'double')],
    generate: (i) => ({ _id: new Int32(i), v: ['', new Double(i / 4), new Int32(i)][i % 3] }),
  },
  {
    name: 'late_fields',
    server: 'ferretdb',
    count: 1500,
    about: 'fields first seen after 1,000 documents (`late` at 1,000, `late_num` at 1,200)',
    declared: [f('_id', 'int32'), f('a', 'int32'), f('late', 'string'), f('late_num', 'int32')],
    generate: (i) => ({
      _id: new Int32(i),
      a: new Int32(i),
      ...(i >= 1000 && { late: `late ${i}` }),
      ...(i >= 1200 && { late_num: new Int32(i) }),
    }),
  },
  {
    name: 'unicode',
    server: 'ferretdb',
    count: 300,
    about: 'non-ASCII keys and values (accents, CJK, Cyrillic, emoji, RTL, combining marks, control characters)',
    declared: [
      f('_id', 'int32'),
      f('naïve', 'string'),
      f('名前', 'string'),
      f('ключ', 'string'),
      f('emoji_😀', 'string'),
    ],
    generate: (i) => ({
      _id: new Int32(i),
      naïve: UNICODE[i % UNICODE.length],
      名前: UNICODE[(i + 1) % UNICODE.length],
      ключ: UNICODE[(i + 2) % UNICODE.length],
      'emoji_😀': `${UNICODE[(i + 3) % UNICODE.length]} ${i}`,
    }),
  },
  {
    name: 'dotted_keys',
    server: 'ferretdb',
    count: 300,
    about: "keys containing '.' beside a subdocument whose path they spell",
    declared: [f('_id', 'int32'), f('a.b', 'int32'), f('a', doc([f('b', 'int32')])), f('x.y.z', 'string')],
    generate: (i) => ({ _id: new Int32(i), 'a.b': new Int32(i), a: { b: new Int32(-i) }, 'x.y.z': `v${i}` }),
  },
  {
    name: 'struct_or_string',
    server: 'ferretdb',
    count: 300,
    about: "a field that is a subdocument `{x: 1}` in most documents and the string 'none' in every fourth",
    declared: [f('_id', 'int32'), f('d', doc([f('x', 'int32')]))],
    generate: (i) => ({ _id: new Int32(i), d: i % 4 === 3 ? 'none' : { x: new Int32(i) } }),
  },
  {
    name: 'list_scalar_items',
    server: 'ferretdb',
    count: 300,
    about: 'a list of subdocuments with a scalar item in every third document: `a: [{x: 1}, 5, {x: 2}]`',
    declared: [f('_id', 'int32'), f('a', list(doc([f('x', 'int32')])))],
    generate: (i) => ({
      _id: new Int32(i),
      a: i % 3 === 0 ? [{ x: new Int32(i) }, new Int32(5), { x: new Int32(i + 1) }] : [{ x: new Int32(i) }],
    }),
  },
  {
    name: 'data_keyed',
    server: 'ferretdb',
    count: 300,
    about: 'an object whose keys are data: 3 of 2,000 random keys per document',
    declared: 'none: PyMongoArrow has no map type, and a struct of 2,000 keys is not what a user declares',
    generate: (i, r) => ({
      _id: new Int32(i),
      m: Object.fromEntries(
        Array.from({ length: 3 }, () => [`k${String(r.int(0, 1999)).padStart(4, '0')}`, new Int32(r.int(0, 99))]),
      ),
    }),
  },
  {
    name: 'fast_server_types',
    server: 'fast',
    count: 300,
    about: 'what FerretDB v1 cannot store, on mongo-java-server: Decimal128, code, MinKey/MaxKey, NaN, ±Infinity, -0.0',
    declared: [
      f('_id', 'int32'),
      f('dec', 'decimal128'),
      f('code', 'code'),
      f('minmax', 'extendedJson'),
      f('special', 'double'),
    ],
    generate: (i) =>
      withoutUndefined({
        _id: new Int32(i),
        dec: sometimes(i, () =>
          Decimal128.fromString(
            ['1.05E+3', '0.1', '-0', '123456789012345678901234567890.1234', 'NaN', '-Infinity', '1E-6176'][
              i % 7
            ] as string,
          ),
        ),
        code: sometimes(i, () => new Code(`function f${i}(a) { return a + ${i}; }`)),
        minmax: sometimes(i, () => (i % 2 ? new MinKey() : new MaxKey())),
        special: new Double([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5][i % 5] as number),
      }),
  },
];

export function documentsOf(collection: CompareCollection): Document[] {
  const random = new Random(7);
  return Array.from({ length: collection.count }, (_, i) => collection.generate(i, random));
}
