#!/usr/bin/env bash
# Builds Jupyter Book's Book Theme (myst-theme 1.3.1, MIT, see LICENSE) from this folder into TARGET:
#   bash site/theme/build.sh TARGET      (./course.sh setup: TARGET = .venv/myst-book-theme)
# The built theme is what `jupyter-book build --html` renders the course site with (myst.yml's site.template).
# Jupyter Book downloads a built theme when it first builds a site; building it at set-up from npm packages
# means the site builds offline. Needs node and npm; takes a few minutes and ~1.2 GB of node_modules, pruned after.
set -euo pipefail
[ $# = 1 ] || { echo "usage: bash $0 TARGET" >&2; exit 2; }
source_dir=$(cd "$(dirname "$0")" && pwd)
rm -rf "$1"
mkdir -p "$1"
cp -r "$source_dir/." "$1/"
cd "$1"
npm ci --no-audit --no-fund --loglevel=error
# esbuild cannot bundle a CSS @import of a file it loads as a file: the theme's own build comments these two out too
sed -i "s|^@import './lumino.css';|/* & */|; s|^@import './nouislider.css';|/* & */|" \
  node_modules/@jupyter-widgets/controls/css/widgets-base.css
node copy-thebe-assets.cjs ./public >/dev/null
npx tailwindcss -m -i ./styles/app.css -o app/styles/app.css
npx remix build
# Jupyter Book's static export replaces remix's asset prefix (myst_assets_folder) in pages and scripts, not in
# stylesheets: make the stylesheets' font and image URLs relative, so KaTeX's fonts load from any base URL
node -e '
const fs = require("fs"), path = require("path");
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap(
  (e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
for (const file of walk("public/build").filter((f) => f.endsWith(".css"))) {
  const up = path.relative(path.dirname(file), "public/build") || ".";
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").split("/myst_assets_folder/").join(up + "/"));
}'
# the server needs only its own packages: remix bundled the rest into build/index.js
npm prune --omit=dev --no-audit --no-fund --loglevel=error
rm -rf app styles .cache build.sh
test -f build/index.js && test -f public/thebe-core.min.js
echo "built the Book Theme in $(pwd)"
