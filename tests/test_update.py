"""Updating a student's copy (course/update.py) brings new notebooks in and never overwrites what the student wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from course import update


def _notebook(*sources: str) -> str:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
             for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _first_release(tmp_path: Path) -> tuple[Path, Path]:
    release = _write(tmp_path / "v1", {
        "00_index/00_index.ipynb": _notebook("# index"),
        "00_index/NOTATION.md": "notation\n",
        "01_a/01_a.ipynb": _notebook("def f(x):\n    raise NotImplementedError()"),
        "02_b/02_b.ipynb": _notebook("def g(x):\n    raise NotImplementedError()"),
    })
    work = tmp_path / "my-work"
    messages = update.update(release, work)
    assert sorted(messages) == sorted(f"new: {n}" for n in update.release_files(release))
    assert (work / "01_a/01_a.ipynb").read_text() == (release / "01_a/01_a.ipynb").read_text()
    return release, work


def _run_cells(path: Path) -> None:
    """What running a notebook changes: outputs and execution counts, not the cells' sources."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        cell["execution_count"] = 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "ran\n"}]
    path.write_text(json.dumps(nb))


def _answer(path: Path, answer: str) -> None:
    nb = json.loads(path.read_text())
    nb["cells"][0]["source"] = answer
    path.write_text(json.dumps(nb))


def test_new_notebooks_and_files_arrive(tmp_path):
    release, work = _first_release(tmp_path)
    _write(release, {"03_c/03_c.ipynb": _notebook("def h(x): ..."), "03_c/models.py": "LAYERS = 1\n"})
    assert sorted(update.update(release, work)) == ["new: 03_c/03_c.ipynb", "new: 03_c/models.py"]
    assert (work / "03_c/models.py").read_text() == "LAYERS = 1\n"


def test_an_untouched_notebook_is_replaced_even_after_it_was_run(tmp_path):
    release, work = _first_release(tmp_path)
    _run_cells(work / "01_a/01_a.ipynb")
    fixed = _notebook("def f(x):\n    '''Fixed docstring.'''\n    raise NotImplementedError()")
    _write(release, {"01_a/01_a.ipynb": fixed, "00_index/NOTATION.md": "notation, corrected\n"})
    assert sorted(update.update(release, work)) == [
        "updated: 00_index/NOTATION.md (you had not changed it)",
        "updated: 01_a/01_a.ipynb (you had not changed it)",
    ]
    assert (work / "01_a/01_a.ipynb").read_text() == fixed
    assert not (work / "01_a/01_a.new.ipynb").exists()


def test_an_edited_notebook_is_kept_and_the_new_version_put_beside_it(tmp_path):
    release, work = _first_release(tmp_path)
    mine = work / "01_a/01_a.ipynb"
    _answer(mine, "def f(x):\n    return 2 * x")
    my_text = mine.read_text()
    fixed = _notebook("def f(x):\n    '''Fixed docstring.'''\n    raise NotImplementedError()")
    _write(release, {"01_a/01_a.ipynb": fixed})
    messages = update.update(release, work)
    assert len(messages) == 1 and messages[0].startswith("kept your 01_a/01_a.ipynb"), messages
    assert "01_a/01_a.new.ipynb" in messages[0]
    assert mine.read_text() == my_text
    assert (work / "01_a/01_a.new.ipynb").read_text() == fixed

    # a later version replaces the untouched one beside it; one the student began working in is kept as well
    fixed_again = _notebook("def f(x):\n    '''Fixed twice.'''\n    raise NotImplementedError()")
    _write(release, {"01_a/01_a.ipynb": fixed_again})
    assert update.update(release, work) == [messages[0]]
    assert (work / "01_a/01_a.new.ipynb").read_text() == fixed_again
    _answer(work / "01_a/01_a.new.ipynb", "def f(x):\n    return x + x")
    _write(release, {"01_a/01_a.ipynb": _notebook("def f(x):\n    '''Third.'''")})
    assert update.update(release, work)[0].endswith("01_a/01_a.new2.ipynb (copy your answers into it, or its "
                                                    "changes into yours)")
    assert json.loads((work / "01_a/01_a.new.ipynb").read_text())["cells"][0]["source"] == "def f(x):\n    return x + x"
    assert mine.read_text() == my_text


def test_an_edit_the_course_did_not_touch_is_left_alone(tmp_path):
    release, work = _first_release(tmp_path)
    _answer(work / "02_b/02_b.ipynb", "def g(x):\n    return x")
    assert update.update(release, work) == []
    assert not (work / "02_b/02_b.new.ipynb").exists()


def test_the_students_own_files_are_untouched(tmp_path):
    release, work = _first_release(tmp_path)
    own = _write(work, {"notes.md": "mine\n", "01_a/scratch.py": "x = 1\n", "01_a/01_a-copy.ipynb": _notebook("x")})
    before = {p: p.read_text() for p in [own / "notes.md", own / "01_a/scratch.py", own / "01_a/01_a-copy.ipynb"]}
    _write(release, {"01_a/01_a.ipynb": _notebook("changed"), "01_a/scratch.txt": "course file\n"})
    update.update(release, work)
    assert {p: p.read_text() for p in before} == before


def test_a_copy_made_before_the_record_is_treated_as_edited(tmp_path):
    release, work = _first_release(tmp_path)
    (work / update.RECORD).unlink()  # as `cp -rn exercises/. my-work/` left it
    _write(release, {"01_a/01_a.ipynb": _notebook("changed")})
    messages = update.update(release, work)
    assert [m.split(":")[0] for m in messages] == ["kept your 01_a/01_a.ipynb"]
    assert update.update(release, work) == []


def test_a_second_run_changes_nothing(tmp_path):
    release, work = _first_release(tmp_path)
    _answer(work / "01_a/01_a.ipynb", "def f(x):\n    return 2 * x")
    _write(release, {"01_a/01_a.ipynb": _notebook("changed"), "02_b/02_b.ipynb": _notebook("changed too"),
                     "03_c/03_c.ipynb": _notebook("new")})
    assert len(update.update(release, work)) == 3
    snapshot = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    assert update.update(release, work) == []
    assert {p: p.read_bytes() for p in work.rglob("*") if p.is_file()} == snapshot


def test_the_command_line_reports_what_it_did(tmp_path, capsys):
    release, work = _first_release(tmp_path)
    shutil.rmtree(work / "02_b")
    assert update.main([str(release), str(work)]) == 0
    assert capsys.readouterr().out == "new: 02_b/02_b.ipynb\n"
    assert update.main([str(release), str(work)]) == 0
    assert "up to date" in capsys.readouterr().out
