"""Grading a class with nbgrader, in one process (one start-up for the whole class).

A *class directory* is an nbgrader course directory of its own:
``source`` links to the repo's ``solutions/``; ``submitted/``, ``autograded/``,
``feedback/``, ``gradebook.db``, ``grades.csv`` and ``results.json`` are
written there, never into the repository.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import copy
import json
import logging
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from autograder import nbgrader_patches, notebooks, worker
from autograder.sandbox import Limits

log = logging.getLogger("autograder")

def course_config(root: Path, **course_directory) -> Config:
    """The course's nbgrader config with the course root moved to ``root``."""
    config = PyFileConfigLoader(notebooks.CONFIG_FILE.name, path=str(notebooks.CONFIG_FILE.parent)).load_config()
    config.CourseDirectory.root = str(root)
    for key, value in course_directory.items():
        setattr(config.CourseDirectory, key, value)
    config.NbGraderAPI.log_level = logging.WARNING
    return config


class BrokenTests(RuntimeError):
    """The course's own hidden tests do not give the reference answers full points: nobody is graded on them."""


def check_hidden_tests(assignment: str) -> None:
    """Judge the reference answers in this process (no kernel): every hidden test must give them full points."""
    from autograder.judge import judge_locally

    source = notebooks.notebook_path(notebooks.SOLUTIONS, assignment)
    verdicts = judge_locally(source, notebooks.reference_answers(notebooks.read(source)))
    broken = [f"{g}: {v.error[0] + ': ' + v.error[1] if v.error else '; '.join(v.reasons)}"
              for g, v in verdicts.items() if v.fraction < 1]
    if broken:
        raise BrokenTests(f"the hidden tests of {assignment} fail on its reference answers, so no student is "
                          f"graded on them (an error of the course): {'; '.join(broken)[:2000]}")


def configured_cell_timeout() -> int:
    """``c.Execute.timeout`` of the course's nbgrader config: the grader's default cell time limit."""
    return int(course_config(notebooks.REPO).Execute.get("timeout", Limits.cell_timeout))


def nbgrader_api(config: Config):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    nbgrader_patches.apply()
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _check(result: dict, what: str) -> None:
    if not result.get("success"):
        raise RuntimeError(f"{what} failed:\n{result.get('error') or result.get('log')}")


def generate_exercises(assignment_ids=None, release_root: Path = notebooks.EXERCISES, scratch: Path | None = None) -> None:
    """Write the student notebooks of ``assignment_ids`` (all by default) from ``solutions/``.

    The throw-away gradebook goes to ``scratch`` (a temporary folder by default).
    """
    import tempfile

    assignment_ids = assignment_ids or notebooks.assignments(include_index=True)
    with contextlib.ExitStack() as stack:
        scratch = scratch or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        release_root = Path(release_root).resolve()
        config = course_config(
            notebooks.REPO,
            release_directory=str(release_root),
            db_url=f"sqlite:///{scratch / 'gradebook.db'}",
        )
        api = nbgrader_api(config)
        for assignment in assignment_ids:
            _check(api.generate_assignment(assignment), f"generating {assignment}")


@dataclass
class CellResult:
    grade_id: str
    points: float
    max_points: float
    message: str = ""


@dataclass
class SubmissionResult:
    student: str
    assignment: str
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    error: str = ""  # why the submission could not be graded, if it could not
    cells: list[CellResult] = field(default_factory=list)
    feedback_error: str = ""  # why its feedback page could not be written (the grade stands)


class ClassGrader:
    """Grades submissions laid out as ``<class_dir>/submitted/<student>/<assignment>/``.

    ``workers`` processes execute notebooks in parallel (0: in this process).
    ``dask``: execute them on dask.distributed instead, on a LocalCluster of
    ``workers`` processes bound to 127.0.0.1 (``"local"``) or on the scheduler at
    that address (``"tcp://host:port"``; its workers must see this class folder
    at the same path). Either way only this process writes the gradebook.
    A submission whose grades are saved is remembered in ``state/``, so a
    grader that was killed resumes where it stopped; ``force`` grades again.
    Cells that grade nothing (``notebooks.SKIP_TAG``) are not run, unless ``run_every_cell``.
    """

    def __init__(self, class_dir: Path, workers: int = 0, limits: Limits | None = None, dask: str | None = None,
                 run_every_cell: bool = False):
        self.class_dir = Path(class_dir).resolve()
        self.class_dir.mkdir(parents=True, exist_ok=True)
        source = self.class_dir / "source"
        if not source.exists():
            source.symlink_to(notebooks.SOLUTIONS, target_is_directory=True)
        self.workers = workers
        self.dask = dask
        self.dask_description = ""  # where the last grade_all executed, when on dask
        self.limits = limits or Limits()
        self.run_every_cell = run_every_cell
        self.db_url = f"sqlite:///{self.class_dir / 'gradebook.db'}"
        self.config = course_config(self.class_dir, source_directory="source", release_directory="release",
                                    db_url=self.db_url)
        self.api = nbgrader_api(self.config)
        # nbgrader's autograde in two halves around the execution
        # deep copies: Config(config) shares its sections with the original
        sanitize = copy.deepcopy(self.config)
        sanitize.Autograde.autograde_preprocessors = []
        self._sanitize_api = nbgrader_api(sanitize)
        save = copy.deepcopy(self.config)
        save.CourseDirectory.submitted_directory = "executed"
        save.Autograde.sanitize_preprocessors = []
        save.Autograde.autograde_preprocessors = [
            "nbgrader.preprocessors.IgnorePattern",
            "nbconvert.preprocessors.ClearMetadataPreprocessor",
            "nbgrader.preprocessors.LimitOutput",
            "nbgrader.preprocessors.SaveAutoGrades",
            "nbgrader.preprocessors.AssignLatePenalties",
            "nbgrader.preprocessors.CheckCellMetadata",
        ]
        self._save_api = nbgrader_api(save)
        self._prepared: set[str] = set()
        self._broken: dict[str, BrokenTests] = {}  # assignments whose own tests fail: graded once they are fixed
        self.own_seconds = 0.0  # spent in this process on submissions (nbgrader's steps); the judging is the workers'
        self._maths = None  # the feedback pages' formula typesetter, started with the first page

    @property
    def submitted(self) -> Path:
        return self.class_dir / "submitted"

    def prepare(self, assignment: str) -> None:
        """Record the assignment (cells, points, hidden tests) in this class's gradebook, once its tests hold."""
        if assignment in self._broken:
            raise self._broken[assignment]
        if assignment not in self._prepared:
            try:
                check_hidden_tests(assignment)
            except BrokenTests as exc:
                self._broken[assignment] = exc
                raise
            result = self.api.generate_assignment(assignment)
            _check(result, f"recording {assignment} in the gradebook")
            self._prepared.add(assignment)

    def add_submission(self, student: str, assignment: str, nb) -> Path:
        path = notebooks.notebook_path(self.submitted / student, assignment)
        notebooks.write(nb, path)
        return path

    def submissions(self, assignment_ids=None) -> list[tuple[str, str]]:
        """(student, assignment) pairs present under ``submitted/``."""
        pairs = []
        for student_dir in sorted(p for p in self.submitted.glob("*") if p.is_dir()):
            if student_id_problem(student_dir.name):  # never graded, never enrolled (copy_submissions says why)
                continue
            for assignment_dir in sorted(p for p in student_dir.glob("*") if p.is_dir()):
                if assignment_ids is None or assignment_dir.name in assignment_ids:
                    pairs.append((student_dir.name, assignment_dir.name))
        return pairs

    def grade(self, student: str, assignment: str, feedback: bool = True) -> SubmissionResult:
        return self.grade_all([(student, assignment)], feedback=feedback, force=True)[0]

    def grade_all(self, pairs, feedback: bool = True, force: bool = False, progress=None) -> list[SubmissionResult]:
        """Grade every (student, assignment) pair; results come back in the order given.

        ``progress`` is called with each finished result (e.g. a progress bar's update).
        """
        results: dict[tuple[str, str], SubmissionResult] = {}
        to_grade = []
        for student, assignment in pairs:
            done = None if force else self._saved_result(student, assignment)
            if done is not None:
                results[(student, assignment)] = done
                if progress:
                    progress(done)
                continue
            result = SubmissionResult(student=student, assignment=assignment)
            result.max_score = self.max_score(assignment)
            results[(student, assignment)] = result
            to_grade.append(result)

        def finish(result: SubmissionResult, execute_seconds: float | None, exc: BaseException | None) -> None:
            start = time.perf_counter()
            try:
                if exc is not None:
                    raise exc
                self._save(result.student, result.assignment)
                result.cells = self._cell_results(result.student, result.assignment)
                result.score = sum(c.points for c in result.cells)
            except Exception as error:
                self._fail(result, error)
            else:
                if feedback:  # a page that cannot be written is said so, and changes no grade
                    result.feedback_error = self._feedback(result.student, result.assignment)
            result.seconds = (execute_seconds or 0.0) + time.perf_counter() - start
            self.own_seconds += time.perf_counter() - start
            self._remember(result)
            if progress:
                progress(result)

        if not to_grade:
            return [results[pair] for pair in pairs]
        try:
            self._grade(to_grade, finish, progress)
        finally:
            if self._maths is not None:
                self._maths.close()
                self._maths = None
        return [results[pair] for pair in pairs]

    def _grade(self, to_grade: list[SubmissionResult], finish, progress) -> None:
        """Prepare each submission, have the workers execute and judge it, and ``finish`` it as it comes back."""
        with self._executor() as pool:
            # each submission goes to the workers as soon as it is prepared
            futures = {}
            for result in to_grade:
                start = time.perf_counter()
                try:
                    self.prepare(result.assignment)
                    self._sanitize(result.student, result.assignment)
                except Exception as exc:  # one broken submission must not stop the class
                    self._fail(result, exc)
                    if not isinstance(exc, BrokenTests):  # not the student's doing: graded again next run
                        self._remember(result)
                    if progress:
                        progress(result)
                    continue
                sanitized, executed = self._paths(result.student, result.assignment)
                # the hidden tests are judged in the worker from the instructor's own source notebook, and the
                # assignment's own files (a module, weights) come from its folder, never from the student's
                judge_source = notebooks.notebook_path(notebooks.SOLUTIONS, result.assignment)
                futures[pool.submit(worker.execute_notebook, str(sanitized), str(executed), str(judge_source),
                                    self.run_every_cell)] = result
                self.own_seconds += time.perf_counter() - start
            for future in cf.as_completed(futures):
                finish(futures[future], None if future.exception() else future.result(), future.exception())

    # ---------------------------------------------------------------- the three halves

    def _sanitize(self, student: str, assignment: str) -> None:
        submitted = notebooks.notebook_path(self.submitted / student, assignment)
        if not submitted.is_file():
            raise FileNotFoundError(f"no {submitted.name} in the submission")
        links = sorted(p.name for p in submitted.parent.rglob("*") if p.is_symlink())
        if links:  # a link could point the grader, which runs as a privileged user, at the solutions
            raise ValueError(f"the submission holds symbolic links ({', '.join(links[:5])}): hand in plain files")
        nbformat_check(submitted)
        _check(self._sanitize_api.autograde(assignment, student), f"preparing {student}/{assignment}")

    def _paths(self, student: str, assignment: str) -> tuple[Path, Path]:
        sanitized = notebooks.notebook_path(self.class_dir / "autograded" / student, assignment)
        executed = notebooks.notebook_path(self.class_dir / "executed" / student, assignment)
        return sanitized, executed

    @contextlib.contextmanager
    def _executor(self):
        """Worker processes (or this process when ``workers`` is 0) that execute notebooks."""
        config = worker.executor_config(self.config, self.limits)
        if self.dask:
            with _dask_executor(self.dask, self.workers, config) as (pool, description):
                self.dask_description = description
                yield pool
            return
        if self.workers <= 0:
            worker.init_worker(config)
            yield _InlineExecutor()
            return
        with cf.ProcessPoolExecutor(self.workers, initializer=worker.init_worker,
                                    initargs=(config, os.getpid())) as pool:
            yield pool

    def _save(self, student: str, assignment: str) -> None:
        timestamp = self.submitted / student / assignment / "timestamp.txt"
        if timestamp.exists():
            shutil.copy(timestamp, self.class_dir / "executed" / student / assignment / "timestamp.txt")
        _check(self._save_api.autograde(assignment, student), f"saving the grades of {student}/{assignment}")

    def _feedback(self, student: str, assignment: str) -> str:
        """Write the student's HTML feedback (see autograder.feedback); why not, if it could not be written."""
        from autograder import feedback

        try:
            _check(self.api.generate_feedback(assignment, student), f"feedback for {student}/{assignment}")
            pages = sorted((self.class_dir / "feedback" / student / assignment).glob("*.html"))
            for page in pages:
                feedback.harden(page)
        except Exception as exc:
            log.debug("feedback for %s/%s failed", student, assignment, exc_info=exc)
            return _summary(exc)
        for page in pages:  # a page whose formulas cannot be typeset still stands, with their LaTeX source
            self._typeset(page, f"{student}/{assignment}")
        return ""

    def _typeset(self, page: Path, name: str) -> None:
        from autograder import feedback

        if self._maths is None:
            self._maths = feedback.MathsRenderer()
            if self._maths.problem:
                log.warning("feedback pages show their formulas as LaTeX source: %s", self._maths.problem)
        if self._maths.problem:
            return
        try:
            self._maths.render(page)
        except Exception as exc:
            log.warning("feedback for %s: %s", printable(name), _summary(exc))

    # ---------------------------------------------------------------- bookkeeping

    def _fail(self, result: SubmissionResult, exc: Exception) -> None:
        result.error = _summary(exc)
        result.cells, result.score = [], 0.0
        log.debug("grading %s/%s failed", result.student, result.assignment, exc_info=exc)
        self._enrol(result.student)

    def _enrol(self, student: str) -> None:
        """A student whose notebook could not be graded is still a row of the grade table (score 0)."""
        from nbgrader.api import Gradebook

        try:
            with Gradebook(self.db_url) as gb:
                gb.update_or_create_student(student)
        except Exception as exc:  # the reason the grade is missing is already in the result
            log.debug("could not record %s in the gradebook: %s", student, exc)

    def _state_file(self, student: str, assignment: str) -> Path:
        return self.class_dir / "state" / student / f"{assignment}.json"

    def _submission_digest(self, student: str, assignment: str) -> str:
        import hashlib

        path = notebooks.notebook_path(self.submitted / student, assignment)
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"

    def _remember(self, result: SubmissionResult) -> None:
        state = self._state_file(result.student, result.assignment)
        state.parent.mkdir(parents=True, exist_ok=True)
        record = asdict(result) | {"digest": self._submission_digest(result.student, result.assignment)}
        partial = state.with_suffix(".partial")
        partial.write_text(json.dumps(record))
        partial.replace(state)  # atomic: a kill leaves the old state or the new one

    def _saved_result(self, student: str, assignment: str) -> SubmissionResult | None:
        state = self._state_file(student, assignment)
        try:
            record = json.loads(state.read_text())
        except (OSError, ValueError):
            return None
        if record.pop("digest", None) != self._submission_digest(student, assignment):
            return None  # handed in again since: grade anew
        cells = [CellResult(**c) for c in record.pop("cells")]
        return SubmissionResult(**record, cells=cells)

    def max_score(self, assignment: str) -> float:
        return sum(notebooks.test_cells(notebooks.read(notebooks.notebook_path(notebooks.SOLUTIONS, assignment))).values())

    def _cell_results(self, student: str, assignment: str) -> list[CellResult]:
        from nbgrader.api import Gradebook

        graded_nb = notebooks.read(notebooks.notebook_path(self.class_dir / "autograded" / student, assignment))
        messages = {notebooks.grade_id(c): _failure_message(c) for c in graded_nb.cells if notebooks.is_test_cell(c)}
        missing = "this test cell is missing from the submission (deleted?): 0 points"
        with Gradebook(self.db_url) as gb:
            submission = gb.find_submission_notebook(assignment, assignment, student)
            return [
                CellResult(g.name, float(g.score), float(g.max_score), messages.get(g.name, missing))
                for g in submission.grades
                if g.cell_type == "code"
            ]

    def export(self) -> Path:
        """The grade table ``grades.csv``: nbgrader's CSV export's columns and rows, properly quoted.

        (nbgrader joins the fields with commas as they are.) A field that a
        spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``) starts with ``'``.
        """
        import csv

        from nbgrader.api import Gradebook, MissingEntry

        csv_path = self.class_dir / "grades.csv"
        columns = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                   "raw_score", "late_submission_penalty", "score", "max_score"]
        with Gradebook(self.db_url) as gb, open(csv_path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for assignment in gb.assignments:
                for student in gb.students:
                    try:
                        submission = gb.find_submission(assignment.name, student.id)
                        when, raw, penalty = submission.timestamp, submission.score, submission.late_submission_penalty
                    except MissingEntry:
                        when, raw, penalty = "", 0.0, 0.0
                    row = [assignment.name, assignment.duedate, when, student.id, student.last_name,
                           student.first_name, student.email, raw, penalty, max(0.0, raw - penalty),
                           assignment.max_score]
                    writer.writerow([_spreadsheet_safe(value) for value in row])
        return csv_path


def _summary(exc: Exception) -> str:
    """An exception in one line: its first line says what failed, its last one (a traceback's) why."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(dict.fromkeys([lines[0], lines[-1]])) if lines else type(exc).__name__


def _spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def printable(text: str) -> str:
    """``text`` with control characters (a terminal's escape codes, newlines) shown as escapes."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in str(text))


def student_id_problem(name: str) -> str | None:
    """Why ``name`` cannot be a student id (a folder name of letters, digits and ``. @ + _ -``), or None."""
    if not _STUDENT_ID.fullmatch(name):
        return (f"{printable(name)!r} is not a student id: a letter or digit first, then letters, digits, "
                "'.', '@', '+', '_' or '-'")
    return None


def nbformat_check(path: Path) -> None:
    """Refuse early, with a clear reason, a file that is not a notebook."""
    import nbformat

    try:
        nbformat.validate(nbformat.read(str(path), as_version=4))
    except Exception as exc:
        raise ValueError(f"{path.name} is not a valid notebook ({type(exc).__name__}: {str(exc)[:200]})") from None


def _failure_message(cell) -> str:
    """Why a test cell lost points: its failed parts (if it has parts), then its error or partial-credit line."""
    outputs = cell.get("outputs", [])
    lines = "".join(o.get("text", "") for o in outputs if o.output_type == "stream").splitlines()
    failed_parts, in_failure = [], False
    for line in lines:  # a failed part's message may span several lines, up to the next part's OK/FAILED
        if line.startswith(("FAILED ", "OK ", "Partial credit: ")):
            in_failure = line.startswith("FAILED ")
        if in_failure and line.strip():
            failed_parts.append(line.strip())
    for output in outputs:
        if output.output_type == "error":
            return " ".join(failed_parts + [f"{output.ename}: {output.evalue}"])
    if any(o.output_type == "execute_result" for o in outputs):
        return " ".join(failed_parts + lines[-1:])
    return ""


def write_results(results: list[SubmissionResult], path: Path) -> None:
    Path(path).write_text(json.dumps([asdict(r) for r in results], indent=1))


def grade_table(results: list[SubmissionResult]) -> str:
    """A plain-text table: one row per student, one column per assignment."""
    students = sorted({r.student for r in results})
    assignment_ids = sorted({r.assignment for r in results})
    by_key = {(r.student, r.assignment): r for r in results}
    width = max([len(a) for a in assignment_ids] + [12])
    lines = ["student".ljust(12) + "".join(a.rjust(width + 2) for a in assignment_ids)]
    for student in students:
        row = printable(student).ljust(12)
        for a in assignment_ids:
            r = by_key.get((student, a))
            cell = "-" if r is None else ("ERROR" if r.error else f"{r.score:g}/{r.max_score:g}")
            row += cell.rjust(width + 2)
        lines.append(row)
    return "\n".join(lines)


def copy_submissions(source: Path, grader: ClassGrader) -> list[str]:
    """Copy an nbgrader ``<student>/<assignment>/`` tree into the class's ``submitted/``.

    A folder whose name is not a student id is left out, before anything is
    written or enrolled; returns why each one was.
    """
    source = Path(source).resolve()
    folders = sorted(p for p in source.iterdir() if p.is_dir())
    refused = [f"{problem}: folder left out" for p in folders if (problem := student_id_problem(p.name))]
    if source == grader.submitted.resolve():
        return refused
    for student_dir in folders:
        if student_id_problem(student_dir.name) is None:
            shutil.copytree(student_dir, grader.submitted / student_dir.name, dirs_exist_ok=True, symlinks=True)
    return refused


# ---------------------------------------------------------------------------- an LMS zip

# An LMS download, one notebook per student: "<student>_<anything>_<assignment>.ipynb", as Canvas names them
# ("lovelace_4711_99_01_chain_rule.ipynb", "lovelace_01_chain_rule-1.ipynb" for a second attempt). The
# student id starts with a letter or digit and holds no "_" or "/"; the file may sit in folders of the zip.
ZIP_NAME = r"(?P<student_id>[A-Za-z0-9][A-Za-z0-9.@+-]*)_(?:.*_)?(?P<file_id>{assignment})(?:-\d+)?\.ipynb"


class ZipRefused(ValueError):
    """An LMS zip that is not collected: nothing of it was written to the class folder."""


_STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.@+_-]*")  # also what a pattern of one's own must give: a folder name


def _zip_regexp(pattern: str, assignment: str) -> str:
    """nbgrader's FileNameCollector.named_regexp: ``pattern`` matched against a file's whole base name.

    (nbgrader matches it against the extracted file's absolute path.)
    """
    regexp = r"^(?:.*/)?(?:" + pattern.replace("{assignment}", re.escape(assignment)) + r")$"
    try:
        groups = re.compile(regexp).groupindex
    except re.error as exc:
        raise ZipRefused(f"the file-name pattern is not a regular expression ({exc}): {pattern}") from None
    if not {"student_id", "file_id"} <= set(groups):
        raise ZipRefused(f"the file-name pattern needs the named groups student_id and file_id: {pattern}")
    return regexp


def _check_zip(zip_path: Path, assignment: str, regexp: str) -> dict[str, str]:
    """``{entry: student}`` for every file in the zip, or ZipRefused listing every entry that is not a submission."""
    import stat
    import zipfile

    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ZipRefused(f"{zip_path} is not a zip file ({exc})") from None
    unsafe, unmatched, students = [], [], {}
    with archive:
        for info in archive.infolist():
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if (name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]
                    or stat.S_ISLNK(info.external_attr >> 16)):
                unsafe.append(name)
                continue
            if info.is_dir():
                continue
            match = re.match(regexp, name)
            if (match is None or (match.group("file_id") or "").removesuffix(".ipynb") != assignment
                    or not _STUDENT_ID.fullmatch(match.group("student_id") or "")):
                unmatched.append(name)
                continue
            students[name] = match.group("student_id")
    problems = []
    if unsafe:
        problems.append("entries that would be written outside the class folder (absolute paths, '..', links): "
                        + ", ".join(repr(n) for n in unsafe))
    if unmatched:
        problems.append(f"entries that match no student's {assignment} notebook (expected names like "
                        f"'<student>_<anything>_{assignment}.ipynb'): " + ", ".join(repr(n) for n in unmatched))
    by_student: dict[str, list[str]] = {}
    for name, student in students.items():
        by_student.setdefault(student, []).append(name)
    twice = {student: names for student, names in by_student.items() if len(names) > 1}
    if twice:
        problems.append("several notebooks for one student: "
                        + "; ".join(f"{student}: {', '.join(names)}" for student, names in sorted(twice.items())))
    if not students and not problems:
        problems.append("it holds no notebook")
    if problems:
        raise ZipRefused(f"{zip_path.name} refused, nothing collected: " + "; ".join(problems))
    return students


def collect_zip(zip_path: Path, grader: ClassGrader, assignment: str, pattern: str = ZIP_NAME) -> list[str]:
    """Collect an LMS zip of ``assignment``'s notebooks into ``submitted/<student>/<assignment>/``.

    nbgrader's ZipCollect app does the work (its ExtractorPlugin and FileNameCollectorPlugin,
    with ``pattern`` as the collector's ``named_regexp``), in ``downloaded/<assignment>/``
    of the class folder. The zip is checked first: an entry that would land outside the
    class folder, or that matches no student, refuses the whole zip before anything is written.
    A student's earlier submission of the assignment is replaced. Returns the students collected.
    """
    from nbgrader.apps.zipcollectapp import ZipCollectApp
    from nbgrader.utils import capture_log, temp_attrs

    zip_path = Path(zip_path).resolve()
    if assignment not in notebooks.assignments():
        raise ZipRefused(f"no assignment {assignment!r} (there are: {', '.join(notebooks.assignments())})")
    regexp = _zip_regexp(pattern, assignment)
    students = _check_zip(zip_path, assignment, regexp)

    downloaded = grader.class_dir / "downloaded" / assignment
    shutil.rmtree(downloaded, ignore_errors=True)
    (downloaded / "archive").mkdir(parents=True)
    shutil.copy(zip_path, downloaded / "archive" / "submissions.zip")
    config = copy.deepcopy(grader.config)
    config.CourseDirectory.release_directory = str(notebooks.EXERCISES)
    config.ZipCollectApp.force = True  # a student who hands in again replaces the earlier notebook
    config.ExtractorPlugin.force = True
    config.FileNameCollectorPlugin.named_regexp = regexp
    config.ZipCollectApp.log_level = logging.ERROR  # its INFO and WARNING lines narrate every file
    api = nbgrader_api(config)
    with temp_attrs(api.coursedir, assignment_id=assignment):
        app = ZipCollectApp(coursedir=api.coursedir, parent=api)
        _check(capture_log(app), f"nbgrader zip_collect of {zip_path.name}")
    root = grader.class_dir.resolve()
    for path in (grader.class_dir / "downloaded").rglob("*"):
        if not path.resolve().is_relative_to(root):  # never expected: the zip was checked
            raise ZipRefused(f"{path} points outside the class folder")
    missing = sorted(s for s in set(students.values())
                     if not notebooks.notebook_path(grader.submitted / s, assignment).is_file())
    if missing:
        raise ZipRefused(f"nbgrader zip_collect did not collect {', '.join(missing)}")
    return sorted(set(students.values()))


@contextlib.contextmanager
def _dask_executor(address: str, workers: int, config):
    """A ``concurrent.futures`` executor on dask.distributed that executes notebooks with ``config``.

    ``address`` "local": a LocalCluster of ``workers`` single-threaded processes on
    127.0.0.1, closed afterwards; otherwise the address of a running scheduler.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RuntimeError("--dask needs dask.distributed: pip install -e '.[cluster]'") from None
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=None))
            client = stack.enter_context(Client(cluster))
            description = f"dask LocalCluster at {cluster.scheduler_address}"
        else:
            client = stack.enter_context(Client(address, timeout=30))
            description = f"dask scheduler at {address}"
        count = len(client.scheduler_info().get("workers", {}))
        description += f", {count} worker(s)"
        yield _DaskPool(client.get_executor(pure=False), config), description


class _DaskPool:
    """The pool interface on dask: each task carries the executor's config (a worker initialises once)."""

    def __init__(self, executor, config):
        self._executor, self._config = executor, config

    def submit(self, fn, *args) -> cf.Future:
        if fn is not worker.execute_notebook:
            raise ValueError(f"only execute_notebook runs on dask, not {fn!r}")
        return self._executor.submit(worker.execute_with_config, self._config, *args)


class _InlineExecutor:
    """The pool interface, executing in this process (``workers=0``)."""

    @staticmethod
    def submit(fn, *args) -> cf.Future:
        future = cf.Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future
