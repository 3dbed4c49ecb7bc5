import { RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';

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
  const own = batch instanceof RecordBatch ? batch : new RecordBatch(ownSchema(foreign.schema), foreign.data);
  return tableToIPC(new Table(own), 'stream');
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
