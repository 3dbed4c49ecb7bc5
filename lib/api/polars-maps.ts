import { type Data, type DataType, Field, List, RecordBatch, Schema, Struct, Table, Type } from 'apache-arrow';

// nodejs-polars (0.24) reads an Arrow Map column as List<Struct{key, value}>,
// its own layout for maps, but turns every null map into an empty list. The
// two layouts share their buffers (offsets, validity, entries), so handing
// Polars the list form, relabelled without a copy, keeps nulls null.

/** Whether `type` is or holds a Map. */
function holdsMap(type: DataType): boolean {
  return type.typeId === Type.Map || (type.children ?? []).some((child: Field) => holdsMap(child.type));
}

/** `type` with every Map in it, at any depth, as Polars' List<Struct{key, value}>. */
function typeWithoutMaps(type: DataType): DataType {
  if (!holdsMap(type)) return type;
  const fields = (type.children as Field[]).map((field) => field.clone({ type: typeWithoutMaps(field.type) }));
  switch (type.typeId) {
    case Type.Map: {
      // The one child is the entries struct; its children are the keys and the values.
      const [keys, values] = (fields[0] as Field).type.children as Field[];
      const entry = new Struct([
        new Field('key', (keys as Field).type, false),
        new Field('value', (values as Field).type, true),
      ]);
      return new List(new Field('item', entry, false));
    }
    case Type.Struct:
      return new Struct(fields);
    case Type.List:
      return new List(fields[0] as Field);
    default:
      // Other nested types (fixed-size lists, unions) never come from the decoder.
      return type;
  }
}

/** `data` relabelled as {@link typeWithoutMaps} has it, on the same buffers. */
function withoutMaps(data: Data): Data {
  if (!holdsMap(data.type)) return data;
  const type = typeWithoutMaps(data.type);
  const children = data.children.map(withoutMaps);
  if (data.type.typeId === Type.Map) {
    const entries = children[0] as Data;
    const entryType = (type.children[0] as Field).type;
    children[0] = entries.clone(entryType, entries.offset, entries.length, entries.nullCount, entries.buffers, [
      ...entries.children,
    ]);
  }
  return data.clone(type, data.offset, data.length, data.nullCount, data.buffers, children);
}

/** `table` with every Map column (at any depth) as List<Struct{key, value}>; the same table when it has none. */
export function mapsAsPolarsLists(table: Table): Table {
  if (!table.schema.fields.some((field) => holdsMap(field.type))) return table;
  const schema = new Schema(
    table.schema.fields.map((field) => field.clone({ type: typeWithoutMaps(field.type) })),
    table.schema.metadata,
  );
  return new Table(
    schema,
    table.batches.map((batch) => new RecordBatch(schema, withoutMaps(batch.data) as Data<Struct>)),
  );
}
