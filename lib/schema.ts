import { MongoArrowError } from './errors.js';

/** Short names of the column types a schema can declare. */
export type ColumnTypeName = 'double' | 'int32' | 'int64' | 'bool' | 'string' | 'date' | 'objectId';

const COLUMN_TYPE_NAMES: readonly ColumnTypeName[] = ['double', 'int32', 'int64', 'bool', 'string', 'date', 'objectId'];

/** A schema written as a plain object: `{ price: 'double', sku: 'string' }`. */
export type SchemaDefinition = Readonly<Record<string, ColumnTypeName>>;

/** One declared column. */
export interface SchemaField {
  readonly name: string;
  readonly type: ColumnTypeName;
}

/**
 * The columns to load and their types, in output order.
 *
 * BSON → Arrow: `double` → Float64, `int32` → Int32, `int64` → Int64, `bool` → Bool,
 * `string` → Utf8, `date` → Timestamp(ms, UTC), `objectId` → Utf8 (24 hex digits).
 * Every column is nullable: BSON null and missing fields become null.
 *
 * @example
 * ```ts
 * const schema = new Schema({ _id: 'objectId', price: 'double', qty: 'int32' });
 * ```
 */
export class Schema {
  readonly fields: readonly SchemaField[];

  constructor(definition: SchemaDefinition) {
    if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
      throw new MongoArrowError('INVALID_SCHEMA', 'a schema must be an object mapping field names to type names');
    }
    const fields = Object.entries(definition).map(([name, type]) => {
      if (!COLUMN_TYPE_NAMES.includes(type)) {
        throw new MongoArrowError(
          'INVALID_SCHEMA',
          `field '${name}' has unknown type '${String(type)}' (expected one of: ${COLUMN_TYPE_NAMES.join(', ')})`,
        );
      }
      return { name, type };
    });
    if (fields.length === 0) {
      throw new MongoArrowError('INVALID_SCHEMA', 'a schema must declare at least one field');
    }
    this.fields = fields;
  }

  /** Accepts a `Schema` or a plain definition object. */
  static from(schema: Schema | SchemaDefinition): Schema {
    return schema instanceof Schema ? schema : new Schema(schema);
  }

  /**
   * The projection that fetches only this schema's fields. `_id` is excluded
   * unless the schema names it. Returns `undefined` when a field name cannot be
   * expressed as a projection path (it contains '.' or starts with '$'): the
   * decoder then skips the extra fields itself.
   */
  toProjection(): Record<string, 0 | 1> | undefined {
    if (this.fields.some((f) => f.name.includes('.') || f.name.startsWith('$'))) return undefined;
    const projection: Record<string, 0 | 1> = {};
    for (const field of this.fields) projection[field.name] = 1;
    if (!('_id' in projection)) projection._id = 0;
    return projection;
  }

  /** The JSON form the native decoder reads. */
  toNativeJson(): string {
    return JSON.stringify({ fields: this.fields.map((f) => ({ name: f.name, type: f.type })) });
  }
}
