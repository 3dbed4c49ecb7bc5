/** The targets of issue 5, checked against one run's cells. */
import type { ContenderId } from './cell.js';
import type { CellResult } from './results.js';

export interface TargetCheck {
  readonly target: string;
  readonly shape: string;
  readonly documents: number;
  readonly figure: string;
  readonly met: boolean | undefined;
}

/** FerretDB's getMore batch; a real mongod sends up to 16 MiB per batch instead. */
export const SERVER_BATCH_DOCUMENTS = 250;
const MIB = 2 ** 20;

export function findCell(cells: readonly CellResult[], contender: ContenderId, shape: string, documents: number) {
  return cells.find((c) => c.contender === contender && c.shape === shape && c.documents === documents);
}

/**
 * Our reference cell for a comparison: findArrow end to end; decode-only,
 * the like-for-like setting where one exists (Decimal128 as 16 bytes, as
 * PyMongoArrow keeps it), else the default decodeBson.
 */
export function oursReference(
  cells: readonly CellResult[],
  mode: CellResult['mode'],
  shape: string,
  documents: number,
) {
  if (mode === 'end-to-end') return findCell(cells, 'ours-find', shape, documents);
  return (
    findCell(cells, 'ours-decode-decimal-bytes', shape, documents) ?? findCell(cells, 'ours-decode', shape, documents)
  );
}

/** How many times longer `other` takes than `ours` (> 1: ours is faster). */
export function speedup(ours: CellResult | undefined, other: CellResult | undefined): number | undefined {
  if (!ours?.summary || !other?.summary) return undefined;
  return other.summary.medianMs / ours.summary.medianMs;
}

function groups(cells: readonly CellResult[], mode: CellResult['mode']): Array<[string, number]> {
  const seen = new Map<string, [string, number]>();
  for (const c of cells) if (c.mode === mode) seen.set(`${c.shape}/${c.documents}`, [c.shape, c.documents]);
  return [...seen.values()];
}

function ratioCheck(
  target: string,
  shape: string,
  documents: number,
  ratio: number | undefined,
  ok: (r: number) => boolean,
): TargetCheck {
  return {
    target,
    shape,
    documents,
    figure: ratio === undefined ? 'not measured' : `${ratio.toFixed(2)}×`,
    met: ratio === undefined ? undefined : ok(ratio),
  };
}

export function checkTargets(cells: readonly CellResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [shape, n] of groups(cells, 'decode-only')) {
    const ours = oursReference(cells, 'decode-only', shape, n);
    checks.push(
      ratioCheck(
        'decode-only ≥ 50× pure JS',
        shape,
        n,
        speedup(ours, findCell(cells, 'js-bson-columnar', shape, n)),
        (r) => r >= 50,
      ),
      ratioCheck(
        'decode-only ≥ 3× PyMongoArrow',
        shape,
        n,
        speedup(ours, findCell(cells, 'pymongoarrow-decode', shape, n)),
        (r) => r >= 3,
      ),
    );
  }
  for (const [shape, n] of groups(cells, 'end-to-end')) {
    const floor = findCell(cells, 'raw-floor', shape, n);
    for (const contender of ['ours-find', 'ours-aggregate'] as const) {
      const ours = findCell(cells, contender, shape, n);
      // ours ÷ floor: the inverse of a speed-up.
      const ratio = speedup(floor, ours);
      checks.push(ratioCheck(`${contender} ≤ 1.15× raw floor`, shape, n, ratio, (r) => r <= 1.15));
    }
    const ours = findCell(cells, 'ours-find', shape, n);
    const m = ours?.measurement;
    if (ours && m) {
      const batchBytes = (ours.bsonBytes / n) * SERVER_BATCH_DOCUMENTS;
      const allowed = m.tableBytes + 2 * batchBytes + 64 * MIB;
      const grown = m.peakRssBytes - m.baselineRssBytes;
      checks.push({
        target: 'ours-find peak RSS growth ≤ table + 2 batches + 64 MiB',
        shape,
        documents: n,
        figure: `${(grown / MIB).toFixed(0)} MiB of ${(allowed / MIB).toFixed(0)} MiB allowed (table ${(m.tableBytes / MIB).toFixed(1)} MiB)`,
        met: grown <= allowed,
      });
    }
  }
  return checks;
}
