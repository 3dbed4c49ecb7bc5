import assert from 'node:assert/strict';
import type { Table } from 'apache-arrow';
import { Long, ObjectId } from 'mongodb';

/**
 * What the Arrow column value must be for a value the plain driver returned
 * (read with `useBigInt64: true`), following the documented type mapping.
 */
export function expectedArrowValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof ObjectId) return value.toHexString();
  if (value instanceof Date) return value.getTime();
  if (value instanceof Long) return value.toBigInt();
  return value;
}

/** Asserts that a table holds exactly the driver's documents, column by column, row by row. */
export function assertTableMatchesDocuments(
  table: Table,
  documents: readonly Record<string, unknown>[],
  fields: readonly string[],
): void {
  assert.equal(table.numRows, documents.length, 'row count');
  assert.deepEqual(
    table.schema.fields.map((f) => f.name),
    [...fields],
    'column names',
  );
  for (const field of fields) {
    const column = table.getChild(field);
    assert.ok(column, `column ${field}`);
    const actual = column.toArray() as ArrayLike<unknown>;
    for (let row = 0; row < documents.length; row++) {
      const expected = expectedArrowValue(documents[row]?.[field]);
      const got: unknown = column.get(row) ?? null;
      if (got !== expected) {
        assert.deepEqual(got, expected, `${field} at row ${row} (${String(actual[row])})`);
      }
    }
  }
}
