// The napi-rs generated loader picks the prebuilt binary for this platform.
import { BatchDecoder } from '../index.js';
import { fromNativeError } from './errors.js';

export { BatchDecoder };

/** Runs a native call, turning its errors into `MongoArrowError`s. */
export function callNative<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw fromNativeError(err);
  }
}
