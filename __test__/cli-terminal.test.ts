/**
 * The export's progress display as a person sees it: the command runs in a
 * real terminal (tmux, from Debian's packages; scripts/ensure-tmux.sh installs
 * it for `npm test`), and the screen is read back with `capture-pane` while it
 * runs. Without tmux the test is skipped, saying so.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Db, MongoClient } from 'mongodb';
import { openTestDb, serverUri } from './helpers/server.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const DOCUMENTS = 20_000;
/** Its own tmux server (socket), so a user's tmux sessions are never touched. */
const socket = `mongodb-arrow-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
/** The progress line's shape: "12,345/20,000 docs (61%) · 1.2 MB · 4,321 docs/s · 0:02 · ETA 0:01". */
const PROGRESS = /^[\d,]+\/20,000 docs \(\d+%\) · [\d.]+ [kMG]?B · [\d,]+ docs\/s · \d+:\d\d/;

describe('export progress in a terminal', {
  skip: hasTmux ? false : 'tmux is not installed (apt-get install tmux)',
}, () => {
  let client: MongoClient;
  let db: Db;
  const dir = mkdtempSync(join(tmpdir(), 'mongodb-arrow-tty-'));

  before(async () => {
    ({ client, db } = await openTestDb('cli_tty'));
    await db.collection('docs').insertMany(Array.from({ length: DOCUMENTS }, (_, i) => ({ i, name: `n${i}` })));
  });

  after(async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
    await db.dropDatabase();
    await client.close();
  });

  it('rewrites one line in place while it runs, then prints the summary', async () => {
    const out = join(dir, 'docs.parquet');
    // Small batches: many replies, so the line is redrawn many times (every 100 ms).
    const command = [
      process.execPath,
      '--import tsx lib/cli/main.ts export',
      `--uri '${serverUri()}' --db ${db.databaseName} --collection docs --batch-size 10 --out ${out}`,
    ].join(' ');
    tmux(
      'new-session',
      '-d',
      '-s',
      'export',
      '-x',
      '110',
      '-y',
      '12',
      '-c',
      process.cwd(),
      `${command}; echo EXIT=$?; sleep 120`,
    );
    const screens: string[][] = [];
    const deadline = Date.now() + 120_000;
    let screen: string[] = [];
    while (Date.now() < deadline) {
      screen = tmux('capture-pane', '-p', '-t', 'export')
        .split('\n')
        .filter((l) => l.trim() !== '');
      screens.push(screen);
      if (screen.some((l) => l.startsWith('EXIT='))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(screen.includes('EXIT=0'), `the export did not finish in time, or failed:\n${screen.join('\n')}`);

    // While it ran: never more than one progress line on the screen (rewritten, not scrolled) ...
    const progressLines = screens.map((s) => s.filter((l) => PROGRESS.test(l)));
    assert.ok(
      progressLines.every((lines) => lines.length <= 1),
      'more than one progress line on one screen',
    );
    // ... and that line changed as the documents came in.
    const seen = new Set(progressLines.flat().map((l) => l.split(' · ')[0]));
    assert.ok(seen.size >= 2, `the progress line was seen ${seen.size} time(s): ${[...seen].join(' | ')}`);

    // At the end the progress line is gone, replaced by the summary.
    assert.deepEqual(
      screen.filter((l) => PROGRESS.test(l)),
      [],
      screen.join('\n'),
    );
    const summary = screen.find((l) => l.startsWith('exported '));
    assert.match(summary ?? '', /^exported 20,000 rows to .*docs\.parquet \(.+B\) in [\d.]+ s, [\d,]+ rows\/s$/);
    assert.ok(existsSync(out));
  });
});
