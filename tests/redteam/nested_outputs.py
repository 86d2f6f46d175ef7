# Red team: outputs that a depth cut-off would not count. A wrong answer, then twenty display outputs
# of 900 KB each (under the largest message the grader accepts), nested 40 dicts deep.
from IPython.display import publish_display_data


def largest_stable_learning_rate(a):
    return 0.5


for _ in range(20):
    _payload = "x" * (900 * 2**10)
    for _level in range(40):
        _payload = {"level": _payload}
    publish_display_data({"application/json": _payload})
