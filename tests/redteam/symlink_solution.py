# Red team: the submission folder holds a symbolic link, leak.txt, to the solution notebook (the
# test makes it). If the grader copies the link's target next to the notebook, the answer reads
# the reference code from its working folder. Prints LEAKED or BLOCKED.
import json
import os

try:
    with open("leak.txt") as _f:
        _data = _f.read()
    print("LEAKED leak.txt", len(_data))
    for _cell in json.loads(_data)["cells"]:
        if _cell["metadata"].get("nbgrader", {}).get("grade_id") == "largest_stable_learning_rate":
            exec("".join(_cell["source"]))
except (OSError, ValueError) as _exc:
    print("BLOCKED leak.txt", type(_exc).__name__)

if "largest_stable_learning_rate" not in globals():
    def largest_stable_learning_rate(a):
        raise NotImplementedError()
