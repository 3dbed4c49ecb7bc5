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
  readonly warmUpDocuments: number;
  readonly python: boolean;
}

const HELP = `usage: npm run bench -- [--quick] [--sizes 100000,1000000] [--shapes small,large,...]
  [--e2e-shapes small,...] [--e2e-sizes 100000] [--runs N] [--no-python]`;

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
      'no-python': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const sizes = (list(values.sizes) ?? (quick ? ['50000'] : ['100000', '1000000'])).map(Number);
  const shapes = (list(values.shapes) ?? SHAPES.map((s) => s.name)).map((n) => shapeByName(n).name);
  // FerretDB's SQLite backend serves ~10k small documents/s on this machine, so
  // quick mode takes only the small shape end to end, at 10,000 documents: seven
  // server contenders x 4 loads of 100,000 would alone take ~5 minutes.
  const endToEndShapes = (list(values['e2e-shapes']) ?? (quick ? ['small'] : shapes)).map((n) => shapeByName(n).name);
  return {
    quick,
    sizes,
    shapes,
    endToEndShapes: endToEndShapes.filter((s) => shapes.includes(s) && shapeByName(s).onServer),
    endToEndSizes: (list(values['e2e-sizes']) ?? (quick ? ['10000'] : sizes.map(String))).map(Number),
    runs: Number(values.runs ?? (quick ? 3 : 5)),
    warmUpDocuments: quick ? 2_000 : 5_000,
    python: !values['no-python'],
  };
}

/**
 * Quick mode keeps every decode-only cell to a few seconds: a wide document
 * is ~60 times the bytes of a small one, and the pure-JS contender needs ~20 s
 * for 100,000 of them, so quick mode caps the wide shape at 10,000.
 */
const QUICK_CAPS: Partial<Record<ShapeName, number>> = { wide: 10_000 };

/** Documents of a decode-only cell for a requested size. */
export function decodeDocuments(options: Options, shape: ShapeName, documents: number): number {
  const cap = options.quick ? QUICK_CAPS[shape] : undefined;
  return cap === undefined ? documents : Math.min(cap, documents);
}
