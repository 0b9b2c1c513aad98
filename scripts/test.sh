#!/usr/bin/env bash
# `npm test`: the whole suite, stage by stage, with each stage's time, stopping at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() {
  local name="$1"; shift
  local started=$SECONDS
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - started)) s"
}

stage "chromium" bash scripts/ensure-chromium.sh
# Side by side: each is mostly one core's work, and neither needs the other.
side_by_side() {
  local dir; dir=$(mktemp -d)
  (npm run --silent typecheck >"$dir/typecheck" 2>&1; echo $? >"$dir/typecheck.rc") &
  (npm run --silent lint >"$dir/lint" 2>&1; echo $? >"$dir/lint.rc") &
  wait
  local failed=0 name
  for name in typecheck lint; do
    echo "-- $name (exit $(cat "$dir/$name.rc"))"
    cat "$dir/$name"
    [ "$(cat "$dir/$name.rc")" = 0 ] || failed=1
  done
  rm -rf "$dir"
  return $failed
}
stage "typecheck and lint" side_by_side
stage "unit" npm run --silent test:unit
stage "integration" npm run --silent test:integration
stage "e2e" npm run --silent test:e2e
echo "== npm test: all stages passed in $SECONDS s"
