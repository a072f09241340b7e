#!/usr/bin/env bash
# Every test, against SQLite and against a PostgreSQL this script starts and stops itself,
# and the web dashboard in headless Chromium (installed with apt when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests (tests/Aggregation.Browser.Tests) drive Debian's chromium through Playwright;
# Playwright's own browser download is never used.
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# The OpenAPI document is linted with Redocly CLI (npm; tests/tools/package.json pins it).
if [ ! -x tests/tools/node_modules/.bin/redocly ]; then
  command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
  npm install --prefix tests/tools --no-audit --no-fund --no-package-lock --silent
fi
export AGGREGATION_TEST_REDOCLY="${AGGREGATION_TEST_REDOCLY:-$PWD/tests/tools/node_modules/.bin/redocly}"

if [ -z "${AGGREGATION_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d /tmp/aggregation-test-pg.XXXXXX)
  chmod 755 "$pgdir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  trap 'deploy/postgres-local.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
  AGGREGATION_TEST_POSTGRES=$(deploy/postgres-local.sh start "$pgdir" "$port")
  export AGGREGATION_TEST_POSTGRES
fi

# Arguments, if any, replace the solution: tests/run.sh tests/Aggregation.Grains.Tests --filter Rollup
if [ $# -gt 0 ]; then dotnet test "$@"; else dotnet test Aggregation.sln; fi
