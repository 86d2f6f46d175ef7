# Red team: outputs that a depth cut-off would not count. Twenty display outputs of 5 MB each,
# nested 40 dicts deep, published from the answer cell; then a wrong answer.
from IPython.display import publish_display_data

for _ in range(20):
    _payload = "x" * (5 * 2**20)
    for _level in range(40):
        _payload = {"level": _payload}
    publish_display_data({"application/json": _payload})


def largest_stable_learning_rate(a):
    return 0.5
