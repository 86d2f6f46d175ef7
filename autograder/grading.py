"""The class grader: a class's submissions through nbgrader's steps and the workers, in one process.

A *class directory* is an nbgrader course directory of its own:
``source`` links to the course's ``solutions/``; ``submitted/``, ``autograded/``,
``executed/``, ``feedback/``, ``state/``, ``gradebook.db``, ``grades.csv`` and
``results.json`` are written there, never into the course.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import copy
import json
import logging
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from autograder import notebooks, worker
from autograder.lms import student_id_problem
from autograder.nbgrader_course import check, course_config, nbgrader_api
from autograder.pools import executor_pool
from autograder.results import CellResult, SubmissionResult, failure_message, printable, summary, write_grades_csv
from autograder.sandbox import Limits

log = logging.getLogger("autograder")


class BrokenTests(RuntimeError):
    """The course's own hidden tests do not give the reference answers full points: nobody is graded on them."""


def check_hidden_tests(source: Path) -> None:
    """Judge the reference answers of the source notebook ``source`` in this process (no kernel): every
    hidden test must give them full points."""
    from autograder.judge import judge_locally

    assignment = Path(source).stem
    verdicts = judge_locally(source, notebooks.reference_answers(notebooks.read(source)))
    broken = [f"{g}: {v.error[0] + ': ' + v.error[1] if v.error else '; '.join(v.reasons)}"
              for g, v in verdicts.items() if v.fraction < 1]
    if broken:
        raise BrokenTests(f"the hidden tests of {assignment} fail on its reference answers, so no student is "
                          f"graded on them (an error of the course): {'; '.join(broken)[:2000]}")


def configured_cell_timeout() -> int:
    """``c.Execute.timeout`` of the course's nbgrader config: the grader's default cell time limit."""
    return int(course_config(None).Execute.get("timeout", Limits.cell_timeout))


def generate_exercises(course: notebooks.Course, assignment_ids=None, release_root: Path | None = None,
                       scratch: Path | None = None) -> None:
    """Write the student notebooks of ``assignment_ids`` (all by default) from the course's ``solutions/``
    into ``release_root`` (the course's ``exercises/`` by default).

    The throw-away gradebook goes to ``scratch`` (a temporary folder by default).
    """
    import tempfile

    assignment_ids = assignment_ids or course.assignments(include_index=True)
    with contextlib.ExitStack() as stack:
        scratch = scratch or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        release_root = Path(release_root or course.exercises).resolve()
        config = course_config(
            course.root,
            release_directory=str(release_root),
            db_url=f"sqlite:///{scratch / 'gradebook.db'}",
        )
        api = nbgrader_api(config)
        for assignment in assignment_ids:
            check(api.generate_assignment(assignment), f"generating {assignment}")


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
    ``course`` is the course graded (``notebooks.Course.find()`` by default).
    ``late_penalty``: nbgrader's ``LateSubmissionPlugin.penalty_method`` ("none" or "zero") for submissions
    handed in after the assignment's due date (``set_due_date``); by default the nbgrader config's.
    """

    def __init__(self, class_dir: Path, workers: int = 0, limits: Limits | None = None, dask: str | None = None,
                 run_every_cell: bool = False, course: notebooks.Course | None = None, late_penalty: str | None = None):
        self.course = course or notebooks.Course.find()
        self.class_dir = Path(class_dir).resolve()
        self.class_dir.mkdir(parents=True, exist_ok=True)
        source = self.class_dir / "source"
        if not source.is_symlink() and not source.exists():
            source.symlink_to(self.course.solutions, target_is_directory=True)
        elif source.resolve() != self.course.solutions:
            raise ValueError(f"the class folder {self.class_dir} grades the course at {source.resolve().parent}, "
                             f"not {self.course.root}: give another --class-dir")
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
        if late_penalty is not None:
            save.LateSubmissionPlugin.penalty_method = late_penalty
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
        if assignment in self._prepared:
            return
        digest = self._source_digest(assignment)
        if self._recorded_ahead(assignment, digest):
            self._prepared.add(assignment)
        else:
            try:
                check_hidden_tests(self.course.source(assignment))
            except BrokenTests as exc:
                self._broken[assignment] = exc
                raise
            result = self.api.generate_assignment(assignment)
            check(result, f"recording {assignment} in the gradebook")
            if self._recorded_due_date(assignment) is None and self.due_date(assignment) is not None:
                self.set_due_date(assignment, self.due_date(assignment))  # the config's, kept with the grades
            self._prepared.add(assignment)
            self._record_mark(assignment).parent.mkdir(parents=True, exist_ok=True)
            self._record_mark(assignment).write_text(digest)

    def _record_mark(self, assignment: str) -> Path:
        """Written once ``assignment`` is recorded: the digest of the sources it was recorded from."""
        return self.class_dir / "recorded" / f"{assignment}.sha256"

    def _source_digest(self, assignment: str) -> str:
        import hashlib

        digest = hashlib.sha256()
        folder = self.course.solutions / assignment
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()

    def _recorded_ahead(self, assignment: str, digest: str) -> bool:
        """Whether an earlier run (a resumed grading, a Gradescope image's set-up) recorded ``assignment`` from
        the sources of ``digest``, with its hidden tests checked: then neither is done again."""
        mark = self._record_mark(assignment)
        release = notebooks.notebook_path(self.class_dir / "release", assignment)
        if not (mark.is_file() and release.is_file()) or mark.read_text() != digest:
            return False
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(self.db_url) as gb:
            try:
                return bool(gb.find_assignment(assignment).notebooks)
            except MissingEntry:
                return False

    def set_due_date(self, assignment: str, due) -> None:
        """Record the assignment's due date (a datetime, naive meaning UTC, or a string nbgrader's ``parse_utc``
        reads) in the gradebook: nbgrader's late penalty applies to what is handed in after it."""
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url, self.config.CourseDirectory.course_id) as gb:
            gb.update_or_create_assignment(assignment, duedate=due)

    def due_date(self, assignment: str):
        """The assignment's due date (a naive datetime in UTC): the gradebook's, else the nbgrader config's
        ``c.Autograder.due_dates[assignment]`` (read by nbgrader's ``parse_utc``: UTC unless it names a zone
        or an offset, "2026-12-01 17:00:00 Europe/Berlin"), else None."""
        from nbgrader.utils import parse_utc

        configured = self.config.Autograder.get("due_dates", {}).get(assignment)
        return self._recorded_due_date(assignment) or (parse_utc(configured) if configured else None)

    def _recorded_due_date(self, assignment: str):
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(self.db_url) as gb:
            try:
                return gb.find_assignment(assignment).duedate
            except MissingEntry:
                return None

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
                judge_source = self.course.source(result.assignment)
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
        check(self._sanitize_api.autograde(assignment, student), f"preparing {student}/{assignment}")

    def _paths(self, student: str, assignment: str) -> tuple[Path, Path]:
        sanitized = notebooks.notebook_path(self.class_dir / "autograded" / student, assignment)
        executed = notebooks.notebook_path(self.class_dir / "executed" / student, assignment)
        return sanitized, executed

    @contextlib.contextmanager
    def _executor(self):
        """The pool whose workers execute notebooks (see ``autograder.pools``)."""
        with executor_pool(worker.executor_config(self.config, self.limits), self.workers, self.dask) as (pool, where):
            self.dask_description = where
            yield pool

    def _save(self, student: str, assignment: str) -> None:
        timestamp = self.submitted / student / assignment / "timestamp.txt"
        if timestamp.exists():
            shutil.copy(timestamp, self.class_dir / "executed" / student / assignment / "timestamp.txt")
        check(self._save_api.autograde(assignment, student), f"saving the grades of {student}/{assignment}")

    def _feedback(self, student: str, assignment: str) -> str:
        """Write the student's HTML feedback (see autograder.feedback); why not, if it could not be written."""
        from autograder import feedback

        try:
            check(self.api.generate_feedback(assignment, student), f"feedback for {student}/{assignment}")
            pages = sorted((self.class_dir / "feedback" / student / assignment).glob("*.html"))
            for page in pages:
                feedback.harden(page)
        except Exception as exc:
            log.debug("feedback for %s/%s failed", student, assignment, exc_info=exc)
            return summary(exc)
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
            log.warning("feedback for %s: %s", printable(name), summary(exc))

    # ---------------------------------------------------------------- bookkeeping

    def _fail(self, result: SubmissionResult, exc: Exception) -> None:
        result.error = summary(exc)
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
        return SubmissionResult.from_dict(record)

    def max_score(self, assignment: str) -> float:
        return sum(notebooks.test_cells(notebooks.read(self.course.source(assignment))).values())

    def _cell_results(self, student: str, assignment: str) -> list[CellResult]:
        from nbgrader.api import Gradebook

        graded_nb = notebooks.read(notebooks.notebook_path(self.class_dir / "autograded" / student, assignment))
        messages = {notebooks.grade_id(c): failure_message(c) for c in graded_nb.cells if notebooks.is_test_cell(c)}
        diagnoses = {notebooks.grade_id(c): list(c.metadata.get(notebooks.DIAGNOSES, []))
                     for c in graded_nb.cells if notebooks.is_test_cell(c)}
        missing = "this test cell is missing from the submission (deleted?): 0 points"
        with Gradebook(self.db_url) as gb:
            submission = gb.find_submission_notebook(assignment, assignment, student)
            return [
                CellResult(g.name, float(g.score), float(g.max_score), messages.get(g.name, missing),
                           diagnoses.get(g.name, []))
                for g in submission.grades
                if g.cell_type == "code"
            ]

    def export(self) -> Path:
        """The grade table ``grades.csv`` (see ``results.write_grades_csv``)."""
        return write_grades_csv(self.db_url, self.class_dir / "grades.csv")


def nbformat_check(path: Path) -> None:
    """Refuse early, with a clear reason, a file that is not a notebook."""
    import nbformat

    try:
        nbformat.validate(nbformat.read(str(path), as_version=4))
    except Exception as exc:
        raise ValueError(f"{path.name} is not a valid notebook ({type(exc).__name__}: {str(exc)[:200]})") from None

