import { type AnyBulkWriteOperation, type Collection, type Document, MongoBulkWriteError } from 'mongodb';
import type { WriteFailure, WriteResult } from '../errors/write-result.js';
import type { WritePlan } from './write-options.js';

/** Documents for one server command, with the input row of each. */
export interface Command {
  readonly documents: Document[];
  readonly rows: ArrayLike<number>;
  readonly bytes: number;
}

/** The counts a command (or its error) reports. */
interface Counts {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
}

/**
 * Sends a write's commands, at most `concurrency` at once, and keeps its
 * result. A command's refused documents become failures by input row; with
 * `ordered`, the first refusal stops the write and the rows after it in the
 * command are not attempted. Errors other than refused documents (network,
 * write concern, auth) are kept and rethrown by {@link finish}, once every
 * command in flight has settled.
 */
export class CommandWriter {
  private readonly counts: Counts = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
  private readonly failed: WriteFailure[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private progress = { rows: 0, bytes: 0, batches: 0 };
  private error: { value: unknown } | undefined;
  private stopped = false;

  constructor(
    private readonly collection: Collection<Document>,
    private readonly plan: WritePlan,
  ) {}

  /** Whether no more commands should be sent: an ordered write failed, or a command threw. */
  get done(): boolean {
    return this.stopped || this.error !== undefined;
  }

  /** Rows that failed before any command (encoding); `settled` counts them as done. */
  addFailures(failures: readonly WriteFailure[]): void {
    for (const failure of failures) this.failed.push(failure);
    this.progress.rows += failures.length;
    if (failures.length > 0 && this.plan.command.ordered) this.stopped = true;
  }

  /** Sends a command once fewer than `concurrency` are in flight. */
  async send(command: Command): Promise<void> {
    while (this.inFlight.size >= this.plan.concurrency) await Promise.race(this.inFlight);
    if (this.done) return this.notAttempted(command.rows, 0);
    const sent = this.run(command).finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }

  /** Reports rows that were never sent. */
  notAttempted(rows: ArrayLike<number>, from: number): void {
    for (let i = from; i < rows.length; i++) {
      this.failed.push({
        row: rows[i] as number,
        code: 'NOT_ATTEMPTED',
        message: 'not attempted: an earlier row of this ordered write failed',
      });
    }
  }

  /** Waits for the commands in flight; rethrows a command's error. */
  async finish(rows: number, stoppedEarly: boolean): Promise<WriteResult> {
    await this.drain();
    if (this.error) throw this.error.value;
    return this.result(rows, stoppedEarly);
  }

  /** Waits for the commands in flight, whatever they do. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight);
  }

  /** The result so far, failures in row order. */
  result(rows: number, stoppedEarly: boolean): WriteResult {
    const failed = [...this.failed].sort((a, b) => a.row - b.row);
    return { ...this.counts, failed, rows, stoppedEarly };
  }

  private async run(command: Command): Promise<void> {
    try {
      this.add(await this.execute(command.documents));
    } catch (err) {
      if (!(err instanceof MongoBulkWriteError) || !hasWriteErrors(err)) {
        this.error ??= { value: err };
        return;
      }
      this.add(err.result);
      this.refused(err, command);
      // Written, but not as durably as asked: the driver's error, as insertMany would throw it.
      if (err.result.getWriteConcernError() !== undefined) this.error ??= { value: err };
    }
    this.progress = {
      rows: this.progress.rows + command.documents.length,
      bytes: this.progress.bytes + command.bytes,
      batches: this.progress.batches + 1,
    };
    this.plan.onProgress?.({ ...this.progress });
  }

  private execute(documents: Document[]): Promise<Counts> {
    const { mode, key, command } = this.plan;
    if (mode === 'insert') {
      return this.collection.insertMany(documents, command).then((r) => ({ ...ZERO, insertedCount: r.insertedCount }));
    }
    const upsert = mode === 'upsert';
    const operations = documents.map(
      (replacement): AnyBulkWriteOperation<Document> => ({
        replaceOne: { filter: keyFilter(replacement, key), replacement, upsert },
      }),
    );
    return this.collection.bulkWrite(operations, command);
  }

  private add(counts: Counts): void {
    this.counts.insertedCount += counts.insertedCount;
    this.counts.matchedCount += counts.matchedCount;
    this.counts.modifiedCount += counts.modifiedCount;
    this.counts.upsertedCount += counts.upsertedCount;
  }

  private refused(err: MongoBulkWriteError, command: Command): void {
    const errors = [err.writeErrors].flat();
    for (const e of errors) {
      this.failed.push({
        row: command.rows[e.index] as number,
        code: e.code,
        message: e.errmsg ?? `server error ${e.code}`,
      });
    }
    if (this.plan.command.ordered) {
      this.stopped = true;
      this.notAttempted(command.rows, Math.min(...errors.map((e) => e.index)) + 1);
    }
  }
}

const ZERO: Counts = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };

function hasWriteErrors(err: MongoBulkWriteError): boolean {
  return [err.writeErrors].flat().filter(Boolean).length > 0;
}

/** The filter matching a document by its key fields (dotted paths reach into documents). */
export function keyFilter(document: Document, key: readonly string[]): Document {
  const filter: Document = {};
  for (const path of key) filter[path] = valueAt(document, path);
  return filter;
}

/** The value at a dotted path, `undefined` where a part is missing. */
export function valueAt(document: Document, path: string): unknown {
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Document)[part];
  }
  return value;
}
