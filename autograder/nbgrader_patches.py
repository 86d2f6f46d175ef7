"""The grader's changes to nbgrader's environment, all made by one explicit ``apply()``
(importing this changes nothing).

* ``alembic`` on ``PATH``: nbgrader creates a new gradebook by running the
  ``alembic`` command found on PATH (``nbgrader.api.get_alembic_version``); from a
  virtual environment that is not activated, its bin folder is not on PATH and
  the first gradebook of a process fails to be created.
* The gradebook's SQLite in write-ahead-log mode, synced at checkpoints only:
  nbgrader commits hundreds of times per class and each commit in SQLite's
  default mode waits for the disk (5 ms here, a third of a second per
  submission). A killed grader loses no committed grade in this mode; a power
  cut may lose the last few (grade the class again with ``--force`` after one).
  Only databases named ``gradebook.db`` are touched.
* nbgrader's cell-metadata schema checked against its metaschema once per
  process rather than at every cell (a quarter of a second per submission here).
* A gradebook opened again in the same process reuses its database engine and
  does not create its tables again: nbgrader opens the gradebook some 16 times
  per submission, and each opening made an engine and checked every table
  (half a second per submission here). Only while the database file is the
  same one (the same inode): one deleted and made anew is opened afresh.
* SQLAlchemy 2's "not in session" warnings, which nbgrader's gradebook code
  trips harmlessly and which drown the grader's output, silenced.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import warnings
from pathlib import Path

GRADEBOOK = "gradebook.db"
_applied: list[bool] = []


def _put_alembic_on_path() -> None:
    bin_dir = Path(sys.executable).parent
    if shutil.which("alembic") is None and (bin_dir / "alembic").exists():
        os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"


def _gradebook_pragmas(connection, _record) -> None:
    import sqlite3

    if not isinstance(connection, sqlite3.Connection):
        return
    cursor = connection.cursor()
    files = [row[2] or "" for row in cursor.execute("PRAGMA database_list")]
    if any(Path(f).name == GRADEBOOK for f in files):
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _speed_up_gradebooks() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "connect", _gradebook_pragmas):
        event.listen(Engine, "connect", _gradebook_pragmas)


_engines: dict[tuple[int, str], tuple[object, tuple[int, int]]] = {}  # (pid, url) -> (engine, the file's id)


def _sqlite_file_identity(db_url: str) -> tuple[int, int] | None:
    """(device, inode) of an SQLite database file, None for anything else or a file that does not exist."""
    if not db_url.startswith("sqlite:///"):
        return None
    try:
        stat = os.stat(db_url.removeprefix("sqlite:///"))
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _reuse_gradebook_engines() -> None:
    from nbgrader import api

    if getattr(api.Gradebook.__init__, "reuses_engines", False):
        return
    original = api.Gradebook.__init__

    def __init__(self, db_url, course_id="default_course", authenticator=None):
        from sqlalchemy.orm import scoped_session, sessionmaker

        key, identity = (os.getpid(), db_url), _sqlite_file_identity(db_url)
        known = _engines.get(key)
        if identity is None or known is None or known[1] != identity:
            original(self, db_url, course_id, authenticator)
            identity = _sqlite_file_identity(db_url)
            if identity is not None:
                _engines[key] = (self.engine, identity)
            return
        # what nbgrader's __init__ does once the tables exist: a session, and the course's row
        self.engine = known[0]
        self.db = scoped_session(sessionmaker(autoflush=True, bind=self.engine, future=True))
        self.check_course(course_id=course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    __init__.reuses_engines = True
    api.Gradebook.__init__ = __init__


class SchemaCheckedOnce:
    """``jsonschema.validate`` for nbgrader's cell metadata, each schema checked against its metaschema once."""

    def __init__(self) -> None:
        self._validators: dict[str, object] = {}

    def validate(self, instance, schema) -> None:
        import jsonschema

        key = json.dumps(schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = self._validators[key] = cls(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error


def _check_metadata_schemas_once() -> None:
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, SchemaCheckedOnce):
        common.jsonschema = SchemaCheckedOnce()  # the module's only use of jsonschema is jsonschema.validate


def _quiet_gradebook_warnings() -> None:
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", message=r".*not in session.*", category=SAWarning)


def apply() -> None:
    """Make every change above, once per process (the grader calls it before it uses nbgrader)."""
    if _applied:
        return
    _put_alembic_on_path()
    _speed_up_gradebooks()
    _reuse_gradebook_engines()
    _check_metadata_schemas_once()
    _quiet_gradebook_warnings()
    _applied.append(True)
