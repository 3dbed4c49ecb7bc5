import { existsSync, readFileSync } from 'node:fs';
import { BSON } from 'mongodb';
import { UsageError } from './usage-error.js';

/**
 * An option's JSON: inline text, or the name of a file holding it (text that
 * does not start like JSON and names a file). Parsed as relaxed Extended
 * JSON, so `{"at": {"$date": "2024-01-01T00:00:00Z"}}` is a Date.
 */
export function parseJsonOption(name: string, text: string): unknown {
  const trimmed = text.trim();
  const source = /^[[{]/.test(trimmed) || !existsSync(trimmed) ? text : readFileSync(trimmed, 'utf8');
  try {
    return BSON.EJSON.parse(source, { relaxed: true });
  } catch (err) {
    throw new UsageError(`--${name}: not valid (Extended) JSON: ${(err as Error).message}`);
  }
}

/** A JSON object option (filter, projection, sort). */
export function parseObjectOption(name: string, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const value = parseJsonOption(name, text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--${name}: must be a JSON object`);
  }
  return value as Record<string, unknown>;
}
