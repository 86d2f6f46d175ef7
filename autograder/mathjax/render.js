// Typesets the formulas of feedback pages as SVG, so that a page shows its maths with no script and no network.
//
// Reads one page's path per line on stdin, rewrites the page in place, and answers one JSON line per page:
// {"path": ..., "formulas": n} or {"path": ..., "error": "..."}. MathJax's Safe extension filters what a
// student's TeX may put in the page (links other than http(s), styles, classes, ids).
const fs = require('fs');
const readline = require('readline');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {SafeHandler} = require('mathjax-full/js/ui/safe/SafeHandler.js');

const adaptor = liteAdaptor();
SafeHandler(RegisterHTMLHandler(adaptor));
const packages = AllPackages.filter((name) => !['html', 'bussproofs'].includes(name));

function render(path) {
  const html = mathjax.document(fs.readFileSync(path, 'utf8'), {
    InputJax: new TeX({packages, inlineMath: [['$', '$'], ['\\(', '\\)']], processEscapes: true}),
    OutputJax: new SVG({fontCache: 'global'}),
  });
  html.render();
  const page = adaptor.doctype(html.document) + '\n' + adaptor.outerHTML(adaptor.root(html.document));
  fs.writeFileSync(path + '.typeset', page);
  fs.renameSync(path + '.typeset', path);
  return Array.from(html.math).length;
}

readline.createInterface({input: process.stdin}).on('line', (path) => {
  let reply;
  try {
    reply = {path, formulas: render(path)};
  } catch (error) {
    reply = {path, error: String(error && error.message || error).slice(0, 500)};
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
