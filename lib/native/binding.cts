// CommonJS in both the CommonJS and the ESM build (a .cts file), so that
// native.ts can catch a failure to load the addon: an ESM static import cannot
// be caught.
import { basename, dirname, join } from 'node:path';
import type * as Binding from '../../index.js';

// The napi-rs loader (index.js) sits at the package root: two levels above
// lib/native (tests run the sources) and dist/native (the CommonJS build),
// three above dist/esm/native.
// Not package.json "imports": dist/esm/package.json starts a package scope of
// its own, where `#binding` would not resolve.
const root = join(__dirname, basename(dirname(__dirname)) === 'esm' ? '../../..' : '../..');
const loader = join(root, 'index.js');

/** The napi-rs loader's exports; throws when no binary for this platform loads. */
export function loadBinding(): typeof Binding {
  return require(loader) as typeof Binding;
}

/** The package's version, recorded in the files it writes (package.json sits beside the loader). */
export function packageVersion(): string {
  return (require(join(root, 'package.json')) as { version: string }).version;
}
