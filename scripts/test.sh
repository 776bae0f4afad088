#!/usr/bin/env bash
# Set up a virtual environment with postlint and its test tools, then run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# The SARIF 2.1.0 schema the tests validate against, from the npm package that ships it.
if [ ! -f tests/.schemas/sarif-2.1.0-rtm.5.json ]; then
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null \
        && tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json)
    mkdir -p tests/.schemas
    cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" tests/.schemas/
    rm -rf "$tmp"
fi
.venv/bin/ruff check src rules tests scripts bench examples
.venv/bin/python -m pytest -q "$@"
