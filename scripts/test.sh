#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: creates .venv, installs the project with its test
# tools and Debian's chromium (for the browser tests, via apt-get), then runs pytest.
#   bash scripts/test.sh            # everything
#   bash scripts/test.sh -k golden  # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

exec .venv/bin/python -m pytest "$@"
