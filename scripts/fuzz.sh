#!/usr/bin/env bash
# Fuzzes the bson-arrow decoder and schema inference with cargo-fuzz
# (libFuzzer) for a total of SECONDS (default 60), split evenly between the
# targets. Exits non-zero as soon as a target crashes; the reproducer is left
# in crates/bson-arrow/fuzz/artifacts/<target>/. To keep one as a regression
# test, copy it to crates/bson-arrow/fuzz/corpus/<target>/<name>.bson:
# tests/fuzz_corpus.rs replays every file there under `cargo test`.
#
# Usage: scripts/fuzz.sh [SECONDS]
#
# Runs on stable Rust: `--sanitizer none` needs no `-Z` flag (address
# sanitizer would need nightly's -Zsanitizer). The core crate has no unsafe
# code, so the sanitizer would mostly watch the dependencies; panics, aborts,
# timeouts and out-of-memory are caught either way.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS]  (a positive whole number, default 60)" >&2
  exit 2
fi

cd "$(dirname "$0")/../crates/bson-arrow/fuzz"

# Installed into cargo's normal bin directory on first use (about 2 minutes).
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

targets=(decode infer)
per_target=$((seconds / ${#targets[@]}))
[ "$per_target" -ge 1 ] || per_target=1

# Build once up front, so each target's time is spent fuzzing, not compiling.
# `run` must get the same flags, or it rebuilds. (`--codegen-units 16` was
# tried for a faster CI build: 3 min 55 s, against 3 min 24 s and 3 min 48 s
# with the default, on a quiet 2-core machine: no gain, so it is not used.)
build_flags=(--sanitizer none)
cargo fuzz build "${build_flags[@]}"

for target in "${targets[@]}"; do
  # New inputs go to a scratch corpus under target/ (ignored by git); the
  # handmade seeds in corpus/<target>/ are only read.
  scratch="target/fuzz-corpus/$target"
  mkdir -p "$scratch"
  echo "fuzz: $target for ${per_target}s" >&2
  cargo fuzz run "${build_flags[@]}" "$target" "$scratch" "corpus/$target" -- \
    -max_total_time="$per_target" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
echo "fuzz: ${targets[*]} ran clean for ${seconds}s" >&2
