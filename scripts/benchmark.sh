#!/bin/sh
# The full benchmark of the README: 1, 10 and 100 MB corpora, SPARQL on 10k-1M triples.
# Corpora and outputs are kept in ${WORK:-.bench} so that a second run reuses them.
# Takes a long time (the 10 MB builds alone take about 15 minutes on two cores).
set -eu
WORK="${WORK:-.bench}"
exec "${PYTHON:-.venv/bin/python}" -c "from graph.cli.app import main; main()" \
    benchmark --sizes "${SIZES:-1,10,100}" --work-dir "$WORK" "$@"
