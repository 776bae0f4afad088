#!/usr/bin/env bash
# Set up a virtual environment with postlint and lint the example configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q -e .
.venv/bin/postlint examples/ || true
