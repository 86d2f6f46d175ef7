"""Bringing a release's exercises into a student's own copy (``my-work/``) without overwriting their work.

``python -m course.update exercises my-work`` (``./course.sh lab`` runs it) follows nbgitpuller's rule:

* a file the student does not have yet is copied in;
* a file the student has not changed since it was copied (``my-work/.course-release.json`` records what was
  copied) is replaced by the new version;
* a file the student has changed is kept, and the new version is put beside it, ``01_chain_rule.new.ipynb``,
  with a message saying so;
* anything else in ``my-work/`` (the student's own files) is never touched.

A notebook counts as unchanged when its cells' types, sources and nbgrader metadata are; running it (outputs,
execution counts) is not a change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

RECORD = ".course-release.json"  # in the student's copy: {"files": {path: fingerprint of the version written there}}
SKIPPED = {".ipynb_checkpoints", "__pycache__"}


def fingerprint(path: Path) -> str:
    """A hash of what a student writes in ``path``: a notebook's cells (not its outputs), any other file whole."""
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(data)["cells"]
            data = json.dumps([[c.get("cell_type"), _text(c.get("source", "")), c.get("metadata", {}).get("nbgrader")]
                               for c in cells], sort_keys=True).encode()
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # not a notebook we can read: compared byte for byte
    return hashlib.sha256(data).hexdigest()


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def release_files(release: Path) -> list[str]:
    """The files of ``release``, as paths relative to it, in order; no hidden files, caches or checkpoints."""
    found = []
    for path in sorted(release.rglob("*")):
        parts = path.relative_to(release).parts
        if path.is_file() and not any(p in SKIPPED or p.startswith(".") for p in parts):
            found.append("/".join(parts))
    return found


def beside(name: str, n: int) -> str:
    """The n-th name for a new version put beside ``name``: ``a/b.new.ipynb``, ``a/b.new2.ipynb``, ..."""
    path = Path(name)
    return str(path.with_name(f"{path.stem}.new{n if n > 1 else ''}{path.suffix}").as_posix())


def update(release: Path, work: Path) -> list[str]:
    """Bring ``release`` into ``work`` by the rule above; the messages, one per file written (none if up to date)."""
    release, work = Path(release), Path(work)
    record_path = work / RECORD
    record = json.loads(record_path.read_text())["files"] if record_path.exists() else {}
    messages = []
    for name in release_files(release):
        source, target = release / name, work / name
        new = fingerprint(source)
        if not target.exists():
            _copy(source, target)
            record[name] = new
            messages.append(f"new: {name}")
            continue
        mine = fingerprint(target)
        if mine == new:
            record[name] = new
        elif record.get(name) == mine:
            _copy(source, target)
            record[name] = new
            messages.append(f"updated: {name} (you had not changed it)")
        elif record.get(name) != new:  # the student changed it (or it predates the record), and the course did
            message = _put_beside(source, work, name, new, record)
            if message:
                messages.append(message)
    work.mkdir(parents=True, exist_ok=True)
    _write_atomically(record_path, json.dumps({"files": record}, indent=1, sort_keys=True).encode())
    return messages


def _put_beside(source: Path, work: Path, name: str, new: str, record: dict) -> str | None:
    """Write the new version of ``name`` beside the student's; the message, or None if it is already there."""
    n = 1
    while True:
        other = beside(name, n)
        path = work / other
        if path.exists() and fingerprint(path) == new:
            record[other] = new
            return None
        if not path.exists() or record.get(other) == fingerprint(path):  # free, or an older one nobody edited
            _copy(source, path)
            record[other] = new
            return (f"kept your {name}: the course changed it since you started; its new version is beside it, "
                    f"{other} (copy your answers into it, or its changes into yours)")
        n += 1


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(target, source.read_bytes())


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.update",
                                     description="Bring new and changed notebooks of the course into your copy, "
                                                 "never overwriting what you wrote.")
    parser.add_argument("release", type=Path, help="the course's exercises/ folder")
    parser.add_argument("work", type=Path, help="your copy (my-work/)")
    args = parser.parse_args(argv)
    if not args.release.is_dir():
        parser.error(f"{args.release} is not a folder")
    messages = update(args.release, args.work)
    for message in messages:
        print(message)
    if not messages:
        print(f"{args.work}/ is up to date with {args.release}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
