#!/usr/bin/env bash
# Outside CI: run the tests against the newest releases that pyproject.toml allows (no lock), in a throw-away venv,
# to learn early what the next `bash requirements/lock.sh --upgrade` would break.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)/venv
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q --upgrade --upgrade-strategy eager -e ".[test]"
"$venv/bin/pip" list --format=freeze > "$(dirname "$venv")/versions.txt"
echo "版本清单：$(dirname "$venv")/versions.txt"
"$venv/bin/python" -m pytest "$@"
