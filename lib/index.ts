/**
 * mongodb-arrow: load MongoDB query results straight into Apache Arrow,
 * decoded from raw BSON in Rust.
 *
 * @packageDocumentation
 */
export type { Progress } from './decode.js';
export { MongoArrowError, type MongoArrowErrorCode } from './errors.js';
export type { DecoderSettings } from './options.js';
export { aggregateArrow, aggregateArrowStream, findArrow, findArrowStream } from './read.js';
export type { AggregateArrowOptions, FindArrowOptions, ReadOptions } from './read-options.js';
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
