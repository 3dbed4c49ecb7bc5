/** Renders a run as the markdown of bench/results/<date>.md and latest.md. */
import { CONTENDER_LABELS, type ContenderId, DECODE_ONLY, END_TO_END } from './cell.js';
import { findCell, median, number, targetsSection } from './report-targets.js';
import type { CellResult, Mode, RunRecord } from './results.js';

const MB = 1e6;

/**
 * Our cell a contender is compared with: findArrow end to end; decode-only,
 * the like-for-like setting where one exists (Decimal128 as 16 bytes, as
 * PyMongoArrow keeps it), else the default decodeBson.
 */
function oursReference(cells: readonly CellResult[], of: CellResult): CellResult | undefined {
  if (of.mode === 'end-to-end') return findCell(cells, of, 'ours-find');
  return findCell(cells, of, 'ours-decode-decimal-bytes') ?? findCell(cells, of, 'ours-decode');
}

/** How many times longer `other` takes than `ours` (> 1: ours is faster). */
function speedup(ours: CellResult | undefined, other: CellResult | undefined): number | undefined {
  if (!ours?.summary || !other?.summary) return undefined;
  return other.summary.medianMs / ours.summary.medianMs;
}

function ratioCell(cell: CellResult, cells: readonly CellResult[]): string {
  // Only other contenders get a ratio: aggregateArrow against findArrow is not ours against someone else.
  if (cell.contender.startsWith('ours-') || !cell.summary) return '—';
  const ours = oursReference(cells, cell);
  if (cell.contender === 'raw-floor-aggregate') {
    const r = speedup(cell, findCell(cells, cell, 'ours-aggregate'));
    return r === undefined ? '—' : `aggregateArrow takes ${r.toFixed(2)}× this`;
  }
  if (cell.contender === 'raw-floor' || cell.contender === 'raw-cursor') {
    const r = speedup(cell, ours);
    return r === undefined ? '—' : `findArrow takes ${r.toFixed(2)}× this`;
  }
  const r = speedup(ours, cell);
  if (r === undefined) return '—';
  return r >= 1 ? `ours ${r.toFixed(r < 10 ? 2 : 1)}× faster` : `ours ${(1 / r).toFixed(2)}× **slower**`;
}

/** End to end: how much longer than its floor (the same query's server and cursor alone) this load took. */
function overFloor(cell: CellResult, cells: readonly CellResult[]): string {
  const aggregates = cell.contender === 'ours-aggregate' || cell.contender === 'ours-aggregate-stream';
  const floor = findCell(cells, cell, aggregates ? 'raw-floor-aggregate' : 'raw-floor');
  if (!floor?.summary || !cell.summary || cell === floor) return '—';
  return number(cell.summary.medianMs - floor.summary.medianMs, 1);
}

function row(cell: CellResult, cells: readonly CellResult[]): string {
  const label = CONTENDER_LABELS[cell.contender];
  const endToEnd = cell.mode === 'end-to-end';
  const width = endToEnd ? 10 : 7;
  if (cell.status !== 'ok' || !cell.summary || !cell.measurement) {
    return `| ${cell.shape} | ${label} | ${cell.status}: ${cell.note ?? ''} |${' |'.repeat(width - 1)}`;
  }
  const { summary: s, measurement: m } = cell;
  const columns = [
    cell.shape,
    label,
    number(cell.docsPerSecond),
    number(cell.mbPerSecond, 1),
    `${number(s.medianMs, 1)} (${number(s.minMs, 1)}–${number(s.maxMs, 1)})`,
    ratioCell(cell, cells),
    ...(endToEnd ? [overFloor(cell, cells), number(median(m.serverCpuMs))] : []),
    number(m.rssGrowthBytes / MB),
    number(m.tableBytes / MB, 1),
    ...(endToEnd ? [m.eventLoopMaxDelayMs === undefined ? '—' : number(m.eventLoopMaxDelayMs, 1)] : []),
  ];
  return `| ${columns.join(' | ')} |`;
}

function section(title: string, mode: Mode, documents: number, cells: readonly CellResult[]): string[] {
  const order: readonly ContenderId[] = mode === 'end-to-end' ? END_TO_END : DECODE_ONLY;
  const shapes = [...new Set(cells.map((c) => c.shape))];
  // Python's cells are measured after every Node one; they are listed with their shape.
  const selected = cells
    .filter((c) => c.mode === mode && c.documents === documents)
    .sort(
      (a, b) =>
        shapes.indexOf(a.shape) - shapes.indexOf(b.shape) || order.indexOf(a.contender) - order.indexOf(b.contender),
    );
  if (selected.length === 0) return [];
  const head =
    mode === 'end-to-end'
      ? [
          '| shape | contender | docs/s (median) | MB/s BSON | ms: median (min–max) | ratio (same run) | ms over its floor | server CPU ms | RSS growth MB | table MB | event-loop max delay ms |',
          '|---|---|--:|--:|--:|---|--:|--:|--:|--:|--:|',
        ]
      : [
          '| shape | contender | docs/s (median) | MB/s BSON | ms: median (min–max) | ratio (same run) | RSS growth MB | table MB |',
          '|---|---|--:|--:|--:|---|--:|--:|',
        ];
  return [
    `### ${title} — ${documents.toLocaleString('en-US')} documents`,
    '',
    ...head,
    ...selected.map((c) => row(c, cells)),
    '',
  ];
}

export function renderMarkdown(record: RunRecord): string {
  const { machine: m } = record;
  const sizes = [...new Set(record.cells.map((c) => c.documents))].sort((a, b) => a - b);
  const end = record.loadAverageAtEnd ? `, at the end ${record.loadAverageAtEnd.join(' / ')}` : '';
  const lines = [
    `## Benchmark run ${record.date}${record.quick ? ' (quick)' : ''}`,
    '',
    `Command: \`${record.command}\` — took ${Math.round(record.durationSeconds)} s.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, load average at start ${m.loadAverageAtStart.join(' / ')}${end}; ` +
      `node ${m.node}, ${m.rustc}, ${m.python}; ${m.platform}; commit ${m.gitCommit}${m.gitDirty ? ' (dirty tree)' : ''}.`,
    '',
    `Server: ${record.server}. Versions: ${Object.entries(record.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    ...record.notes.map((n) => `- ${n}`),
    '',
  ];
  for (const n of sizes) lines.push(...targetsSection(n, record.cells));
  for (const n of sizes)
    lines.push(...section('Decode-only (in-memory BSON, no server)', 'decode-only', n, record.cells));
  for (const n of sizes) lines.push(...section('End to end', 'end-to-end', n, record.cells));
  return lines.join('\n');
}
