"""JupyterLab's settings (course/labsetup.py), read back the way nbgrader and Jupyter read them (no server, no kernel).

Validate reports the visible tests that fail, and its messages are not cut at 90 columns; a student's JupyterLab
has no formgrader, create-assignment or course list (the release's set-up), while the repository's keeps them.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from course import labsetup

REPO = Path(__file__).resolve().parents[1]
NBGRADER_SERVER_CONFIG = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "nbgrader.json"


@pytest.fixture
def config_dir(tmp_path, monkeypatch) -> Path:
    """A Jupyter config folder on the config path; the user's own config folder and the current folder empty."""
    config = tmp_path / "prefix" / "etc" / "jupyter"
    (tmp_path / "user").mkdir()
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(config))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "user"))
    monkeypatch.chdir(tmp_path / "user")
    return config


def _validate_handler_config():
    """The config the Validate button's server extension builds for each validation (it uses no handler state)."""
    from nbgrader.server_extensions.validate_assignment.handlers import ValidateAssignmentHandler

    return ValidateAssignmentHandler.load_config(None)


def test_validate_reads_the_width_and_keeps_a_300_character_line_whole(config_dir):
    from nbgrader.validator import Validator

    assert Validator().width == 90  # nbgrader's default, which cuts the course's messages
    labsetup.write(config_dir)
    assert (config_dir / "nbgrader_config.py").is_file()
    validator = Validator(config=_validate_handler_config())
    assert validator.width == labsetup.VALIDATOR_WIDTH
    line = "Likely cause: " + "x" * 286
    assert len(line) == 300
    assert validator._indent(line) == validator.indent + line  # what `nbgrader validate` prints


def test_validate_reports_a_failing_visible_test_and_gives_a_cell_the_graders_time(config_dir):
    """The visible tests are not graded cells: only validate_all makes Validate report one that fails (its error
    output, as the kernel left it; no kernel here), where stock nbgrader says the blank notebook passes."""
    from nbgrader.preprocessors import Execute
    from nbgrader.validator import Validator

    from autograder import notebooks

    nb = notebooks.read(REPO / "exercises" / "01_chain_rule" / "01_chain_rule.ipynb")
    visible = next(c for c in nb.cells if notebooks.grade_id(c) == "test_central_difference_visible")
    message = "central_difference is not implemented yet: replace `raise NotImplementedError()` with your code."
    visible.outputs = [nbformat.v4.new_output("error", ename="TestFailure", evalue=message,
                                              traceback=[f"TestFailure: {message}"])]
    assert Validator()._get_failed_cells(nb) == []  # stock nbgrader: "Success! Your notebook passes all the tests."
    labsetup.write(config_dir)
    config = _validate_handler_config()
    failed = Validator(config=config)._get_failed_cells(nb)
    assert failed == [visible]
    assert message in Validator(config=config)._extract_error(visible)
    assert Execute(config=config).timeout == labsetup.CELL_TIMEOUT > Execute().timeout


def test_the_validator_config_is_written_again_but_never_over_a_file_of_someone_else(config_dir):
    labsetup.write(config_dir)
    labsetup.write(config_dir)
    (config_dir / "nbgrader_config.py").write_text("c = get_config()\nc.Validator.width = 120\n")
    with pytest.raises(SystemExit, match="was not written by the course"):
        labsetup.write(config_dir)


def _server_extensions(config_dir: Path) -> dict:
    from jupyter_server.extension.config import ExtensionConfigManager

    return ExtensionConfigManager(read_config_path=[str(config_dir)]).get_jpserver_extensions()


def _page_config() -> dict:
    from jupyter_core.paths import jupyter_path
    from jupyterlab_server.config import get_page_config

    return get_page_config(jupyter_path("labextensions"))


def test_a_students_jupyterlab_has_no_instructor_tools(config_dir):
    # nbgrader's install enables all four of its server extensions in the environment's config.d, as in .venv
    (config_dir / "jupyter_server_config.d").mkdir(parents=True)
    shutil.copy(NBGRADER_SERVER_CONFIG, config_dir / "jupyter_server_config.d" / "nbgrader.json")
    assert all(_server_extensions(config_dir).values())
    (config_dir / "labconfig").mkdir()
    (config_dir / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": {"other": True}}))

    labsetup.write(config_dir, student=True)
    labsetup.write(config_dir, student=True)  # every ./course.sh lab writes them again

    extensions = _server_extensions(config_dir)
    assert extensions == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
        "nbgrader.server_extensions.validate_assignment": True,
        "nbgrader.server_extensions.assignment_list": True,
    }
    page = _page_config()
    assert "@jupyter/nbgrader" in {e["name"] for e in page["federated_extensions"]}  # Validate's plugin still loads
    assert set(page["disabledExtensions"]) == {"other", *labsetup.INSTRUCTOR_LAB_PLUGINS}
    assert set(labsetup.INSTRUCTOR_LAB_PLUGINS) == {
        "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list"}


def test_the_repositorys_jupyterlab_keeps_them(config_dir):
    labsetup.write(config_dir)
    assert not (config_dir / "jupyter_server_config.json").exists()
    assert not set(_page_config()["disabledExtensions"]) & set(labsetup.INSTRUCTOR_LAB_PLUGINS)


def test_the_command_line_writes_into_the_folder_given(tmp_path):
    assert labsetup.main(["--student", "--config-dir", str(tmp_path)]) == 0
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        "jupyter_server_config.json", "labconfig/page_config.json", "nbgrader_config.py"]
    assert labsetup.default_config_dir() == Path(sys.prefix) / "etc" / "jupyter"
