"""Verifying test cells outside the student's kernel, from the check records (see course.records).

A test cell keeps its points only if, besides raising no error, every check it
ran is confirmed here, in the grader's process: the same checks, in the same
order, as in the reference solution's run, each value within the reference
check's tolerance of the reference value. A kernel whose numpy, builtins or
``course.testing`` were patched cannot produce that without computing the
right answers.
"""

from __future__ import annotations

import nbformat

from autograder import notebooks
from course import gradcheck, records


def cell_records(cell) -> list[dict]:
    return [o["data"][records.MIME] for o in cell.get("outputs", [])
            if o.get("output_type") == "display_data" and records.MIME in o.get("data", {})]


def reference_records(executed_reference_nb) -> dict[str, list[dict]]:
    """``{grade_id: records}`` of every test cell of the executed reference solution."""
    return {notebooks.grade_id(c): cell_records(c) for c in executed_reference_nb.cells if notebooks.is_test_cell(c)}


def _has_error(cell) -> bool:
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def split_parts(cell_records_: list[dict]) -> tuple[list[dict], list[dict]]:
    """The checks before any part, and the parts: ``{"name", "weight", "checks", "failed"}`` each."""
    preamble, parts = [], []
    for record in cell_records_:
        kind = record.get("kind")
        if kind == "part":
            parts.append({"name": record.get("name"), "weight": record.get("weight", 1.0), "checks": [], "failed": False})
        elif kind == "part_failed":
            for part in parts:
                if part["name"] == record.get("name"):
                    part["failed"] = True
        else:
            (parts[-1]["checks"] if parts else preamble).append(record)
    return preamble, parts


def confirm_cell(got_records: list[dict], reference: list[dict]) -> tuple[float, list[str]]:
    """The share of the cell's points its records confirm, and why the rest is not confirmed.

    A cell without parts is confirmed whole or not at all. In a cell with parts
    (``course.testing.graded_parts``) each part is confirmed on its own and
    weighs what the reference run says; a part the student's kernel reports as
    failed stays failed.
    """
    ref_preamble, ref_parts = split_parts(reference)
    got_preamble, got_parts = split_parts(got_records)
    reason = _confirm_checks(got_preamble, ref_preamble)
    if reason:
        return 0.0, [reason]
    if not ref_parts:
        return 1.0, []
    got_by_name: dict[str, dict] = {}
    for part in got_parts:
        got_by_name.setdefault(part["name"], part)
    total = sum(part["weight"] for part in ref_parts)
    confirmed, reasons = [], []
    for ref in ref_parts:
        got = got_by_name.get(ref["name"])
        if got is None:
            reasons.append(f"part {ref['name']!r} did not run")
        elif got["failed"]:
            reasons.append(f"part {ref['name']!r} failed")
        elif reason := _confirm_checks(got["checks"], ref["checks"]):
            reasons.append(f"part {ref['name']!r}: {reason}")
        else:
            confirmed.append(ref)
    # a part that checks only shapes or types earns nothing unless some values are right too:
    # a placeholder (zeros of the right shape) or a hard-coded answer is not nearly right
    if any(_checks_values(ref) for ref in ref_parts) and not any(_checks_values(ref) for ref in confirmed):
        if confirmed:
            reasons.append("no part that checks values passed, so the parts that check only shapes or types "
                           "earn nothing")
        confirmed = []
    earned = sum(ref["weight"] for ref in confirmed)
    return (earned / total if total > 0 else 0.0), reasons


def _checks_values(part: dict) -> bool:
    return any(check.get("kind") == "array" for check in part["checks"])


def _confirm_checks(got_records: list[dict], reference: list[dict]) -> str | None:
    if [r.get("name") for r in got_records] != [r["name"] for r in reference]:
        return (f"the grader expected {len(reference)} checks and received {len(got_records)} "
                "others: were the tests or the checking code changed?")
    for got, ref in zip(got_records, reference):
        reason = _check_record(got, ref)
        if reason:
            return f"check {ref['name']!r}: {reason}"
    return None


def _check_record(got: dict, ref: dict) -> str | None:
    kind = ref["kind"]
    if got.get("kind") != kind:
        return "it is not the check the reference ran"
    if kind == "true":
        return None if got.get("got") is True else "the condition does not hold"
    if kind == "shape":
        return None if got.get("got_shape") == ref["got_shape"] else f"expected shape {ref['got_shape']}"
    value = records.decode(got.get("got"))
    expected = records.decode(got.get("expected")) if ref["verify"] == "self" else records.decode(ref["got"])
    if expected is None:
        return None if got.get("got") == ref["got"] else "the value differs from the reference"
    if value is None:
        return "no value was recorded"
    report = gradcheck.compare(value, expected, rtol=ref["rtol"], tiny=ref["tiny"])
    return None if report.ok else f"the value differs from the reference ({str(report).splitlines()[0]})"


def verify_notebook(executed_nb, reference: dict[str, list[dict]]):
    """Score every test cell from its confirmed checks; drop the records. Returns the notebook.

    nbgrader scores a test cell from its outputs (an error: 0; an
    ``execute_result``: that many points, or all of them if it is not a number;
    anything on stderr: 0). So in test cells, outputs the student's kernel made
    that nbgrader would read as a score are neutralised first: results are
    dropped and stderr (a harmless warning) becomes stdout. Then an unconfirmed
    cell gets an error, and a partly confirmed cell with parts gets its share of
    the points as its one result.
    """
    for cell in executed_nb.cells:
        if cell.cell_type != "code":
            continue
        if notebooks.is_test_cell(cell):
            got = cell_records(cell)
            cell.outputs = [_as_stdout(o) for o in cell.outputs
                            if o.get("output_type") != "execute_result" and records.MIME not in o.get("data", {})]
            _score(cell, got, reference.get(notebooks.grade_id(cell), []))
        else:
            cell.outputs = [o for o in cell.outputs if records.MIME not in o.get("data", {})]
    return executed_nb


def _as_stdout(output):
    if output.get("output_type") == "stream" and output.get("name") == "stderr":
        return nbformat.v4.new_output("stream", name="stdout", text=output.get("text", ""))
    return output


def _score(cell, got: list[dict], reference: list[dict]) -> None:
    fraction, reasons = confirm_cell(got, reference)
    failed = _has_error(cell)
    if fraction == 1.0 and not failed:
        return
    if fraction in (0.0, 1.0):  # nothing confirmed, or confirmed but the cell failed (always so without parts)
        if not failed:
            reason = "; ".join(reasons)
            cell.outputs.append(nbformat.v4.new_output(
                "error", ename="VerificationError", evalue=f"the grader could not confirm this test: {reason}",
                traceback=[f"VerificationError: the grader could not confirm this test: {reason}"]))
        return
    points = float(cell.metadata["nbgrader"]["points"])
    earned = round(points * fraction, 2)
    messages = [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.get("output_type") == "error"]
    cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"]
    summary = "\n".join(messages + [f"Partial credit: {earned:g} of {points:g} points ({'; '.join(reasons)})."])
    cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=summary + "\n"))
    cell.outputs.append(nbformat.v4.new_output("execute_result", data={"text/plain": f"{earned:g}"},
                                               execution_count=cell.get("execution_count")))
