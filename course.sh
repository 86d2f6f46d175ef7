#!/usr/bin/env bash
# The course's one entry point. Every command first makes sure the set-up is done (once):
#   ./course.sh lab       open the course in JupyterLab (your own copy of the exercises, in my-work/)
#   ./course.sh sample    grade the bundled sample class as an instructor would
#   ./course.sh test      run the whole test suite
#   ./course.sh check     the fast loop while you work: the linter and the tests not marked slow (minutes)
#   ./course.sh site      build the course site into _site/ (Jupyter Book 2; --figures runs the notebooks first)
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

install_sandbox() {
  # the grader runs each submission's kernel in a bubblewrap sandbox; without it, it warns and runs unsandboxed
  command -v bwrap >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing bubblewrap (the sandbox for students' notebooks while grading)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; } >/dev/null; then
      echo "warning: could not install bubblewrap: grading will run submissions without a sandbox" >&2
    fi
  fi
  return 0
}

install_maths() {
  # feedback pages show their formulas as SVG typeset by MathJax (node): no script, no network when opened
  local target="$VENV/mathjax"
  [ -d "$target/node_modules/mathjax-full" ] && cmp -s autograder/mathjax/package-lock.json "$target/package-lock.json" && return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "warning: no npm here: feedback pages will show their formulas as LaTeX source" >&2
    return 0
  fi
  say "installing MathJax for the feedback pages' formulas (npm, once)"
  mkdir -p "$target"
  cp autograder/mathjax/package.json autograder/mathjax/package-lock.json "$target/"
  if ! (cd "$target" && npm ci --silent --no-audit --no-fund >/dev/null); then
    echo "warning: could not install MathJax: feedback pages will show their formulas as LaTeX source" >&2
  fi
  return 0
}

install_site_theme() {
  # the course site's theme (Jupyter Book's Book Theme), built from site/theme/ with npm once, for `site` and
  # `test` only: Jupyter Book would download a built one at its first build, so the site builds offline
  local target="$VENV/myst-book-theme" log="$VENV/site-theme.log"
  [ -f "$target/build/index.js" ] && cmp -s site/theme/package-lock.json "$target/.built-from-lock.json" && return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "warning: no npm here: ./course.sh site cannot build the course site (apt-get install nodejs npm)" >&2
    return 0
  fi
  say "building the course site's theme (Jupyter Book's Book Theme, npm, once: a few minutes)"
  if bash site/theme/build.sh "$target" >"$log" 2>&1; then
    cp site/theme/package-lock.json "$target/.built-from-lock.json"
  else
    rm -rf "$target/build"
    echo "warning: could not build the site's theme (see $log): ./course.sh site will say so" >&2
  fi
  return 0
}

setup() {
  if [ -f "$STAMP" ] && [ "$STAMP" -nt pyproject.toml ]; then
    install_maths
    "$VENV/bin/python" -m course.data fetch >/dev/null
    return 0
  fi
  local start=$SECONDS python
  install_sandbox
  python=$(find_python)
  say "creating $VENV with $($python --version)"
  [ -x "$VENV/bin/python" ] || "$python" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  say "installing the course and its tools (numpy, matplotlib, JupyterLab, nbgrader, pytest)"
  "$VENV/bin/python" -m pip install --quiet -e ".[test]"
  # jsonschema's format extra pulls in rfc3987-syntax, which compiles ~35 parsers at every
  # Jupyter start-up; no Jupyter schema uses it (jupyter_server#1559, jsonschema#1428).
  "$VENV/bin/python" -m pip uninstall --quiet --yes rfc3987-syntax >/dev/null 2>&1 || true
  say "fetching MNIST and the sample images once (the only downloads; everything after runs offline)"
  "$VENV/bin/python" -m course.data fetch
  install_maths
  touch "$STAMP"
  say "set-up done in $((SECONDS - start)) s"
}

lab() {
  # your copy: new notebooks come in, a notebook you changed is never overwritten (its new version goes beside it)
  "$VENV/bin/python" -m course.update exercises my-work
  # nbgrader's Validate button shows the course's messages whole (c.Validator.width in .venv/etc/jupyter)
  "$VENV/bin/python" -m course.labsetup
  local root_flag=()
  [ "$(id -u)" = 0 ] && root_flag=(--allow-root)
  say "opening JupyterLab in my-work/ (Ctrl-C to stop)"
  exec "$VENV/bin/jupyter" lab --notebook-dir=my-work "${root_flag[@]}" "$@"
}

browser_for_tests() {
  # the browser test (tests/test_browser.py) drives Debian's Chromium; as root with apt-get, install it once
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    return 0  # the browser test skips itself (CI runs as root)
  fi
  say "installing Chromium and ChromeDriver for the browser test (apt-get)"
  local log="$VENV/apt-chromium.log"
  if ! { apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } >"$log" 2>&1; then
    echo "warning: could not install chromium and chromium-driver (see $log)" >&2
  fi
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
  test)   setup; install_site_theme; browser_for_tests; run_tests "$@" ;;
  check)  setup; run_tests -m "not slow" "$@" ;;
  site)   setup; install_site_theme; exec "$VENV/bin/python" -m autograder site "$@" ;;
  *)      sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; [ "$command" = help ] ;;
esac
