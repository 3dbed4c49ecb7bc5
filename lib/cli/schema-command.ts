import { parseArgs } from 'node:util';
import type { Document } from 'mongodb';
import { inferSchema } from '../api/infer.js';
import type { DecoderSettings } from '../native/options.js';
import { openCollection, parseCount } from './connection.js';
import type { CommandIo } from './export-command.js';
import { HELP } from './help.js';
import { parseJsonOption, parseObjectOption } from './json-input.js';
import { definitionText } from './schema-text.js';
import { EXIT, UsageError } from './usage-error.js';

export async function schemaCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      uri: { type: 'string' },
      db: { type: 'string' },
      collection: { type: 'string' },
      filter: { type: 'string' },
      pipeline: { type: 'string' },
      'sample-size': { type: 'string' },
      conflicts: { type: 'string' },
      json: { type: 'boolean', default: false },
      arrow: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${HELP.schema}\n`);
    return EXIT.ok;
  }
  if (values.json && values.arrow) throw new UsageError('give --json or --arrow, not both');
  const filter = parseObjectOption('filter', values.filter);
  const pipeline = values.pipeline === undefined ? undefined : parseJsonOption('pipeline', values.pipeline);
  if (pipeline !== undefined && !Array.isArray(pipeline)) throw new UsageError('--pipeline must be a JSON array');
  if (pipeline && filter) throw new UsageError('give --filter or --pipeline, not both');
  const sampleSize = parseCount('sample-size', values['sample-size']);
  const conflicts = values.conflicts as DecoderSettings['conflicts'];
  if (conflicts !== undefined && !['error', 'null', 'string'].includes(conflicts)) {
    throw new UsageError('--conflicts must be error, null or string');
  }
  const { client, collection } = await openCollection(values);
  try {
    const schema = await inferSchema(collection, {
      ...(filter && { filter }),
      ...(pipeline && { pipeline: pipeline as Document[] }),
      ...(sampleSize && { sampleSize }),
      ...(conflicts && { conflicts }),
    });
    if (values.json) io.stdout.write(`${JSON.stringify(schema.toJSON(), null, 2)}\n`);
    else if (values.arrow) {
      for (const field of schema.toArrow().fields) {
        const metadata = field.metadata.size > 0 ? ` ${JSON.stringify(Object.fromEntries(field.metadata))}` : '';
        io.stdout.write(`${field.name}: ${field.type}${field.nullable ? '' : ' not null'}${metadata}\n`);
      }
    } else io.stdout.write(`${definitionText(schema.toJSON().fields)}\n`);
    return EXIT.ok;
  } finally {
    await client.close();
  }
}
