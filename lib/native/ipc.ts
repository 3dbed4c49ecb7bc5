import { type Data, DataType, RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';

/**
 * Reads the record batches of one Arrow IPC stream produced by the addon.
 * `tableFromIPC` on a Uint8Array makes typed-array views over the input, so
 * the columns live in the memory Rust allocated: no copy.
 */
export function batchesFromIpc(ipc: Uint8Array): RecordBatch[] {
  return tableFromIPC(ipc).batches;
}

/** A table with the schema of an IPC stream that holds no batches. */
export function emptyTableFromIpc(ipc: Uint8Array): Table {
  return tableFromIPC(ipc);
}

/**
 * An Arrow schema as an IPC stream with no batches, for the native side to
 * read. Rebuilt with this copy of apache-arrow's `Schema`, so that a schema
 * made by another copy serializes too (the writer reads types by `typeId`).
 */
export function schemaToIpc(schema: Schema): Uint8Array {
  return tableToIPC(new Table(ownSchema(schema)), 'stream');
}

/**
 * One record batch as an Arrow IPC stream, for the native encoder. A batch
 * of another apache-arrow copy is rebuilt around its data with this copy's
 * classes first (the writer reads types by `typeId`, as for schemas).
 */
export function batchToIpc(batch: RecordBatch): Uint8Array {
  const foreign = batch as Pick<RecordBatch, 'schema' | 'data'>;
  const data = withKnownNullCounts(foreign.data);
  const own =
    batch instanceof RecordBatch && data === batch.data ? batch : new RecordBatch(ownSchema(foreign.schema), data);
  return tableToIPC(new Table(own), 'stream');
}

/**
 * `data` with the null count of every Null-typed column set to its length.
 * apache-arrow's `slice` leaves such a column's count unknown (-1), having no
 * bitmap to count from, and its IPC writer writes that -1, which the native
 * reader rightly refuses. Returns `data` itself when nothing needed it.
 */
function withKnownNullCounts<T extends Data>(data: T): T {
  if (DataType.isNull(data.type)) {
    return (data.nullCount === data.length ? data : data.clone(data.type, data.offset, data.length, data.length)) as T;
  }
  const children = data.children.map(withKnownNullCounts);
  if (children.every((child, i) => child === data.children[i])) return data;
  return data.clone(data.type, data.offset, data.length, data.nullCount, undefined, children) as T;
}

function ownSchema(schema: Schema): Schema {
  const foreign = schema as Pick<Schema, 'fields' | 'metadata'>;
  return schema instanceof Schema ? schema : new Schema(foreign.fields, foreign.metadata);
}

/**
 * One row of the column types the decoder makes most (int32, int64, double,
 * utf8, bool, timestamp[ms, UTC], list<double>, struct<int32, utf8>), as the
 * IPC stream `decodeBson` returns for it.
 */
const WARM_UP_IPC =
  '/////3gCAAAQAAAAAAAKABAADgAHAAgACgAAAAAAAAEQAAAAAAAEAAgACAAAAAQACAAAAAQAAAAIAAAADAIAAMgBAACQAQAAYAEAADQBAADwAAAAkAAAAAQAAAAk/v//FAAAAAAAAAEUAAAAAAAADXAAAAABAAAAbwAAAAIAAAAwAAAABAAAAFD+//8UAAAAAAAAARQAAAAAAAAFEAAAAAEAAABzAAAAAAAAAOD+//94/v//FAAAAAAAAAEUAAAAAAAAAhAAAAABAAAAYQAAAAAAAABo/v//AAAAASAAAAAU////rP7//xQAAAAAAAABFAAAAAAAAAxEAAAAAQAAAGwAAAABAAAABAAAANT+//8UAAAAAAAAARgAAAAAAAADFAAAAAQAAABpdGVtAAAAAAAAAAA6////AAACAHD///8I////FAAAAAAAAAEUAAAAAAAAChgAAAABAAAAdAAAAAAAAAAIAAwACgAEAAgAAAAIAAAAAAABAAMAAABVVEMASP///xQAAAAAAAABFAAAAAAAAAYQAAAAAQAAAGIAAAAAAAAA2P///3D///8UAAAAAAAAARQAAAAAAAAFFAAAAAEAAABzAAAAAAAAAAQABAAEAAAAnP///xQAAAAAAAABFAAAAAAAAAMYAAAAAQAAAGQAAAAAAAAAAAAGAAgABgAGAAAAAAACAND///8UAAAAAAAAARQAAAAAAAACEAAAAAEAAABuAAAAAAAAAMD///8AAAABQAAAABAAGAAEAAsAEwAUAAAADAAQAAAAFAAAAAAAAAEUAAAAAAAAAhgAAAABAAAAaQAAAAAAAAAIAAwACAAHAAgAAAAAAAABIAAAAP////94AgAAFAAAAAAAAAAMABYAFAAPABAABAAMAAAAYAAAAAAAAAAAAAADEAAAAAQACgAYAAwACAAEAAoAAAAUAAAAiAEAAAEAAAAAAAAAAAAAABcAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAIAAAAAAAAAAgAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAACAAAAAAAAAAYAAAAAAAAAAAAAAAAAAAAGAAAAAAAAAAIAAAAAAAAACAAAAAAAAAACAAAAAAAAAAoAAAAAAAAAAAAAAAAAAAAKAAAAAAAAAAIAAAAAAAAADAAAAAAAAAAAAAAAAAAAAAwAAAAAAAAAAgAAAAAAAAAOAAAAAAAAAAAAAAAAAAAADgAAAAAAAAACAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAIAAAAAAAAAEgAAAAAAAAAAAAAAAAAAABIAAAAAAAAAAAAAAAAAAAASAAAAAAAAAAIAAAAAAAAAFAAAAAAAAAAAAAAAAAAAABQAAAAAAAAAAgAAAAAAAAAWAAAAAAAAAAIAAAAAAAAAAAAAAALAAAAAQAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAIAAAAAAAAAAAAAAAAA+D8AAAAAAQAAAGEAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAA+D8BAAAAAAAAAAAAAAABAAAAYgAAAAAAAAD/////AAAAAA==';

/**
 * V8 compiles apache-arrow's IPC reader (and the vector classes of each
 * type) the first time they run, which made the first record batch of a
 * read the longest stall of the event loop (~20 ms). Reading one stored
 * row of the common column types when this module loads (a few ms: no
 * writer, no type inference) moves that work to import time, before any
 * read is waiting on it.
 */
function warmIpcReader(): void {
  try {
    for (const batch of batchesFromIpc(Buffer.from(WARM_UP_IPC, 'base64'))) {
      for (const field of batch.schema.fields) batch.getChild(field.name)?.get(0);
    }
  } catch {
    // Only a warm-up: a read compiles whatever this did not.
  }
}

warmIpcReader();
