#!/usr/bin/env bash
# Backpropagation through Jacobians, your copy of the course. Commands:
#   ./course.sh lab       set up once, bring new notebooks into my-work/, open JupyterLab on my-work/
#   ./course.sh check     check the set-up: the course package imports, the MNIST data is there (fetched once)
#   ./course.sh update    only bring new notebooks into my-work/ (lab does it first; never overwrites your work)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"
STAMP="$VENV/.course-setup-done"
# Other set-ups than a .venv of the newest Python 3.10+ found, with packages from PyPI:
#   COURSE_PYTHON=python3.11                               the Python that creates .venv
#   COURSE_VENV_OPTIONS=--system-site-packages             more options of `python -m venv`
#   COURSE_PIP_OPTIONS=--no-index                          more options of `pip install` (offline)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

find_python() {
  local candidate
  for candidate in ${COURSE_PYTHON:-} python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: Python 3.10 or newer is needed (python3 --version)" >&2
  return 1
}

requirements() {
  # the dependencies of pyproject.toml, one a line (Python 3.10 has no TOML reader)
  "$VENV/bin/python" -c 'import re
block = open("pyproject.toml").read().split("dependencies = [", 1)[1].split("]", 1)[0]
print("\n".join(re.findall(r"\"([^\"]+)\"", block)))'
}

setup() {
  if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    local start=$SECONDS python
    python=$(find_python)
    say "creating .venv with $("$python" --version 2>&1)"
    # shellcheck disable=SC2086  # the options are words
    [ -x "$VENV/bin/python" ] || "$python" -m venv ${COURSE_VENV_OPTIONS:-} "$VENV"
    say "installing the course's tools (numpy, matplotlib, JupyterLab, nbgrader): once, a few minutes"
    # shellcheck disable=SC2046,SC2086  # the options and requirements are words
    "$VENV/bin/python" -m pip install --quiet ${COURSE_PIP_OPTIONS:-} $(requirements)
    # the course package: this folder on .venv's path, as `pip install -e .` would put it, without building anything
    echo "$ROOT" >"$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/backprop-course.pth"
    # jsonschema's format extra pulls in rfc3987-syntax, which slows every start of Jupyter; nothing here uses it
    "$VENV/bin/python" -m pip uninstall --quiet --yes rfc3987-syntax >/dev/null 2>&1 || true
    say "fetching MNIST and the sample images once (the only download; everything after runs offline)"
    "$VENV/bin/python" -m course.data fetch
    touch "$STAMP"
    say "set-up done in $((SECONDS - start)) s"
  fi
  # JupyterLab's settings: Validate shows whole messages; nbgrader's instructor tools are switched off
  "$VENV/bin/python" -m course.labsetup --student
}

update() {
  say "bringing the course's notebooks into my-work/ (your own work is never overwritten)"
  "$VENV/bin/python" -m course.update exercises my-work
}

lab() {
  update
  local root_flag=()
  [ "$(id -u)" = 0 ] && root_flag=(--allow-root)
  say "opening JupyterLab in my-work/ (Ctrl-C to stop)"
  cd my-work
  exec "$VENV/bin/python" -m jupyterlab ${root_flag[@]+"${root_flag[@]}"} "$@"
}

check() {
  # from another folder than this one, as a notebook's kernel imports it
  (cd / && "$VENV/bin/python" -c '
import sys
from pathlib import Path
import course
where = Path(course.__file__).resolve().parent
if where != Path(sys.argv[1]).resolve() / "course":
    sys.exit(f"error: the course package comes from {where}, not from this folder: delete .venv and run ./course.sh check")
print(f"course package {course.__version__}: {where}")' "$ROOT")
  "$VENV/bin/python" -m course.data fetch
  "$VENV/bin/python" -c 'import ipykernel, jupyterlab, nbgrader
print(f"JupyterLab {jupyterlab.__version__}, nbgrader {nbgrader.__version__}, ipykernel {ipykernel.__version__}")'
  say "OK: the course is set up; ./course.sh lab opens it"
}

command=${1:-help}
[ $# -gt 0 ] && shift
case "$command" in
  lab)    setup; lab "$@" ;;
  check)  setup; check ;;
  update) setup; update ;;
  *)      sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; [ "$command" = help ] ;;
esac
