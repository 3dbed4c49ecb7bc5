/**
 * Child process entry: measures one cell (argv[2] is its CellSpec as JSON)
 * and prints the measurement as the last line of stdout. Run with
 * `--expose-gc` so runs start from a collected heap.
 */
import type { CellSpec, ContenderId } from './cell.js';
import { rawFloor } from './contenders/floor.js';
import { oursDecodeOnly, oursEndToEnd } from './contenders/ours.js';
import { pureJsDecodeOnly, pureJsEndToEnd } from './contenders/pure-js.js';
import type { CellMeasurement } from './measure.js';

const CONTENDERS: Partial<Record<ContenderId, (spec: CellSpec) => Promise<CellMeasurement>>> = {
  'ours-find': (spec) => oursEndToEnd(spec, 'find'),
  'ours-aggregate': (spec) => oursEndToEnd(spec, 'aggregate'),
  'ours-aggregate-stream': (spec) => oursEndToEnd(spec, 'aggregate-stream'),
  'js-columnar': (spec) => pureJsEndToEnd(spec, 'columnar'),
  'js-tableFromJSON': (spec) => pureJsEndToEnd(spec, 'tableFromJSON'),
  'raw-floor': rawFloor,
  'ours-decode': (spec) => oursDecodeOnly(spec, 'string'),
  'ours-decode-decimal-bytes': (spec) => oursDecodeOnly(spec, 'binary'),
  'js-bson-columnar': pureJsDecodeOnly,
};

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as CellSpec;
  const run = CONTENDERS[spec.contender];
  if (!run) throw new Error(`${spec.contender} is not a Node contender`);
  process.stdout.write(`\n${JSON.stringify(await run(spec))}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
