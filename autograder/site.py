"""The course site: Jupyter Book 2 builds static HTML from the student notebooks, NOTATION.md and the release.

``python -m autograder site`` (``./course.sh site``) stages a MyST project in a temporary folder (the student notebooks
of ``exercises/`` as they are, the notation page, a page that links to the student release, bundled as a zip, and
the ``myst.yml`` written here, the site's one config) and runs ``jupyter-book build --html`` on it with the Book
Theme that set-up built (site/theme/). Without execution the pages hold text, maths and the code stubs; with
``--figures`` each chosen notebook is first run with the reference answers filled in, and its pages keep the
outputs of the cells a student sees (figures, printed values), while every solution cell shows the student's stub
and no output and every hidden-test cell the student's text. The run never sees a hidden test: it is the student
notebook with the answers put in, not the instructor's source.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder import notebooks, release

THEME_ENV = "COURSE_SITE_THEME"  # another built Book Theme (a folder with template.yml and build/index.js)
RELEASE_ZIP = "backprop-course.zip"
RELEASE_PAGE = "get-the-course.md"
CELL_TIMEOUT = 1800  # seconds a cell may run with --figures (notebooks 4-7 train networks)
FAVICON = Path(__file__).resolve().parents[1] / "site" / "favicon.svg"
ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg"}  # files a notebook's folder may hold for its pages


class SiteRefused(RuntimeError):
    """The site cannot be built here (no Node.js, no built theme, a notebook that fails to run)."""


@dataclass
class Built:
    """What a build made: the output folder, its pages, the notebooks run for figures and the seconds taken."""

    output: Path
    pages: list[str]
    executed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def default_theme() -> Path:
    """The Book Theme that ``./course.sh setup`` builds into the virtual environment (or ``$COURSE_SITE_THEME``)."""
    return Path(os.environ.get(THEME_ENV) or Path(sys.prefix) / "myst-book-theme")


def check_tools(theme: Path) -> None:
    """Raise SiteRefused, saying what to install, unless Node.js, Jupyter Book 2 and the built theme are here."""
    import importlib.util

    if shutil.which("node") is None:
        raise SiteRefused("the course site needs Node.js 18 or newer (node on PATH), which Jupyter Book 2 runs on: "
                          "install it (Debian: apt-get install nodejs npm; conda: nodejs), then ./course.sh setup")
    if importlib.util.find_spec("jupyter_book") is None:
        raise SiteRefused("Jupyter Book 2 is not installed: ./course.sh setup (or pip install -e '.[site]')")
    if not (theme / "template.yml").is_file() or not (theme / "build" / "index.js").is_file():
        raise SiteRefused(f"no built Book Theme in {theme}: ./course.sh setup builds it from site/theme/ with npm "
                          f"(set-up says why if it could not; its log is {Path(sys.prefix) / 'site-theme.log'})")


def site_notebooks(course: notebooks.Course) -> list[str]:
    """The assignments whose student notebook is in exercises/ (``NN_topic/NN_topic.ipynb``), in course order."""
    return notebooks.assignments(course.exercises, include_index=True)


def student_view(student_nb, executed_nb):
    """The student notebook with the outputs of ``executed_nb`` (the same notebook, answers filled in and run) on
    the cells a student sees as given: a solution cell keeps the student's stub and no output, a test cell the
    student's text and no output."""
    if [c.get("id") for c in student_nb.cells] != [c.get("id") for c in executed_nb.cells]:
        raise SiteRefused("the executed notebook's cells are not the student notebook's (run generate again)")
    view = copy.deepcopy(student_nb)
    for cell, ran in zip(view.cells, executed_nb.cells):
        if cell.cell_type != "code":
            continue
        given = not (notebooks.is_solution_cell(cell) or notebooks.is_test_cell(cell)) and cell.source == ran.source
        cell.outputs = copy.deepcopy(ran.outputs) if given else []
        cell.execution_count = ran.execution_count if given else None
    return view


def execute_with_answers(course: notebooks.Course, assignment: str, scratch: Path):
    """The student notebook of ``assignment`` with the reference answers filled in, run with nbclient in a copy of
    its exercises/ folder (the files a student has); the kernel keeps this process's environment, so the course's
    data is read from where set-up put it (``$COURSE_DATA_DIR`` if set)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    student = notebooks.read(course.release(assignment))
    answers = notebooks.reference_answers(notebooks.read(course.source(assignment)))
    filled = notebooks.fill_answers(student, answers)
    folder = scratch / assignment
    shutil.copytree(course.exercises / assignment, folder)
    client = NotebookClient(filled, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        raise SiteRefused(f"{assignment} failed while running for its figures: {str(exc)[-800:]}") from exc
    return student, filled


def release_page(release_link: str) -> str:
    return (
        "# Get the course\n\n"
        "These pages are the course's notebooks to read. To work through them, download the student course, "
        "unpack it and open it in JupyterLab:\n\n"
        f"- [The student course]({release_link}) (notebooks, the `course` package, `course.sh`)\n\n"
        "```bash\n"
        "cd backprop-course\n"
        "./course.sh lab      # sets up once (Python 3.10+, MNIST fetched once), then opens JupyterLab\n"
        "```\n\n"
        "Write your answers in `my-work/`; an update of the course brings new notebooks and never overwrites "
        "a cell you wrote. The notation used throughout is on the [notation page](00_index/NOTATION.md).\n"
    )


def myst_config(course: notebooks.Course, assignments: list[str], theme: Path) -> dict:
    """The site's whole configuration (written as myst.yml, JSON being YAML): the table of contents in course
    order (the start page, getting the course, the notation, then each notebook) and the theme."""
    toc = [{"file": f"{notebooks.INDEX}/{notebooks.INDEX}.ipynb"}, {"file": RELEASE_PAGE}]
    if (course.exercises / notebooks.INDEX / "NOTATION.md").is_file():
        toc.append({"file": f"{notebooks.INDEX}/NOTATION.md"})
    toc += [{"file": f"{a}/{a}.ipynb"} for a in assignments if a != notebooks.INDEX]
    title = release.title(course.release(notebooks.INDEX))
    return {
        "version": 1,
        "project": {
            "title": title,
            "license": "MIT",
            "numbering": False,
            "toc": toc,
        },
        "site": {
            "template": str(theme),
            "options": {"hide_authors": True, "logo_text": title,
                        **({"favicon": FAVICON.name} if FAVICON.is_file() else {})},
            "nav": [{"title": "Get the course", "url": f"/{Path(RELEASE_PAGE).stem}"}],
        },
    }


def stage(course: notebooks.Course, src: Path, assignments: list[str], theme: Path, views: dict,
          release_url: str | None) -> None:
    """Write the MyST project into ``src``: the notebooks (``views`` replaces some), NOTATION.md, the release."""
    for assignment in assignments:
        folder = course.exercises / assignment
        for path in folder.iterdir():  # the notebook, its markdown pages and images; never a .py or data file
            if path.is_file() and (path.suffix in {".ipynb", ".md"} | ASSET_SUFFIXES):
                (src / assignment).mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, src / assignment / path.name)
        if assignment in views:
            notebooks.write(views[assignment], src / assignment / f"{assignment}.ipynb")
    if release_url is None:
        tree = release.files(course, release.selected(course, None))
        release.write_zip(tree, src / RELEASE_ZIP)
        release_url = RELEASE_ZIP
    (src / RELEASE_PAGE).write_text(release_page(release_url))
    if FAVICON.is_file():
        shutil.copy2(FAVICON, src / FAVICON.name)
    (src / "myst.yml").write_text(json.dumps(myst_config(course, assignments, theme), indent=2) + "\n")


def build(course: notebooks.Course, output: Path | None = None, figures: list[str] | None = None,
          theme: Path | None = None, release_url: str | None = None, base_url: str = "",
          log=print) -> Built:
    """Build the site into ``output`` (default ``_site/`` in the course); ``figures``: the notebooks run for their
    figures (``[]``: all of them; None: none)."""
    start = time.perf_counter()
    theme = Path(theme or default_theme()).resolve()
    check_tools(theme)
    output = Path(output or course.root / "_site").resolve()
    assignments = site_notebooks(course)
    to_run = [a for a in assignments if a != notebooks.INDEX] if figures == [] else list(figures or [])
    unknown = sorted(set(to_run) - set(assignments))
    if unknown:
        raise SiteRefused(f"no student notebook {unknown} in {course.exercises}; there are {assignments}")
    views = {}
    with tempfile.TemporaryDirectory(prefix="course-site-") as scratch:
        for assignment in to_run:
            began = time.perf_counter()
            log(f"running {assignment} with the reference answers for its figures ...")
            student, executed = execute_with_answers(course, assignment, Path(scratch) / "run")
            views[assignment] = student_view(student, executed)
            log(f"  {assignment}: {time.perf_counter() - began:.1f} s")
        src = Path(scratch) / "src"
        src.mkdir()
        stage(course, src, assignments, theme, views, release_url)
        env = {**os.environ, "JB_ALLOW_NODEENV": "no", "BASE_URL": base_url}
        command = [sys.executable, "-m", "jupyter_book", "build", "--html"]
        done = subprocess.run(command, cwd=src, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        html = src / "_build" / "html"
        if done.returncode != 0 or not (html / "index.html").is_file():
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
            raise SiteRefused(f"jupyter-book build --html failed (exit {done.returncode}); its output ends with:\n"
                              f"{tail}")
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(html, output)
        if (src / RELEASE_ZIP).is_file():  # also at a name that stays (the page links to a copy named by its hash)
            shutil.copy2(src / RELEASE_ZIP, output / RELEASE_ZIP)
    pages = sorted(str(p.relative_to(output)) for p in output.rglob("index.html"))
    return Built(output, pages, to_run, time.perf_counter() - start)
