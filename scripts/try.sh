#!/usr/bin/env bash
# Set up a virtual environment with postlint and lint the example configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q -e .
# The examples have findings on purpose: postlint exits 1, which is not a failure here.
.venv/bin/postlint examples/ || true
# Nothing is activated: say where the command is, so the README's next steps work.
echo "scripts/try.sh: postlint is in .venv/bin (nothing activated): try" \
    ".venv/bin/postlint examples/ --diff, or '. .venv/bin/activate' first" >&2
