/**
 * The Arrow column types of a schema definition, at compile time: what lets
 * `findArrow(c, f, { schema: { amount: 'double' } })` be a
 * `Table<{ amount: Float64 }>`. Types only; each mapping follows the
 * decoder's (checked against `Schema.toArrow()` in __test__/arrow-types.test.ts).
 */
import type {
  Binary,
  Bool,
  DataType,
  Decimal,
  FixedSizeBinary,
  Float64,
  Int32,
  Int64,
  List,
  Map_,
  Null,
  Struct,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint32,
  Utf8,
} from 'apache-arrow';
import type {
  ParameterizedType,
  RequiredType,
  ScalarTypeName,
  SchemaDefinition,
  TimeUnitName,
} from './schema-types.js';

/** The representation options that change a column's Arrow type. */
export interface Representation {
  readonly objectId?: 'hex' | 'binary';
  readonly decimal128?: 'string' | 'binary';
}

/** The Arrow type of each short name, with the default representations. */
export interface ScalarArrowTypes {
  double: Float64;
  int32: Int32;
  int64: Int64;
  bool: Bool;
  string: Utf8;
  date: TimestampMillisecond;
  objectId: Utf8;
  decimal128: Utf8;
  binary: Binary;
  uuid: Utf8;
  code: Utf8;
  codeWithScope: Struct<{ code: Utf8; scope: Utf8 }>;
  regex: Struct<{ pattern: Utf8; options: Utf8 }>;
  timestamp: Struct<{ t: Uint32; i: Uint32 }>;
  extendedJson: Utf8;
  text: Utf8;
  null: Null;
}

/** A date column's Arrow type by unit. */
export interface TimestampTypes {
  s: TimestampSecond;
  ms: TimestampMillisecond;
  us: TimestampMicrosecond;
  ns: TimestampNanosecond;
}

type ScalarArrowType<N extends ScalarTypeName, R extends Representation> = N extends 'objectId'
  ? R extends { readonly objectId: 'binary' }
    ? FixedSizeBinary
    : Utf8
  : N extends 'decimal128'
    ? R extends { readonly decimal128: 'binary' }
      ? FixedSizeBinary
      : Utf8
    : ScalarArrowTypes[N];

/**
 * What a {@link ParameterizedType} describes at compile time (the helpers'
 * type parameters): a date of a unit, a decimal, a binary, a list, a map,
 * or an embedded document.
 */
export type TypeDescription =
  | { readonly date: TimeUnitName }
  | { readonly decimal: true }
  | { readonly binary: true }
  | { readonly list: unknown }
  | { readonly map: unknown }
  | { readonly document: unknown };

type DescribedArrowType<P, R extends Representation> = P extends { readonly date: infer U extends TimeUnitName }
  ? TimestampTypes[U]
  : P extends { readonly decimal: true }
    ? Decimal
    : P extends { readonly binary: true }
      ? Binary
      : P extends { readonly list: infer I }
        ? List<ArrowTypeOf<I, R>>
        : P extends { readonly map: infer V }
          ? Map_<Utf8, ArrowTypeOf<V, R>>
          : P extends { readonly document: infer F }
            ? Struct<ArrowTypesOf<F, R>>
            : DataType;

/** The Arrow type of one declared column type (`DataType` where it is not known at compile time). */
export type ArrowTypeOf<D, R extends Representation = Representation> = D extends ScalarTypeName
  ? ScalarArrowType<D, R>
  : D extends RequiredType<infer T>
    ? ArrowTypeOf<T, R>
    : D extends ParameterizedType<infer P>
      ? DescribedArrowType<P, R>
      : D extends readonly [infer I]
        ? List<ArrowTypeOf<I, R>>
        : D extends SchemaDefinition
          ? Struct<ArrowTypesOf<D, R>>
          : DataType;

/** The column types of a schema definition: `{ amount: 'double' }` → `{ amount: Float64 }`. */
export type ArrowTypesOf<D, R extends Representation = Representation> = {
  -readonly [K in keyof D & string]: ArrowTypeOf<D[K], R>;
};

/**
 * The column types of a read whose options are `O`: typed when `O.schema`
 * is a definition object, `any` (apache-arrow's default) otherwise.
 */
export type ReadTypes<O> = O extends { readonly schema: infer D extends SchemaDefinition }
  ? ArrowTypesOf<D, O & Representation>
  : // biome-ignore lint/suspicious/noExplicitAny: apache-arrow's own default for a table of unknown columns.
    any;
