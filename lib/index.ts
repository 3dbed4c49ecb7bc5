/**
 * mongodb-arrow: load MongoDB query results straight into Apache Arrow,
 * decoded from raw BSON in Rust.
 *
 * @packageDocumentation
 */
export { MongoArrowError, type MongoArrowErrorCode } from './errors.js';
export {
  type AggregateArrowOptions,
  aggregateArrow,
  type FindArrowOptions,
  findArrow,
  type ReadOptions,
} from './read.js';
export { type ColumnTypeName, Schema, type SchemaDefinition, type SchemaField } from './schema.js';
