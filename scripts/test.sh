#!/usr/bin/env bash
# One command: create the environment with the test tools, install Chromium for the
# browser tests (Debian packages), and run the whole test suite.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi
bash scripts/setup-env.sh test
.venv/bin/ruff check graph tests ontology/scripts
.venv/bin/mypy
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
