/** Command-line options of bench/run.ts. */
import { parseArgs } from 'node:util';
import { SHAPES, type ShapeName, shapeByName } from './shapes.js';

export interface Options {
  readonly quick: boolean;
  readonly sizes: readonly number[];
  readonly shapes: readonly ShapeName[];
  /** Shapes measured end to end (the rest decode-only). */
  readonly endToEndShapes: readonly ShapeName[];
  readonly endToEndSizes: readonly number[];
  readonly runs: number;
  /** find's batchSize end to end, the same for every contender. */
  readonly batchSize: number;
  readonly python: boolean;
}

const HELP = `usage: npm run bench -- [--quick] [--sizes 100000,1000000] [--shapes small,large,...]
  [--e2e-shapes small,...] [--e2e-sizes 100000] [--runs N] [--batch-size N] [--no-python]
shapes: ${SHAPES.map((s) => s.name).join(', ')}`;

/**
 * Quick mode must finish in under 2 minutes on 2 cores, setup included. End to
 * end the client and the server mostly take turns (CPU time ≈ wall time), and
 * 50,000 documents per shape took ~170 s: loading six collections into
 * mongo-java-server (~15k inserts/s), its aggregate (~2× its find), and the
 * driver's toArray (~10 µs a small document) are fixed costs of the
 * comparison. 30,000 documents decode-only and 25,000 end to end (3 batches
 * of at most 10,000) fit, with the aggregate floor left to full mode.
 */
const QUICK_DECODE_ONLY_SIZE = '30000';
const QUICK_END_TO_END_SIZE = '25000';

/** The shapes issue #15 sets end-to-end targets on, and the realistic ones it asks to report. */
const QUICK_END_TO_END: readonly ShapeName[] = ['small', 'mixed', 'nested', 'sensor', 'events', 'orders'];

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      shapes: { type: 'string' },
      'e2e-shapes': { type: 'string' },
      'e2e-sizes': { type: 'string' },
      runs: { type: 'string' },
      'batch-size': { type: 'string' },
      'no-python': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const sizes = (list(values.sizes) ?? (quick ? [QUICK_DECODE_ONLY_SIZE] : ['100000', '1000000'])).map(Number);
  const shapes = (list(values.shapes) ?? SHAPES.map((s) => s.name)).map((n) => shapeByName(n).name);
  const endToEndShapes = (list(values['e2e-shapes']) ?? (quick ? QUICK_END_TO_END : shapes)).map(
    (n) => shapeByName(n).name,
  );
  return {
    quick,
    sizes,
    shapes,
    endToEndShapes: endToEndShapes.filter((s) => shapes.includes(s) && shapeByName(s).onServer),
    endToEndSizes: (list(values['e2e-sizes']) ?? (quick ? [QUICK_END_TO_END_SIZE] : sizes.map(String))).map(Number),
    runs: Number(values.runs ?? (quick ? 3 : 5)),
    batchSize: Number(values['batch-size'] ?? 10_000),
    python: !values['no-python'],
  };
}

/** Documents each contender loads once before the timed rounds: a tenth of the cell, at most 20,000. */
export function warmUpDocuments(documents: number): number {
  return Math.min(20_000, Math.max(1, Math.ceil(documents / 10)));
}

/**
 * Quick mode keeps every decode-only cell to a few seconds: a wide document
 * is ~60 times the bytes of a small one, and the pure-JS contender needs
 * ~180 µs for each, so quick mode caps the wide shape at 5,000.
 */
const QUICK_CAPS: Partial<Record<ShapeName, number>> = { wide: 5_000 };

/** Documents of a decode-only cell for a requested size. */
export function decodeDocuments(options: Options, shape: ShapeName, documents: number): number {
  const cap = options.quick ? QUICK_CAPS[shape] : undefined;
  return cap === undefined ? documents : Math.min(cap, documents);
}
