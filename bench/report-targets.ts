/**
 * The summary table of a run's end-to-end cells against issue #15's targets:
 * findArrow and aggregateArrow at least 4× faster than toArray() + the best
 * plain-JS build, and no slower than the raw-cursor floor.
 */
import type { ContenderId } from './cell.js';
import type { CellResult } from './results.js';

const SPEEDUP_TARGET = 4;

export function findCell(
  cells: readonly CellResult[],
  like: Pick<CellResult, 'shape' | 'documents' | 'mode'>,
  contender: ContenderId,
): CellResult | undefined {
  return cells.find(
    (c) =>
      c.contender === contender && c.shape === like.shape && c.documents === like.documents && c.mode === like.mode,
  );
}

export function number(n: number | undefined, digits = 0): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function median(values: readonly number[] | undefined): number | undefined {
  if (!values || values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function ms(cell: CellResult | undefined): number | undefined {
  return cell?.status === 'ok' ? cell.summary?.medianMs : undefined;
}

/** "5.2× ✓" / "3.1× ✗": how many times faster than the JS path, and whether that meets the target. */
function againstJs(ours: number | undefined, js: number | undefined): string {
  if (ours === undefined || js === undefined) return '—';
  const r = js / ours;
  return `${r.toFixed(2)}× ${r >= SPEEDUP_TARGET ? '✓' : '✗'}`;
}

/** "+12.3 (+8 %) ✗": ours minus the floor, and whether ours is no slower. */
function againstFloor(ours: number | undefined, floor: number | undefined): string {
  if (ours === undefined || floor === undefined) return '—';
  const over = ours - floor;
  const sign = over >= 0 ? '+' : '';
  return `${sign}${number(over, 1)} (${sign}${number((100 * over) / floor)} %) ${over <= 0 ? '✓' : '✗'}`;
}

export function targetsSection(documents: number, cells: readonly CellResult[]): string[] {
  const shapes = [
    ...new Set(cells.filter((c) => c.mode === 'end-to-end' && c.documents === documents).map((c) => c.shape)),
  ];
  if (shapes.length === 0) return [];
  const rows = shapes.map((shape) => {
    const like = { shape, documents, mode: 'end-to-end' as const };
    const get = (id: ContenderId) => findCell(cells, like, id);
    const floor = get('raw-floor');
    const aggregateFloor = get('raw-floor-aggregate');
    const [find, aggregate, js, py] = [
      ms(get('ours-find')),
      ms(get('ours-aggregate')),
      ms(get('js-columnar')),
      ms(get('pymongoarrow-find')),
    ];
    return [
      shape,
      number(ms(floor), 1),
      number(median(floor?.measurement?.serverCpuMs)),
      number(find, 1),
      number(aggregate, 1),
      number(js, 1),
      number(py, 1),
      againstJs(find, js),
      againstJs(aggregate, js),
      againstFloor(find, ms(floor)),
      againstFloor(aggregate, ms(floor)),
      number(median(get('ours-aggregate')?.measurement?.serverCpuMs)),
      number(ms(aggregateFloor), 1),
      againstFloor(aggregate, ms(aggregateFloor)),
    ];
  });
  return [
    `### Targets (issue #15), end to end — ${documents.toLocaleString('en-US')} documents, median ms`,
    '',
    `Target: findArrow and aggregateArrow ≥ ${SPEEDUP_TARGET}× faster than toArray() + the best JS build, and no slower than the floor (the raw find). The server's CPU time during aggregateArrow, and in full mode the aggregate floor (aggregateArrow's own query drained raw), show what the server's aggregation costs before we decode anything.`,
    '',
    '| shape | floor | server CPU during floor | findArrow | aggregateArrow | toArray + JS build | PyMongoArrow | findArrow vs JS | aggregateArrow vs JS | findArrow − floor | aggregateArrow − floor | server CPU during aggregateArrow | aggregate floor (full mode) | aggregateArrow − aggregate floor |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}
