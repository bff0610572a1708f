#!/usr/bin/env bash
# The v1 gate, as CI runs it (see packages/spec-guard/README.md):
#   (a) spec-guard: the spec at the merge-base with origin/main (or HEAD~1 in a clone without that branch) against
#       the spec built from this tree;
#   (b) spec-guard: the live service's own document (spec/reference/openapi-original.json) against the same build,
#       with the deliberate differences listed in spec/spec-guard-original-exceptions.yaml;
#   (c) redocly lint with GitHub annotations, when running under GitHub Actions (elsewhere `pnpm test` lints);
#   (d) the changeset check: a change to spec/ or a published package needs a changeset naming it, and a change
#       that breaks generated code (per the report of (a)) a major one for the types package and the client.
# Expects `pnpm install` done; builds what it needs if `pnpm build` has not run. Exit code: 0 when every check passes.
# SPEC_GUARD_BASE=<git ref> overrides the base of (a) and (d).
set -uo pipefail
cd "$(dirname "$0")/.."

guard=(node packages/spec-guard/bin/spec-guard.js check --head spec/dist/openapi.json)
format=text
summary=()
if [ "${GITHUB_ACTIONS:-}" = "true" ]; then format=github; fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then summary=(--write "markdown=${GITHUB_STEP_SUMMARY}"); fi
failed=()

if [ ! -f spec/dist/openapi.json ]; then pnpm --filter @zestequity/partner-api-spec build >/dev/null || exit 1; fi
if [ ! -f packages/spec-guard/dist/cli.js ]; then pnpm --filter @zestequity/spec-guard build >/dev/null || exit 1; fi

# The base: the fork point of this branch; on main itself (fork point = HEAD) the previous commit.
base="${SPEC_GUARD_BASE:-}"
base_kind="override"
if [ -z "$base" ]; then
  head=$(git rev-parse HEAD 2>/dev/null || true)
  fallback="HEAD~1 (no origin/main to fork from)"
  if git rev-parse --verify -q origin/main >/dev/null; then
    base=$(git merge-base HEAD origin/main)
    base_kind="merge-base with origin/main"
    fallback="HEAD~1 (HEAD is on origin/main: its previous commit)"
  fi
  if [ -z "$base" ] || [ "$base" = "$head" ]; then
    if git rev-parse --verify -q 'HEAD~1' >/dev/null; then
      base=$(git rev-parse 'HEAD~1')
      base_kind="$fallback"
    else
      base=""
    fi
  fi
fi

echo "== spec-guard: merge-base -> spec/dist/openapi.json"
# Its JSON report tells the changeset check (d) about changes that break generated code.
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
if [ -n "$base" ]; then
  echo "base: ${base} (${base_kind})"
  # Reasoned, expiring exceptions for deliberate changes against the previous release (packages/spec-guard/README.md).
  "${guard[@]}" --base "$base" --exceptions spec/spec-guard-exceptions.yaml --format "$format" "${summary[@]}" \
    --write "json=${report}" || failed+=("spec-guard against ${base_kind}")
else
  echo "skipped: no origin/main and no previous commit, so no base to compare with"
fi

echo "== spec-guard: live service document -> spec/dist/openapi.json"
# Stored in the repository (spec/reference/README.md), so this check never skips.
"${guard[@]}" --base spec/reference/openapi-original.json --exceptions spec/spec-guard-original-exceptions.yaml --brief \
  --format "$format" "${summary[@]}" || failed+=("spec-guard against spec/reference/openapi-original.json")

if [ "${GITHUB_ACTIONS:-}" = "true" ]; then
  echo "== redocly lint (GitHub annotations)"
  # Run from the repository root so annotation paths are repository paths (spec/paths/…).
  spec/node_modules/.bin/redocly lint spec/openapi.yaml --config spec/redocly.yaml --format github-actions --max-problems 1000 \
    || failed+=("redocly lint")
fi

echo "== changesets"
if [ -n "$base" ]; then
  mode=new
  # A clone without origin/main only knows its last commit: there, pending changesets count (see the script).
  case "$base_kind" in HEAD~1*) mode=pending ;; esac
  node scripts/check-changesets.mjs --base "$base" --mode "$mode" --spec-guard-report "$report" || failed+=("changesets")
else
  echo "skipped: no base"
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "v1 gate passed"
