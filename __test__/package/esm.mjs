// The installed package through `import`: aggregateArrow against the test
// server, compared with the plain driver. `import` gets the ESM build, which
// imports apache-arrow as ESM like this script does, so the table works with
// this script's apache-arrow functions (shared.cjs round-trips it through IPC).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as arrow from 'apache-arrow';
import { MongoClient } from 'mongodb';
import * as esm from 'mongodb-arrow';
import { aggregateArrow } from 'mongodb-arrow';
import shared from './shared.cjs';

const cjs = createRequire(import.meta.url)('mongodb-arrow');
const names = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule');
assert.deepEqual(names(esm).sort(), names(cjs).sort(), 'import exposes every name require does');

await shared.runSmoke('esm', { MongoClient, arrow, aggregateArrow });
