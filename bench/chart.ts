/**
 * The SVG chart of a run: grouped bars of documents/s (log scale), one panel
 * per mode and size, a group per shape, a bar per contender. Written by hand
 * so the bench needs no plotting dependency.
 */
import { CONTENDER_LABELS, type ContenderId } from './cell.js';
import type { CellResult, Mode, RunRecord } from './results.js';

const COLORS: Readonly<Record<ContenderId, string>> = {
  'ours-find': '#1b9e77',
  'ours-aggregate': '#66c2a5',
  'ours-aggregate-stream': '#a6dba0',
  'js-columnar': '#d95f02',
  'js-tableFromJSON': '#fc8d62',
  'raw-floor': '#7570b3',
  'raw-floor-aggregate': '#9e9ac8',
  'raw-cursor': '#b3b0d9',
  'pymongoarrow-find': '#e7298a',
  'ours-decode': '#1b9e77',
  'ours-decode-decimal-bytes': '#66c2a5',
  'js-bson-columnar': '#d95f02',
  'pymongoarrow-decode': '#e7298a',
};

const PANEL_W = 900;
const PANEL_H = 300;
const MARGIN = { left: 70, top: 40, bottom: 40 };
const LEGEND_W = 300;

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function panel(title: string, cells: readonly CellResult[], y0: number): string[] {
  const ok = cells.filter((c) => c.status === 'ok' && c.docsPerSecond);
  const out: string[] = [
    `<text x="${MARGIN.left}" y="${y0 + 24}" font-size="15" font-weight="bold">${xmlText(title)}</text>`,
  ];
  if (ok.length === 0) return out;
  const values = ok.map((c) => c.docsPerSecond as number);
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.ceil(Math.log10(Math.max(...values)));
  const plotH = PANEL_H - MARGIN.top - MARGIN.bottom;
  const plotW = PANEL_W - MARGIN.left - 20;
  const yOf = (v: number) => y0 + MARGIN.top + plotH - ((Math.log10(v) - lo) / Math.max(1, hi - lo)) * plotH;
  for (let e = lo; e <= hi; e++) {
    const y = yOf(10 ** e);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y + 4}" font-size="11" text-anchor="end">1e${e}</text>`,
    );
  }
  out.push(
    `<text x="16" y="${y0 + MARGIN.top + plotH / 2}" font-size="11" transform="rotate(-90 16 ${y0 + MARGIN.top + plotH / 2})" text-anchor="middle">documents/s (log)</text>`,
  );
  const shapes = [...new Set(cells.map((c) => c.shape))];
  const groupW = plotW / shapes.length;
  shapes.forEach((shape, g) => {
    const bars = ok.filter((c) => c.shape === shape);
    const barW = Math.min(28, (groupW - 16) / Math.max(1, bars.length));
    const x0 = MARGIN.left + g * groupW + (groupW - barW * bars.length) / 2;
    bars.forEach((c, b) => {
      const y = yOf(c.docsPerSecond as number);
      const bottom = y0 + MARGIN.top + plotH;
      out.push(
        `<rect x="${(x0 + b * barW).toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(bottom - y).toFixed(1)}" fill="${COLORS[c.contender]}">` +
          `<title>${xmlText(`${CONTENDER_LABELS[c.contender]}: ${Math.round(c.docsPerSecond as number).toLocaleString('en-US')} docs/s`)}</title></rect>`,
      );
    });
    out.push(
      `<text x="${MARGIN.left + g * groupW + groupW / 2}" y="${y0 + PANEL_H - 18}" font-size="12" text-anchor="middle">${shape}</text>`,
    );
  });
  return out;
}

export function renderChart(record: RunRecord): string {
  const panels: Array<[string, CellResult[]]> = [];
  const sizes = [...new Set(record.cells.map((c) => c.documents))].sort((a, b) => a - b);
  for (const mode of ['decode-only', 'end-to-end'] as Mode[]) {
    for (const n of sizes) {
      const cells = record.cells.filter((c) => c.mode === mode && c.documents === n);
      if (cells.some((c) => c.status === 'ok')) panels.push([`${mode}, ${n.toLocaleString('en-US')} documents`, cells]);
    }
  }
  const height = panels.length * PANEL_H + 50;
  const width = PANEL_W + LEGEND_W;
  const body: string[] = [];
  panels.forEach(([title, cells], i) => {
    body.push(...panel(title, cells, i * PANEL_H));
  });
  const used = [...new Set(record.cells.filter((c) => c.status === 'ok').map((c) => c.contender))];
  used.forEach((id, i) => {
    const y = 50 + i * 20;
    body.push(
      `<rect x="${PANEL_W + 10}" y="${y - 11}" width="14" height="14" fill="${COLORS[id]}"/>`,
      `<text x="${PANEL_W + 30}" y="${y}" font-size="12">${xmlText(CONTENDER_LABELS[id])}</text>`,
    );
  });
  body.push(
    `<text x="${MARGIN.left}" y="${height - 14}" font-size="11" fill="#555">${xmlText(
      `${record.date} · ${record.machine.cpuModel}, ${record.machine.cores} cores · ${record.command}`,
    )}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
