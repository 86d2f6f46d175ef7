"""Helpers for the course *Backpropagation through Jacobians*.

The package holds no graded answer: it gives the notebooks data loading
(:mod:`course.data`), numerical differentiation and comparison reports
(:mod:`course.gradcheck`), the checks that tests call (:mod:`course.testing`),
shared figures (:mod:`course.plotting`), and the kernel's side of the grader's
calls (:mod:`course.collect`, over :mod:`course.wire`).
"""

__version__ = "0.1.0"
