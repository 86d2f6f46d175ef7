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


def check_cell(got_records: list[dict], reference: list[dict]) -> str | None:
    """Why the cell's records do not confirm its checks, or None if they do."""
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
    """Mark unconfirmed test cells as failed; drop the records. Returns the notebook."""
    for cell in executed_nb.cells:
        if notebooks.is_test_cell(cell) and not _has_error(cell):
            reason = check_cell(cell_records(cell), reference.get(notebooks.grade_id(cell), []))
            if reason:
                cell.outputs.append(nbformat.v4.new_output(
                    "error", ename="VerificationError", evalue=f"the grader could not confirm this test: {reason}",
                    traceback=[f"VerificationError: the grader could not confirm this test: {reason}"]))
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if records.MIME not in o.get("data", {})]
    return executed_nb
