#!/usr/bin/env bash
# Set up a virtual environment with postlint and its test tools, then run ruff and the tests.
# Arguments go to pytest (`bash scripts/test.sh tests/test_cli.py -x`).
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

# The tests run with the PATH of a fresh machine and no activated venv: a test finds Python
# tools next to the venv's interpreter and system tools in the system directories, so one
# that leans on something installed by hand (or on an activated venv) fails here too.
SYSTEM_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
status=0
# -n auto: one pytest-xdist worker per core (most tests wait on a postlint or postconf
# process, so a second worker keeps the second core busy); `-n 0` runs them in one process.
# --durations: the slowest tests stay in sight, so the suite stays within minutes.
env -u VIRTUAL_ENV PATH="$SYSTEM_PATH" \
    .venv/bin/python -m pytest -q -n auto --durations=10 "$@" || status=$?
if [ "$status" -eq 5 ]; then
    # pytest's "no tests were collected": a selection that matched nothing is not a pass.
    echo "scripts/test.sh: pytest collected no tests (exit 5): check the arguments" >&2
fi
exit "$status"
