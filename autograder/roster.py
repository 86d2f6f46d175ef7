"""A class roster: who an LMS's ids and names are (a CSV of LMS id, safe student id, name, email), and safe ids.

The roster CSV has a header row with at least the columns ``lms_id``, ``student_id``, ``name`` and
``email``; ``section``, ``sis_user_id`` and ``sis_login_id`` may follow (Canvas's gradebook shows them).
``lms_id`` is Canvas's user id, or for Moodle the participant number of its download
(``Ada Lovelace_12345_assignsubmission_file_``) or empty: Moodle's number changes from one
assignment to the next, so a Moodle submission is also found by its full name.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REQUIRED_COLUMNS = ("lms_id", "student_id", "name", "email")
OPTIONAL_COLUMNS = ("section", "sis_user_id", "sis_login_id")


class RosterError(ValueError):
    """A roster file that cannot be read, with the row and the reason."""


@dataclass(frozen=True)
class Person:
    """One student of the roster."""

    student_id: str  # the safe id: the folder name under submitted/, the gradebook's student id
    name: str = ""
    email: str = ""
    lms_id: str = ""
    section: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""

    @property
    def first_last(self) -> tuple[str, str]:
        """(first name, last name): "Last, First" is split at the comma, "First Middle Last" before the last word."""
        return split_name(self.name)


def split_name(name: str) -> tuple[str, str]:
    """(first, last) of a full name: "Lovelace, Ada" and "Ada Lovelace" both give ("Ada", "Lovelace")."""
    name = " ".join(name.split())
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return first, last
    first, _, last = name.rpartition(" ")
    return (first, last) if first else ("", last)


def safe_id(name: str) -> str:
    """A student id made from a full name: ASCII letters and digits joined by '-', lower case.

    Accents are dropped ("Zoë Ñúñez" gives "zoe-nunez"); a name with no Latin letter at all ("李雷")
    gives "u-" and 8 hex digits of its hash, the same for the same name in every download.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", name))
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_only)
    if words:
        return "-".join(words).lower()
    return "u-" + hashlib.sha256(unicodedata.normalize("NFC", name).encode()).hexdigest()[:8]


class Roster:
    """The students of a roster CSV, found by LMS id or by full name."""

    def __init__(self, people: list[Person] | None = None):
        self.people = list(people or [])
        self._by_lms_id = {p.lms_id: p for p in self.people if p.lms_id}
        self._by_name = {_name_key(p.name): p for p in self.people if p.name}
        self._by_student = {p.student_id: p for p in self.people}

    @classmethod
    def read(cls, path: Path) -> Roster:
        """The roster in the CSV file ``path``; RosterError names the row and what is wrong with it."""
        from autograder.lms import student_id_problem

        try:
            text = Path(path).read_text(encoding="utf-8-sig")  # a spreadsheet's CSV may start with a BOM
        except (OSError, UnicodeDecodeError) as exc:
            raise RosterError(f"cannot read the roster {path}: {exc}") from None
        reader = csv.DictReader(text.splitlines())
        columns = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise RosterError(f"the roster {path} has no column {', '.join(missing)} (its header row must name "
                              f"{', '.join(REQUIRED_COLUMNS)}; optional: {', '.join(OPTIONAL_COLUMNS)})")
        people, problems = [], []
        seen: dict[str, int] = {}
        for number, row in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            person = Person(**{c: row.get(c, "") for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS})
            problem = student_id_problem(person.student_id)
            if problem:
                problems.append(f"row {number}: {problem}")
            elif person.student_id in seen:
                problems.append(f"row {number}: student id {person.student_id!r} is on row "
                                f"{seen[person.student_id]} too")
            seen.setdefault(person.student_id, number)
            people.append(person)
        if problems:
            raise RosterError(f"the roster {path} is refused: " + "; ".join(problems))
        return cls(people)

    def find(self, lms_id: str = "", name: str = "") -> Person | None:
        """The student with this LMS id, else with this full name (case and spacing aside), else None."""
        return self._by_lms_id.get(lms_id) or self._by_name.get(_name_key(name))

    def student(self, student_id: str) -> Person | None:
        return self._by_student.get(student_id)


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
