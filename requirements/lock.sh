#!/usr/bin/env bash
# Refresh the locks from pyproject.toml (+ build.in): run after changing a dependency, then commit requirements/.
#   bash requirements/lock.sh            keep every pin that still fits, add what is new
#   bash requirements/lock.sh --upgrade  move every pin to the newest release that fits pyproject.toml
# The locks are universal (Windows, macOS, Linux; Python 3.10+), with hashes, made by uv.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=$(command -v uv || true)
if [ -z "$uv" ]; then
  tool="${TMPDIR:-/tmp}/xltool-lock-tool"
  [ -x "$tool/bin/uv" ] || { python3 -m venv "$tool" && "$tool/bin/pip" install -q uv; }
  uv="$tool/bin/uv"
fi
common=(--universal --python-version 3.10 --generate-hashes --custom-compile-command "bash requirements/lock.sh" -q "$@")
"$uv" pip compile pyproject.toml requirements/build.in "${common[@]}" -o requirements/run.txt
"$uv" pip compile pyproject.toml requirements/build.in --extra test "${common[@]}" -o requirements/test.txt
