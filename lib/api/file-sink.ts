import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { MongoArrowError } from '../errors/errors.js';

/** Where written bytes go: a file, a Node stream or a web stream. */
export type ByteTarget = string | Writable | WritableStream<Uint8Array>;

/** Bytes written in order; `commit` makes them visible, `abort` leaves nothing behind. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
}

function ioError(message: string, cause: unknown): MongoArrowError {
  const detail = (cause as { message?: unknown } | null)?.message;
  return new MongoArrowError('IO_ERROR', `${message}: ${typeof detail === 'string' ? detail : String(cause)}`, {
    cause,
  });
}

/**
 * A file written under a temporary name beside `path` (same directory, so
 * the rename is atomic on one file system) and renamed over `path` on
 * commit: a failed or interrupted write never leaves a partial file there.
 */
export async function openFileSink(path: string): Promise<ByteSink> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx');
  } catch (err) {
    throw ioError(`cannot write ${path}`, err);
  }
  let bytes = 0;
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await handle.close();
    }
  };
  return {
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      try {
        await handle.writeFile(chunk);
      } catch (err) {
        throw ioError(`cannot write ${path}`, err);
      }
      bytes += chunk.byteLength;
    },
    async commit() {
      try {
        await handle.sync();
        await close();
        await rename(temporary, path);
      } catch (err) {
        await unlink(temporary).catch(() => {});
        throw ioError(`cannot write ${path}`, err);
      }
    },
    async abort() {
      await close().catch(() => {});
      await unlink(temporary).catch(() => {});
    },
  };
}

function isWebStream(target: ByteTarget): target is WritableStream<Uint8Array> {
  return typeof (target as WritableStream).getWriter === 'function';
}

/** A stream the caller owns: bytes are written with backpressure, and the stream is left open. */
function streamSink(target: Writable | WritableStream<Uint8Array>): ByteSink {
  let bytes = 0;
  if (isWebStream(target)) {
    const writer = target.getWriter();
    return {
      get bytes() {
        return bytes;
      },
      async write(chunk) {
        await writer.write(chunk);
        bytes += chunk.byteLength;
      },
      async commit() {
        writer.releaseLock();
      },
      async abort() {
        writer.releaseLock();
      },
    };
  }
  return {
    get bytes() {
      return bytes;
    },
    write(chunk) {
      bytes += chunk.byteLength;
      return new Promise((resolve, reject) => {
        // The callback reports this chunk's error; waiting for it is also the backpressure.
        target.write(chunk, (err) => (err ? reject(ioError('cannot write the output stream', err)) : resolve()));
      });
    },
    async commit() {},
    async abort() {},
  };
}

/** The sink of a target: a path becomes a file written atomically. */
export async function openSink(target: ByteTarget, caller: string): Promise<ByteSink> {
  if (typeof target === 'string') return openFileSink(target);
  if (target !== null && typeof target === 'object' && (isWebStream(target) || typeof target.write === 'function')) {
    return streamSink(target);
  }
  throw new MongoArrowError('INVALID_ARGUMENT', `${caller}: the target must be a path or a writable stream`);
}
