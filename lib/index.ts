/**
 * mongodb-arrow: load MongoDB query results straight into Apache Arrow,
 * decoded from raw BSON in Rust.
 *
 * @packageDocumentation
 */

export {
  type BsonBytes,
  type BsonInputOptions,
  decodeBson,
  readBsonFile,
  readBsonFileTable,
} from './bson-input.js';
export {
  aggregateColumns,
  type Column,
  type Columns,
  findColumns,
  type PlainColumn,
  type TypedColumn,
  tableToColumns,
} from './columns.js';
export { type ConflictSource, TypeConflictError } from './conflict.js';
export type { Progress } from './decode.js';
export { MongoArrowError, type MongoArrowErrorCode } from './errors.js';
export { type InferBsonOptions, type InferSchemaOptions, inferSchema } from './infer.js';
export type { DecoderSettings } from './options.js';
export { aggregatePolars, findPolars, tableToPolars } from './polars.js';
export { aggregateArrow, aggregateArrowStream, findArrow, findArrowStream } from './read.js';
export type { AggregateArrowOptions, FindArrowOptions, ReadOptions } from './read-options.js';
export { type Coercion, type ReadReport, readReport } from './report.js';
export { Schema } from './schema.js';
export {
  type FieldType,
  type FieldTypeDefinition,
  type ParameterizedType,
  type ScalarTypeName,
  type SchemaDefinition,
  type SchemaField,
  type TimeUnitName,
  types,
} from './schema-types.js';
export { ArrowBatchStream } from './stream.js';
export { type ArrowCollection, type ArrowMethods, withArrow } from './with-arrow.js';
