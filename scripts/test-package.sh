#!/usr/bin/env bash
# `npm run test:package`: checks what a user gets from npm, without Rust.
# Packs the root package and the linux-x64-gnu binary package with `npm pack`,
# lints the root tarball (publint, attw), installs both tarballs into a fresh
# temporary project with cargo, rustc and go removed from PATH, then runs
# scripts/package-consumer.sh there against the test server: import and
# require smoke tests, a TypeScript consumer (also with skipLibCheck false and
# no nodejs-polars), the missing-binary error and the apache-arrow / mongodb
# compatibility matrix. Nothing is left in the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
start=$(date +%s)

# Only this platform's binary can be built here; the other platform packages
# are built and published by .github/workflows/release.yml.
target=linux-x64-gnu
if [ "$(node -p 'process.platform + "-" + process.arch')" != linux-x64 ]; then
  echo "test-package: only linux-x64 (glibc) can be tested here" >&2
  exit 1
fi

bash scripts/setup.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/mongodb-arrow-package.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tarballs"

# pack <dir> <label>: prints "<tarball file> <packed bytes> <unpacked bytes>
# <file count>" from `npm pack --json`, and lists the packed files in
# $work/tarballs/<label>.files.
pack() {
  (cd "$1" && npm pack --silent --json --pack-destination "$work/tarballs") |
    node -e 'const [p] = JSON.parse(require("fs").readFileSync(0, "utf8"));
      console.log(p.filename, p.size, p.unpackedSize, p.entryCount);
      require("fs").writeFileSync(process.argv[1], p.files.map((f) => f.path).join("\n") + "\n");' \
      "$work/tarballs/$2.files"
}

echo "test-package: packing"
read -r root_tgz root_size root_unpacked root_count < <(pack "$root" root)

# The root tarball must hold only what a user needs. Above all no .node: the
# loader prefers a binary beside it, which would hide a broken platform package.
unexpected="$(grep -Ev '^(dist/(esm/)?([a-z-]+/)?[a-z-]+\.(js|cjs|d\.ts|d\.cts)(\.map)?|dist/esm/package\.json|index\.js|index\.d\.ts|README\.md|LICENSE|CHANGELOG\.md|package\.json)$' \
  "$work/tarballs/root.files" || true)"
if [ -n "$unexpected" ]; then
  printf 'test-package: unexpected files in %s:\n%s\n' "$root_tgz" "$unexpected" >&2
  exit 1
fi

# The binary package as `napi artifacts` lays it out in CI, but in a copy, so
# no build output lands in npm/.
cp -r "npm/$target" "$work/$target"
cp "mongodb-arrow.$target.node" "$work/$target/"
read -r bin_tgz bin_size bin_unpacked bin_count < <(pack "$work/$target" binary)
# One line per tarball (printf repeats its format for the second four values).
printf 'test-package: %-40s %9s bytes packed, %9s unpacked, %3s files\n' \
  "$root_tgz" "$root_size" "$root_unpacked" "$root_count" "$bin_tgz" "$bin_size" "$bin_unpacked" "$bin_count"

echo "test-package: publint"
npx publint run "$work/tarballs/$root_tgz" --strict
echo "test-package: attw"
npx attw "$work/tarballs/$root_tgz"

# PATH without the directories holding a Rust or Go toolchain: the install and
# everything after it must work without a compiler.
clean_path=""
IFS=: read -r -a path_dirs <<<"$PATH"
for dir in "${path_dirs[@]}"; do
  [ -n "$dir" ] || continue
  if [ -x "$dir/cargo" ] || [ -x "$dir/rustc" ] || [ -x "$dir/go" ] || [ -x "$dir/rustup" ]; then continue; fi
  clean_path="${clean_path:+$clean_path:}$dir"
done
if ! PATH="$clean_path" command -v node >/dev/null; then
  echo "test-package: node shares a directory with cargo, rustc or go; cannot strip them from PATH" >&2
  exit 1
fi

project="$work/project"
mkdir -p "$project"
cp __test__/package/* "$project/"
# No "type" field: .js would be CommonJS, as in most existing projects.
printf '{ "name": "consumer", "version": "1.0.0", "private": true }\n' >"$project/package.json"

echo "test-package: installing the tarballs into $project (no cargo, rustc or go on PATH)"
(
  cd "$project"
  export PATH="$clean_path"
  for tool in cargo rustc go; do
    if command -v "$tool" >/dev/null; then
      echo "test-package: $tool is still on PATH" >&2
      exit 1
    fi
  done
  npm install --no-audit --no-fund --loglevel=error \
    "$work/tarballs/$root_tgz" "$work/tarballs/$bin_tgz" \
    mongodb@7 apache-arrow@21 typescript@5.9 @types/node@20
)

bash scripts/with-test-server.sh env PATH="$clean_path" \
  bash "$root/scripts/package-consumer.sh" "$project" "$target" "$root/mongodb-arrow.$target.node"

echo "test-package: tarballs: $root_tgz $root_size bytes ($root_unpacked unpacked, $root_count files);" \
  "$bin_tgz $bin_size bytes ($bin_unpacked unpacked)"
echo "test-package: passed in $(($(date +%s) - start))s"
