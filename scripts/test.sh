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
stage "typecheck" npm run --silent typecheck
stage "lint" npm run --silent lint
stage "unit" npm run --silent test:unit
stage "integration" npm run --silent test:integration
stage "e2e" npm run --silent test:e2e
echo "== npm test: all stages passed in $SECONDS s"
