/**
 * mongodb-arrow: load MongoDB query results straight into Apache Arrow,
 * decoded from raw BSON in Rust.
 *
 * @packageDocumentation
 */

export {
  type BsonInputOptions,
  decodeBson,
  readBsonFile,
  readBsonFileTable,
} from './api/bson-input.js';
export {
  aggregateColumns,
  type Column,
  type Columns,
  findColumns,
  type PlainColumn,
  type TypedColumn,
  tableToColumns,
} from './api/columns.js';
export type { ByteTarget } from './api/file-sink.js';
export {
  type FieldCounts,
  type InferBsonOptions,
  type InferSchemaOptions,
  inferSchema,
  inferSchemaCounts,
  type SchemaCounts,
} from './api/infer.js';
export {
  type DriftOptions,
  type Model,
  type ModelLoadOptions,
  type ModelReadOptions,
  type ModelTable,
  type ModelWriteOptions,
  model,
} from './api/model.js';
export type { JsonSchemaDefinition, ModelDefinition, ModelTypes } from './api/model-definition.js';
export type { ModelQuery, ModelSort } from './api/model-query.js';
export { ParquetBatchStream, type ReadParquetOptions, readParquet } from './api/parquet-read.js';
export {
  type ParquetSource,
  type WriteParquetOptions,
  type WriteParquetResult,
  writeParquet,
} from './api/parquet-write.js';
export { aggregatePolars, findPolars, tableToPolars } from './api/polars.js';
export { aggregateArrow, aggregateArrowStream, findArrow, findArrowStream } from './api/read.js';
export { type ArrowCollection, type ArrowMethods, withArrow } from './api/with-arrow.js';
export { writeArrow } from './api/write.js';
export type { WriteInput } from './api/write-input.js';
export { type ConflictSource, TypeConflictError } from './errors/conflict.js';
export { MongoArrowError, type MongoArrowErrorCode } from './errors/errors.js';
export { WriteAbortedError, type WriteFailure, type WriteResult } from './errors/write-result.js';
export type { DecoderSettings } from './native/options.js';
export type { Progress } from './pipeline/decode.js';
export type { AggregateArrowOptions, FindArrowOptions, ReadOptions } from './pipeline/read-options.js';
export { type Coercion, type ReadReport, readReport } from './pipeline/report.js';
export { ArrowBatchStream } from './pipeline/stream.js';
export type {
  WriteBatchSize,
  WriteMode,
  WriteOptions,
  WriteProgress,
} from './pipeline/write-options.js';
export { AnyObjectId } from './schema/any-object-id.js';
export type {
  ArrowTypeOf,
  ArrowTypesOf,
  ReadTypes,
  Representation,
  ScalarArrowTypes,
  TimestampTypes,
  TypeDescription,
} from './schema/arrow-types.js';
export type { DriftDifference, DriftField, SchemaDrift } from './schema/drift.js';
export type { JsonSchemaOptions } from './schema/json-schema.js';
export { Schema } from './schema/schema.js';
export {
  type FieldDefinition,
  type FieldType,
  type FieldTypeDefinition,
  type ParameterizedType,
  type RequiredType,
  type ScalarTypeName,
  type SchemaDefinition,
  type SchemaField,
  type TimeUnitName,
  types,
} from './schema/schema-types.js';
export type { ZodSchemaLike } from './schema/zod-schema.js';
export type { ZodArrowType, ZodArrowTypes, ZodModelTypes } from './schema/zod-types.js';
export type { BsonBytes } from './sources/memory.js';
