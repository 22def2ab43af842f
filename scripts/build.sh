#!/usr/bin/env bash
# One command: create the environment, install phytokg and build the graph from seeds/.
# Writes out/graph.ttl and out/graph.html. Extra arguments go to `phytokg build`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
.venv/bin/phytokg build seeds --out out "$@"
