# Red team: get out of the sandbox. Read the solutions, the hidden tests, the gradebook and another
# student's work (and answer with the reference code if it could be read); write into another
# student's submission, the gradebook, the solutions and the course package; connect to
# 127.0.0.1:__PORT__ (a socket the test listens on) and to 192.0.2.1 (a reserved documentation
# address, RFC 5737, that reaches no one even if the connection were allowed); kill the kernel's
# parent, which without a sandbox is the grader's worker; import a module it wrote in its working folder. Prints one line per attempt:
# LEAKED / WROTE / CONNECTED / KILLED / IMPORTED when it works, BLOCKED when it does not.
import json
import os
import signal
import socket

for _path in ["__REPO__/solutions/01_chain_rule/01_chain_rule.ipynb",
              "__REPO__/tests/mutants/01_chain_rule.py",
              "__REPO__/autograder/nbgrader_config.py",
              "__CLASS_DIR__/source/01_chain_rule/01_chain_rule.ipynb",
              "__CLASS_DIR__/gradebook.db",
              "__CLASS_DIR__/submitted/control/01_chain_rule/01_chain_rule.ipynb",
              "__CLASS_DIR__/submitted",
              "__CLASS_DIR__/autograded"]:
    try:
        if os.path.isdir(_path):
            print("LEAKED read", _path, sorted(os.listdir(_path)))
            continue
        with open(_path, "rb") as _f:
            _data = _f.read()
        print("LEAKED read", _path, len(_data))
    except OSError as _exc:
        print("BLOCKED read", _path, type(_exc).__name__)
        continue
    if _path.endswith("solutions/01_chain_rule/01_chain_rule.ipynb"):
        for _cell in json.loads(_data)["cells"]:
            if _cell["metadata"].get("nbgrader", {}).get("grade_id") == "largest_stable_learning_rate":
                exec("".join(_cell["source"]))

for _path in ["__CLASS_DIR__/submitted/control/01_chain_rule/01_chain_rule.ipynb",
              "__CLASS_DIR__/submitted/control/01_chain_rule/planted.txt",
              "__CLASS_DIR__/gradebook.db",
              "__REPO__/solutions/planted.txt",
              "__REPO__/course/planted.py"]:
    try:
        with open(_path, "a") as _f:
            _f.write("{}")
        print("WROTE", _path)
    except OSError as _exc:
        print("BLOCKED write", _path, type(_exc).__name__)

for _target in [("127.0.0.1", int("__PORT__")), ("192.0.2.1", 80)]:
    try:
        socket.create_connection(_target, timeout=1).close()
        print("CONNECTED", _target)
    except OSError as _exc:
        print("BLOCKED connect", _target, type(_exc).__name__, _exc.errno)

try:
    os.kill(os.getppid(), signal.SIGKILL)
    print("KILLED", os.getppid())
except OSError as _exc:
    print("BLOCKED kill", type(_exc).__name__)

# a module written into the working folder is never imported from there (PYTHONSAFEPATH)
with open("planted_module.py", "w") as _f:
    _f.write("PLANTED = True\n")
try:
    import planted_module  # noqa: F401

    print("IMPORTED planted_module from", os.getcwd())
except ImportError as _exc:
    print("BLOCKED import planted_module", type(_exc).__name__)

# what the kernel may do: write in its own folder, read the data cache
with open("own_scratch.txt", "w") as _f:
    _f.write("x")
print("OWN FOLDER", os.listdir("."))
for _name in os.listdir("__DATA_DIR__") if os.path.isdir("__DATA_DIR__") else []:
    print("DATA", _name, os.path.getsize(os.path.join("__DATA_DIR__", _name)))

if "largest_stable_learning_rate" not in globals():
    def largest_stable_learning_rate(a):
        raise NotImplementedError()
