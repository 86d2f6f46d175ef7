"""End to end in a real browser: a student opens notebook 1 in JupyterLab, runs it, and fixes an exercise.

JupyterLab serves a temporary copy of ``exercises/`` (as ``./course.sh lab`` serves ``my-work/``), with
Jupyter's and IPython's settings folders in the temporary folder too, so nobody's own settings leak in.
Headless Chromium (Debian's ``chromium`` and ``chromium-driver``, driven by Selenium) then runs all cells
through the Run menu, checks that the blank stub's test cell fails with a clear message, types a correct
``central_difference`` over the stub's ``raise`` line, runs all cells again and checks the test cell's
``OK`` and the figure that the answer draws. It also checks that nbgrader's JupyterLab extension is loaded.

Screenshots of every step are written to ``artifacts/browser/``. Without Chromium the test is skipped,
except in CI (``CI=true``), where ``./course.sh test`` installs it and a skip would hide a broken set-up.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from course.data import data_dir

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
NOTEBOOK = "01_chain_rule/01_chain_rule.ipynb"

# The student's edit: the stub's `raise` line of the solution cell becomes this line (its indentation stays).
STUB_LINE = "raise NotImplementedError()"
ANSWER_LINE = "return (f(x + h) - f(x - h)) / (2 * h)"

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,1000",
]
# JupyterLab's user settings for the test: no question about Jupyter news, no update check.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}

SERVER_TIMEOUT = 60  # JupyterLab answering HTTP
PAGE_TIMEOUT = 90  # the notebook rendered and its kernel idle
RUN_TIMEOUT = 60  # Run All Cells finished
POLL = 0.2


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _require_browser() -> None:
    """Skip when Chromium, ChromeDriver or Selenium is missing; in CI, fail instead."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the Python package selenium (pip install -e '.[test]')")
    if not missing:
        return
    reason = ("browser test needs " + ", ".join(missing)
              + " (Debian: apt-get install chromium chromium-driver; ./course.sh test installs them as root)")
    if _in_ci():
        pytest.fail(reason + "; in CI this is an error, not a skip", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, with its children (the kernels)."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Lab:
    """A JupyterLab server on 127.0.0.1, serving a copy of exercises/, isolated from the user's settings."""

    def __init__(self, base: Path):
        self.base = base
        self.root = base / "work"
        self.log = base / "jupyterlab.log"
        self.token = base64.b32encode(os.urandom(20)).decode().lower()
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "JPY_", "IPYTHON", "NBGRADER", "MPL"))}
        dirs = {
            "HOME": "home", "JUPYTER_CONFIG_DIR": "jupyter-config", "JUPYTER_DATA_DIR": "jupyter-data",
            "JUPYTER_RUNTIME_DIR": "jupyter-runtime", "IPYTHONDIR": "ipython",
            "XDG_CONFIG_HOME": "home/.config", "XDG_CACHE_HOME": "home/.cache", "XDG_DATA_HOME": "home/.local/share",
        }
        for name, sub in dirs.items():
            (self.base / sub).mkdir(parents=True, exist_ok=True)
            env[name] = str(self.base / sub)
        # the course's data cache stays where set-up put it, although HOME moved (notebook 1 does not read it)
        env["COURSE_DATA_DIR"] = str(data_dir())
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def write_settings(self) -> None:
        from course import labsetup

        # as the student release's set-up writes them: Validate checks every cell, no instructor tools
        labsetup.write(self.base / "jupyter-config", student=True)
        settings = self.base / "jupyter-config" / "lab" / "user-settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

    def start(self) -> None:
        shutil.copytree(REPO / "exercises", self.root)
        env = self.environment()
        self.write_settings()
        for _attempt in range(3):  # the free port can be taken before the server binds it
            self.port = _free_port()
            command = [
                sys.executable, "-m", "jupyterlab", "--no-browser",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
            ]
            if os.geteuid() == 0:
                command.append("--allow-root")
            with open(self.log, "a") as log:
                log.write(f"$ {' '.join(command)}\n")
                log.flush()
                self.process = subprocess.Popen(command, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            if self._wait_until_answering():
                return
            _stop(self.process)
        raise AssertionError(f"JupyterLab did not start; its log ends with:\n{_tail(self.log)}")

    def _wait_until_answering(self) -> bool:
        deadline = time.monotonic() + SERVER_TIMEOUT
        request = urllib.request.Request(f"{self.url}/api/status", headers={"Authorization": f"token {self.token}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return True
            time.sleep(POLL)
        raise AssertionError(f"JupyterLab did not answer within {SERVER_TIMEOUT} s; "
                             f"its log ends with:\n{_tail(self.log)}")

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)


@pytest.fixture
def lab(tmp_path):
    _require_browser()
    server = Lab(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def browser(tmp_path, lab, monkeypatch):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium Manager fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    options.add_argument(f"--user-data-dir={profile}")
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(tmp_path / "chromedriver.log"),
                      env=lab.environment())
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_page_load_timeout(PAGE_TIMEOUT)
        driver.set_script_timeout(10)
        yield driver
    finally:
        driver.quit()


# --- reading the notebook from the page ---------------------------------------------------------

CELLS_JS = """
const panel = [...document.querySelectorAll('.jp-NotebookPanel')].find(p => !p.classList.contains('lm-mod-hidden'));
if (!panel) return null;
const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
return {
  kernel: indicator ? indicator.getAttribute('data-status') : null,
  cells: [...panel.querySelectorAll('.jp-Notebook .jp-Cell')].map(cell => ({
    index: Number(cell.dataset.windowedListIndex),
    code: cell.classList.contains('jp-CodeCell'),
    source: [...cell.querySelectorAll('.jp-InputArea-editor .cm-line')].map(l => l.textContent).join('\\n'),
    prompt: (cell.querySelector('.jp-InputPrompt') || {}).textContent || '',
    output: [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => o.textContent).join('\\n'),
    images: [...cell.querySelectorAll('.jp-OutputArea-output img')].map(img => ({
      png: img.src.startsWith('data:image/png;base64,'), bytes: Math.floor((img.src.length - 22) * 3 / 4),
      width: img.naturalWidth, height: img.naturalHeight, complete: img.complete})),
  })),
};
"""


def notebook_state(driver) -> dict | None:
    """The kernel's status and the cells the page has rendered so far, by their index in the notebook.

    JupyterLab renders a notebook's cells progressively (in idle time, top to bottom), so a cell far
    down may be missing from ``cells`` for a while.
    """
    state = driver.execute_script(CELLS_JS)
    if state is not None:
        state["cells"] = {c["index"]: c for c in state["cells"]}
    return state


def cell(state: dict, index: int) -> dict:
    return state["cells"].get(index, NOT_RENDERED)


NOT_RENDERED = {"index": None, "code": False, "source": "", "prompt": "", "output": "", "images": []}


def source(notebook_cell: dict) -> str:
    text = notebook_cell["source"]
    return text if isinstance(text, str) else "".join(text)


def find_cell(notebook: dict, needle: str) -> int:
    """Index of the first code cell of the notebook file whose source contains ``needle``."""
    for index, notebook_cell in enumerate(notebook["cells"]):
        if notebook_cell["cell_type"] == "code" and needle in source(notebook_cell):
            return index
    raise AssertionError(f"no code cell of {NOTEBOOK} contains {needle!r}")


def cell_element(driver, index: int):
    from selenium.webdriver.common.by import By

    return driver.find_element(
        By.CSS_SELECTOR,
        f'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell[data-windowed-list-index="{index}"]')


def wait_for(driver, condition, timeout: float, what: str):
    """Poll ``condition(state)`` until it returns something truthy; fail naming ``what`` and the last state."""
    deadline = time.monotonic() + timeout
    state = None
    while True:
        state = notebook_state(driver)
        if state is not None:
            result = condition(state)
            if result:
                return result
        if time.monotonic() > deadline:
            summary = state and {"kernel": state["kernel"], "rendered cells": len(state["cells"]),
                                 "prompts": [c["prompt"] for _, c in sorted(state["cells"].items()) if c["code"]]}
            raise AssertionError(f"timed out after {timeout} s waiting for {what}; last state: {summary}")
        time.sleep(POLL)


def run_finished(state: dict) -> bool:
    """The kernel is idle and no cell is queued or running (prompt [*])."""
    return state["kernel"] == "idle" and not any("*" in c["prompt"] for c in state["cells"].values() if c["code"])


def run_all_cells(driver) -> None:
    """Run > Run All Cells, through the menu bar as a student would."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 15, poll_frequency=POLL)
    wait.until(EC.element_to_be_clickable(
        (By.XPATH, "//div[contains(@class, 'lm-MenuBar-itemLabel') and normalize-space()='Run']"))).click()
    wait.until(EC.element_to_be_clickable(
        (By.XPATH, "//li[contains(@class, 'lm-Menu-item')]"
                   "[.//div[contains(@class, 'lm-Menu-itemLabel') and normalize-space()='Run All Cells']]"))).click()


def focus_editor(driver, index: int, timeout: float = 15):
    """Click into a cell's editor and wait until it has the keyboard focus in edit mode."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    editor = cell_element(driver, index).find_element(By.CSS_SELECTOR, ".cm-content")
    focused = ("const e = arguments[0]; return document.activeElement === e"
               " && !!e.closest('.jp-Notebook.jp-mod-editMode');")
    deadline = time.monotonic() + timeout
    while True:
        editor.click()
        try:
            WebDriverWait(driver, 3, poll_frequency=POLL).until(lambda d: d.execute_script(focused, editor))
            return editor
        except TimeoutException:
            if time.monotonic() > deadline:
                raise AssertionError(f"the editor of cell {index} did not take the keyboard focus") from None


def scroll_to(driver, index: int) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", cell_element(driver, index))


# --- artefacts ----------------------------------------------------------------------------------

class Steps:
    """Numbered screenshots in artifacts/browser/, and one of the page when a step fails."""

    def __init__(self, driver, lab: Lab):
        self.driver, self.lab = driver, lab
        self.count = 0
        self.timings: list[tuple[str, float]] = []
        self.start = time.monotonic()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in [*ARTIFACTS.glob("*.png"), *ARTIFACTS.glob("*.txt")]:
            old.unlink()

    @contextlib.contextmanager
    def step(self, name: str):
        self.count += 1
        label = f"{self.count:02d}-{name}"
        began = time.monotonic()
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self.driver.save_screenshot(str(ARTIFACTS / f"{label}-FAILED.png"))
            print(f"JupyterLab log (end):\n{_tail(self.lab.log)}")
            raise
        self.driver.save_screenshot(str(ARTIFACTS / f"{label}.png"))
        self.timings.append((name, time.monotonic() - began))

    def report(self) -> str:
        lines = [f"  {name:<28}{seconds:6.1f} s" for name, seconds in self.timings]
        return "\n".join(lines + [f"  {'total':<28}{time.monotonic() - self.start:6.1f} s"])


# --- the test -----------------------------------------------------------------------------------

def test_student_runs_and_fixes_notebook_1_in_jupyterlab(lab, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    steps = Steps(driver, lab)

    notebook = json.loads((lab.root / NOTEBOOK).read_text())
    solution = find_cell(notebook, "def central_difference(")
    visible_test = find_cell(notebook, 'check_array("central_difference')
    figure = find_cell(notebook, "plotting.loglog_errors(")
    next_test = find_cell(notebook, "call(gradient_descent")  # the next exercise's visible test
    needed = (solution, visible_test, figure, next_test)

    with steps.step("notebook-open"):
        driver.get(f"{lab.url}/lab/tree/{NOTEBOOK}?token={lab.token}")
        state = wait_for(driver, lambda s: s["kernel"] == "idle"
                         and all(cell(s, i)["source"] == source(notebook["cells"][i]) for i in needed) and s,
                         PAGE_TIMEOUT, "the notebook to render with an idle kernel")

    with steps.step("nbgrader-extension"):
        # nbgrader's lab extension: the Validate button in the notebook toolbar and the Nbgrader menu
        toolbar = driver.find_element(By.CSS_SELECTOR,
                                      ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar")
        validate = toolbar.find_elements(By.CSS_SELECTOR, ".validate-button")
        assert validate and validate[0].is_displayed() and validate[0].text.strip() == "Validate", \
            "nbgrader's Validate button is missing from the notebook toolbar"
        driver.find_element(By.XPATH, "//div[contains(@class, 'lm-MenuBar-itemLabel') "
                                      "and normalize-space()='Nbgrader']").click()
        items = [e.text.strip()
                 for e in driver.find_elements(By.CSS_SELECTOR, "#jp-mainmenu-nbgrader .lm-Menu-itemLabel")
                 if e.text.strip()]
        assert items, "nbgrader's menu is empty or missing"
        print(f"nbgrader menu: {items}")

    with steps.step("student-tools-only"):
        disabled = driver.execute_script(
            "return JSON.parse(document.getElementById('jupyter-config-data').textContent).disabledExtensions || [];")
        instructor = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list"}
        assert instructor <= set(disabled) and "@jupyter/nbgrader:validate-assignment" not in disabled, disabled
        assert not {"Formgrader", "Course List"} & set(items), f"instructor tools in a student's menu: {items}"

    with steps.step("validate-blank"):
        # nbgrader's Validate on the blank notebook (as saved): it fails, with the course's messages whole
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()  # close the Nbgrader menu
        validate[0].click()
        message = wait_for(driver, lambda s: driver.execute_script(
            "const m = document.getElementById('validation-message'); return m && m.innerText.length > 0"
            " && !m.innerText.includes('Validating') ? [m.className, m.innerText] : null;"),
            RUN_TIMEOUT, "nbgrader's validation results")
        classes, text = message
        assert "validation-failed" in classes and text.count("The following cell failed:") >= 8, text[:2000]
        whole = ("TestFailure: central_difference is not implemented yet: replace `raise NotImplementedError()` "
                 "with your code.")
        assert whole in text, f"Validate cut the course's message:\n{text[:2000]}"
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()  # close the dialog

    with steps.step("blank-run-fails"):
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()  # close the Nbgrader menu
        run_all_cells(driver)
        state = wait_for(driver,
                         lambda s: "not implemented yet" in cell(s, visible_test)["output"] and run_finished(s) and s,
                         RUN_TIMEOUT, "the visible test of the blank stub to fail")
        output = cell(state, visible_test)["output"]
        assert "TestFailure" in output and "central_difference is not implemented yet" in output, output
        assert "Traceback" not in output, f"the failure should be its message alone:\n{output}"
        scroll_to(driver, solution)

    with steps.step("answer-typed"):
        stub = cell(state, solution)["source"]
        assert stub.rstrip().endswith(STUB_LINE), stub
        answer = stub.rstrip()[: -len(STUB_LINE)] + ANSWER_LINE
        for _ in range(3):
            # keys typed before the editor has the focus would be command-mode shortcuts (d d deletes a cell)
            focus_editor(driver, solution)
            # as a student would: go to the end of the cell, select the `raise` line back to its indentation,
            # type the answer over it (no newline typed, so the editor's auto-indent plays no part)
            (ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.END).key_up(Keys.CONTROL)
             .key_down(Keys.SHIFT).send_keys(Keys.HOME).key_up(Keys.SHIFT).perform())
            ActionChains(driver).send_keys(ANSWER_LINE).perform()
            with contextlib.suppress(AssertionError):
                wait_for(driver, lambda s: cell(s, solution)["source"] == answer, 5, "the typed answer")
                break
        state = notebook_state(driver)
        assert cell(state, solution)["source"] == answer, cell(state, solution)["source"]
        assert cell(state, solution)["code"] and all(
            cell(state, i)["source"] == source(notebook["cells"][i]) for i in needed if i != solution
        ), "typing changed other cells of the notebook"

    with steps.step("rerun-passes"):
        run_all_cells(driver)
        state = wait_for(driver,
                         lambda s: "OK central_difference" in cell(s, visible_test)["output"] and run_finished(s) and s,
                         RUN_TIMEOUT, "the visible test to pass after the fix")
        output = cell(state, visible_test)["output"]
        assert output.strip() == "OK central_difference(x**2, x=3)", output
        scroll_to(driver, solution)

    with steps.step("figure"):
        # Run All stops at the first cell that raises, so the blank notebook's run ended at the visible test
        # above this figure; with Exercise 1 done, it gets here and draws the figure
        scroll_to(driver, figure)
        state = wait_for(driver, lambda s: (cell(s, figure)["images"]
                                            and all(i["complete"] for i in cell(s, figure)["images"]) and s),
                         10, "the finite-difference figure to load")
        images = cell(state, figure)["images"]
        assert len(images) == 1 and images[0]["png"], images
        assert images[0]["width"] >= 300 and images[0]["height"] >= 200 and images[0]["bytes"] > 10_000, images
        # and the run went on to the next unfinished exercise, which fails with its own message
        assert "gradient_descent is not implemented yet" in cell(state, next_test)["output"], \
            "the run should go on to the next exercise's visible test, and fail there"

    report = f"browser test steps:\n{steps.report()}\nnbgrader menu: {items}\n"
    (ARTIFACTS / "timings.txt").write_text(report)
    print(report)
