#!/usr/bin/env node
// The `mongodb-arrow` command (package.json "bin").
import { run } from './run.js';

const controller = new AbortController();
// The first Ctrl-C aborts the read (the cursor is killed, the temporary file
// removed) and exits with 130 once that is done; a second one exits at once.
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort(new Error('interrupted'));
});

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
);
