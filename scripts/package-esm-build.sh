#!/usr/bin/env bash
# The ESM build of lib/ in dist/esm (`npm run build:ts` runs it after the
# CommonJS build in dist/). A separate build rather than an ESM wrapper around
# the CommonJS one: apache-arrow ships both formats, and a Table made by its
# CommonJS copy breaks in the ESM copy's functions (tableToIPC throws
# "Unrecognized Int type"), so `import` users must get code that imports
# apache-arrow as ESM, like they do.
set -euo pipefail
cd "$(dirname "$0")/.."

npx tsc -p tsconfig.esm.json
# Marks dist/esm's .js and .d.ts files as ESM for Node and TypeScript.
printf '{ "type": "module" }\n' >dist/esm/package.json
