import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { LONG, record } from './helpers/fault-report.js';

const SEED = 1_717;
/** Cases per category: the deep ones build 10,000-level schemas and bytes, so fewer. */
const CASES: Readonly<Record<string, number>> = {
  bytes: LONG ? 20_000 : 1_000,
  deep: LONG ? 300 : 24,
  names: LONG ? 2_000 : 100,
  options: LONG ? 3_000 : 200,
};
/** A hang is a failure too: the child is killed and counted. */
const CHILD_TIMEOUT_MS = LONG ? 600_000 : 60_000;

interface Summary {
  readonly cases: number;
  readonly ok: number;
  readonly codes: Record<string, number>;
  readonly untyped: string[];
  readonly untypedCount: number;
  /** Untyped errors the driver itself threw from options passed through (its bug, not ours). */
  readonly driverUntyped: Record<string, number>;
  readonly polluted: boolean;
}

function runChild(category: string): Promise<{ summary?: Summary; exit: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '__test__/helpers/fuzz-child.ts', category, String(SEED), String(CASES[category])],
      { timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 << 20, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        let summary: Summary | undefined;
        try {
          summary = JSON.parse(last) as Summary;
        } catch {
          summary = undefined;
        }
        const exit = error
          ? `${error.killed ? 'killed (hang)' : ''} code ${error.code} signal ${error.signal}`
          : 'exit 0';
        resolve({ summary, exit, stderr: stderr.slice(-2_000), ms: performance.now() - started });
      },
    );
  });
}

// arguments.test.ts fuzzes options and schemas in-process with shallow shapes; here the
// crash-prone extremes (10,000 levels, 1 MiB names, prototype keys, mangled bytes, reads
// against the server) each run in a child process, so a crash is counted, not fatal.
// The children run at once (`concurrency`): each is a process of its own, and start-up dominates.
describe('hostile input at the API boundary, in child processes', {
  timeout: LONG ? 2_400_000 : 240_000,
  concurrency: true,
}, () => {
  for (const category of Object.keys(CASES)) {
    it(`${category}: ${CASES[category]} seeded cases end in a typed error or a result; no crash, hang or pollution`, async () => {
      const { summary, exit, stderr, ms } = await runChild(category);
      record({
        scenario: `hostile input: ${category} (seed ${SEED}, child process)`,
        api: category === 'options' ? 'the four reads' : 'decodeBson / Schema',
        outcome: summary
          ? `${summary.cases} cases: ${summary.ok} ok, ${JSON.stringify(summary.codes)}; untyped: ours ${summary.untypedCount}, thrown inside the driver ${JSON.stringify(summary.driverUntyped)}; polluted ${summary.polluted}`
          : `child ended without a summary (${exit})`,
        // The work ran in the child: the parent's handles and RSS say nothing about it.
        leakedHandles: undefined,
        rssBeforeMiB: undefined,
        rssAfterMiB: undefined,
      });
      assert.ok(summary, `the child crashed or hung (${exit}, ${Math.round(ms)} ms): ${stderr}`);
      assert.equal(exit, 'exit 0', `${exit}: ${summary.untyped.join('\n')}`);
      assert.equal(summary.untypedCount, 0, summary.untyped.join('\n'));
      assert.equal(summary.polluted, false, 'Object.prototype was changed');
      assert.equal(summary.cases, CASES[category]);
      assert.ok(summary.ok > 0 && summary.ok < summary.cases, `both outcomes occur: ${JSON.stringify(summary)}`);
    });
  }
});
