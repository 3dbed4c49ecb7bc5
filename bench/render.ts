/**
 * Re-renders the markdown and the chart of a recorded run, e.g. after the
 * report's layout changed: `node --import tsx bench/render.ts bench/results/<date>.json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart } from './chart.js';
import { renderMarkdown } from './report.js';
import type { RunRecord } from './results.js';

const path = process.argv[2];
if (!path) throw new Error('usage: bench/render.ts bench/results/<date>.json');
const record = JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
const markdown = renderMarkdown(record);
const dir = join(__dirname, 'results');
writeFileSync(join(dir, `${record.date}.md`), markdown);
writeFileSync(join(dir, 'latest.md'), markdown);
writeFileSync(join(dir, 'latest.svg'), renderChart(record));
