"""Helpers for the course *Backpropagation through Jacobians*.

The package holds no graded answer: it gives the notebooks data loading
(:mod:`course.data`), numerical differentiation and comparison reports
(:mod:`course.gradcheck`), the checks that tests call (:mod:`course.testing`),
shared figures (:mod:`course.plotting`), the kernel's side of the grader's
calls (:mod:`course.collect`, over :mod:`course.wire`), and the student's
set-up: updates that keep their answers (:mod:`course.update`) and
JupyterLab's settings (:mod:`course.labsetup`).
"""

__version__ = "0.1.0"
