"""The student release (``python -m autograder release``) holds what students get and nothing that answers an exercise.

No line of a reference answer, of a hidden test or of the catalogue's wrong and alternative answers appears in
any of its files, unless the course publishes that line on purpose (a stub's signature, a docstring, a locked
cell); no file outside the student's set; notebooks 6 and 7 (whose models.py hold notebook 5's layers) only when named.
The slow test sets a fresh copy up with its own ``./course.sh check``, offline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import COURSE, REPO, load_catalogue, says_something, secret_lines

from autograder import notebooks, release
from autograder.cli import main
from course import labsetup

HELD_BACK = ("06_saliency", "07_texture_style")  # their models.py hold notebook 5's layers
HELD_FILES = {"exercises/06_saliency/models.py", "exercises/06_saliency/weights.npz",
              "exercises/07_texture_style/models.py"}
TOP_LEVEL = {"README.md", "LICENSE", "course.sh", "environment.yml", "pyproject.toml"}
# lines of the course package that hidden tests share without answering anything: its API, as its docstrings show it
COURSE_API = {"with graded_parts() as part:", 'with part("gradient check"):',
              'with part("values on random inputs", weight=2):', "except (TypeError, ValueError):"}


def _release(folder: Path, *options: str) -> Path:
    assert main(["release", str(folder), "--course", str(COURSE.root), *options]) == 0
    return folder


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    return _release(tmp_path_factory.mktemp("release") / "course")


@pytest.fixture(scope="module")
def released_with_6(tmp_path_factory) -> Path:
    every = [option for a in COURSE.assignments() for option in ("--assignment", a)]
    return _release(tmp_path_factory.mktemp("release") / "course", *every)


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _meaningful(lines) -> set[str]:
    """The lines that say something (conftest's says_something, as secret_lines picks them)."""
    return {line for line in (line.strip() for line in lines) if says_something(line)}


def _published(source_nb) -> set[str]:
    """The lines of a source notebook outside its solution and hidden-test blocks: what it releases on purpose."""
    begins = {notebooks.SOLUTION_MARKERS[0], notebooks.HIDDEN_MARKERS[0]}
    ends = {notebooks.SOLUTION_MARKERS[1], notebooks.HIDDEN_MARKERS[1]}
    published, inside = set(), False
    for cell in source_nb.cells:
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped in begins:
                inside = True
            elif stripped in ends:
                inside = False
            elif not inside:
                published.add(stripped)
    return published


def _sources():
    return {a: notebooks.read(COURSE.source(a)) for a in COURSE.assignments(include_index=True)}


PUBLISHED = set().union(*(_published(nb) for nb in _sources().values()))


def _answer_lines() -> set[str]:
    """Every meaningful line of a reference answer or a hidden test, of every notebook."""
    lines = set()
    for source in _sources().values():
        lines |= secret_lines(source)
        for code in notebooks.reference_answers(source).values():
            lines |= _meaningful(code.splitlines())
    return lines - PUBLISHED


def _catalogue_lines() -> set[str]:
    """Every meaningful line of the catalogue's wrong answers and correct alternatives (tests/mutants/<id>.py)."""
    lines = set()
    for assignment in COURSE.assignments():
        catalogue = load_catalogue(assignment)
        codes = [code for _, code, _ in catalogue.MUTANTS.values()]
        codes += [code for answers in catalogue.ALTERNATIVES.values() for code in answers.values()]
        for code in codes:
            lines |= _meaningful(code.splitlines())
    return lines - PUBLISHED


def _lines_of(path: Path) -> set[str]:
    if path.suffix == ".ipynb":
        return {line.strip() for cell in notebooks.read(path).cells for line in cell.source.splitlines()}
    return {line.strip() for line in path.read_text().splitlines()}


def _text_files(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if p.is_file() and p.suffix != ".npz"]


def test_the_checks_see_the_answers():
    answers, catalogue = _answer_lines(), _catalogue_lines()
    assert len(answers) > 200 and len(catalogue) > 200, (len(answers), len(catalogue))
    # the released stubs and locked cells publish some lines of answers on purpose: they are no leak
    assert "def central_difference(f, x, h=1e-5):" in PUBLISHED and "def central_difference(f, x, h=1e-5):" \
        not in catalogue


def test_only_the_students_files_are_released(released, released_with_6):
    for root, held in ((released, False), (released_with_6, True)):
        files = _files(root)
        others = {f for f in files - TOP_LEVEL if not f.startswith(("course/", "exercises/"))}
        assert TOP_LEVEL <= files and not others, others
        package = {f"course/{p.name}" for p in (REPO / "course").glob("*.py")}
        assert {f for f in files if f.startswith("course/")} == package
        expected = {f"exercises/{a}/{a}.ipynb" for a in COURSE.assignments(include_index=True)
                    if held or a not in HELD_BACK} | {"exercises/00_index/NOTATION.md"}
        if held:
            expected |= HELD_FILES
        assert {f for f in files if f.startswith("exercises/")} == expected
        assert not {part for f in files for part in Path(f).parts} & {
            "solutions", "tests", "mutants", "autograder", "benchmarks", "docs", "grading"}
        shipped = {a for a in COURSE.assignments(include_index=True) if held or a not in HELD_BACK}
        for name in expected:
            committed = (REPO / name).read_bytes()
            if name.endswith(".ipynb"):
                committed = release.unlink_unreleased(committed, shipped)
            assert (root / name).read_bytes() == committed, f"{name} differs from the committed copy"


def test_a_notebook_links_only_to_notebooks_of_its_release(released, released_with_6):
    link = re.compile(r"\]\(\.\./(\d\d_\w+)/")
    for root in (released, released_with_6):
        shipped = {p.name for p in (root / "exercises").iterdir()}
        for path in (root / "exercises").rglob("*.ipynb"):
            targets = {t for cell in notebooks.read(path).cells for t in link.findall(cell.source)}
            assert targets <= shipped, f"{path.name} links to {sorted(targets - shipped)}, not released"
    index = (released / "exercises" / "00_index" / "00_index.ipynb").read_text()
    assert "Saliency and input optimisation (released later)" in index


def test_no_models_py_unless_notebooks_6_and_7_are_named(released, released_with_6):
    assert not list(released.rglob("models.py"))
    for held in HELD_BACK:
        assert not (released / "exercises" / held).exists()
        assert (released_with_6 / "exercises" / held / "models.py").is_file()


@pytest.mark.parametrize("which", ["default", "with notebook 6"])
def test_no_line_of_an_answer_a_hidden_test_or_the_catalogue_is_released(which, released, released_with_6):
    root = released if which == "default" else released_with_6
    answers, catalogue = _answer_lines(), _catalogue_lines()
    checked = 0
    for path in _text_files(root):
        name = path.relative_to(root).as_posix()
        if name in {f"exercises/{held}/models.py" for held in HELD_BACK}:
            continue  # notebook 5's layers, on purpose: released after notebook 5's deadline
        lines = _lines_of(path) - (COURSE_API if name.startswith("course/") else set())
        assert not lines & answers, f"{name} holds lines of answers or hidden tests: {sorted(lines & answers)[:3]}"
        assert not lines & catalogue, f"{name} holds lines of the catalogue: {sorted(lines & catalogue)[:3]}"
        checked += 1
    assert checked >= 19


def test_the_release_command_says_what_it_released(tmp_path, capsys):
    _release(tmp_path / "one", "--assignment", "01_chain_rule")
    out = capsys.readouterr().out
    assert out.startswith("released 00_index and 1 notebook(s) (01_chain_rule) to ")
    assert f"held back: {HELD_BACK[0]} (notebook 6 is released after notebook 5's deadline" in out
    assert f"held back: {HELD_BACK[1]} (notebook 7 is released after notebook 5's deadline" in out
    # a previous release keeps what it holds and gets what is asked for: notebooks one at a time
    _release(tmp_path / "one", "--assignment", "02_jacobians")
    assert notebooks.assignments(tmp_path / "one" / "exercises", include_index=True) == [
        "00_index", "01_chain_rule", "02_jacobians"]
    with pytest.raises(SystemExit):
        main(["release", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "notebook 6 is released after notebook 5's deadline: its models.py holds notebook 5's layers" in help_text


def test_a_zip_holds_the_same_tree(tmp_path, released):
    assert main(["release", "--zip", str(tmp_path / "backprop.zip"), "--course", str(COURSE.root)]) == 0
    with zipfile.ZipFile(tmp_path / "backprop.zip") as archive:
        names = {n.removeprefix("backprop/") for n in archive.namelist()}
        assert names == _files(released)
        assert archive.getinfo("backprop/course.sh").external_attr >> 16 == 0o100755
        assert archive.read("backprop/exercises/01_chain_rule/01_chain_rule.ipynb") == \
            (released / "exercises/01_chain_rule/01_chain_rule.ipynb").read_bytes()


def test_a_folder_that_is_not_a_release_is_refused(tmp_path, capsys):
    other = tmp_path / "project"
    for name in ("course", "exercises", "solutions"):
        (other / name).mkdir(parents=True)
    (other / "course.sh").write_text("#!/bin/sh\n")
    (other / "pyproject.toml").write_text('[project]\nname = "backprop-jacobians-course"\n')
    assert main(["release", str(other), "--course", str(COURSE.root)]) == 2
    assert "neither empty nor a student release" in capsys.readouterr().err
    assert sorted(p.name for p in other.iterdir()) == [
        "course", "course.sh", "exercises", "pyproject.toml", "solutions"]
    assert main(["release", str(tmp_path / "new"), "--assignment", "07_nothing", "--course", str(COURSE.root)]) == 2


def test_the_students_package_and_readme(released):
    tomllib = pytest.importorskip("tomllib")
    ours = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    student = tomllib.loads((released / "pyproject.toml").read_text())
    assert student["tool"]["setuptools"]["packages"] == ["course"]
    name = lambda requirement: requirement.split("<")[0].split(">")[0].split("=")[0]
    wanted = {name(r): r for r in ours if name(r) in release.STUDENT_DEPENDENCIES}
    assert {name(r): r for r in student["project"]["dependencies"]}.keys() == wanted.keys()
    for requirement in student["project"]["dependencies"]:
        assert sorted(requirement.removeprefix(name(requirement)).split(",")) == \
            sorted(wanted[name(requirement)].removeprefix(name(requirement)).split(","))
    readme = (released / "README.md").read_text()
    for phrase in ("./course.sh lab", "./course.sh check", "Validate", "01_chain_rule.new.ipynb",
                   "Notebook 6 is released after notebook 5's deadline: its models.py holds notebook 5's layers",
                   "| 1. The chain rule and gradient descent | `01_chain_rule/01_chain_rule.ipynb` |"):
        assert phrase in readme
    assert "{{" not in readme
    assert os.access(released / "course.sh", os.X_OK)


@pytest.mark.slow
def test_a_fresh_copy_sets_itself_up_and_checks_it(tmp_path, released):
    """./course.sh check of a fresh copy: its own .venv, this environment's packages (on PYTHONPATH), no network."""
    from course.data import data_dir

    copy = shutil.copytree(released, tmp_path / "course")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PIP_", "VIRTUAL_ENV", "PYTHON"))}
    # pip too comes from this environment (no ensurepip), and the index is never asked; --no-deps, because this
    # environment lacks on purpose a dependency of jupyterlab's (rfc3987-syntax, removed by ./course.sh setup)
    env.update(COURSE_PYTHON=sys.executable, COURSE_VENV_OPTIONS="--without-pip",
               COURSE_PIP_OPTIONS="--no-index --no-deps",
               PYTHONPATH=sysconfig.get_paths()["purelib"], COURSE_DATA_DIR=str(data_dir()),
               JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-user"), PIP_DISABLE_PIP_VERSION_CHECK="1")

    def run(*command):
        out = subprocess.run(["./course.sh", *command], cwd=copy, env=env, capture_output=True, text=True, timeout=900)
        assert out.returncode == 0, f"./course.sh {' '.join(command)}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
        return re.sub(r"\x1b\[[0-9;]*m", "", out.stdout)  # without say's bold

    site = Path(sysconfig.get_paths()["purelib"])
    before = sorted(os.listdir(site))
    out = run("check")
    assert sorted(os.listdir(site)) == before, "the set-up changed this environment's packages"
    assert out.rstrip().splitlines()[-1].endswith("OK: the course is set up; ./course.sh lab opens it"), out
    assert f"course package 0.1.0: {copy.resolve() / 'course'}" in out
    settings = copy / ".venv" / "etc" / "jupyter"
    assert (settings / labsetup.NBGRADER_CONFIG).is_file() and (settings / "labconfig" / "page_config.json").is_file()
    out = run("update")
    assert "new: 01_chain_rule/01_chain_rule.ipynb" in out
    assert (copy / "my-work" / "01_chain_rule" / "01_chain_rule.ipynb").read_bytes() == \
        (copy / "exercises" / "01_chain_rule" / "01_chain_rule.ipynb").read_bytes()
    assert "up to date" in run("update")
