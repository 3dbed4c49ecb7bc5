#!/usr/bin/env bash
# The ESM build of lib/ in dist/esm (`npm run build:ts` runs it after the
# CommonJS build in dist/), then a check of both builds' declarations.
# A separate build rather than an ESM wrapper around the CommonJS one:
# apache-arrow ships both formats, and a Table made by its CommonJS copy
# breaks in the ESM copy's functions (tableToIPC throws "Unrecognized Int
# type"), so `import` users must get code that imports apache-arrow as ESM,
# like they do.
set -euo pipefail
cd "$(dirname "$0")/.."

npx tsc -p tsconfig.esm.json
# Marks dist/esm's .js and .d.ts files as ESM for Node and TypeScript.
printf '{ "type": "module" }\n' >dist/esm/package.json

# lib/<folder>/ names the addon's generated declarations (the repository
# root's index.d.ts) as '../../index.js', right from dist/<folder>/ but one
# level short from dist/esm/<folder>/, where it would name dist/index.d.ts
# instead: point those at the root, one more '../' than the file's depth.
node -e '
const { readdirSync, readFileSync, writeFileSync } = require("node:fs");
for (const file of readdirSync("dist/esm", { recursive: true, encoding: "utf8" })) {
  if (!/\.d\.[cm]?ts$/.test(file)) continue;
  const up = "../".repeat(file.split(/[\\/]/).length);
  const path = `dist/esm/${file}`;
  const text = readFileSync(path, "utf8");
  const fixed = text.replaceAll(`"${up}index.js"`, `"../${up}index.js"`).replaceAll(`\x27${up}index.js\x27`, `\x27../${up}index.js\x27`);
  if (fixed !== text) writeFileSync(path, fixed);
}
'

# nodejs-polars is an optional peer dependency: a declaration naming it
# without a @ts-ignore on the line before breaks every TypeScript project that
# lacks it and checks libraries (TS2307 with `skipLibCheck: false`). Only
# lib/api/polars-types.ts may name it, with one-line `/** @ts-ignore ... */`
# comments that tsc keeps; this fails the build if another reference appears
# (a type import elsewhere, an inferred `import("nodejs-polars")` type) or if
# tsc stops copying the comments.
node -e '
const { readdirSync, readFileSync } = require("node:fs");
const directive = /^\s*(\/\/\s*@ts-ignore\b|\/\*+\s*@ts-ignore\b.*\*\/\s*$)/;
const unguarded = [];
for (const file of readdirSync("dist", { recursive: true, encoding: "utf8" })) {
  if (!/\.d\.c?ts$/.test(file)) continue;
  const lines = readFileSync(`dist/${file}`, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (/["\x27]nodejs-polars["\x27]/.test(line) && !directive.test(lines[i - 1] ?? "")) {
      unguarded.push(`  dist/${file}:${i + 1}: ${line.trim()}`);
    }
  });
}
if (unguarded.length > 0) {
  console.error("package-esm-build: nodejs-polars named in declarations without a @ts-ignore on the line before");
  console.error("(import its types through lib/api/polars-types.ts):\n" + unguarded.join("\n"));
  process.exit(1);
}
'
