#!/usr/bin/env bash
# The test command (`npm test`): system dependencies, lint, build, the web's API types checked
# against the server's OpenAPI document, then every test against both embedded PGlite and a
# throwaway PostgreSQL cluster. Extra arguments narrow the run, e.g.
# `npm test -- dist/src/intake` or `npm test -- --test-name-pattern=vocabulary`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-test-deps.sh
npm run lint
npm run build
# The web app's API types must match the OpenAPI document the server now serves.
node scripts/api-types.mjs --check
node dist/test/support/run-tests.js "$@"
