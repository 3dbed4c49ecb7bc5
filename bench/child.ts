/**
 * Child process entry: measures groups one after the other (argv[2] is a JSON
 * array of GroupSpecs; a group is the Node contenders of one shape and mode,
 * taking turns) and prints one JSON line per group: the measurement of each
 * contender, or why the group failed. One process serves every shape of a
 * mode because starting Node with tsx costs ~1.5 s here, more than many cells.
 * Run with `--expose-gc` so runs start from a collected heap.
 */
import type { Collection, Document } from 'mongodb';
import type { ContenderId, GroupSpec } from './cell.js';
import { rawFloor } from './contenders/floor.js';
import { oursDecodeOnly, oursEndToEnd } from './contenders/ours.js';
import { pureJsDecodeOnly, pureJsEndToEnd } from './contenders/pure-js.js';
import { withCollection } from './contenders/server.js';
import { readDataFile } from './data.js';
import { type Contender, measureRounds } from './measure.js';

type EndToEndContender = (collection: Collection<Document>, spec: GroupSpec) => Contender;
type DecodeOnlyContender = (bytes: Uint8Array, spec: GroupSpec) => Contender;

const END_TO_END: Partial<Record<ContenderId, EndToEndContender>> = {
  'raw-floor': (c, spec) => rawFloor(c, spec, 'find'),
  'raw-floor-aggregate': (c, spec) => rawFloor(c, spec, 'aggregate'),
  'raw-cursor': (c, spec) => rawFloor(c, spec, 'public-cursor'),
  'ours-find': (c, spec) => oursEndToEnd(c, spec, 'find'),
  'ours-aggregate': (c, spec) => oursEndToEnd(c, spec, 'aggregate'),
  'ours-aggregate-stream': (c, spec) => oursEndToEnd(c, spec, 'aggregate-stream'),
  'js-columnar': (c, spec) => pureJsEndToEnd(c, spec, 'columnar'),
  'js-tableFromJSON': (c, spec) => pureJsEndToEnd(c, spec, 'tableFromJSON'),
};

const DECODE_ONLY: Partial<Record<ContenderId, DecodeOnlyContender>> = {
  'ours-decode': (bytes, spec) => oursDecodeOnly(bytes, spec, 'string'),
  'ours-decode-decimal-bytes': (bytes, spec) => oursDecodeOnly(bytes, spec, 'binary'),
  'js-bson-columnar': pureJsDecodeOnly,
};

function pick<F>(table: Partial<Record<ContenderId, F>>, spec: GroupSpec): Array<readonly [ContenderId, F]> {
  return spec.contenders.map((id) => {
    const make = table[id];
    if (!make) throw new Error(`${id} is not a Node ${spec.mode} contender`);
    return [id, make] as const;
  });
}

function run(spec: GroupSpec) {
  if (spec.mode === 'decode-only') {
    const bytes = readDataFile(spec.dataFile);
    const contenders = new Map(pick(DECODE_ONLY, spec).map(([id, make]) => [id, make(bytes, spec)]));
    return measureRounds(spec.runs, contenders, false, undefined);
  }
  return withCollection(spec, (collection) => {
    const contenders = new Map(pick(END_TO_END, spec).map(([id, make]) => [id, make(collection, spec)]));
    return measureRounds(spec.runs, contenders, true, spec.server);
  });
}

async function main(): Promise<void> {
  const specs = JSON.parse(process.argv[2] ?? '') as GroupSpec[];
  for (const [group, spec] of specs.entries()) {
    try {
      process.stdout.write(`\n${JSON.stringify({ group, measurements: await run(spec) })}\n`);
    } catch (err) {
      // One failed shape must not cost the others their figures.
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      process.stderr.write(`${error}\n`);
      process.stdout.write(`\n${JSON.stringify({ group, error: error.split('\n')[0] })}\n`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
