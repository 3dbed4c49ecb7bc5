import type { Document } from 'mongodb';
import { inferSchemaCounts } from '../api/infer.js';
import { openCollection, parseCount } from './connection.js';
import { HELP } from './help.js';
import { parseJsonOption, parseObjectOption } from './json-input.js';
import { type CommandIo, conflictsOption, parseCommand, QUERY_OPTIONS } from './options.js';
import { definitionText } from './schema-text.js';
import { EXIT, UsageError } from './usage-error.js';

export async function schemaCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommand(argv, {
    ...QUERY_OPTIONS,
    json: { type: 'boolean', default: false },
    arrow: { type: 'boolean', default: false },
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
  const conflicts = conflictsOption(values.conflicts);
  const { client, collection } = await openCollection(values);
  try {
    const { schema, counts } = await inferSchemaCounts(collection, {
      ...(filter && { filter }),
      ...(pipeline && { pipeline: pipeline as Document[] }),
      ...(sampleSize && { sampleSize }),
      ...(conflicts && { conflicts }),
    });
    // The counts beside the fields: --schema reads this JSON back, ignoring them.
    if (values.json) io.stdout.write(`${JSON.stringify({ ...schema.toJSON(), counts }, null, 2)}\n`);
    else if (values.arrow) {
      for (const field of schema.toArrow().fields) {
        const metadata = field.metadata.size > 0 ? ` ${JSON.stringify(Object.fromEntries(field.metadata))}` : '';
        io.stdout.write(`${field.name}: ${field.type}${field.nullable ? '' : ' not null'}${metadata}\n`);
      }
    } else io.stdout.write(`${definitionText(schema.toJSON().fields, counts)}\n`);
    return EXIT.ok;
  } finally {
    await client.close();
  }
}
