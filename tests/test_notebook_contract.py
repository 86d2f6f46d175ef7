"""The notebook contract: CONTRIBUTING.md's rules for a notebook, checked on the source notebooks without a kernel.

Each rule is a function ``problems_<rule>(nb, ...) -> list[str]``, one message per broken cell, starting with the
cell's grade_id (or ``cell <index>``). The tests at the top run every rule on every notebook of ``solutions/``; the
tests at the bottom give every rule a hand-made notebook that breaks it (nbformat cells with nbgrader metadata, as
nbgrader tests its preprocessors), so that each rule is seen to fail. Reading notebooks and ``ast`` only: a few seconds.
"""

from __future__ import annotations

import ast
import copy
import functools
import itertools
import re
import warnings
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import notebooks

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
COURSE = notebooks.assignments(SOLUTIONS)  # the graded notebooks, in course order
EVERY = notebooks.assignments(SOLUTIONS, include_index=True)

HIDDEN_FIRST_LINE = "# Hidden tests run when your notebook is graded."
GRADER_ONLY = "only_in_the_grader()"
# course.testing's checks, as a visible test uses them
CHECKS = ("check_array", "check_keys", "check_shape", "check_true")
HEADER_PARAGRAPHS = ("**What you will learn.**", "**Prerequisites.**", "**How to check your work.**")
PART_ORDER = ("shape", "values on simple inputs", "values on random inputs", "gradient check")
LEGACY_RANDOM = {"seed", "rand", "randn", "randint", "random", "normal", "uniform", "choice", "permutation", "shuffle"}

# Cells of the current notebooks that break a rule, reported and left to the notebooks' authors:
# (rule, notebook, cell) -> what is wrong. Their problems are excused here (and shown as warnings); the test fails
# once such a cell is fixed, so that its entry is removed.
KNOWN_BREAKS = {
}


# ============================================================================ reading cells

def where(nb, cell) -> str:
    """How a message names a cell: its grade_id, else its position."""
    return notebooks.grade_id(cell) or f"cell {nb.cells.index(cell)}"


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def solution_cells(nb):
    return [c for c in nb.cells if notebooks.is_solution_cell(c)]


def visible_cells(nb):
    return [c for c in code_cells(nb) if (notebooks.grade_id(c) or "").endswith("_visible")]


def hidden_cells(nb):
    """The graded test cells (nbgrader ``grade: true``): the hidden tests."""
    return [c for c in nb.cells if notebooks.is_test_cell(c)]


def every_test_cell(nb):
    return [c for c in code_cells(nb) if (notebooks.grade_id(c) or "").startswith("test_") or notebooks.is_test_cell(c)]


def ordinary_cells(nb):
    """Code cells that are neither an answer nor a test: the set-up, demonstrations, figures."""
    return [c for c in code_cells(nb) if not notebooks.is_solution_cell(c) and c not in every_test_cell(nb)]


def parse(cell):
    try:
        return ast.parse(cell.source)
    except SyntaxError:
        return None


def called_name(node) -> str | None:
    return node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _targets(node) -> list[str]:
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


def bound_in_scope(stmts, skip=()) -> list[tuple[str, int]]:
    """(name, line) of every name the statements bind in their own scope: not inside a def, a lambda or a
    comprehension (whose names are their own), nor inside the nodes ``skip``."""
    found = []

    def visit(node):
        if node in skip:
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append((node.name, node.lineno))
            return
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, _COMPREHENSIONS):  # only a walrus in it binds outside it
            found.extend((n.target.id, n.lineno) for n in ast.walk(node) if isinstance(n, ast.NamedExpr))
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.append((node.id, node.lineno))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.extend(((a.asname or a.name).split(".")[0], node.lineno) for a in node.names if a.name != "*")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            found.append((node.name, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    for stmt in stmts:
        visit(stmt)
    return found


def local_names(node) -> set[str]:
    """Every name a nested scope inside ``node`` binds for itself (parameters, comprehension targets, locals)."""
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            names |= {a.arg for a in ast.walk(sub.args) if isinstance(a, ast.arg)}
            if not isinstance(sub, ast.Lambda):
                names |= {name for name, _ in bound_in_scope(sub.body)}
        elif isinstance(sub, ast.comprehension):
            names |= set(_targets(sub.target))
    return names


def read_names(node) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def parts_blocks(tree) -> list[ast.With]:
    """The ``with graded_parts() [as part]:`` statements at the cell's top level."""
    return [s for s in tree.body if isinstance(s, ast.With)
            and any(called_name(item.context_expr) == "graded_parts" for item in s.items)]


def parts_names(tree) -> set[str]:
    """The names a cell calls its parts by: what ``graded_parts()`` is bound to (``part`` in a helper function)."""
    names = {"part"}
    for node in ast.walk(tree):
        if isinstance(node, ast.With):
            for item in node.items:
                if called_name(item.context_expr) == "graded_parts" and isinstance(item.optional_vars, ast.Name):
                    names.add(item.optional_vars.id)
    return names


def part_name(with_node, names) -> str | None:
    """The name of the part a ``with part("..."):`` statement opens (an f-string's text before its first field)."""
    for item in with_node.items:
        call = item.context_expr
        if called_name(call) in names and call.args:
            first = call.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                return first.value
            if isinstance(first, ast.JoinedStr):
                text = itertools.takewhile(lambda v: isinstance(v, ast.Constant), first.values)
                return "".join(v.value for v in text).strip()
    return None


def markdown_links(source: str) -> list[str]:
    """The targets of a markdown text's links, outside its formulas and code."""
    prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", "", source, flags=re.DOTALL)
    return re.findall(r"\]\(([^)\s]+)\)", prose)


def points_of(cell) -> float | None:
    value = notebooks.nbgrader_meta(cell).get("points")
    return None if value is None else float(value)


# ============================================================================ the rules

def problems_cell_metadata(nb) -> list[str]:
    """Every code cell is an nbgrader cell with its own grade_id; every code cell but an answer is locked."""
    problems, seen = [], set()
    for cell in code_cells(nb):
        meta, name = notebooks.nbgrader_meta(cell), where(nb, cell)
        if not meta.get("grade_id"):
            problems.append(f"{name}: a code cell without an nbgrader grade_id")
        elif meta["grade_id"] in seen:
            problems.append(f"{name}: a second cell with this grade_id")
        seen.add(meta.get("grade_id"))
        if not notebooks.is_solution_cell(cell) and not meta.get("locked"):
            problems.append(f"{name}: a code cell that is not an answer must be locked (nbgrader locked: true)")
    return problems


def problems_header(nb, assignment: str, course: list[str]) -> list[str]:
    """The first cell: `# N. Title`, the navigation (index, previous and next notebook), then *What you will learn*,
    *Prerequisites* and *How to check your work*."""
    if not nb.cells or nb.cells[0].cell_type != "markdown":
        return ["cell 0: the notebook must start with a markdown header cell"]
    text, name, problems = nb.cells[0].source, where(nb, nb.cells[0]), []
    number = int(assignment.split("_")[0])
    if not re.match(rf"# {number}\. \S", text):
        problems.append(f"{name}: the header must start with the title `# {number}. ...`")
    first = text.find(HEADER_PARAGRAPHS[0])
    navigation = text[:first] if first >= 0 else text
    position = course.index(assignment)
    wanted = {"the index": "../00_index/00_index.ipynb"}
    if position > 0:
        wanted["the previous notebook"] = f"../{course[position - 1]}/{course[position - 1]}.ipynb"
    if position + 1 < len(course):
        wanted["the next notebook"] = f"../{course[position + 1]}/{course[position + 1]}.ipynb"
    for what, link in wanted.items():
        if f"]({link})" not in navigation:
            problems.append(f"{name}: the navigation under the title must link {what} ({link})")
    arrows = {"←": "the previous notebook", "→": "the next notebook"}
    for arrow, what in arrows.items():
        for label, link in re.findall(r"\[([^\]]*)\]\(([^)]*)\)", navigation):
            if arrow in label and link != wanted.get(what):
                problems.append(f"{name}: the navigation's {arrow} link goes to {link}, not to {what}")
    for paragraph in HEADER_PARAGRAPHS:
        if paragraph not in text:
            problems.append(f"{name}: the header has no {paragraph} paragraph")
    return problems


def problems_setup_cell(nb) -> list[str]:
    """The second cell is the locked set-up cell: the imports, shared code from the `course` package."""
    cell = nb.cells[1] if len(nb.cells) > 1 else None
    if cell is None or cell.cell_type != "code":
        return ["cell 1: the cell after the header must be the set-up code cell"]
    name, meta, tree = where(nb, cell), notebooks.nbgrader_meta(cell), parse(cell)
    problems = []
    if not meta.get("locked") or meta.get("solution") or meta.get("grade"):
        problems.append(f"{name}: the set-up cell must be a locked cell, neither an answer nor a test")
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))] if tree else []
    if not any(getattr(n, "module", None) and n.module.split(".")[0] == "course" for n in imports):
        problems.append(f"{name}: the set-up cell must import the shared code from the course package")
    return problems


def problems_solution_cells(nb) -> list[str]:
    """A solution cell F defines the function F, with a docstring, its body between the solution markers."""
    problems = []
    for cell in solution_cells(nb):
        name, tree = where(nb, cell), parse(cell)
        functions = {s.name: s for s in (tree.body if tree else []) if isinstance(s, ast.FunctionDef)}
        function = functions.get(notebooks.grade_id(cell))
        if function is None:
            problems.append(f"{name}: a solution cell must define the function its grade_id names")
            continue
        if ast.get_docstring(function) is None:
            problems.append(f"{name}: the function needs a docstring that gives every shape")
        lines = cell.source.splitlines()
        begins = [i for i, line in enumerate(lines, 1) if line.strip() == notebooks.SOLUTION_MARKERS[0]]
        ends = [i for i, line in enumerate(lines, 1) if line.strip() == notebooks.SOLUTION_MARKERS[1]]
        docstring_end = function.body[0].end_lineno if ast.get_docstring(function) is not None else function.lineno
        if len(begins) != 1 or len(ends) != 1 or not docstring_end < begins[0] < ends[0]:
            problems.append(f"{name}: the body must sit between one `{notebooks.SOLUTION_MARKERS[0]}` after the "
                            f"docstring and one `{notebooks.SOLUTION_MARKERS[1]}`")
        elif not lines[begins[0] - 1].startswith((" ", "\t")) or not lines[ends[0] - 1].startswith((" ", "\t")):
            problems.append(f"{name}: the solution markers must be inside the function (indented)")
    return problems


def problems_test_cells_follow_their_answer(nb) -> list[str]:
    """A graded notebook has answers; after answer F come test_F_visible, then test_F_hidden; no other test cell."""
    problems, expected = [], set()
    if not solution_cells(nb):
        problems.append("cell 0: a graded notebook has at least one answer cell (nbgrader solution: true)")
    for cell in solution_cells(nb):
        function, position = notebooks.grade_id(cell), nb.cells.index(cell)
        wanted = [f"test_{function}_visible", f"test_{function}_hidden"]
        expected |= set(wanted)
        got = [notebooks.grade_id(c) for c in nb.cells[position + 1:position + 3]]
        if got != wanted:
            problems.append(f"{function}: the two cells after the answer must be {wanted}, not {got}")
    for cell in every_test_cell(nb):
        if notebooks.grade_id(cell) not in expected:
            problems.append(f"{where(nb, cell)}: a test cell that belongs to no answer (test_F_visible, test_F_hidden)")
    return problems


def problems_exercise_headings(nb) -> list[str]:
    """The markdown before answer F holds `### Exercise N: ... (P points)`: N counts 1, 2, ..., and P is the
    points of test_F_hidden."""
    problems = []
    hidden = {notebooks.grade_id(c): points_of(c) for c in hidden_cells(nb)}
    for number, cell in enumerate(solution_cells(nb), 1):
        function, position = notebooks.grade_id(cell), nb.cells.index(cell)
        before = [c for c in nb.cells[:position] if c.cell_type == "markdown"]
        heading = before[-1].source if before else ""
        found = re.findall(r"^### Exercise (\d+): .*\((\d+(?:\.\d+)?) points?\)\s*$", heading, re.MULTILINE)
        if not found:
            problems.append(f"{function}: the markdown cell before the answer must hold `### Exercise {number}: "
                            f"... (P points)`")
            continue
        shown, points = int(found[-1][0]), float(found[-1][1])
        if shown != number:
            problems.append(f"{function}: this is Exercise {number}, the heading says Exercise {shown}")
        if points != hidden.get(f"test_{function}_hidden"):
            problems.append(f"{function}: the heading gives {points:g} points, test_{function}_hidden carries "
                            f"{hidden.get(f'test_{function}_hidden')}")
    return problems


def problems_visible_tests(nb) -> list[str]:
    """A visible test is not graded (`grade: false`, locked, no points) and checks through course.testing:
    the function through `call`, results through check_array / check_keys / check_shape / check_true, nothing
    hidden."""
    problems = []
    functions = {notebooks.grade_id(c) for c in solution_cells(nb)}
    for cell in visible_cells(nb):
        name, meta, tree = where(nb, cell), notebooks.nbgrader_meta(cell), parse(cell)
        if meta.get("grade") or "points" in meta or not meta.get("locked") or meta.get("solution"):
            problems.append(f"{name}: a visible test carries no points: nbgrader grade: false, locked: true, "
                            f"no points")
        if any(marker in cell.source for marker in notebooks.HIDDEN_MARKERS + notebooks.SOLUTION_MARKERS):
            problems.append(f"{name}: a visible test holds no hidden test and no solution")
        if tree is None:
            problems.append(f"{name}: not valid Python")
            continue
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        direct = sorted({called_name(n) for n in calls if called_name(n) in functions})
        if direct:
            problems.append(f"{name}: calls {', '.join(direct)} directly: call a student's function with "
                            f"call(F, ...)")
        if any(isinstance(n, ast.Assert) for n in ast.walk(tree)):
            problems.append(f"{name}: checks with assert: use {', '.join(CHECKS)}")
        if not any(called_name(n) in CHECKS for n in calls):
            problems.append(f"{name}: a visible test checks something ({', '.join(CHECKS)})")
        if any(called_name(n) == GRADER_ONLY[:-2] for n in calls):
            problems.append(f"{name}: {GRADER_ONLY} belongs in hidden tests only")
    return problems


def problems_hidden_tests(nb) -> list[str]:
    """Every graded test cell is a hidden test worth points (`grade: true`, locked, points > 0): its first line
    `# Hidden tests run when your notebook is graded.`, then one hidden block whose first line is
    `only_in_the_grader()`, ending the cell. No other cell holds hidden-test markers."""
    problems = []
    for cell in code_cells(nb):
        name, lines = where(nb, cell), [line.rstrip() for line in cell.source.splitlines()]
        if not notebooks.is_test_cell(cell):
            if any(line.strip() in notebooks.HIDDEN_MARKERS for line in lines):
                problems.append(f"{name}: hidden-test markers in a cell that is not graded (nbgrader grade: false)")
            continue
        meta = notebooks.nbgrader_meta(cell)
        if not meta.get("locked") or meta.get("solution") or not (points_of(cell) or 0) > 0:
            problems.append(f"{name}: a hidden test is locked, not an answer, and carries points > 0")
        if not (notebooks.grade_id(cell) or "").endswith("_hidden"):
            problems.append(f"{name}: a graded test cell is a hidden test, test_F_hidden")
        layout = [HIDDEN_FIRST_LINE, notebooks.HIDDEN_MARKERS[0], GRADER_ONLY]
        if lines[:3] != layout or lines[-1:] != [notebooks.HIDDEN_MARKERS[1]]:
            problems.append(f"{name}: a hidden test's lines must be `{HIDDEN_FIRST_LINE}`, "
                            f"`{notebooks.HIDDEN_MARKERS[0]}`, `{GRADER_ONLY}`, ..., `{notebooks.HIDDEN_MARKERS[1]}`")
        if sum(line.strip() in notebooks.HIDDEN_MARKERS for line in lines) != 2:
            problems.append(f"{name}: a hidden test has one hidden block")
        if sum(line.strip() == GRADER_ONLY for line in lines) > 1:
            problems.append(f"{name}: {GRADER_ONLY} is the hidden block's first line, and only there")
    return problems


def problems_names_in_test_cells(nb) -> list[str]:
    """A name a test cell binds (outside its own functions) starts with `_`, so that it cannot collide with a
    student's names; the one exception is the `part` of `with graded_parts() as part`."""
    problems = []
    for cell in every_test_cell(nb):
        tree = parse(cell)
        if tree is None:
            continue
        allowed = {"part"} & {item.optional_vars.id for block in parts_blocks(tree) for item in block.items
                              if isinstance(item.optional_vars, ast.Name)}
        bound = {name for name, _ in bound_in_scope(tree.body)}
        bad = sorted(name for name in bound if not name.startswith("_") and name not in allowed)
        if bad:
            problems.append(f"{where(nb, cell)}: names a test cell binds start with _: {', '.join(bad)}")
    return problems


def problems_graded_parts(nb) -> list[str]:
    """A hidden test is split into graded parts by one `with graded_parts()` block, and nothing comes after it:
    a check there runs only when every part passed, and a failure there loses the whole cell."""
    problems = []
    for cell in hidden_cells(nb):
        tree, name = parse(cell), where(nb, cell)
        if tree is None:
            problems.append(f"{name}: not valid Python")
            continue
        blocks = parts_blocks(tree)
        if not blocks:
            problems.append(f"{name}: a hidden test is split into parts by `with graded_parts() as part:`")
            continue
        after = tree.body[tree.body.index(blocks[0]) + 1:]
        if after:
            problems.append(f"{name}: nothing may follow the `with graded_parts()` block (line {after[0].lineno} "
                            f"does): put every check in a part")
    return problems


def problems_part_order(nb) -> list[str]:
    """Of the parts "shape", "values on simple inputs", "values on random inputs" and "gradient check", those a
    hidden test has come in this order (the function's own properties, such as "a single number" in the place of
    "shape" or "inputs left unchanged", go where they fit)."""
    problems = []
    for cell in hidden_cells(nb):
        tree = parse(cell)
        if tree is None:
            continue
        found = [p for p in parts_in_order(tree) if p is not None]
        ranks = [next((i for i, known in enumerate(PART_ORDER) if part == known or part.startswith(known + ":")),
                      None) for part in found]
        ranks = [rank for rank in ranks if rank is not None]
        if ranks != sorted(ranks):
            problems.append(f"{where(nb, cell)}: parts out of order {found}: {', '.join(map(repr, PART_ORDER))} "
                            f"come in this order")
    return problems


def parts_in_order(tree) -> list[str | None]:
    """The names of a cell's parts (None for another `with`), in the order of its lines."""
    names = parts_names(tree)
    withs = sorted((n for n in ast.walk(tree) if isinstance(n, ast.With)), key=lambda n: (n.lineno, n.col_offset))
    return [part_name(n, names) for n in withs]


def problems_part_reads_an_earlier_part(nb) -> list[str]:
    """A part does not use a name that only an earlier part binds: if that part failed, the name does not exist."""
    problems = []
    for cell in hidden_cells(nb):
        tree = parse(cell)
        if tree is None:
            continue
        names = parts_names(tree)
        functions = [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
        scopes = [(tree.body, set())] + [(f.body, {a.arg for a in ast.walk(f.args) if isinstance(a, ast.arg)})
                                         for f in functions]
        part_nodes = [n for n in ast.walk(tree) if isinstance(n, ast.With) and part_name(n, names) is not None]
        at_cell_level = {name for name, _ in bound_in_scope(tree.body, skip=set(part_nodes))}
        for body, parameters in scopes:
            mine = sorted((n for n in part_nodes if _in_scope(n, body)), key=lambda n: n.lineno)
            outside = at_cell_level | parameters | {name for name, _ in bound_in_scope(body, skip=set(mine))}
            earlier: dict[str, str] = {}
            for node in mine:
                bound_here = {name for name, _ in bound_in_scope(node.body)}
                for name in sorted(read_names(node) - local_names(node) - bound_here - outside):
                    if name in earlier:
                        problems.append(f"{where(nb, cell)}: part {part_name(node, names)!r} reads {name}, which only "
                                        f"the earlier part {earlier[name]!r} binds: bind it before the parts")
                for name in bound_here:
                    earlier.setdefault(name, part_name(node, names))
    return problems


def _in_scope(node, body) -> bool:
    """Whether ``node`` is in the scope of the statements ``body`` (not inside a nested function)."""
    def search(stmts):
        for stmt in stmts:
            if stmt is node:
                return True
            if isinstance(stmt, _SCOPES):
                continue
            if search([c for c in ast.iter_child_nodes(stmt) if isinstance(c, ast.stmt)]):
                return True
            for handler in getattr(stmt, "handlers", []):
                if search(handler.body):
                    return True
        return False
    return search(body)


# the arguments of a check that make its feedback name causes: the test's own typical mistakes, or the
# batch size, from which check_array names the averaging mistakes (summed, averaged twice, by the wrong size)
DIAGNOSING = ("likely_mistakes", "batch_size")


def problems_likely_mistakes(nb) -> list[str]:
    """A hidden test passes `likely_mistakes={...}` (or `batch_size=`) somewhere (in the cell, or in a helper an
    earlier hidden cell defined), so that feedback names typical mistakes."""
    problems, helpers = [], {}
    for cell in hidden_cells(nb):
        tree = parse(cell)
        if tree is None:
            continue
        called = {called_name(n) for n in ast.walk(tree)}
        passes = any(isinstance(k, ast.keyword) and k.arg in DIAGNOSING for k in ast.walk(tree))
        if not (passes or any(helpers.get(name) for name in called)):
            problems.append(f"{where(nb, cell)}: no check passes likely_mistakes={{...}}: feedback should name the "
                            f"typical mistakes")
        for function in tree.body:
            if isinstance(function, ast.FunctionDef):
                helpers[function.name] = any(k.arg in DIAGNOSING for k in ast.walk(function)
                                             if isinstance(k, ast.keyword))
    return problems


def problems_unseeded_random(nb) -> list[str]:
    """Test cells draw their random inputs with fixed seeds: `np.random.default_rng(seed)`, never the global
    generator (np.random.rand, np.random.seed, ...) nor `default_rng()` without a seed."""
    problems = []
    for cell in every_test_cell(nb):
        tree = parse(cell)
        for node in ast.walk(tree) if tree else []:
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value
            is_np_random = isinstance(owner, ast.Attribute) and owner.attr == "random" and _targets(owner) == ["np"]
            if is_np_random and node.func.attr == "default_rng" and not node.args and not node.keywords:
                problems.append(f"{where(nb, cell)}: default_rng() without a seed (line {node.lineno})")
            elif is_np_random and node.func.attr in LEGACY_RANDOM:
                problems.append(f"{where(nb, cell)}: np.random.{node.func.attr} uses the global generator "
                                f"(line {node.lineno}): draw from np.random.default_rng(seed)")
    return problems


def _catches_not_implemented(try_node) -> bool:
    return any(h.type is not None and "NotImplementedError" in _targets(h.type) for h in try_node.handlers)


def problems_demonstrations_run_on_a_blank_notebook(nb) -> list[str]:
    """An ordinary cell calls a student's function (or a locked function that does) only inside
    `try: ... except NotImplementedError:` (which prints "Finish Exercise N ..." or draws without it), or under an
    `if` on a name such a `try` sets (`if params is None: print("Train the network first.")`), so that a blank
    notebook runs top to bottom."""
    problems = []
    callers = {notebooks.grade_id(c) for c in solution_cells(nb)}
    definitions = {}
    for cell in ordinary_cells(nb):
        for node in ast.walk(parse(cell) or ast.Module(body=[], type_ignores=[])):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                definitions[node.name] = node
    while True:  # the locked functions that call a student's function, however indirectly
        more = {name for name, node in definitions.items() if name not in callers and read_names(node) & callers}
        if not more:
            break
        callers |= more
    flags: set[str] = set()  # names a guarded `try` sets: None in its except branch, or True at its end
    for cell in ordinary_cells(nb):
        tree = parse(cell)
        for function, line in _unguarded_calls(tree, callers, flags) if tree else []:
            problems.append(f"{where(nb, cell)}: calls {function} (line {line}) outside `try: ... except "
                            f"NotImplementedError:`, so a blank notebook stops there")
    return problems


def _unguarded_calls(tree, callers: set[str], flags: set[str]) -> list[tuple[str, int]]:
    """(function, line) of the calls of ``callers`` a cell makes outside the guards; adds the flags it sets."""
    unguarded: list[tuple[str, int]] = []
    bound = bound_in_scope(tree.body)

    def visit(stmts, guarded):
        for stmt in stmts:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if isinstance(stmt, ast.Try) and _catches_not_implemented(stmt):
                before = {name for name, line in bound if line < stmt.lineno}
                flags.update({name for name, _ in bound_in_scope(stmt.body)} & before)
                for handler in stmt.handlers:
                    if "NotImplementedError" in _targets(handler.type):
                        flags.update(name for name, _ in bound_in_scope(handler.body))
                visit(stmt.body, True)
                for handler in stmt.handlers:
                    visit(handler.body, guarded)
                visit(stmt.orelse + stmt.finalbody, guarded)
                continue
            if isinstance(stmt, ast.If) and read_names(stmt.test) & flags:
                visit(stmt.body + stmt.orelse, True)
                continue
            for child in ast.iter_child_nodes(stmt):
                if not guarded and not isinstance(child, (ast.stmt, ast.ExceptHandler)):
                    unguarded.extend((called_name(n), n.lineno) for n in ast.walk(child) if called_name(n) in callers)
            for field in ("body", "orelse", "finalbody"):
                visit(getattr(stmt, field, None) or [], guarded)
            for handler in getattr(stmt, "handlers", []):
                visit(handler.body, guarded)

    visit(tree.body, False)
    return unguarded


def problems_skip_tag(nb) -> list[str]:
    """Only a locked cell that is neither an answer nor a test carries the `skip-when-grading` tag."""
    return [f"{where(nb, c)}: only a plain locked cell (not an answer, not a test) may carry {notebooks.SKIP_TAG}"
            for c in nb.cells if notebooks.SKIP_TAG in c.get("metadata", {}).get("tags", [])
            and not (c.cell_type == "code" and notebooks.is_skipped_when_grading(c))]


def problems_summary(nb, assignment: str, course: list[str]) -> list[str]:
    """The last cell is markdown with a `## Summary` section: a list of what the notebook showed, then a link to
    the next notebook (to the index from the last one)."""
    last = nb.cells[-1] if nb.cells else None
    if last is None or last.cell_type != "markdown" or not re.search(r"^## Summary\s*$", last.source, re.MULTILINE):
        return [f"cell {len(nb.cells) - 1}: the last cell must be markdown with a `## Summary` heading"]
    summary, problems = last.source[re.search(r"^## Summary\s*$", last.source, re.MULTILINE).end():], []
    if not re.search(r"^\* ", summary, re.MULTILINE):
        problems.append(f"{where(nb, last)}: the summary is a list (`* ...`)")
    position = course.index(assignment)
    following = course[position + 1] if position + 1 < len(course) else None
    link = f"../{following}/{following}.ipynb" if following else "../00_index/00_index.ipynb"
    if f"]({link})" not in summary:
        problems.append(f"{where(nb, last)}: the summary ends with a link to "
                        f"{'the next notebook' if following else 'the index'} ({link})")
    return problems


def problems_links(nb, folder: Path, index: bool = False) -> list[str]:
    """Relative links in markdown lead to a file; the notation page is linked as `../00_index/NOTATION.md`
    (`NOTATION.md` from the index)."""
    problems, notation = [], "NOTATION.md" if index else "../00_index/NOTATION.md"
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for link in markdown_links(cell.source):
            target = link.split("#")[0]
            if not target or re.match(r"[a-z]+:", target):
                continue
            if target.endswith("NOTATION.md") and target != notation:
                problems.append(f"{where(nb, cell)}: link the notation page as {notation}, not {target}")
            elif not (folder / target).exists():
                problems.append(f"{where(nb, cell)}: the link {link} leads nowhere")
    return problems


def problems_index(nb, course: list[str]) -> list[str]:
    """The start page is never graded (no answer, no test) and links every notebook."""
    problems = [f"{where(nb, c)}: the index holds no answer and no test" for c in nb.cells
                if notebooks.is_solution_cell(c) or notebooks.is_test_cell(c) or c in every_test_cell(nb)]
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    problems += [f"cell 0: the index must link {a} (../{a}/{a}.ipynb)" for a in course
                 if f"](../{a}/{a}.ipynb)" not in text]
    return problems


def code_shape(function) -> str:
    """A function's code with its names, docstring and comments left out: two copies of one code match."""
    node = copy.deepcopy(function)
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    names: dict[str, str] = {}
    for sub in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(sub, ast.Name):
            sub.id = names.setdefault(sub.id, f"v{len(names)}")
        elif isinstance(sub, ast.arg):
            sub.arg = names.setdefault(sub.arg, f"v{len(names)}")
    return ast.dump(ast.Module(body=body, type_ignores=[]), annotate_fields=False)


def _locked_functions(nb):
    for cell in ordinary_cells(nb):
        for node in (parse(cell) or ast.Module(body=[], type_ignores=[])).body:
            if isinstance(node, ast.FunctionDef) and len(node.body) > 1:  # a one-liner may well recur
                yield where(nb, cell), node


def problems_pasted_twice(nbs: dict[str, object]) -> list[str]:
    """No function of a locked cell is pasted into two notebooks: shared code lives in the `course` package."""
    seen: dict[str, str] = {}
    problems = []
    for assignment, nb in nbs.items():
        for cell, function in _locked_functions(nb):
            first = seen.setdefault(code_shape(function), f"{assignment} {cell}")
            if not first.startswith(f"{assignment} "):
                problems.append(f"{assignment} {cell}: {function.name} is pasted from {first}: move it to course/")
    return problems


def problems_answer_in_package(nbs: dict[str, object], package: dict[str, str]) -> list[str]:
    """The `course` package (``{file: source}``) holds no graded answer."""
    answers = {}
    for assignment, nb in nbs.items():
        for code in notebooks.reference_answers(nb).values():
            tree = ast.parse(code)
            answers.update({code_shape(f): f"{f.name} of {assignment}" for f in tree.body
                            if isinstance(f, ast.FunctionDef)})
    return [f"{file}: {node.name} is the graded answer {answers[code_shape(node)]}"
            for file, source in package.items() for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef) and code_shape(node) in answers]


# ============================================================================ the course's notebooks

@functools.cache
def source(assignment: str):
    return notebooks.read(notebooks.notebook_path(SOLUTIONS, assignment))


def assert_no_problems(rule: str, assignment: str, problems: list[str]) -> None:
    excused = {cell: why for (r, a, cell), why in KNOWN_BREAKS.items() if r == rule and a == assignment}
    left = [p for p in problems if p.split(":", 1)[0] not in excused]
    fixed = [cell for cell in excused if not any(p.split(":", 1)[0] == cell for p in problems)]
    for cell, why in excused.items():
        if cell not in fixed:
            warnings.warn(f"solutions/{assignment}: {cell} breaks the rule {rule} ({why}): excused in KNOWN_BREAKS",
                          stacklevel=2)
    assert not left, f"solutions/{assignment}/{assignment}.ipynb breaks the rule {rule}:\n" + "\n".join(left)
    assert not fixed, f"solutions/{assignment}: {fixed} no longer break {rule}: remove them from KNOWN_BREAKS"


# rule -> its check of one graded notebook: (notebook, its id, the course's ids, its folder) -> problems
RULES = {
    "cell_metadata": lambda nb, a, course, folder: problems_cell_metadata(nb),
    "header": lambda nb, a, course, folder: problems_header(nb, a, course),
    "setup_cell": lambda nb, a, course, folder: problems_setup_cell(nb),
    "solution_cells": lambda nb, a, course, folder: problems_solution_cells(nb),
    "test_cells_follow_their_answer": lambda nb, a, course, folder: problems_test_cells_follow_their_answer(nb),
    "exercise_headings": lambda nb, a, course, folder: problems_exercise_headings(nb),
    "visible_tests": lambda nb, a, course, folder: problems_visible_tests(nb),
    "hidden_tests": lambda nb, a, course, folder: problems_hidden_tests(nb),
    "names_in_test_cells": lambda nb, a, course, folder: problems_names_in_test_cells(nb),
    "graded_parts": lambda nb, a, course, folder: problems_graded_parts(nb),
    "part_order": lambda nb, a, course, folder: problems_part_order(nb),
    "part_reads_an_earlier_part": lambda nb, a, course, folder: problems_part_reads_an_earlier_part(nb),
    "likely_mistakes": lambda nb, a, course, folder: problems_likely_mistakes(nb),
    "unseeded_random": lambda nb, a, course, folder: problems_unseeded_random(nb),
    "demonstrations_run_on_a_blank_notebook":
        lambda nb, a, course, folder: problems_demonstrations_run_on_a_blank_notebook(nb),
    "skip_tag": lambda nb, a, course, folder: problems_skip_tag(nb),
    "summary": lambda nb, a, course, folder: problems_summary(nb, a, course),
    "links": lambda nb, a, course, folder: problems_links(nb, folder),
}


def check(rule: str, assignment: str) -> None:
    """Run one rule on one notebook of solutions/."""
    assert_no_problems(rule, assignment, RULES[rule](source(assignment), assignment, COURSE, SOLUTIONS / assignment))


def test_there_are_notebooks_to_check():
    assert COURSE and notebooks.INDEX in EVERY, f"no notebooks under {SOLUTIONS}"
    assert len(solution_cells(source(COURSE[0]))) > 0


def test_every_rule_has_its_test():
    assert all(callable(globals().get(f"test_{rule}")) for rule in RULES), sorted(RULES)


per_notebook = pytest.mark.parametrize("assignment", COURSE)


@per_notebook
def test_cell_metadata(assignment):
    check("cell_metadata", assignment)


@per_notebook
def test_header(assignment):
    check("header", assignment)


@per_notebook
def test_setup_cell(assignment):
    check("setup_cell", assignment)


@per_notebook
def test_solution_cells(assignment):
    check("solution_cells", assignment)


@per_notebook
def test_test_cells_follow_their_answer(assignment):
    check("test_cells_follow_their_answer", assignment)


@per_notebook
def test_exercise_headings(assignment):
    check("exercise_headings", assignment)


@per_notebook
def test_visible_tests(assignment):
    check("visible_tests", assignment)


@per_notebook
def test_hidden_tests(assignment):
    check("hidden_tests", assignment)


@per_notebook
def test_names_in_test_cells(assignment):
    check("names_in_test_cells", assignment)


@per_notebook
def test_graded_parts(assignment):
    check("graded_parts", assignment)


@per_notebook
def test_part_order(assignment):
    check("part_order", assignment)


@per_notebook
def test_part_reads_an_earlier_part(assignment):
    check("part_reads_an_earlier_part", assignment)


@per_notebook
def test_likely_mistakes(assignment):
    check("likely_mistakes", assignment)


@per_notebook
def test_unseeded_random(assignment):
    check("unseeded_random", assignment)


@per_notebook
def test_demonstrations_run_on_a_blank_notebook(assignment):
    check("demonstrations_run_on_a_blank_notebook", assignment)


@per_notebook
def test_skip_tag(assignment):
    check("skip_tag", assignment)


@per_notebook
def test_summary(assignment):
    check("summary", assignment)


@per_notebook
def test_links(assignment):
    check("links", assignment)


def test_index_is_never_graded_and_links_every_notebook():
    index = source(notebooks.INDEX)
    problems = problems_index(index, COURSE) + problems_links(index, SOLUTIONS / notebooks.INDEX, index=True)
    problems += problems_skip_tag(index) + problems_cell_metadata(index)
    assert not problems, "\n".join(problems)


def test_no_locked_code_is_pasted_into_two_notebooks():
    problems = problems_pasted_twice({a: source(a) for a in EVERY})
    assert not problems, "\n".join(problems)


def test_the_course_package_holds_no_graded_answer():
    package = {str(p.relative_to(ROOT)): p.read_text() for p in sorted((ROOT / "course").rglob("*.py"))}
    assert package
    problems = problems_answer_in_package({a: source(a) for a in COURSE}, package)
    assert not problems, "\n".join(problems)


def test_every_known_break_names_a_rule_a_notebook_and_a_cell():
    for rule, assignment, cell in KNOWN_BREAKS:
        assert rule in RULES and assignment in COURSE, (rule, assignment)
        assert any(notebooks.grade_id(c) == cell for c in source(assignment).cells), (assignment, cell)


# ============================================================================ each rule can fail

def nbgrader(grade_id, *, solution=False, grade=False, locked=True, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


HEADER = """# 1. Something

[Index](../00_index/00_index.ipynb) · **1. Something** · [2. More →](../02_more/02_more.ipynb)

**What you will learn.** Something.

**Prerequisites.** None.

**How to check your work.** Run the tests."""

SETUP = """import numpy as np
from course.testing import call, check_array, check_shape, graded_parts, only_in_the_grader"""

ANSWER = '''def double(x):
    """x: ndarray (n,). Returns 2 x, shape (n,)."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION'''

VISIBLE = 'check_array("double([1, 2])", call(double, np.array([1.0, 2.0])), [2.0, 4.0])'

HIDDEN = """# Hidden tests run when your notebook is graded.
### BEGIN HIDDEN TESTS
only_in_the_grader()
_x = np.random.default_rng(1).normal(size=3)
_got = call(double, _x)
with graded_parts() as part:
    with part("shape"):
        check_shape("double(x)", _got, (3,))
    with part("values on random inputs"):
        check_array("double(x)", _got, 2 * _x, likely_mistakes={"x is not doubled": _x})
### END HIDDEN TESTS"""

DEMO = """try:
    print(double(np.ones(2)))
except NotImplementedError:
    print("Finish Exercise 1 to see the figure.")"""

SUMMARY = "## Summary\n\n* Doubling doubles.\n\nNext, [2. More](../02_more/02_more.ipynb)."

HAND_MADE = ["01_something", "02_more"]


def hand_made(**replace):
    """A small notebook that keeps the contract; ``replace={cell: source}`` swaps one cell's code."""
    cells = {
        "header": new_markdown_cell(HEADER),
        "setup": new_code_cell(SETUP, metadata=nbgrader("setup")),
        "exercise": new_markdown_cell("### Exercise 1: doubling (2 points)\n\nDouble `x`."),
        "double": new_code_cell(ANSWER, metadata=nbgrader("double", solution=True, locked=False)),
        "test_double_visible": new_code_cell(VISIBLE, metadata=nbgrader("test_double_visible")),
        "test_double_hidden": new_code_cell(HIDDEN, metadata=nbgrader("test_double_hidden", grade=True, points=2)),
        "demo": new_code_cell(DEMO, metadata={**nbgrader("demo"), "tags": [notebooks.SKIP_TAG]}),
        "summary": new_markdown_cell(SUMMARY),
    }
    for name, text in replace.items():
        cells[name].source = text
    return new_notebook(cells=list(cells.values()))


def cell_of(nb, grade_id):
    return next(c for c in nb.cells if notebooks.grade_id(c) == grade_id)


@pytest.fixture
def course_folder(tmp_path) -> Path:
    """A folder with the hand-made notebook's neighbours, for its links to lead somewhere."""
    for name in [notebooks.INDEX] + HAND_MADE:
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.ipynb").write_text("{}")
    (tmp_path / notebooks.INDEX / "NOTATION.md").write_text("notation")
    return tmp_path / HAND_MADE[0]


def every_rule(nb, folder):
    return {rule: check_one(nb, HAND_MADE[0], HAND_MADE, folder) for rule, check_one in RULES.items()}


def test_the_hand_made_notebook_keeps_every_rule(course_folder):
    nb = hand_made()
    nbformat.validate(nb)
    assert set(every_rule(nb, course_folder)) == set(RULES)
    assert {rule: p for rule, p in every_rule(nb, course_folder).items() if p} == {}


def _hidden(body: str) -> str:
    return f"{HIDDEN_FIRST_LINE}\n### BEGIN HIDDEN TESTS\nonly_in_the_grader()\n{body}\n### END HIDDEN TESTS"


_PARTS = """_x = np.random.default_rng(1).normal(size=3)
with graded_parts() as part:
    with part("shape"):
        _got = call(double, _x)
        check_shape("double(x)", _got, (3,))
    with part("values on random inputs"):
        check_array("double(x)", _got, 2 * _x, likely_mistakes={"x is not doubled": _x})"""

# rule -> (what breaks it: {cell: new source} or a function changing the notebook, the cell the problem names,
#          words of the message)
BROKEN = {
    "cell_metadata": (lambda nb: nb.cells[6].metadata["nbgrader"].update(locked=False), "demo", "must be locked"),
    "header": ({"header": HEADER.replace("[2. More →](../02_more/02_more.ipynb)", "")}, "cell 0", "next notebook"),
    "setup_cell": ({"setup": "import numpy as np"}, "setup", "course package"),
    "solution_cells": ({"double": ANSWER.replace('    """x: ndarray (n,). Returns 2 x, shape (n,)."""\n', "")},
                       "double", "docstring"),
    "test_cells_follow_their_answer": (lambda nb: nb.cells.insert(4, new_markdown_cell("Now test it.")),
                                       "double", "two cells after the answer"),
    "exercise_headings": ({"exercise": "### Exercise 1: doubling (3 points)"}, "double", "3 points"),
    "visible_tests": ({"test_double_visible": "assert (double(np.ones(1)) == 2).all()"}, "test_double_visible",
                      "directly"),
    "hidden_tests": ({"test_double_hidden": HIDDEN.replace("only_in_the_grader()\n", "")}, "test_double_hidden",
                     "only_in_the_grader()"),
    "names_in_test_cells": ({"test_double_visible": "x = np.array([1.0])\n" + VISIBLE}, "test_double_visible",
                            "start with _: x"),
    "graded_parts": ({"test_double_hidden": HIDDEN.replace("### END", 'check_true(True, "late")\n### END')},
                     "test_double_hidden", "nothing may follow"),
    "part_order": ({"test_double_hidden": HIDDEN.replace('"shape"', '"gradient check"')}, "test_double_hidden",
                   "out of order"),
    "part_reads_an_earlier_part": ({"test_double_hidden": _hidden(_PARTS)}, "test_double_hidden",
                                   "reads _got, which only the earlier part 'shape' binds"),
    "likely_mistakes": ({"test_double_hidden": HIDDEN.replace(', likely_mistakes={"x is not doubled": _x}', "")},
                        "test_double_hidden", "likely_mistakes"),
    "unseeded_random": ({"test_double_hidden": HIDDEN.replace("default_rng(1).normal(size=3)", "rand(3)")},
                        "test_double_hidden", "global generator"),
    "demonstrations_run_on_a_blank_notebook": ({"demo": "print(double(np.ones(2)))"}, "demo", "calls double"),
    "skip_tag": (lambda nb: nb.cells[5].metadata.setdefault("tags", []).append(notebooks.SKIP_TAG),
                 "test_double_hidden", notebooks.SKIP_TAG),
    "summary": ({"summary": "## Conclusion\n\n* Doubling doubles."}, "cell 7", "## Summary"),
    "links": ({"summary": SUMMARY + " See [the notation](../../NOTATION.md)."}, "cell 7", "notation page"),
}


@pytest.mark.parametrize("rule", BROKEN)
def test_a_notebook_that_breaks_a_rule_is_reported(rule, course_folder):
    change, cell, words = BROKEN[rule]
    if callable(change):
        nb = hand_made()
        change(nb)
    else:
        nb = hand_made(**change)
    problems = every_rule(nb, course_folder)[rule]
    assert problems, f"{rule} reports nothing on a notebook that breaks it"
    assert any(p.startswith(f"{cell}:") and words in p for p in problems), problems


def test_every_rule_is_shown_to_fail():
    assert set(BROKEN) == set(RULES)


@pytest.mark.parametrize("variant, words", [
    ({"test_double_hidden": HIDDEN.replace(HIDDEN_FIRST_LINE, "# hidden tests")}, HIDDEN_FIRST_LINE),
    ({"test_double_hidden": HIDDEN.replace("only_in_the_grader()\n_x", "_x").replace(
        "_got = call", "only_in_the_grader()\n_got = call")}, "only_in_the_grader()"),
    ({"test_double_hidden": HIDDEN + "\nprint('after')"}, "### END HIDDEN TESTS"),
    ({"demo": "### BEGIN HIDDEN TESTS\nprint(1)\n### END HIDDEN TESTS"}, "not graded"),
])
def test_a_hidden_test_out_of_its_layout_is_reported(variant, words):
    problems = problems_hidden_tests(hand_made(**variant))
    assert any(words in p for p in problems), problems


def test_a_hidden_test_without_points_or_a_visible_test_with_points_is_reported():
    nb = hand_made()
    cell_of(nb, "test_double_hidden").metadata["nbgrader"]["points"] = 0
    cell_of(nb, "test_double_visible").metadata["nbgrader"].update(grade=True, points=1)
    assert any(p.startswith("test_double_hidden:") and "points > 0" in p for p in problems_hidden_tests(nb))
    assert any(p.startswith("test_double_visible:") and "no points" in p for p in problems_visible_tests(nb))


@pytest.mark.parametrize("code, bad", [
    ("for i in range(2):\n    pass", "i"),
    ("import math", "math"),
    ("def helper():\n    y = 1\n    return y", "helper"),
    ("with open('f') as handle:\n    pass", "handle"),
    ("[z := 1 for _ in range(2)]", "z"),
])
def test_every_way_a_test_cell_binds_a_name_is_seen(code, bad):
    problems = problems_names_in_test_cells(hand_made(test_double_visible=code + "\n" + VISIBLE))
    assert problems and problems[0].endswith(f"start with _: {bad}"), problems


def test_names_local_to_a_test_cells_own_functions_are_free():
    code = "def _helper(x):\n    y = [v for v in x]\n    return (lambda w: w)(y)\n" + VISIBLE
    assert problems_names_in_test_cells(hand_made(test_double_visible=code)) == []


def test_a_part_may_read_what_it_or_the_code_before_the_parts_binds():
    body = _PARTS.replace('        _got = call(double, _x)\n', '').replace("_x = np", "_got = None\n_x = np")
    assert problems_part_reads_an_earlier_part(hand_made(test_double_hidden=_hidden(body))) == []


def test_a_demonstration_under_a_flag_its_training_cell_sets_is_guarded():
    training = "try:\n    ready = double(np.ones(2))\nexcept NotImplementedError:\n    ready = None\n" \
               "    print('Finish Exercise 1 to train.')"
    nb = hand_made(demo=training)
    nb.cells.insert(7, new_code_cell("if ready is None:\n    print('Train first.')\nelse:\n    print(double(ready))",
                                     metadata=nbgrader("figure")))
    assert problems_demonstrations_run_on_a_blank_notebook(nb) == []
    nb.cells[7].source = "print(double(np.ones(3)))"
    assert problems_demonstrations_run_on_a_blank_notebook(nb) == [
        "figure: calls double (line 1) outside `try: ... except NotImplementedError:`, so a blank notebook stops there"]


def test_a_demonstration_through_a_locked_helper_is_seen():
    nb = hand_made(demo="def twice_double(x):\n    return double(double(x))\n\nprint(twice_double(np.ones(2)))")
    assert any("calls twice_double" in p for p in problems_demonstrations_run_on_a_blank_notebook(nb))


def test_the_last_notebook_links_the_index_from_its_summary():
    nb = hand_made()
    assert problems_summary(nb, HAND_MADE[1], HAND_MADE) != []
    nb.cells[-1].source = SUMMARY.replace("../02_more/02_more.ipynb", "../00_index/00_index.ipynb")
    assert problems_summary(nb, HAND_MADE[1], HAND_MADE) == []


def test_an_index_that_grades_or_forgets_a_notebook_is_reported():
    index = new_notebook(cells=[new_markdown_cell("[1](../01_something/01_something.ipynb)"),
                                new_code_cell(HIDDEN, metadata=nbgrader("test_x_hidden", grade=True, points=1))])
    problems = problems_index(index, HAND_MADE)
    assert any("no answer and no test" in p for p in problems) and any("must link 02_more" in p for p in problems)


def test_code_pasted_into_two_notebooks_is_reported():
    helper = "def helper(x):\n    y = x + 1\n    return y * 2"
    first = hand_made(demo=helper)
    second = hand_made(demo=helper.replace("x", "z"))
    assert problems_pasted_twice({"01_something": first, "02_more": second}) == [
        "02_more demo: helper is pasted from 01_something demo: move it to course/"]


def test_a_graded_answer_in_the_package_is_reported():
    package = {"course/extra.py": "def twice(v):\n    'doubles'\n    return 2 * v\n"}
    assert problems_answer_in_package({"01_something": hand_made()}, package) == [
        "course/extra.py: twice is the graded answer double of 01_something"]
