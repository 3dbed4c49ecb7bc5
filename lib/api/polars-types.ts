// The types of nodejs-polars, for the rest of lib/: the one file whose
// declarations (dist/api/polars-types.d.ts, dist/esm/api/polars-types.d.ts)
// name the package. It is an optional peer dependency, so a user's project
// may not have it; each import therefore carries a @ts-ignore. Without
// nodejs-polars these types degrade to `any` and the user's project still
// compiles, even with `skipLibCheck: false`; with it they are the real ones.
//
// The directives are one-line JSDoc comments because tsc copies those into
// the .d.ts files and drops `//` comments before imports (TypeScript honours
// a directive in a block comment when it is the comment's last line). They
// cannot be @ts-expect-error, which would fail here, where nodejs-polars is
// installed. scripts/package-esm-build.sh fails the build if an emitted
// reference to nodejs-polars lacks its directive.

// biome-ignore lint/suspicious/noTsIgnore: must hold whether or not nodejs-polars is installed (above).
/** @ts-ignore nodejs-polars is an optional peer dependency; without it this is `any`. */
import type * as PolarsModule from 'nodejs-polars';

// biome-ignore lint/suspicious/noTsIgnore: as above.
/** @ts-ignore nodejs-polars is an optional peer dependency; without it this is `any`. */
export type { DataFrame } from 'nodejs-polars';

/** The nodejs-polars module, as its default export and its named exports both give it. */
export type Polars = typeof PolarsModule.default;
