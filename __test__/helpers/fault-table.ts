/**
 * Turns the rows the fault scenarios recorded (`$FAULTS_REPORT`, one JSON per
 * line) into the Reliability table: one line per scenario, its APIs merged.
 * With `--readme`, also writes it into README.md between the reliability markers.
 *
 *   node --import tsx __test__/helpers/fault-table.ts <rows.jsonl> [--readme "<command>"]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { FaultRow } from './fault-report.js';

const BEGIN = '<!-- reliability:begin -->';
const END = '<!-- reliability:end -->';

function range(values: readonly number[], unit: string): string {
  if (values.length === 0) return '—';
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${low} ${unit}` : `${low}–${high} ${unit}`;
}

function merge(rows: readonly FaultRow[]): string[] {
  const groups = new Map<string, FaultRow[]>();
  for (const row of rows) groups.set(row.scenario, [...(groups.get(row.scenario) ?? []), row]);
  const lines = [
    '| scenario | APIs | outcome | time to reject | leaked handles | leaked cursors | RSS before → after |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [scenario, group] of groups) {
    const apis = [...new Set(group.map((r) => r.api))].join(', ');
    const outcomes = [...new Set(group.map((r) => r.outcome))].join(' / ');
    const rejects = group.flatMap((r) => (r.rejectMs === undefined ? [] : [r.rejectMs]));
    const handles = group.flatMap((r) => (r.leakedHandles === undefined ? [] : [r.leakedHandles]));
    const cursors = group.flatMap((r) => (r.leakedCursors === undefined ? [] : [r.leakedCursors]));
    const before = group[0]?.rssBeforeMiB;
    const after = group.at(-1)?.rssAfterMiB;
    const rss = before === undefined || after === undefined ? '—' : `${before} → ${after} MiB`;
    const sum = (values: number[]) => (values.length ? String(values.reduce((a, b) => a + b, 0)) : '—');
    lines.push(
      `| ${scenario} | ${apis} | ${outcomes.replaceAll('|', '/')} | ${range(rejects, 'ms')} | ${sum(handles)} | ${sum(cursors)} | ${rss} |`,
    );
  }
  return lines;
}

const [file, flag, command] = process.argv.slice(2);
if (!file) {
  console.error('usage: fault-table.ts <rows.jsonl> [--readme "<command>"]');
  process.exit(2);
}
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as FaultRow);
const table = merge(rows);
console.log(`\nfaults: ${rows.length} measured cases\n${table.join('\n')}`);
if (flag === '--readme') {
  const readme = readFileSync('README.md', 'utf8');
  const at = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (at < 0 || end < at) throw new Error(`README.md has no ${BEGIN} … ${END} section`);
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const body = [
    BEGIN,
    '',
    `Measured ${when} UTC with \`${command ?? 'npm run test:faults -- --long'}\` on FerretDB 1.24.2 (SQLite), Node ${process.version}:`,
    '',
    ...table,
    '',
    END,
  ];
  writeFileSync('README.md', readme.slice(0, at) + body.join('\n') + readme.slice(end + END.length));
  console.log('faults: README.md Reliability table updated');
}
