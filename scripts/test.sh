#!/usr/bin/env bash
# Set up a virtual environment with postlint and its test tools, then run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check src rules tests scripts bench
.venv/bin/python -m pytest -q "$@"
