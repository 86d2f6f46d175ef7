"""The student release: a self-contained course folder (or zip) with the student notebooks and nothing of the grader.

A release holds ``exercises/`` (``00_index`` and the released assignments, copied from the course's
``exercises/``), the ``course`` package, a ``pyproject.toml`` and an ``environment.yml`` for it, the student
``README.md`` and ``course.sh`` (from ``autograder/student/``) and the course's ``LICENSE``; no solutions, tests,
catalogue, benchmarks or grader.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import zipfile
from pathlib import Path

import course as course_package
from autograder import notebooks
from course import update

TEMPLATES = Path(__file__).resolve().parent / "student"
DISTRIBUTION = "backprop-jacobians-course"  # the grader's own package, whose dependencies the students' follow
STUDENT_NAME = "backprop-jacobians-student"  # the release's package
STUDENT_DEPENDENCIES = ("numpy", "matplotlib", "tqdm", "jupyterlab", "nbgrader", "ipykernel")
# released only when asked for by name (--assignment), with the reason the help and the student README give
HELD_BACK = {"06_saliency": "notebook 6 is released after notebook 5's deadline: its models.py holds notebook 5's "
                            "layers",
             "07_texture_style": "notebook 7 is released after notebook 5's deadline: its models.py holds notebook "
                                 "5's layers"}
TOP_LEVEL = ("README.md", "LICENSE", "course.sh", "environment.yml", "pyproject.toml", "course", "exercises")


class ReleaseRefused(ValueError):
    """A release that cannot be written: an unknown assignment, a folder that is not a release, a leak."""


def selected(course: notebooks.Course, asked: list[str] | None, already: list[str] = ()) -> list[str]:
    """The released assignments in course order: ``00_index``, those ``already`` released and those ``asked``
    (by default every assignment but the held-back ones)."""
    known = course.assignments(include_index=True)
    unknown = sorted(set(asked or ()) - set(known))
    if unknown:
        raise ReleaseRefused(f"no assignment {unknown} in {course.exercises}; there are {known}")
    wanted = set(asked) if asked else {a for a in known if a not in HELD_BACK}
    return [a for a in known if a == notebooks.INDEX or a in wanted or a in already]


def files(course: notebooks.Course, assignments: list[str]) -> dict[str, bytes]:
    """``{path in the release: content}`` of the whole release."""
    out = {
        "README.md": student_readme(course, assignments).encode(),
        "course.sh": (TEMPLATES / "course.sh").read_bytes(),
        "pyproject.toml": student_pyproject().encode(),
        "environment.yml": student_environment().encode(),
    }
    licence = course.root / "LICENSE"
    if not licence.is_file():
        raise ReleaseRefused(f"no LICENSE in {course.root}: a release carries the course's licence")
    out["LICENSE"] = licence.read_bytes()
    package = Path(course_package.__file__).resolve().parent
    for path in sorted(package.glob("*.py")):
        out[f"course/{path.name}"] = path.read_bytes()
    for assignment in assignments:
        folder = course.exercises / assignment
        for name in update.release_files(folder):  # the files a student's update would bring in
            content = (folder / name).read_bytes()
            if name.endswith(".ipynb"):
                content = unlink_unreleased(content, set(assignments))
            out[f"exercises/{assignment}/{name}"] = content
    for name, content in out.items():
        if name.endswith(".ipynb") and any(m.encode() in content for m in
                                           notebooks.SOLUTION_MARKERS + notebooks.HIDDEN_MARKERS):
            raise ReleaseRefused(f"{name} holds a solution or hidden-test marker: run python -m autograder generate")
    return out


_NOTEBOOK_LINK = re.compile(r"\[([^\]]+)\]\(\.\./(\d\d_\w+)/[^)\s]*\)")


def unlink_unreleased(notebook: bytes, released: set[str]) -> bytes:
    """A notebook whose markdown links to an assignment not in this release name it as released later instead."""
    import nbformat

    nb = nbformat.reads(notebook.decode(), as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            source = _NOTEBOOK_LINK.sub(
                lambda m: m.group(0) if m.group(2) in released else f"{m.group(1)} (released later)", cell.source)
            changed |= source != cell.source
            cell.source = source
    return (nbformat.writes(nb) + "\n").encode() if changed else notebook


def released_in(folder: Path) -> list[str]:
    """The assignments a previous release in ``folder`` holds; [] if it holds none (empty, or missing)."""
    if folder.exists() and not folder.is_dir():
        raise ReleaseRefused(f"{folder} is a file, not a folder")
    if not folder.exists() or not any(folder.iterdir()):
        return []
    pyproject = folder / "pyproject.toml"
    if not (pyproject.is_file() and f'name = "{STUDENT_NAME}"' in pyproject.read_text()
            and (folder / "exercises").is_dir() and not (folder / "solutions").exists()):
        raise ReleaseRefused(f"{folder} is neither empty nor a student release (its pyproject.toml names "
                             f"{STUDENT_NAME}): give a new or empty folder")
    return notebooks.assignments(folder / "exercises", include_index=True)


def write_folder(release: dict[str, bytes], folder: Path) -> None:
    """Write the release into ``folder``, replacing a previous release's files there; nothing else is touched
    (a .git, the instructor's own .venv or my-work)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TOP_LEVEL:
        old = folder / name
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    for name, content in release.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if name == "course.sh":
            path.chmod(0o755)


def write_zip(release: dict[str, bytes], zip_path: Path) -> None:
    """Write the release as a zip whose entries sit in one folder named after it (``course.zip``: ``course/``)."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in release.items():
            info = zipfile.ZipInfo(f"{zip_path.stem}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if name == "course.sh" else 0o100644) << 16
            archive.writestr(info, content)


def title(notebook: Path) -> str:
    """The ``# N. Title`` of a notebook's first cell, without the hash."""
    first = notebooks.read(notebook).cells[0].source.splitlines()[0]
    return first.lstrip("#").strip()


def student_readme(course: notebooks.Course, assignments: list[str]) -> str:
    rows = ["| notebook | file |", "|---|---|"]
    for assignment in assignments:
        if assignment != notebooks.INDEX:
            rows.append(f"| {title(course.release(assignment))} | `{assignment}/{assignment}.ipynb` |")
    held = [a for a in HELD_BACK if a in course.assignments() and a not in assignments]
    if held:
        rows.append("")
        rows.append(f"Still to come: {', '.join(title(course.release(a)) for a in held)}.")
    return (TEMPLATES / "README.md").read_text().replace("{{notebooks}}", "\n".join(rows))


def dependencies() -> list[str]:
    """The students' requirements (numpy, matplotlib, ...) as the grader's package states them."""
    requirements = importlib.metadata.requires(DISTRIBUTION) or []
    found = {}
    for requirement in requirements:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower()
        if name in STUDENT_DEPENDENCIES and "extra ==" not in requirement:
            found[name] = requirement.split(";")[0].replace(" ", "")
    missing = [n for n in STUDENT_DEPENDENCIES if n not in found]
    if missing:
        raise ReleaseRefused(f"{DISTRIBUTION}'s requirements name no {missing}: reinstall it (pip install -e .)")
    return [found[n] for n in STUDENT_DEPENDENCIES]


def student_pyproject() -> str:
    deps = "".join(f"    {json.dumps(d)},\n" for d in dependencies())
    return ("[build-system]\n"
            'requires = ["setuptools>=64"]\n'
            'build-backend = "setuptools.build_meta"\n'
            "\n"
            "[project]\n"
            f'name = "{STUDENT_NAME}"\n'
            f'version = "{course_package.__version__}"\n'
            'description = "The student release of the course Backpropagation through Jacobians."\n'
            'readme = "README.md"\n'
            'requires-python = ">=3.10"\n'
            f"dependencies = [\n{deps}]\n"
            "\n"
            "[tool.setuptools]\n"
            'packages = ["course"]\n')


def student_environment() -> str:
    deps = "".join(f"  - {d}\n" for d in dependencies())
    return ("# conda alternative to ./course.sh lab's set-up:\n"
            "#   conda env create -f environment.yml && conda activate backprop-jacobians\n"
            "#   python -m course.data fetch && python -m course.labsetup --student\n"
            "#   python -m course.update exercises my-work && cd my-work && jupyter lab\n"
            "name: backprop-jacobians\n"
            "channels:\n"
            "  - conda-forge\n"
            "dependencies:\n"
            "  - python>=3.10,<3.14\n"
            f"{deps}"
            "  - pip\n"
            "  - pip:\n"
            "      - -e .\n")
