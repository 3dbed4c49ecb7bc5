import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { serverUri } from './helpers/server.js';

const run = promisify(execFile);

/** The examples in the README's reach run as they are, against the test server, so that they cannot rot. */
describe('examples', { timeout: 120_000 }, () => {
  it('examples/model.ts loads its model as a table and a DataFrame, and catches the drift it seeds', async () => {
    const { stdout } = await run('node', ['--import', 'tsx', 'examples/model.ts'], {
      env: { ...process.env, MONGODB_URI: serverUri() },
    });
    assert.match(stdout, /^ {2}_id: Utf8 \(required\)$/m);
    assert.match(stdout, /^ {2}shippedAt: Timestamp<MILLISECOND, UTC>$/m);
    assert.match(stdout, /recent paid or shipped orders: 100 rows/);
    assert.match(stdout, /paid revenue by customer \(167 orders\)/);
    assert.match(stdout, /holding the data to the model: total of _id [0-9a-f]{24} is a string/);
    assert.match(stdout, /"path":"total","model":"double","data":"text","widens":false/);
  });
});
