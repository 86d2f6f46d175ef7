#!/usr/bin/env bash
# The course's one entry point. Every command first makes sure the set-up is done (once):
#   ./course.sh lab       open the course in JupyterLab (your own copy of the exercises, in my-work/)
#   ./course.sh sample    grade the bundled sample class as an instructor would
#   ./course.sh test      run the whole test suite
#   ./course.sh setup     only the set-up: .venv, packages, MNIST cache
set -euo pipefail
cd "$(dirname "$0")"
REPO=$(pwd)
VENV="$REPO/.venv"
STAMP="$VENV/.course-setup-done"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

find_python() {
  for candidate in python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: Python 3.10 or newer is needed (python3 --version)" >&2
  return 1
}

setup() {
  if [ -f "$STAMP" ] && [ "$STAMP" -nt pyproject.toml ]; then
    "$VENV/bin/python" -m course.data fetch >/dev/null
    return 0
  fi
  local start=$SECONDS python
  python=$(find_python)
  say "creating $VENV with $($python --version)"
  [ -x "$VENV/bin/python" ] || "$python" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  say "installing the course and its tools (numpy, matplotlib, JupyterLab, nbgrader, pytest)"
  "$VENV/bin/python" -m pip install --quiet -e ".[test]"
  # jsonschema's format extra pulls in rfc3987-syntax, which compiles ~35 parsers at every
  # Jupyter start-up; no Jupyter schema uses it (jupyter_server#1559, jsonschema#1428).
  "$VENV/bin/python" -m pip uninstall --quiet --yes rfc3987-syntax >/dev/null 2>&1 || true
  say "fetching MNIST once (the only download; everything after runs offline)"
  "$VENV/bin/python" -m course.data fetch
  touch "$STAMP"
  say "set-up done in $((SECONDS - start)) s"
}

lab() {
  mkdir -p my-work
  # your copy: never overwritten, so updates to the course cannot destroy your answers
  cp -rn exercises/. my-work/
  local root_flag=()
  [ "$(id -u)" = 0 ] && root_flag=(--allow-root)
  say "opening JupyterLab in my-work/ (Ctrl-C to stop)"
  exec "$VENV/bin/jupyter" lab --notebook-dir=my-work "${root_flag[@]}" "$@"
}

run_tests() {
  set +e
  "$VENV/bin/python" -m pytest "$@"
  local status=$?
  set -e
  if [ "$status" = 5 ]; then
    echo "error: pytest collected no tests: nothing was proven" >&2
  fi
  return "$status"
}

command=${1:-help}
[ $# -gt 0 ] && shift
case "$command" in
  setup)  setup ;;
  lab)    setup; lab "$@" ;;
  sample) setup; exec "$VENV/bin/python" -m autograder sample "$@" ;;
  test)   setup; run_tests "$@" ;;
  *)      sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; [ "$command" = help ] ;;
esac
