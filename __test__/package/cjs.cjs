// The installed package through `require`: aggregateArrow against the test
// server, compared with the plain driver.
'use strict';
const arrow = require('apache-arrow');
const { MongoClient } = require('mongodb');
const { aggregateArrow } = require('mongodb-arrow');
const { runSmoke } = require('./shared.cjs');

runSmoke('cjs', { MongoClient, arrow, aggregateArrow }).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
