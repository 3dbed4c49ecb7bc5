/**
 * The Arrow column types of a zod 4 model, at compile time, read from zod's
 * own type-level internals (`_zod.def`, `_zod.output`) so that no zod type
 * is imported (zod is an optional peer). Each case follows
 * `Schema.fromZod`'s runtime mapping (lib/schema/zod-schema.ts); where the
 * runtime column depends on what types cannot see (a number's bounds from
 * `.int().min().max()`, a datetime's `local` flag), the type is the union of
 * the possible columns, never a guess.
 */
import type {
  Binary,
  Bool,
  DataType,
  Float64,
  Int32,
  Int64,
  List,
  Map_,
  Struct,
  TimestampMillisecond,
  Uint32,
  Utf8,
} from 'apache-arrow';
import type { ArrowTypeOf, Representation } from './arrow-types.js';

type DefOf<Z> = Z extends { readonly _zod: { readonly def: infer D } } ? D : never;
type OutputOf<Z> = Z extends { readonly _zod: { readonly output: infer O } } ? O : unknown;

/** Wrappers whose column is their inner type's. */
type Wrapper = 'optional' | 'nullable' | 'default' | 'prefault' | 'catch' | 'readonly' | 'nonoptional';

/** A literal's or an enum's column: by the type of its values. */
type LiteralArrowType<O> = [O] extends [string]
  ? Utf8
  : [O] extends [boolean]
    ? Bool
    : [O] extends [bigint]
      ? Int64
      : [O] extends [number]
        ? Int32 | Int64 | Float64
        : DataType;

/** A class given to `z.instanceof`: bson classes by `_bsontype`, as the runtime tells them apart. */
type ClassArrowType<O, R extends Representation> = O extends Date
  ? TimestampMillisecond
  : O extends { readonly _bsontype: 'ObjectId' | 'ObjectID' }
    ? ArrowTypeOf<'objectId', R>
    : O extends { readonly _bsontype: 'Decimal128' }
      ? ArrowTypeOf<'decimal128', R>
      : O extends { readonly _bsontype: 'Binary'; toHexString(includeDashes?: boolean): string }
        ? Utf8
        : O extends { readonly _bsontype: 'Binary' } | Uint8Array
          ? Binary
          : O extends { readonly _bsontype: 'Timestamp' }
            ? Struct<{ t: Uint32; i: Uint32 }>
            : O extends { readonly _bsontype: 'Long' }
              ? Int64
              : O extends { readonly _bsontype: 'Int32' }
                ? Int32
                : O extends { readonly _bsontype: 'Double' }
                  ? Float64
                  : O extends { readonly _bsontype: 'BSONRegExp' }
                    ? Struct<{ pattern: Utf8; options: Utf8 }>
                    : DataType;

type NumberArrowType<D> = D extends { readonly format: 'int32' }
  ? Int32
  : D extends { readonly format: 'float32' | 'float64' }
    ? Float64
    : // z.int() and z.uint32(): int64, or int32 when bounds (not seen here) fit.
      D extends { readonly format: string }
      ? Int32 | Int64
      : // z.number(): double, or an integer column when `.int()` (not seen here) is on it.
        Float64 | Int32 | Int64;

type DefArrowType<D, O, R extends Representation> = D extends {
  readonly type: Wrapper;
  readonly innerType: infer I;
}
  ? ZodArrowType<I, R>
  : D extends { readonly type: 'lazy'; readonly getter: () => infer I }
    ? ZodArrowType<I, R>
    : D extends { readonly type: 'pipe'; readonly in: infer I; readonly out: infer X }
      ? DefOf<I> extends { readonly type: 'transform' }
        ? ZodArrowType<X, R> // z.preprocess: its input is anything
        : ZodArrowType<I, R>
      : D extends { readonly type: 'string'; readonly format: 'datetime' }
        ? TimestampMillisecond | Utf8 // a `local: true` datetime stays text
        : D extends { readonly type: 'string'; readonly format: 'date' }
          ? TimestampMillisecond
          : D extends { readonly type: 'string' | 'template_literal' }
            ? Utf8
            : D extends { readonly type: 'number' }
              ? NumberArrowType<D>
              : D extends { readonly type: 'bigint' }
                ? Int64
                : D extends { readonly type: 'boolean' }
                  ? Bool
                  : D extends { readonly type: 'date' }
                    ? TimestampMillisecond
                    : D extends { readonly type: 'enum' | 'literal' }
                      ? LiteralArrowType<O>
                      : D extends { readonly type: 'object'; readonly shape: infer S }
                        ? Struct<ZodArrowTypes<S, R>>
                        : D extends { readonly type: 'array'; readonly element: infer E }
                          ? List<ZodArrowType<E, R>>
                          : D extends { readonly type: 'record'; readonly valueType: infer V }
                            ? Map_<Utf8, ZodArrowType<V, R>>
                            : D extends { readonly type: 'custom' }
                              ? ClassArrowType<O, R>
                              : D extends { readonly type: 'any' | 'unknown' }
                                ? Utf8
                                : D extends { readonly type: 'null' | 'undefined' }
                                  ? never
                                  : D extends { readonly type: 'union'; readonly options: readonly (infer E)[] }
                                    ? ZodArrowType<E, R>
                                    : DataType;

/** The Arrow type of one zod schema's column. */
export type ZodArrowType<Z, R extends Representation = Representation> = DefArrowType<DefOf<Z>, OutputOf<Z>, R>;

/** The column types of a zod object's shape. */
export type ZodArrowTypes<S, R extends Representation = Representation> = {
  -readonly [K in keyof S & string]: ZodArrowType<S[K], R>;
};

/** The column types of a zod model (an object, possibly wrapped): `any` when it is not an object. */
export type ZodModelTypes<Z, R extends Representation = Representation> =
  ZodArrowType<Z, R> extends Struct<infer T>
    ? T
    : // biome-ignore lint/suspicious/noExplicitAny: apache-arrow's own default for a table of unknown columns.
      any;
