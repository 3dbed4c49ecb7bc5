/**
 * Child process entry: measures one cell (argv[2] is its CellSpec as JSON)
 * and prints the measurement as the last line of stdout. Run with
 * `--expose-gc` so runs start from a collected heap.
 */
import type { CellSpec } from './cell.js';
import { rawFloor } from './contenders/floor.js';
import { oursDecodeOnly, oursEndToEnd, PendingError } from './contenders/ours.js';
import { pureJsDecodeOnly, pureJsEndToEnd } from './contenders/pure-js.js';
import type { CellMeasurement } from './measure.js';

function run(spec: CellSpec): Promise<CellMeasurement> {
  switch (spec.contender) {
    case 'ours-find':
      return oursEndToEnd(spec, 'find');
    case 'ours-aggregate':
      return oursEndToEnd(spec, 'aggregate');
    case 'js-columnar':
      return pureJsEndToEnd(spec, 'columnar');
    case 'js-tableFromJSON':
      return pureJsEndToEnd(spec, 'tableFromJSON');
    case 'raw-floor':
      return rawFloor(spec);
    case 'ours-aggregate-stream':
      return oursEndToEnd(spec, 'aggregate-stream');
    case 'ours-decode':
      return oursDecodeOnly(spec, 'string');
    case 'ours-decode-decimal-bytes':
      return oursDecodeOnly(spec, 'binary');
    case 'js-bson-columnar':
      return pureJsDecodeOnly(spec);
    default:
      throw new Error(`${spec.contender} is not a Node contender`);
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as CellSpec;
  try {
    const measurement = await run(spec);
    process.stdout.write(`\n${JSON.stringify(measurement)}\n`);
  } catch (err) {
    if (!(err instanceof PendingError)) throw err;
    process.stdout.write(`\n${JSON.stringify({ pending: err.message })}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
