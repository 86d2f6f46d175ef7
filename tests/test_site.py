"""The course site (python -m autograder site): every page with its title, maths typeset, images present, the
release linked, and no line of a solution or a hidden test anywhere in it; with --figures on notebook 1 (the fast
one), its figures are on its page and still no solution; then every page opened in headless Chromium.

The plain build runs no notebook (about 15 s); ``--figures`` runs all notebooks in minutes (4-7 train networks), so
only notebook 1 is run here. Without Node.js, Jupyter Book 2 or the theme that set-up builds, the tests skip, except
in CI (CI=true), where a skip would hide a broken set-up.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import os
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import COURSE
from test_release import _answer_lines

from autograder import notebooks, release, site

TEXT_SUFFIXES = {".html", ".json", ".xml", ".txt", ".md", ".ipynb", ".csv"}  # the content; .js is the theme's
STRING_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _skip_or_fail(reason: str) -> None:
    if _in_ci():
        pytest.fail(reason + "; in CI this is an error, not a skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def tools():
    try:
        site.check_tools(site.default_theme())
    except site.SiteRefused as exc:
        _skip_or_fail(f"the site cannot be built here: {exc}")


@pytest.fixture(scope="module")
def plain_site(tools, tmp_path_factory):
    return site.build(COURSE, tmp_path_factory.mktemp("site") / "html", log=lambda _: None)


@pytest.fixture(scope="module")
def figures_site(tools, tmp_path_factory):
    return site.build(COURSE, tmp_path_factory.mktemp("site-figures") / "html", figures=["01_chain_rule"],
                      log=lambda _: None)


def _page_html(built, slug: str, index_slug: str) -> str:
    path = built.output / ("index.html" if slug == index_slug else f"{slug}/index.html")
    assert path.is_file(), f"no page {path}"
    return path.read_text()


def _index_slug(built) -> str:
    return json.loads((built.output / "config.json").read_text())["projects"][0]["index"]


def _slug_of(built, title: str) -> str:
    project = json.loads((built.output / "config.json").read_text())["projects"][0]
    for page in project["pages"]:
        if page.get("title") == title:
            return page["slug"]
    return project["index"]  # the start page (00_index) is the project's index, not a listed page


def _visible_text(page: str) -> str:
    """The page's text as a reader sees it: no script, style, code, or TeX annotation KaTeX keeps for copying."""
    for tag in ("script", "style", "code", "pre", "annotation"):
        page = re.sub(rf"<{tag}\b.*?</{tag}>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _all_lines(output: Path) -> set[str]:
    """Every stripped line of the built site's text files: HTML without its tags (a highlighted code line is split
    by spans) and with the escapes of the page data it embeds for scripts undone, each JSON string (page content,
    the notebook copies) decoded and split into lines."""
    lines = set()
    for path in output.rglob("*"):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        texts = [html.unescape(re.sub(r"<[^>]+>", "", text)), text]
        for literal in STRING_LITERAL.findall(text):  # the page data a page embeds for its scripts
            with contextlib.suppress(ValueError):
                texts.append(json.loads(literal))
        if path.suffix in {".json", ".ipynb"}:
            with contextlib.suppress(ValueError):
                texts.extend(_strings(json.loads(text)))
        for chunk in texts:
            lines.update(line.strip() for line in chunk.splitlines())
    return lines


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _secrets() -> set[str]:
    """Every line of a reference answer or a hidden test (as the release's test takes them) that no student notebook
    holds word for word: an exercise may spell a step in its text (`image = gaussian_blur(image, blur)`)."""
    shown = "\n".join(cell.source for a in site.site_notebooks(COURSE)
                      for cell in notebooks.read(COURSE.release(a)).cells)
    found = {line for line in _answer_lines() if line not in shown}
    assert len(found) > 100, "the solutions' lines were not found: this check would prove nothing"
    return found


def _local_refs(page: str) -> list[str]:
    refs = re.findall(r'<img[^>]*\ssrc="([^"]+)"', page)
    refs += re.findall(r'<(?:link|script)[^>]*\s(?:href|src)="(/[^"]+)"', page)
    return [r for r in refs if not r.startswith(("http:", "https:", "data:", "//"))]


@pytest.mark.slow  # builds the site (10-20 s each build)
def test_every_notebook_and_the_notation_page_is_a_page_with_its_title(plain_site):
    index_slug = _index_slug(plain_site)
    expected = {a: release.title(COURSE.release(a)) for a in site.site_notebooks(COURSE)}
    assert "01_chain_rule" in expected and len(expected) >= 7
    expected["NOTATION.md"] = (COURSE.exercises / notebooks.INDEX / "NOTATION.md").read_text().splitlines()[0]
    for name, title in expected.items():
        title = title.lstrip("#").strip()
        page = _page_html(plain_site, _slug_of(plain_site, title), index_slug)
        assert html.escape(title, quote=False) in page or title in html.unescape(page), f"{name}: no '{title}'"
    assert len(plain_site.pages) == len(expected) + 1  # and the page that links to the release


@pytest.mark.slow  # builds the site (10-20 s each build)
def test_maths_is_typeset_and_no_raw_tex_is_left(plain_site):
    index_slug = _index_slug(plain_site)
    for assignment in site.site_notebooks(COURSE)[1:]:
        page = _page_html(plain_site, _slug_of(plain_site, release.title(COURSE.release(assignment))), index_slug)
        assert page.count('class="katex"') >= 5, f"{assignment}: its maths is not typeset"
        raw = re.findall(r"\$[^$\s][^$]{0,80}\$", _visible_text(page))
        assert not raw, f"{assignment}: raw TeX left on its page: {raw[:3]}"


@pytest.mark.slow  # builds the site (10-20 s each build)
def test_every_referenced_image_and_asset_exists(plain_site, figures_site):
    for built in (plain_site, figures_site):
        checked = 0
        for path in built.output.rglob("index.html"):
            for ref in _local_refs(path.read_text()):
                target = built.output / ref.split("#")[0].split("?")[0].lstrip("/")
                assert target.is_file(), f"{path.relative_to(built.output)} refers to {ref}, which is missing"
                checked += 1
        assert checked > 20


@pytest.mark.slow  # builds the site (10-20 s each build)
def test_the_release_is_linked_and_bundled(plain_site):
    page = (plain_site.output / "get-the-course" / "index.html").read_text()
    links = re.findall(r'href="(/build/[^"]+\.zip)"', page)
    assert links, "the page 'Get the course' does not link to the release"
    with zipfile.ZipFile(plain_site.output / links[0].lstrip("/")) as archive:
        names = archive.namelist()
    assert any(n.endswith("/course.sh") for n in names) and any(n.endswith("01_chain_rule.ipynb") for n in names)
    assert not any("/solutions/" in n or "/tests/" in n for n in names)
    assert "Get the course" in (plain_site.output / "index.html").read_text()  # in the navigation


@pytest.mark.slow  # builds the site (10-20 s each build)
def test_no_solution_and_no_hidden_test_is_in_the_site(plain_site, figures_site, tmp_path):
    secrets = _secrets()
    # the check finds the answers where they are: in notebook 1 run with them, before the site strips them
    source = notebooks.read(COURSE.source("01_chain_rule"))
    notebooks.write(notebooks.fill_answers(notebooks.read(COURSE.release("01_chain_rule")),
                                           notebooks.reference_answers(source)), tmp_path / "answers.ipynb")
    assert len(secrets & _all_lines(tmp_path)) >= 5
    for built in (plain_site, figures_site):
        leaked = sorted(secrets & _all_lines(built.output))
        assert not leaked, f"{len(leaked)} solution or hidden-test lines in {built.output}, e.g. {leaked[:3]}"


@pytest.mark.slow  # builds the site (10-20 s each build)
def test_the_student_stubs_are_shown(plain_site):
    assert "raise NotImplementedError()" in _all_lines(plain_site.output / "chain-rule")


@pytest.mark.slow  # builds the site (10-20 s each build)
def test_figures_of_notebook_1_are_on_its_page_and_only_with_figures(plain_site, figures_site):
    slug = _slug_of(figures_site, release.title(COURSE.release("01_chain_rule")))
    with_figures = (figures_site.output / slug / "index.html").read_text()
    plain = (plain_site.output / slug / "index.html").read_text()
    images = re.findall(r'<img[^>]*\ssrc="(/build/[^"]+\.png)"', with_figures)
    assert len(images) >= 3, "notebook 1's figures are not on its page"
    assert all((figures_site.output / i.lstrip("/")).stat().st_size > 1000 for i in images)
    assert not re.findall(r'<img[^>]*\ssrc="(/build/[^"]+\.png)"', plain)
    assert figures_site.executed == ["01_chain_rule"]


def test_a_solution_cell_gets_the_stub_and_no_output_a_given_cell_keeps_its_output():
    student = notebooks.read(COURSE.release("01_chain_rule"))
    ran = notebooks.fill_answers(student, notebooks.reference_answers(notebooks.read(COURSE.source("01_chain_rule"))))
    for cell in ran.cells:
        if cell.cell_type == "code":
            cell.outputs = [{"output_type": "stream", "name": "stdout", "text": "ran\n"}]
            cell.execution_count = 1
    view = site.student_view(student, ran)
    kinds = {"solution": 0, "test": 0, "given": 0}
    for shown, original in zip(view.cells, student.cells):
        assert shown.source == original.source
        if shown.cell_type != "code":
            continue
        if notebooks.is_solution_cell(original) or notebooks.is_test_cell(original):
            assert shown.outputs == [] and shown.execution_count is None
            kinds["solution" if notebooks.is_solution_cell(original) else "test"] += 1
        else:
            assert shown.outputs and shown.outputs[0]["text"] == "ran\n"
            kinds["given"] += 1
    assert all(kinds.values()), kinds


def test_missing_node_is_said_clearly(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(site.SiteRefused, match="needs Node.js"):
        site.check_tools(tmp_path)


def test_missing_theme_is_said_clearly(tmp_path):
    if shutil.which("node") is None:
        pytest.skip("no node here")
    with pytest.raises(site.SiteRefused, match="no built Book Theme"):
        site.check_tools(tmp_path)


@pytest.mark.slow  # builds the site (10-20 s each build)
def test_every_page_loads_in_chromium_with_maths_and_images(plain_site, figures_site):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("the Python package selenium")
    if missing:
        _skip_or_fail("the site's browser check needs " + ", ".join(missing)
                      + " (Debian: apt-get install chromium chromium-driver)")
    # notebook 1 with its figures, the other pages as the plain build has them (the same but for outputs)
    output = figures_site.output
    handler = functools.partial(_QuietHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    artifacts = Path(__file__).resolve().parents[1] / "artifacts" / "site"
    artifacts.mkdir(parents=True, exist_ok=True)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        slugs = ["/"] + [f"/{p.parent.relative_to(output)}" for p in output.rglob("index.html") if p.parent != output]
        for slug in slugs:
            driver.get(base + slug)
            _wait(driver, "return document.readyState === 'complete' && !!document.querySelector('article')")
            errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert not errors, f"{slug}: console errors {errors[:3]}"
            state = driver.execute_script(
                "const maths = [...document.querySelectorAll('.katex')];"
                "const imgs = [...document.querySelectorAll('article img')];"
                "return {maths: maths.length, shown: maths.filter(m => m.getBoundingClientRect().width > 0).length,"
                " imgs: imgs.length, broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).length,"
                " title: document.title, toc: document.querySelectorAll('nav a').length};")
            name = slug.strip("/") or "index"
            driver.save_screenshot(str(artifacts / f"{name}.png"))
            assert state["toc"] >= 9, f"{slug}: no navigation ({state})"
            assert state["broken"] == 0, f"{slug}: {state['broken']} images did not load"
            if slug not in ("/", "/get-the-course"):
                assert state["maths"] > 0 and state["shown"] == state["maths"], f"{slug}: maths not rendered {state}"
            if slug == "/chain-rule":
                assert state["imgs"] >= 3, f"notebook 1's figures are not shown ({state})"
    finally:
        driver.quit()
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _wait(driver, script: str, timeout: float = 30) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script(script):
            return
        time.sleep(0.2)
    raise AssertionError(f"the page did not finish loading within {timeout} s: {driver.current_url}")
