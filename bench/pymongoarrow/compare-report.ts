/**
 * The markdown of the PyMongoArrow comparison: one row per read that failed on
 * either side, and one per (collection, field, mode) where the two libraries'
 * cells compare differently with the driver's values.
 */
import type { Table } from 'apache-arrow';
import type { Document } from 'mongodb';
import type { CompareCollection } from './compare-data.js';
import { bsonTypeOf, cellAt, compareCell, show, type Verdict } from './compare-values.js';

export type Mode = 'inferred' | 'declared';
/** What one library gave for one read: a table, or an error, or both (our error, then the table read with conflicts: 'string'). */
export interface Outcome {
  table?: Table;
  error?: string;
  omitted?: readonly string[];
}
export interface Loaded {
  collection: CompareCollection;
  uri: string;
  docs: Document[];
  note?: string;
  ours: Partial<Record<Mode, Outcome>>;
  theirs: Partial<Record<Mode, Outcome>>;
}

const VERDICTS: readonly Verdict[] = ['equal', 'as text', 'null', 'partly null', 'differs'];
type Tally = Map<Verdict, number>;
const tallyText = (m: Tally) =>
  VERDICTS.filter((v) => m.has(v))
    .map((v) => `${m.get(v)} ${v}`)
    .join(', ');

interface FieldResult {
  readonly key: string;
  readonly type?: string;
  readonly tally?: Tally;
  readonly firstNotEqual: number;
  /** The first row that is null, partly null or differs. */
  readonly firstLost: number;
  readonly cell?: (row: number) => string;
}

/** One field of one table against the driver's documents. */
function fieldResult(
  table: Table,
  omitted: readonly string[] | undefined,
  docs: readonly Document[],
  field: string,
): FieldResult {
  const vector = table.getChild(field);
  const arrowField = table.schema.fields.find((f) => f.name === field);
  if (!vector || !arrowField) {
    return { key: omitted?.includes(field) ? 'no column (no such type)' : 'no column', firstNotEqual: 0, firstLost: 0 };
  }
  const tally: Tally = new Map();
  let firstNotEqual = -1;
  let firstLost = -1;
  docs.forEach((doc, row) => {
    const verdict = row < table.numRows ? compareCell(doc[field], cellAt(vector, arrowField, row)) : 'null';
    tally.set(verdict, (tally.get(verdict) ?? 0) + 1);
    if (verdict !== 'equal' && firstNotEqual < 0) firstNotEqual = row;
    if (verdict !== 'equal' && verdict !== 'as text' && firstLost < 0) firstLost = row;
  });
  const type = String(arrowField.type);
  return {
    key: tallyText(tally),
    type: type.length > 50 ? `${type.slice(0, 40)}… (${arrowField.type.children.length} children)` : type,
    tally,
    firstNotEqual,
    firstLost,
    cell: (row) => show(cellAt(vector, arrowField, row)),
  };
}

function grade(r: FieldResult): 'exact' | 'text' | 'no' {
  const verdicts = [...(r.tally?.keys() ?? ['differs' as const])];
  if (verdicts.every((v) => v === 'equal')) return 'exact';
  return verdicts.every((v) => v === 'equal' || v === 'as text') ? 'text' : 'no';
}

function matches(a: FieldResult, b: FieldResult): string {
  const [ga, gb] = [grade(a), grade(b)];
  if (ga === 'exact') return gb === 'exact' ? 'both' : 'ours';
  if (gb === 'exact') return ga === 'text' ? 'PyMongoArrow (ours as text)' : 'PyMongoArrow';
  return ga === 'text' ? 'ours (as text)' : 'neither';
}

function driverHas(docs: readonly Document[], field: string): string {
  const types = new Map<string, number>();
  for (const d of docs) types.set(bsonTypeOf(d[field]), (types.get(bsonTypeOf(d[field])) ?? 0) + 1);
  return [...types].map(([t, n]) => `${t} ${n}`).join(', ');
}

const describe = (r: FieldResult, row: number, prefix = '') =>
  r.tally ? `${prefix}${r.type}: ${r.key}; row ${row}: ${r.cell?.(row)}` : r.key;

export function report(loaded: readonly Loaded[]): { rows: string[]; sameValues: string[]; summary: string } {
  const rows: string[] = [];
  const sameValues: string[] = [];
  const totals = { ours: new Map() as Tally, theirs: new Map() as Tally };
  let failedReads = 0;
  for (const l of loaded) {
    const fields = [...new Set(l.docs.flatMap((d) => Object.keys(d)))];
    for (const mode of ['inferred', 'declared'] as const) {
      const [ours, theirs] = [l.ours[mode], l.theirs[mode]];
      if (!ours || !theirs) continue;
      const name = `${l.collection.name} | (the read) | ${mode} | ${l.docs.length} documents`;
      if (ours.error || theirs.error) {
        failedReads += (ours.error ? 1 : 0) + (theirs.error ? 1 : 0);
        const fallback = ours.table ? `; with conflicts: 'string' it loads` : '';
        const who = ours.error ? (theirs.error ? 'neither loads' : 'PyMongoArrow loads') : 'ours loads';
        rows.push(
          `| ${name} | ${ours.error ? `error: ${ours.error}${fallback}` : 'loads'} | ${theirs.error ? `error: ${theirs.error}` : 'loads'} | ${who} |`,
        );
      }
      if (!ours.table || !theirs.table) continue;
      for (const field of fields) {
        const a = fieldResult(ours.table, undefined, l.docs, field);
        const b = fieldResult(theirs.table, theirs.omitted, l.docs, field);
        for (const [v, n] of a.tally ?? []) totals.ours.set(v, (totals.ours.get(v) ?? 0) + n);
        for (const [v, n] of b.tally ?? []) totals.theirs.set(v, (totals.theirs.get(v) ?? 0) + n);
        if (a.key === b.key) {
          if (a.tally && a.type !== b.type)
            sameValues.push(`${l.collection.name}.${field} (${mode}): ours ${a.type}, PyMongoArrow ${b.type}`);
          continue;
        }
        // The example row: the first where either loses a value, else the first not equal.
        const lost = [a.firstLost, b.firstLost].filter((r) => r >= 0);
        const row = Math.min(...(lost.length ? lost : [a.firstNotEqual, b.firstNotEqual].filter((r) => r >= 0)));
        const driver = `${driverHas(l.docs, field)}; row ${row}: ${show(l.docs[row]?.[field])}`;
        const prefix = ours.error ? "(conflicts: 'string') " : '';
        rows.push(
          `| ${l.collection.name} | ${show(field, 30)} | ${mode} | ${driver} | ${describe(a, row, prefix)} | ${describe(b, row)} | ${matches(a, b)} |`,
        );
      }
    }
  }
  const summary =
    `cells compared with the driver — ours: ${tallyText(totals.ours)}; PyMongoArrow: ${tallyText(totals.theirs)}; ` +
    `${failedReads} failed reads; ${rows.length} rows where the two differ`;
  return { rows, sameValues, summary };
}

export function notes(loaded: readonly Loaded[]): string[] {
  return loaded.flatMap((l) => [
    ...(l.note ? [`- ${l.collection.name}: ${l.note}.`] : []),
    ...(typeof l.collection.declared === 'string'
      ? [`- ${l.collection.name}: no declared schema (${l.collection.declared}).`]
      : []),
    ...Object.entries(l.theirs).flatMap(([mode, o]) =>
      o?.omitted
        ? [
            `- ${l.collection.name}, ${mode}: PyMongoArrow has no type for ${o.omitted.join(', ')}; its schema leaves them out.`,
          ]
        : [],
    ),
  ]);
}
