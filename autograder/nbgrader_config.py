"""nbgrader settings for the course, shared by `python -m autograder` and by plain nbgrader.

Plain nbgrader reads this file when run from this folder (`cd autograder && nbgrader ...`);
`python -m autograder` loads it and points the course root at a class directory of its own.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.course_id = "backprop-jacobians"
c.CourseDirectory.root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# a hung cell must not hang the whole class (python -m autograder: the default of --cell-timeout)
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True

# a submission's own outputs are cleaned of scripts and event handlers in its feedback page
c.HTMLExporter.sanitize_html = True

# Stock feedback shows the hidden tests' code: clear it, keep the messages the tests printed.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
