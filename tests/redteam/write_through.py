# Red team: poison the working folder for the next run. The kernel replaces what it finds in its
# working folder with links to a file outside (__CANARY__) and to the course package, plants a module
# that would shadow numpy there and a link to itself, then answers wrongly. Graded twice: if the
# folder outlived the kernel, the second run (the grader, as root) would write through the links,
# import the planted module or trip over the loop.
import os

for _name in os.listdir("."):
    try:
        os.remove(_name)
    except OSError as _exc:
        print("KEPT", _name, type(_exc).__name__)
for _name, _target in [("models.py", "__CANARY__"), ("weights.npz", "__REPO__/course/testing.py"),
                       ("loop", "loop")]:
    try:
        os.symlink(_target, _name)
        print("LINKED", _name)
    except OSError as _exc:
        print("NOT LINKED", _name, type(_exc).__name__)
with open("numpy.py", "w") as _f:
    _f.write("raise SystemExit('planted numpy')\n")
print("PLANTED", sorted(os.listdir(".")))


def largest_stable_learning_rate(a):
    return 0.5
