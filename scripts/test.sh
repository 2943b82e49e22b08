#!/usr/bin/env bash
# The test command (`npm test`): system dependencies, lint, build, then every test against both
# embedded PGlite and a throwaway PostgreSQL cluster. Extra arguments narrow the run, e.g.
# `npm test -- dist/src/intake` or `npm test -- --test-name-pattern=vocabulary`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-test-deps.sh
npm run lint
npm run build
node dist/test/support/run-tests.js "$@"
