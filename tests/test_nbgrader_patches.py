"""autograder.nbgrader_patches: importing changes nothing; apply() speeds up nbgrader's gradebook
and no other database."""

from __future__ import annotations

import os
import subprocess
import sys

from autograder import nbgrader_patches


def test_importing_the_grader_changes_no_global_state():
    # the libraries first: some install warning filters of their own when imported
    script = ("import jupyter_client.manager, nbclient, nbformat, nbgrader.apps, sqlalchemy, traitlets\n"
              "import os, warnings; env = dict(os.environ); filters = list(warnings.filters)\n"
              "import autograder.grading, autograder.worker, autograder.cli\n"
              "from nbgrader.nbgraderformat import common\n"
              "from sqlalchemy import event\nfrom sqlalchemy.engine import Engine\n"
              "from autograder.nbgrader_patches import _gradebook_pragmas\n"
              "assert dict(os.environ) == env and list(warnings.filters) == filters\n"
              "assert type(common.jsonschema).__name__ == 'module'\n"
              "assert not event.contains(Engine, 'connect', _gradebook_pragmas)\n"
              "from nbgrader.api import Gradebook\nassert not hasattr(Gradebook.__init__, 'reuses_engines')\n"
              "print('unchanged')")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip() == "unchanged", out.stderr[-2000:]


def test_the_write_ahead_log_is_for_the_gradebook_only(tmp_path):
    from sqlalchemy import create_engine, text

    nbgrader_patches.apply()
    modes = {}
    for name in ("gradebook.db", "other.db"):
        engine = create_engine(f"sqlite:///{tmp_path / name}")
        with engine.connect() as connection:
            modes[name] = connection.execute(text("PRAGMA journal_mode")).scalar()
        engine.dispose()
    assert modes == {"gradebook.db": "wal", "other.db": "delete"}


def test_apply_is_idempotent():
    from nbgrader.nbgraderformat import common

    nbgrader_patches.apply()
    checker = common.jsonschema
    nbgrader_patches.apply()
    assert common.jsonschema is checker and isinstance(checker, nbgrader_patches.SchemaCheckedOnce)


def test_a_gradebook_opened_again_reuses_its_engine_until_its_file_is_made_anew(tmp_path):
    from nbgrader.api import Gradebook

    nbgrader_patches.apply()
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as first:
        first.add_student("ada")
    with Gradebook(url) as again:
        assert again.engine is first.engine and [s.id for s in again.students] == ["ada"]
    for name in os.listdir(tmp_path):  # the class folder deleted and graded anew in this process
        os.remove(tmp_path / name)
    with Gradebook(url) as anew:
        assert anew.engine is not first.engine and anew.students == []
        anew.add_student("ben")
