/** Renders a run as the markdown of bench/results/<date>.md and latest.md. */
import { CONTENDER_LABELS } from './cell.js';
import type { CellResult, Mode, RunRecord } from './results.js';

const MB = 1e6;

/**
 * Our cell a contender is compared with: findArrow end to end; decode-only,
 * the like-for-like setting where one exists (Decimal128 as 16 bytes, as
 * PyMongoArrow keeps it), else the default decodeBson.
 */
function oursReference(cells: readonly CellResult[], of: CellResult): CellResult | undefined {
  const find = (contender: CellResult['contender']) =>
    cells.find((c) => c.contender === contender && c.shape === of.shape && c.documents === of.documents);
  if (of.mode === 'end-to-end') return find('ours-find');
  return find('ours-decode-decimal-bytes') ?? find('ours-decode');
}

/** How many times longer `other` takes than `ours` (> 1: ours is faster). */
function speedup(ours: CellResult | undefined, other: CellResult | undefined): number | undefined {
  if (!ours?.summary || !other?.summary) return undefined;
  return other.summary.medianMs / ours.summary.medianMs;
}

function number(n: number | undefined, digits = 0): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function ratioCell(cell: CellResult, cells: readonly CellResult[]): string {
  // Only other contenders get a ratio: aggregateArrow against findArrow is not ours against someone else.
  if (cell.contender.startsWith('ours-') || !cell.summary) return '—';
  const ours = oursReference(cells, cell);
  if (cell.contender === 'raw-floor') {
    const r = speedup(cell, ours);
    return r === undefined ? '—' : `ours takes ${r.toFixed(2)}× the floor`;
  }
  const r = speedup(ours, cell);
  if (r === undefined) return '—';
  return r >= 1 ? `ours ${r.toFixed(r < 10 ? 2 : 1)}× faster` : `ours ${(1 / r).toFixed(2)}× **slower**`;
}

function row(cell: CellResult, cells: readonly CellResult[]): string {
  const label = CONTENDER_LABELS[cell.contender];
  if (cell.status !== 'ok' || !cell.summary || !cell.measurement) {
    return `| ${cell.shape} | ${label} | ${cell.status}: ${cell.note ?? ''} | | | | | | |`;
  }
  const { summary: s, measurement: m } = cell;
  const delay = m.eventLoopMaxDelayMs === undefined ? '—' : number(m.eventLoopMaxDelayMs, 1);
  return [
    '',
    cell.shape,
    label,
    number(cell.docsPerSecond),
    number(cell.mbPerSecond, 1),
    `${number(s.medianMs, 1)} (${number(s.minMs, 1)}–${number(s.maxMs, 1)})`,
    ratioCell(cell, cells),
    number(m.peakRssBytes / MB),
    number(m.tableBytes / MB, 1),
    delay,
    '',
  ]
    .join(' | ')
    .trim();
}

function section(title: string, mode: Mode, documents: number, cells: readonly CellResult[]): string[] {
  const selected = cells.filter((c) => c.mode === mode && c.documents === documents);
  if (selected.length === 0) return [];
  return [
    `### ${title} — ${documents.toLocaleString('en-US')} documents`,
    '',
    '| shape | contender | docs/s (median) | MB/s BSON | ms: median (min–max) | ratio (same run) | peak RSS MB | table MB | event-loop max delay ms |',
    '|---|---|--:|--:|--:|---|--:|--:|--:|',
    ...selected.map((c) => row(c, cells)),
    '',
  ];
}

export function renderMarkdown(record: RunRecord): string {
  const { machine: m } = record;
  const sizes = [...new Set(record.cells.map((c) => c.documents))].sort((a, b) => a - b);
  const lines = [
    `## Benchmark run ${record.date}${record.quick ? ' (quick)' : ''}`,
    '',
    `Command: \`${record.command}\` — took ${Math.round(record.durationSeconds)} s.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, load average at start ${m.loadAverageAtStart.join(' / ')}; ` +
      `node ${m.node}, ${m.rustc}, ${m.python}; ${m.platform}; commit ${m.gitCommit}${m.gitDirty ? ' (dirty tree)' : ''}.`,
    '',
    `Server: ${record.server}. Versions: ${Object.entries(record.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    ...record.notes.map((n) => `- ${n}`),
    '',
  ];
  for (const n of sizes)
    lines.push(...section('Decode-only (in-memory BSON, no server)', 'decode-only', n, record.cells));
  for (const n of sizes) lines.push(...section('End to end', 'end-to-end', n, record.cells));
  return lines.join('\n');
}
