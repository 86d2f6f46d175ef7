"""The bundled sample class: three students who hand in every notebook.

* ``ada`` answers everything correctly (the reference answers);
* ``ben`` hands in the student notebooks untouched;
* ``cy`` makes the typical mistakes listed in ``TYPICAL_BUGS`` and is right elsewhere.

The submissions are built from the current notebooks, so they never go stale.
"""

from __future__ import annotations

from pathlib import Path

from autograder import notebooks

TYPICAL_BUGS = {
    "01_chain_rule": {
        # each local derivative evaluated at the output of its function
        "chain_backward": '''
def chain_backward(values, derivatives):
    grads = [1.0]
    for k in reversed(range(len(derivatives))):
        grads.append(grads[-1] * derivatives[k](values[k + 1]))
    return grads[::-1]
''',
        # the activation's derivative forgotten
        "neuron_backward": '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = y_hat - y
    return dz * w, dz * x, float(dz)
''',
    },
}

STUDENTS = ("ada", "ben", "cy")


def submission(student: str, assignment: str):
    """The notebook ``student`` hands in for ``assignment``."""
    release = notebooks.read(notebooks.notebook_path(notebooks.EXERCISES, assignment))
    if student == "ben":
        return release
    answers = notebooks.reference_answers(notebooks.read(notebooks.notebook_path(notebooks.SOLUTIONS, assignment)))
    if student == "cy":
        answers.update({k: v.strip() for k, v in TYPICAL_BUGS.get(assignment, {}).items()})
    return notebooks.fill_answers(release, answers)


def write_sample_class(submitted: Path, assignment_ids=None) -> None:
    """Write every sample student's submissions under ``submitted/<student>/<assignment>/``."""
    for assignment in assignment_ids or notebooks.assignments():
        for student in STUDENTS:
            notebooks.write(submission(student, assignment), notebooks.notebook_path(Path(submitted) / student, assignment))
