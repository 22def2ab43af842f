#!/usr/bin/env bash
# Create (or reuse) the virtual environment .venv and install phytokg into it.
# Usage: scripts/setup-env.sh [EXTRA]   e.g. "test" installs phytokg[serve,test]
# The "serve" extra (the oxigraph server behind `phytokg serve`) is always installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
extra="${1:-}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian ships venv separately.
    rm -rf .venv
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    "$PYTHON" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ -n "$extra" ]; then
  .venv/bin/python -m pip install -q -e ".[serve,$extra]"
else
  .venv/bin/python -m pip install -q -e ".[serve]"
fi
